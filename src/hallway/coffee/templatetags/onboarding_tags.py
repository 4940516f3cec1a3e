"""`{% onboarding_panel person %}`: a new hire's onboarding progress on their person page,
for organisers, their manager and themselves."""

from typing import Any

from django import template
from django.utils import timezone

from hallway.coffee.selectors.onboarding import onboarding_progress, tracks_visible_to
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
    visible = tracks_visible_to(organisation=organisation, membership=membership, user=request.user)
    tracks = list(visible.filter(person=person))
    if not tracks:
        return {"entry": None}
    today = organisation_today(organisation, timezone.now())
    [entry] = onboarding_progress(tracks=tracks, organisation=organisation, today=today)
    return {"entry": entry}
