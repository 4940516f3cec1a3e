"""What onboarding adds to other pages: a new hire's progress on their person page (for
organisers, their manager and themselves) and a way in from the home page."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from hallway.core.timezones import organisation_today
from hallway.onboarding.selectors import onboarding_progress, tracks_visible_to
from hallway.people.models import Person


def person_panel(request: HttpRequest, person: Person) -> str:
    organisation, membership = request.organisation, request.membership
    if organisation is None or membership is None or not person.start_date:
        return ""
    visible = tracks_visible_to(organisation=organisation, membership=membership, user=request.user)
    tracks = list(visible.filter(person=person))
    if not tracks:
        return ""
    today = organisation_today(organisation, timezone.now())
    [entry] = onboarding_progress(tracks=tracks, organisation=organisation, today=today)
    return render_to_string("onboarding/_panel.html", {"entry": entry}, request=request)


def home_panel(request: HttpRequest) -> str:
    organisation, membership = request.organisation, request.membership
    if organisation is None or membership is None:
        return ""
    visible = tracks_visible_to(organisation=organisation, membership=membership, user=request.user)
    if not visible.exists():
        return ""
    return render_to_string("onboarding/_home.html", request=request)
