"""Learning each company's own rhythm (see `hallway.engine.rhythms`) and storing it on the
company, where the quiet list and the reach-out queue read it.

`rhythms_recount` refreshes a whole organisation at night with a handful of aggregate
queries and one bulk update; `company_rhythm_refresh` refreshes one company when a new
order changes its rhythm. Touches need no refresh: the selectors compare a company's
stored quiet day with its current last touch, so a touch since the recount counts at once.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, QuerySet
from django.utils import timezone

from hallway.accounts.models import Organisation
from hallway.engine.rhythms import (
    ORDERS,
    TOUCHES,
    Rhythm,
    gaps_between,
    own_gap,
    prior_gap,
    quietness,
    rhythm_learn,
)
from hallway.relationships.models import Company, Order, Touch

#: Rhythms are learned from the last three years: a client's habits of long ago say little
#: about today, and the recount stays fast however long the history grows.
HISTORY_DAYS = 3 * 365
#: Orders on this many distinct days make an orders rhythm; their touches are not read.
ENOUGH_ORDER_DAYS = 4
RHYTHM_FIELDS = [
    "usual_gap_days",
    "rhythm_basis",
    "quiet_score",
    "rhythm_updated_at",
    "quiet_after_days",
    "quiet_on",
]
BATCH = 1000


def _since(today: datetime.date) -> datetime.date:
    return today - datetime.timedelta(days=HISTORY_DAYS)


def _order_days(orders: QuerySet[Order]) -> dict[int, set[datetime.date]]:
    days: dict[int, set[datetime.date]] = defaultdict(set)
    for company_id, day in orders.values_list("company_id", "at").iterator(chunk_size=20_000):
        days[company_id].add(day)
    return days


def _touch_days(touches: QuerySet[Touch]) -> dict[int, set[datetime.date]]:
    # The UTC date: a day's difference at midnight does not change a rhythm counted in days.
    days: dict[int, set[datetime.date]] = defaultdict(set)
    rows = touches.values_list("company_id", "at").order_by().iterator(chunk_size=20_000)
    for company_id, at in rows:
        days[company_id].add(at.date())
    return days


def _apply(company: Company, rhythm: Rhythm | None, today: datetime.date) -> None:
    company.rhythm_updated_at = timezone.now()
    if rhythm is None:
        company.usual_gap_days = company.quiet_after_days = company.quiet_score = None
        company.quiet_on = None
        company.rhythm_basis = ""
        return
    company.usual_gap_days = round(rhythm.usual_gap_days, 3)
    company.quiet_after_days = round(rhythm.quiet_after_days, 3)
    company.rhythm_basis = rhythm.basis
    company.quiet_on = rhythm.quiet_on
    company.quiet_score = round(quietness(rhythm, today=today).score, 4)


def _learn(orders: set[datetime.date], touches: set[datetime.date], prior: float) -> Rhythm | None:
    return rhythm_learn(order_days=orders, touch_days=touches, prior_gap_days=prior)


def rhythms_recount(*, organisation: Organisation, today: datetime.date) -> int:
    """Learn every company's rhythm again and store it; returns how many were refreshed.

    Reads the orders of the last `HISTORY_DAYS`, and the touches of the companies that do
    not have enough orders, in two streaming queries; the organisation's usual gap (the
    prior for young histories) is the median of the companies that have a rhythm of their
    own. Safe to run any number of times.
    """
    since = _since(today)
    order_days = _order_days(Order.objects.filter(organisation=organisation, at__gte=since))
    enough = (
        Order.objects.filter(organisation=organisation, at__gte=since)
        .values("company_id")
        .annotate(days=Count("at", distinct=True))
        .filter(days__gte=ENOUGH_ORDER_DAYS)
        .values("company_id")
    )
    start = datetime.datetime.combine(since, datetime.time(0), tzinfo=datetime.UTC)
    touch_days = _touch_days(
        Touch.objects.filter(
            organisation=organisation, company__isnull=False, at__gte=start
        ).exclude(company_id__in=enough)
    )
    own = []
    for company_id in order_days.keys() | touch_days.keys():
        gaps = gaps_between(order_days.get(company_id, ()))
        if len(gaps) + 1 < ENOUGH_ORDER_DAYS:
            gaps = gaps_between(touch_days.get(company_id, ()))
        own.append(own_gap(gaps))
    prior = prior_gap(gap for gap in own if gap is not None)
    companies = list(Company.objects.filter(organisation=organisation).only("id", *RHYTHM_FIELDS))
    for company in companies:
        rhythm = _learn(order_days.get(company.pk, set()), touch_days.get(company.pk, set()), prior)
        _apply(company, rhythm, today)
    Company.objects.bulk_update(companies, RHYTHM_FIELDS, batch_size=BATCH)
    return len(companies)


def organisation_prior_gap(organisation: Organisation) -> float:
    """The organisation's usual gap as the last recount left it (see `prior_gap`)."""
    known = Company.objects.filter(
        organisation=organisation,
        rhythm_basis__in=[ORDERS, TOUCHES],
        usual_gap_days__isnull=False,
    ).values_list("usual_gap_days", flat=True)
    return prior_gap(gap for gap in known if gap is not None)


def company_rhythm_refresh(*, company: Company, today: datetime.date) -> Company:
    """Learn one company's rhythm again (after a new order), with the organisation's prior."""
    since = _since(today)
    orders = set(company.orders.filter(at__gte=since).values_list("at", flat=True))
    touches: set[datetime.date] = set()
    if len(orders) < ENOUGH_ORDER_DAYS:
        start = datetime.datetime.combine(since, datetime.time(0), tzinfo=datetime.UTC)
        touches = {
            at.date() for at in company.touches.filter(at__gte=start).values_list("at", flat=True)
        }
    rhythm = _learn(orders, touches, organisation_prior_gap(company.organisation))
    _apply(company, rhythm, today)
    Company.objects.filter(pk=company.pk).update(
        **{field: getattr(company, field) for field in RHYTHM_FIELDS}
    )
    return company
