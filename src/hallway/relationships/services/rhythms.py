"""Learning each company's own rhythm (see `hallway.engine.rhythms`) and storing it on the
company, where the quiet list and the reach-out queue read it.

`rhythms_recount` refreshes a whole organisation at night with a handful of aggregate
queries and one bulk update; `company_rhythm_refresh` refreshes one company when a new
order changes its rhythm. Touches need no refresh: the selectors compare a company's
stored quiet day with its current last touch, so a touch since the recount counts at once.
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, DateField, F, Func, QuerySet
from django.utils import timezone

from hallway.accounts.models import Organisation
from hallway.core.timezones import organisation_today
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

logger = logging.getLogger("hallway.relationships")

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
BATCH = 500


def _since(today: datetime.date) -> datetime.date:
    return today - datetime.timedelta(days=HISTORY_DAYS)


def _rows(queryset: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of a `values_list` queryset straight from the cursor: without Django's
    per-value converters, reading two million touches takes seconds, not a minute."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(20_000):
            yield from rows


def _as_date(value: datetime.date | str) -> datetime.date:
    # SQLite answers DATE(...) with text, PostgreSQL with a date.
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _days_by_company(queryset: QuerySet[Any]) -> dict[int, set[datetime.date]]:
    """{company id: its distinct days} from a queryset of (company_id, day) rows."""
    raw: dict[int, set[Any]] = defaultdict(set)
    for company_id, day in _rows(queryset):
        raw[company_id].add(day)
    return {company_id: {_as_date(day) for day in days} for company_id, days in raw.items()}


def _day_of(field: str) -> Func:
    # DATE() in both SQLite and PostgreSQL (whose connection runs in UTC): the UTC day. A
    # day's difference at midnight does not change a rhythm counted in days.
    return Func(F(field), function="DATE", output_field=DateField())


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
    order_days = _days_by_company(
        Order.objects.filter(organisation=organisation, at__gte=since)
        .order_by()
        .values_list("company_id", "at")
    )
    enough = (
        Order.objects.filter(organisation=organisation, at__gte=since)
        .values("company_id")
        .annotate(days=Count("at", distinct=True))
        .filter(days__gte=ENOUGH_ORDER_DAYS)
        .values("company_id")
    )
    start = datetime.datetime.combine(since, datetime.time(0), tzinfo=datetime.UTC)
    touch_days = _days_by_company(
        Touch.objects.filter(organisation=organisation, company__isnull=False, at__gte=start)
        .exclude(company_id__in=enough)
        .order_by()
        .annotate(day=_day_of("at"))
        .values_list("company_id", "day")
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
    with transaction.atomic():
        _write(companies)
    return len(companies)


_CASTS = {
    "usual_gap_days": "double precision",
    "rhythm_basis": "varchar",
    "quiet_score": "double precision",
    "rhythm_updated_at": "timestamp with time zone",
    "quiet_after_days": "double precision",
    "quiet_on": "date",
}


def _write(companies: list[Company]) -> None:
    """Store the rhythm fields of many companies: one UPDATE … FROM (VALUES …) per batch
    (SQLite and PostgreSQL both have it). Django's `bulk_update` builds a CASE per field
    and row, which takes longer than learning the rhythms."""
    table = Company._meta.db_table
    postgres = connection.vendor == "postgresql"
    ops = connection.ops

    def mark(field: str) -> str:
        return f"CAST(%s AS {_CASTS[field]})" if postgres else "%s"

    row = "(" + ", ".join(["%s"] + [mark(field) for field in RHYTHM_FIELDS]) + ")"
    assignments = ", ".join(
        f"{field} = v.column{index}" for index, field in enumerate(RHYTHM_FIELDS, start=2)
    )
    for start in range(0, len(companies), BATCH):
        batch = companies[start : start + BATCH]
        params: list[Any] = []
        for company in batch:
            params += [
                company.pk,
                company.usual_gap_days,
                company.rhythm_basis,
                company.quiet_score,
                ops.adapt_datetimefield_value(company.rhythm_updated_at),
                company.quiet_after_days,
                ops.adapt_datefield_value(company.quiet_on),
            ]
        values = ", ".join([row] * len(batch))
        sql = (
            f"UPDATE {table} SET {assignments} FROM (VALUES {values}) AS v "  # noqa: S608
            f"WHERE {table}.id = v.column1"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


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


def rhythms_recount_all(*, now: datetime.datetime) -> int:
    """`rhythms_recount` for every organisation with companies, each on its own today."""
    count = 0
    with_companies = Company.objects.values_list("organisation_id", flat=True).distinct()
    for organisation in Organisation.objects.filter(pk__in=with_companies):
        try:
            count += rhythms_recount(
                organisation=organisation, today=organisation_today(organisation, now)
            )
        except Exception:
            # One organisation's problem must not keep the others' rhythms stale.
            logger.exception("relationships: rhythms of %s could not be counted", organisation.pk)
    return count
