"""Reads for the directory. Every function takes the organisation it reads from."""

import datetime
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.people.models import Location, Person, PersonStatus, Tag, Team

# "New hires" are people about to start or in their first weeks: the onboarding window.
NEW_HIRE_WEEKS_AHEAD = 4
NEW_HIRE_WEEKS_BACK = 6


def new_hire_window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The start dates that make someone a new hire on `today` (both ends included)."""
    return (
        today - datetime.timedelta(weeks=NEW_HIRE_WEEKS_BACK),
        today + datetime.timedelta(weeks=NEW_HIRE_WEEKS_AHEAD),
    )


def directory_overview(*, organisation: Organisation) -> dict[str, Any]:
    """The home page's figures; "new hires" counts what the list's new-hire filter shows."""
    today = timezone.localdate()
    people = scoped(Person, organisation)
    return {
        "active": people.filter(status=PersonStatus.ACTIVE).count(),
        "teams": scoped(Team, organisation).count(),
        "locations": scoped(Location, organisation).count(),
        "new_hires": people.filter(start_date__range=new_hire_window(today)).count(),
    }


def upcoming_starters(
    *, organisation: Organisation, today: datetime.date, limit: int = 8
) -> QuerySet[Person]:
    """People who start within the next NEW_HIRE_WEEKS_AHEAD weeks, soonest first."""
    last = today + datetime.timedelta(weeks=NEW_HIRE_WEEKS_AHEAD)
    return (
        scoped(Person, organisation)
        .filter(start_date__range=(today, last))
        .exclude(status=PersonStatus.LEFT)
        .select_related("team", "location", "manager")
        .order_by("start_date", "name")[:limit]
    )


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
    new_hires: bool = False,
    today: datetime.date | None = None,
    team_name: str = "",
    location_name: str = "",
) -> QuerySet[Person]:
    """The directory filtered as the list page and the API ask for it, ordered by name.

    `new_hires` keeps people whose start date lies in `new_hire_window(today)`;
    `today` defaults to the current date in the active time zone.
    """
    people = scoped(Person, organisation).select_related("team", "location", "manager")
    query = " ".join(query.split())
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
    # By name (the API names teams and locations); an unknown name matches nobody.
    if team_name.strip():
        people = people.filter(team__name__iexact=team_name.strip())
    if location_name.strip():
        people = people.filter(location__name__iexact=location_name.strip())
    if tag:
        # EXISTS, not a join: no duplicate rows, so no DISTINCT over the whole directory.
        tagged = Person.interests.through.objects.filter(
            person=OuterRef("pk"), tag__name__iexact=tag
        )
        people = people.filter(Exists(tagged))
    if status:
        people = people.filter(status=status)
    if language:
        people = people.filter(preferred_language=language)
    if email:
        people = people.filter(email=email.strip().lower())  # stored lower-case
    if new_hires:
        first, last = new_hire_window(today or timezone.localdate())
        people = people.filter(start_date__gte=first, start_date__lte=last)
    return people.prefetch_related("interests").order_by("name", "id")


def person_for_detail(*, organisation: Organisation) -> QuerySet[Person]:
    """People with everything the detail page shows, loaded up front."""
    return scoped(Person, organisation).select_related("team", "location", "manager")


def direct_reports(*, person: Person) -> QuerySet[Person]:
    return scoped(Person, person.organisation).filter(manager=person).order_by("name", "id")


def manager_choices(
    *, organisation: Organisation, exclude: Person | None = None
) -> QuerySet[Person]:
    """Who can be chosen as someone's manager: people of the same organisation, not themselves."""
    people = scoped(Person, organisation).only("id", "name", "email").order_by("name", "id")
    if exclude is not None and exclude.pk:
        people = people.exclude(pk=exclude.pk)
    return people


def _people_in(field: str) -> Coalesce:
    """How many people point at the outer row through `field`: one index lookup per row,
    where a join and GROUP BY would read the whole directory."""
    counted = (
        Person.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=Count("*"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def teams_with_people_count(*, organisation: Organisation) -> QuerySet[Team]:
    return scoped(Team, organisation).annotate(people_count=_people_in("team")).order_by("name")


def locations_with_people_count(*, organisation: Organisation) -> QuerySet[Location]:
    return (
        scoped(Location, organisation)
        .annotate(people_count=_people_in("location"))
        .order_by("name")
    )


def tag_names(*, organisation: Organisation) -> list[str]:
    return list(scoped(Tag, organisation).order_by("name").values_list("name", flat=True))


def team_names(*, organisation: Organisation) -> list[str]:
    return list(scoped(Team, organisation).order_by("name").values_list("name", flat=True))


def location_names(*, organisation: Organisation) -> list[str]:
    return list(scoped(Location, organisation).order_by("name").values_list("name", flat=True))
