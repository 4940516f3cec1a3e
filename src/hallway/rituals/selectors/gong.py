"""Reads of the gong: the wall of wins for a month (and team), kudos left, the admin's
lists of gong channels and webhooks."""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.people.models import Person, Team
from hallway.rituals.models import (
    Celebration,
    CelebrationKind,
    CelebrationReaction,
    GongTarget,
    GongWebhook,
    Kudos,
    WebhookDelivery,
)
from hallway.rituals.selectors.settings import ritual_settings_of


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_after(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def month_before(month: datetime.date) -> datetime.date:
    return (month - datetime.timedelta(days=1)).replace(day=1)


def month_bounds(
    organisation: Organisation, month: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """The month as instants, in the organisation's zone."""
    zone = zoneinfo.ZoneInfo(organisation.timezone)
    start = datetime.datetime.combine(month, datetime.time(), tzinfo=zone)
    end = datetime.datetime.combine(month_after(month), datetime.time(), tzinfo=zone)
    return start.astimezone(datetime.UTC), end.astimezone(datetime.UTC)


def celebrations_of(
    organisation: Organisation, *, viewer: Person | None = None
) -> QuerySet[Celebration]:
    """The organisation's celebrations, newest first, with their cheers (wall and Slack)
    and whether `viewer` cheered; people, team and poster fetched with them."""
    mine = CelebrationReaction.objects.filter(
        celebration=OuterRef("pk"), person_id=viewer.pk if viewer else 0
    )
    return (
        scoped(Celebration, organisation)
        .select_related("team", "posted_by")
        .prefetch_related("people")
        .annotate(
            cheers=Count("reactions", distinct=True),
            slack_cheers=Count("slack_reactions", distinct=True),
            cheered=Exists(mine),
        )
        .order_by("-posted_at", "-id")
    )


@dataclass(frozen=True)
class KudosCount:
    person: Person
    count: int


@dataclass
class Wall:
    month: datetime.date
    previous: datetime.date
    next: datetime.date | None
    team: Team | None
    celebrations: list[Celebration]
    counts: list[tuple[str, str, int]] = field(default_factory=list)
    kudos: list[KudosCount] = field(default_factory=list)


def wall_of_wins(
    *,
    organisation: Organisation,
    month: datetime.date,
    team: Team | None,
    viewer: Person | None,
    today: datetime.date,
) -> Wall:
    month = month_start(month)
    start, end = month_bounds(organisation, month)
    celebrations = celebrations_of(organisation, viewer=viewer).filter(
        posted_at__gte=start, posted_at__lt=end
    )
    kudos = scoped(Kudos, organisation).filter(month=month)
    if team is not None:
        celebrations = celebrations.filter(Q(team=team) | Q(people__team=team)).distinct()
        kudos = kudos.filter(receiver__team=team)
    rows = list(celebrations[:300])
    per_kind: dict[str, int] = {}
    for celebration in rows:
        per_kind[celebration.kind] = per_kind.get(celebration.kind, 0) + 1
    counts = [
        (value, str(label), per_kind.get(value, 0)) for value, label in CelebrationKind.choices
    ]
    received = (
        kudos.values("receiver").annotate(count=Count("id")).order_by("-count", "receiver")[:10]
    )
    people = {
        person.pk: person
        for person in scoped(Person, organisation).filter(
            pk__in=[row["receiver"] for row in received]
        )
    }
    this_month = month_start(today)
    return Wall(
        month=month,
        previous=month_before(month),
        next=month_after(month) if month < this_month else None,
        team=team,
        celebrations=rows,
        counts=counts,
        kudos=[KudosCount(people[row["receiver"]], row["count"]) for row in received],
    )


def kudos_month(person: Person, now: datetime.datetime) -> datetime.date:
    """The first day of the month `now` falls in, in `person`'s zone."""
    local = now.astimezone(zoneinfo.ZoneInfo(person.timezone))
    return datetime.date(local.year, local.month, 1)


@dataclass(frozen=True)
class KudosBalance:
    quota: int
    given: int

    @property
    def left(self) -> int:
        return max(self.quota - self.given, 0)


def kudos_balance(*, person: Person, now: datetime.datetime) -> KudosBalance:
    """How many kudos `person` has given this month (their zone) out of the quota."""
    quota = ritual_settings_of(person.organisation).kudos_per_month
    given = Kudos.objects.filter(giver=person, month=kudos_month(person, now)).count()
    return KudosBalance(quota=quota, given=given)


def gong_targets(organisation: Organisation) -> QuerySet[GongTarget]:
    return scoped(GongTarget, organisation).select_related("channel").order_by("id")


def gong_webhooks(organisation: Organisation) -> QuerySet[GongWebhook]:
    return scoped(GongWebhook, organisation).order_by("name", "id")


def webhook_deliveries(webhook: GongWebhook, limit: int = 50) -> list[WebhookDelivery]:
    return list(
        WebhookDelivery.objects.filter(webhook=webhook)
        .select_related("celebration")
        .order_by("-received_at", "-id")[:limit]
    )
