"""What onboarding adds to other pages: a new hire's progress on their person page (for
organisers, their manager and themselves), a way in from the home page, and on a buddy's
own coffee page the new hires they look after."""

from django.template.loader import render_to_string
from django.utils import timezone

from hallway.accounts.http import HallwayRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import has_role
from hallway.core.timezones import organisation_today
from hallway.onboarding.selectors import buddy_tracks, onboarding_progress, tracks_visible_to
from hallway.people.models import Person


def person_panel(request: HallwayRequest, person: Person) -> str:
    if not has_role(request, Role.MEMBER) or not person.start_date:
        return ""
    organisation, membership = request.organisation, request.membership
    visible = tracks_visible_to(organisation=organisation, membership=membership, user=request.user)
    tracks = list(visible.filter(person=person))
    if not tracks:
        return ""
    today = organisation_today(organisation, timezone.now())
    [entry] = onboarding_progress(tracks=tracks, organisation=organisation, today=today)
    return render_to_string("onboarding/_panel.html", {"entry": entry}, request=request)


def home_panel(request: HallwayRequest) -> str:
    if not has_role(request, Role.MEMBER):
        return ""
    organisation, membership = request.organisation, request.membership
    visible = tracks_visible_to(organisation=organisation, membership=membership, user=request.user)
    if not visible.exists():
        return ""
    return render_to_string("onboarding/_home.html", request=request)


def buddy_panel(request: HallwayRequest, person: Person) -> str:
    """On a person's own coffee page: the new hires they are buddy for, and what comes next.
    The page also opens by signed link without a login, so it asks the person, not the user."""
    tracks = list(buddy_tracks(buddy=person))
    if not tracks:
        return ""
    today = organisation_today(person.organisation, timezone.now())
    context = {
        "entries": onboarding_progress(
            tracks=tracks, organisation=person.organisation, today=today
        ),
        "signed_in": has_role(request, Role.MEMBER),
    }
    return render_to_string("onboarding/_buddy.html", context, request=request)
