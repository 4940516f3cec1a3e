"""What the directory adds to the home page: the people at a glance."""

from django.template.loader import render_to_string
from django.utils import timezone

from hallway.accounts.http import MemberRequest
from hallway.people.selectors import (
    directory_overview,
    locations_with_people_count,
    upcoming_starters,
)


def home_panel(request: MemberRequest) -> str:
    organisation = request.organisation
    context = {
        "overview": directory_overview(organisation=organisation),
        "starters": upcoming_starters(organisation=organisation, today=timezone.localdate()),
        "locations": locations_with_people_count(organisation=organisation),
    }
    return render_to_string("people/_home.html", context, request=request)
