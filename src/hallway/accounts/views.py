from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hallway.core.tenancy import role_required, switch_organisation


@require_POST
@role_required()
def switch_organisation_view(request: HttpRequest) -> HttpResponse:
    try:
        organisation_id = int(request.POST.get("organisation", ""))
    except ValueError:
        organisation_id = 0
    switch_organisation(request, organisation_id)
    return redirect("core:home")


@role_required()
def settings_view(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/settings.html")
