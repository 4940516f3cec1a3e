from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hallway.core.tenancy import role_required
from hallway.people.selectors import people_search


@role_required()
def person_list(request: HttpRequest) -> HttpResponse:
    people = people_search(organisation=request.organisation)  # type: ignore[attr-defined]
    return render(request, "people/list.html", {"people": people[:50]})
