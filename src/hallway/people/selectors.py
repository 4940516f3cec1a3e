"""Reads for the directory. Every function takes the organisation it reads from."""

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from hallway.accounts.models import Organisation
from hallway.core.tenancy import scoped
from hallway.people.models import Location, Person, PersonStatus, Team


def directory_overview(*, organisation: Organisation) -> dict[str, Any]:
    today = timezone.localdate()
    people = scoped(Person, organisation)
    return {
        "active": people.filter(status=PersonStatus.ACTIVE).count(),
        "teams": scoped(Team, organisation).count(),
        "locations": scoped(Location, organisation).count(),
        "new_hires": people.filter(
            start_date__gte=today, start_date__lte=today + datetime.timedelta(weeks=4)
        ).count(),
    }


def people_search(
    *,
    organisation: Organisation,
    query: str = "",
    team_id: int | None = None,
    location_id: int | None = None,
    tag: str = "",
    status: str = "",
    language: str = "",
    email: str = "",
) -> QuerySet[Person]:
    """The directory filtered as the list page and the API ask for it."""
    people = scoped(Person, organisation).select_related("team", "location", "manager")
    if query:
        people = people.filter(
            Q(name__icontains=query)
            | Q(email__icontains=query)
            | Q(job_title__icontains=query)
            | Q(department__icontains=query)
        )
    if team_id:
        people = people.filter(team_id=team_id)
    if location_id:
        people = people.filter(location_id=location_id)
    if tag:
        people = people.filter(interests__name__iexact=tag)
    if status:
        people = people.filter(status=status)
    if language:
        people = people.filter(preferred_language=language)
    if email:
        people = people.filter(email__iexact=email.strip())
    return people.prefetch_related("interests").distinct()
