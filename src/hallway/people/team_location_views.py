"""Pages for teams and locations: lists with people counts for everyone, changes for admins."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Organisation, Role
from hallway.accounts.tenancy import get_scoped_or_404, role_required
from hallway.people import services
from hallway.people.forms import LocationForm, TeamForm, add_service_errors, timezone_names
from hallway.people.models import Location, Team
from hallway.people.selectors import locations_with_people_count, teams_with_people_count
from hallway.people.views import permissions


def _name_in_use_too(
    form: TeamForm | LocationForm,
    model: type[services.Named],
    organisation: Organisation,
    current: services.Named | None,
) -> None:
    """A name already in use shows with the form's other problems, not after them."""
    name = form.cleaned_data.get("name")
    if not name:
        return
    problem = services.name_taken_problem(
        model=model, organisation=organisation, name=name, pk=current.pk if current else None
    )
    if problem:
        form.add_error("name", problem)


@role_required()
def team_list(request: MemberRequest) -> HttpResponse:
    teams = teams_with_people_count(organisation=request.organisation)
    return render(request, "people/teams.html", {"teams": teams, **permissions(request)})


def _team_form_page(request: MemberRequest, team: Team | None) -> HttpResponse:
    organisation = request.organisation
    initial = {"name": team.name, "department": team.department} if team else {}
    form = TeamForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and not form.is_valid():
        _name_in_use_too(form, Team, organisation, team)
    elif request.method == "POST":
        try:
            saved = services.team_save(organisation=organisation, team=team, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved the team %(name)s.") % {"name": saved.name})
            return redirect("people:teams")
    return render(
        request,
        "people/team_form.html",
        {"form": form, "team": team, "title_name": initial.get("name", "")},
    )


@role_required(Role.ADMIN)
def team_create(request: MemberRequest) -> HttpResponse:
    return _team_form_page(request, None)


@role_required(Role.ADMIN)
def team_edit(request: MemberRequest, pk: int) -> HttpResponse:
    team = get_scoped_or_404(Team, request.organisation, pk=pk)
    return _team_form_page(request, team)


@role_required(Role.ADMIN)
def team_delete(request: MemberRequest, pk: int) -> HttpResponse:
    team = get_scoped_or_404(Team, request.organisation, pk=pk)
    if request.method == "POST":
        name = team.name
        count = services.team_delete(team=team)
        messages.success(
            request,
            ngettext(
                "Deleted the team %(name)s; %(count)d person now has no team.",
                "Deleted the team %(name)s; %(count)d people now have no team.",
                count,
            )
            % {"name": name, "count": count},
        )
        return redirect("people:teams")
    context = {"team": team, "people_count": team.members.count()}
    return render(request, "people/team_confirm_delete.html", context)


@role_required()
def location_list(request: MemberRequest) -> HttpResponse:
    locations = locations_with_people_count(organisation=request.organisation)
    context = {"locations": locations, **permissions(request)}
    return render(request, "people/locations.html", context)


def _location_form_page(request: MemberRequest, location: Location | None) -> HttpResponse:
    organisation = request.organisation
    initial = (
        {
            "name": location.name,
            "country": location.country,
            "subdivision": location.subdivision,
            "timezone": location.timezone,
        }
        if location
        else {"timezone": organisation.timezone}
    )
    form = LocationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and not form.is_valid():
        _name_in_use_too(form, Location, organisation, location)
    elif request.method == "POST":
        data = form.cleaned_data
        try:
            saved = services.location_save(
                organisation=organisation,
                location=location,
                name=data["name"],
                country=data["country"],
                subdivision=data["subdivision"],
                timezone_name=data["timezone"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved the location %(name)s.") % {"name": saved.name})
            return redirect("people:locations")
    context = {
        "form": form,
        "location": location,
        "title_name": initial.get("name", ""),
        "timezone_names": timezone_names(),
    }
    return render(request, "people/location_form.html", context)


@role_required(Role.ADMIN)
def location_create(request: MemberRequest) -> HttpResponse:
    return _location_form_page(request, None)


@role_required(Role.ADMIN)
def location_edit(request: MemberRequest, pk: int) -> HttpResponse:
    location = get_scoped_or_404(Location, request.organisation, pk=pk)
    return _location_form_page(request, location)


@role_required(Role.ADMIN)
def location_delete(request: MemberRequest, pk: int) -> HttpResponse:
    location = get_scoped_or_404(Location, request.organisation, pk=pk)
    if request.method == "POST":
        name = location.name
        count = services.location_delete(location=location)
        messages.success(
            request,
            ngettext(
                "Deleted the location %(name)s; %(count)d person now has no location.",
                "Deleted the location %(name)s; %(count)d people now have no location.",
                count,
            )
            % {"name": name, "count": count},
        )
        return redirect("people:locations")
    context = {"location": location, "people_count": location.people.count()}
    return render(request, "people/location_confirm_delete.html", context)
