"""`{% onboarding_panel person %}`: a new hire's onboarding progress on their person page,
for organisers, their manager and themselves."""

from typing import Any

from django import template
from django.utils import timezone

from hallway.accounts.models import Role
from hallway.coffee.selectors.onboarding import (
    onboarding_progress,
    tracks_for_progress,
    viewer_person,
)
from hallway.core.timezones import organisation_today
from hallway.people.models import Person

register = template.Library()


@register.inclusion_tag("coffee/onboarding/_panel.html", takes_context=True)
def onboarding_panel(context: dict[str, Any], person: Person) -> dict[str, Any]:
    request = context.get("request")
    organisation = getattr(request, "organisation", None)
    membership = getattr(request, "membership", None)
    if request is None or organisation is None or membership is None or not person.start_date:
        return {"entry": None}
    tracks = list(tracks_for_progress(organisation=organisation).filter(person=person))
    if not tracks:
        return {"entry": None}
    if not membership.has_role(Role.ORGANISER):
        me = viewer_person(organisation=organisation, user=request.user)
        if me is None or me.pk not in (person.manager_id, person.pk):
            return {"entry": None}
    today = organisation_today(organisation, timezone.now())
    [entry] = onboarding_progress(tracks=tracks, organisation=organisation, today=today)
    return {"entry": entry}
