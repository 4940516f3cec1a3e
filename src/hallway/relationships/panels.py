"""What relationships adds to the home page: how many people to reach out to today."""

from django.template.loader import render_to_string
from django.utils import timezone

from hallway.accounts.http import HallwayRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import has_role
from hallway.core.timezones import organisation_today
from hallway.relationships.selectors.queue import reach_out_queue


def home_panel(request: HallwayRequest) -> str:
    if not has_role(request, Role.MEMBER):
        return ""
    organisation = request.organisation
    today = organisation_today(organisation, timezone.now())
    items = reach_out_queue(user=request.user, organisation=organisation, today=today)
    if not items:
        return ""
    context = {"count": len(items), "first": items[:3]}
    return render_to_string("relationships/_home.html", context, request=request)
