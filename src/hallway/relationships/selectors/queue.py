"""Reads for rhythms: the clients that have gone quiet, and one user's "reach out today" queue.

Both read the rhythm stored on each company (`services.rhythms`) and the contacts' own
`last_touch_at`, so they touch a few indexed rows, never the touches themselves. Reasons
come out in the active language.

A queue item's `key` names its reason and the reason's date ("cadence:12:2026-12-01"):
a user who marks an item done never sees that key again, but the same contact comes back
with a new key once a new reason arises (the next cadence falls due, a new silence).
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, User
from hallway.core.dates import medium_date
from hallway.engine.cadence import overdue
from hallway.engine.rhythms import (
    ORDERS,
    PRIOR,
    TOUCHES,
    Quietness,
    Rhythm,
    quietness,
    working_days_between,
)
from hallway.relationships.models import Company, Contact, ContactKind, Detail, QueueDismissal
from hallway.relationships.selectors.visibility import details_visible_to

CADENCE = "cadence"
QUIET = "quiet"
ASK = "ask"
CANDIDATE = "candidate"
KINDS = (CADENCE, QUIET, ASK, CANDIDATE)
#: Candidates hear from us within this many working days: after 10 without news, 57 % lose
#: interest (Robert Half, 2024).
CANDIDATE_WORKING_DAYS = 10
# An "ask next time" with no date waits for the next conversation: below anything overdue.
ASK_AT_NEXT_TOUCH_SCORE = 0.8
_COMPANY_FIELDS = (
    "id",
    "name",
    "last_touch_at",
    "last_order_on",
    "usual_gap_days",
    "rhythm_basis",
    "quiet_after_days",
    "quiet_on",
)

# What a queue item shows of its contact (the page, the digest, the API).
_CONTACT_FIELDS = ("id", "name", "email", "kind", "company_id", "company__name")


@dataclass(frozen=True)
class QuietCompany:
    company: Company
    usual_gap_days: int
    days_since_last: int
    score: float
    reason: str


@dataclass(frozen=True)
class QueueItem:
    kind: str
    key: str
    score: float
    reason: str
    contact: Contact | None = None
    company: Company | None = None
    detail: Detail | None = None

    @property
    def name(self) -> str:
        subject = self.contact or self.company
        return subject.name if subject is not None else ""


def _last_sign_of_life(company: Company) -> datetime.date | None:
    """What counts as the company's last sign of life: its last order for an orders rhythm
    (touches are ours, orders are theirs), otherwise its last order or touch."""
    order = company.last_order_on
    if company.rhythm_basis == ORDERS:
        return order
    touch = company.last_touch_at.date() if company.last_touch_at else None
    return max((day for day in (order, touch) if day is not None), default=None)


def _company_quietness(company: Company, today: datetime.date) -> Quietness | None:
    last = _last_sign_of_life(company)
    if last is None or not company.usual_gap_days or not company.quiet_after_days:
        return None
    rhythm = Rhythm(
        basis=company.rhythm_basis,
        usual_gap_days=company.usual_gap_days,
        quiet_after_days=company.quiet_after_days,
        last=last,
        gaps=0,
    )
    return quietness(rhythm, today=today)


def _quiet_reasons() -> dict[str, str]:
    # Looked up once per list, not once per company: gettext is the slow part of a long list.
    return {
        ORDERS: _("No order for %(days)d days; usually one every %(gap)d days."),
        TOUCHES: _("No contact for %(days)d days; usually every %(gap)d days."),
        PRIOR: _(
            "No contact for %(days)d days; too little history yet, so compared with a usual "
            "gap of %(gap)d days."
        ),
    }


def _quiet(companies: QuerySet[Company], today: datetime.date) -> list[QuietCompany]:
    found = []
    reasons = _quiet_reasons()
    # The stored quiet day is from the last recount; a touch since then moves the company's
    # last sign of life, so each candidate is judged again against today.
    for company in companies.filter(quiet_on__lte=today).only(*_COMPANY_FIELDS):
        state = _company_quietness(company, today)
        if state is None or not state.is_quiet:
            continue
        found.append(
            QuietCompany(
                company=company,
                usual_gap_days=round(company.usual_gap_days or 0),
                days_since_last=state.days_since_last,
                score=round(state.score, 3),
                reason=reasons.get(company.rhythm_basis, reasons[PRIOR])
                % {"days": state.days_since_last, "gap": round(company.usual_gap_days or 0)},
            )
        )
    found.sort(key=lambda quiet: (-quiet.score, quiet.company.name, quiet.company.pk))
    return found


def quiet_companies(*, organisation: Organisation, today: datetime.date) -> list[QuietCompany]:
    """The organisation's companies that have gone quiet against their own rhythm on
    `today`, most urgent first (by score: days since last over days to go quiet)."""
    return _quiet(Company.objects.filter(organisation=organisation), today)


# --- The queue -----------------------------------------------------------------------------


def _day(moment: datetime.datetime | None, fallback: datetime.datetime) -> datetime.date:
    return (moment or fallback).date()


def _cadence_items(contacts: list[Contact], today: datetime.date) -> list[QueueItem]:
    items = []
    never = _("Keep in touch every %(every)d days; no touch yet.")
    since = _("Keep in touch every %(every)d days; last touch %(days)d days ago.")
    for contact in contacts:
        if contact.cadence_days is None:
            continue
        last = _day(contact.last_touch_at, contact.created_at)
        state = overdue(last=last, every_days=contact.cadence_days, today=today)
        if not state.is_due:
            continue
        if contact.last_touch_at is None:
            reason = never % {"every": contact.cadence_days}
        else:
            reason = since % {"every": contact.cadence_days, "days": (today - last).days}
        items.append(
            QueueItem(
                kind=CADENCE,
                key=f"{CADENCE}:{contact.pk}:{state.due_on.isoformat()}",
                score=round(state.ratio, 3),
                reason=reason,
                contact=contact,
            )
        )
    return items


def _candidate_items(contacts: list[Contact], today: datetime.date) -> list[QueueItem]:
    items = []
    waiting = _(
        "A candidate without news for %(days)d working days (after 10, 57 %% lose interest)."
    )
    for contact in contacts:
        if contact.kind != ContactKind.CANDIDATE:
            continue
        last = _day(contact.last_touch_at, contact.created_at)
        days = working_days_between(last, today)
        if days < CANDIDATE_WORKING_DAYS:
            continue
        items.append(
            QueueItem(
                kind=CANDIDATE,
                key=f"{CANDIDATE}:{contact.pk}:{last.isoformat()}",
                score=round(days / CANDIDATE_WORKING_DAYS, 3),
                reason=waiting % {"days": days},
                contact=contact,
            )
        )
    return items


def _ask_items(
    user: User,
    organisation: Organisation,
    today: datetime.date,
    contact_ids: QuerySet[Any],
    company_ids: QuerySet[Any],
) -> list[QueueItem]:
    # "Mine": about a contact the user owns (or of a company they own), or written by them.
    # Each way is read through its own index, so the database never walks every detail of
    # the organisation; visibility is then decided by the one place that decides it.
    waiting = Detail.objects.filter(organisation=organisation, ask_next_time=True, asked_at=None)
    theirs = Contact.objects.filter(company_id__in=company_ids).values("id")
    ids = (
        set(waiting.filter(contact_id__in=contact_ids).values_list("id", flat=True))
        | set(waiting.filter(contact_id__in=theirs).values_list("id", flat=True))
        | set(waiting.filter(author=user).values_list("id", flat=True))
    )
    details = (
        details_visible_to(user, organisation)
        .filter(pk__in=ids)
        .filter(Q(due_on__lte=today) | Q(due_on__isnull=True))
        .select_related("contact__company")
        .only("id", "text", "due_on", *(f"contact__{field}" for field in _CONTACT_FIELDS))
    )
    items = []
    for detail in details:
        if detail.due_on is None:
            score = ASK_AT_NEXT_TOUCH_SCORE
            reason = _("Ask next time you talk: “%(detail)s”") % {"detail": detail.text}
        else:
            late = (today - detail.due_on).days
            score = 1 + min(late / 30, 1)
            reason = _("Ask since %(date)s: “%(detail)s”") % {
                "date": medium_date(detail.due_on),
                "detail": detail.text,
            }
        items.append(
            QueueItem(
                kind=ASK,
                key=f"{ASK}:{detail.pk}:{detail.due_on.isoformat() if detail.due_on else 'next'}",
                score=round(score, 3),
                reason=reason,
                contact=detail.contact,
                detail=detail,
            )
        )
    return items


def _quiet_items(companies: QuerySet[Company], today: datetime.date) -> list[QueueItem]:
    items = []
    for quiet in _quiet(companies, today):
        last = _last_sign_of_life(quiet.company)
        items.append(
            QueueItem(
                kind=QUIET,
                key=f"{QUIET}:{quiet.company.pk}:{last.isoformat() if last else ''}",
                score=quiet.score,
                reason=quiet.reason,
                company=quiet.company,
            )
        )
    return items


def dismissed_keys(*, user: User, organisation: Organisation, today: datetime.date) -> set[str]:
    """The keys `user` marked done, or snoozed until after `today`."""
    return set(
        QueueDismissal.objects.filter(user=user, organisation=organisation)
        .filter(Q(until__isnull=True) | Q(until__gt=today))
        .values_list("key", flat=True)
    )


def reach_out_queue(
    *, user: User, organisation: Organisation, today: datetime.date
) -> list[QueueItem]:
    """Whom `user` should reach out to on `today`, most urgent first.

    Contacts they own whose keep-in-touch cadence is due; companies they own that have gone
    quiet; "ask next time" details they may see, about their contacts or written by them,
    that are due (on a date, or at the next touch); candidates they own without news for
    `CANDIDATE_WORKING_DAYS`. One item per contact (its most urgent reason); items the user
    snoozed or marked done are left out. Scores are comparable across kinds: 1 is "due
    now", 2 "twice as long as wanted".
    """
    # Through the owner tables' user index: the organisation's other contacts are not read.
    contact_ids = Contact.owners.through.objects.filter(user=user).values("contact_id")
    company_ids = Company.owners.through.objects.filter(user=user).values("company_id")
    owned = Contact.objects.filter(organisation=organisation, id__in=contact_ids)
    # One read of the contacts that can be due: those with a cadence, and candidates.
    contacts = list(
        owned.filter(Q(cadence_days__isnull=False) | Q(kind=ContactKind.CANDIDATE))
        .select_related("company")
        .only(*_CONTACT_FIELDS, "cadence_days", "last_touch_at", "created_at")
    )
    companies = Company.objects.filter(organisation=organisation, id__in=company_ids)
    items = (
        _cadence_items(contacts, today)
        + _candidate_items(contacts, today)
        + _ask_items(user, organisation, today, contact_ids, company_ids)
        + _quiet_items(companies, today)
    )
    dismissed = dismissed_keys(user=user, organisation=organisation, today=today)
    items = [item for item in items if item.key not in dismissed]
    items.sort(key=lambda item: (-item.score, KINDS.index(item.kind), item.name, item.key))
    kept, seen = [], set()
    for item in items:
        # Ask-next-time items stay next to a contact's other reason: they are what to say.
        if item.contact is not None and item.kind != ASK:
            if item.contact.pk in seen:
                continue
            seen.add(item.contact.pk)
        kept.append(item)
    return kept
