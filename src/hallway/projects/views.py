"""The projects' pages: the list sorted by what needs attention."""

from django.http import HttpResponse
from django.shortcuts import render

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import role_required
from hallway.projects.selectors.roster import projects_of


@role_required(Role.MEMBER)
def project_list(request: MemberRequest) -> HttpResponse:
    return render(request, "projects/list.html", {"projects": projects_of(request.organisation)})
