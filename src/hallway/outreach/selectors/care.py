"""Reads of contractor care: placements with their next check-in and last answer, and the
anonymous per-client feedback report.

The report shows a quarter's ratings of a client only when at least k contractors rated it
(`client_k`, the pulse's k) and only once the quarter has ended: figures that change while
a quarter runs would tell, rating by rating, what the last contractor said. The clients of
an organisation form one tree (the organisation above its clients), decided by
`engine.disclosure.disclose`, so a hidden client is never the organisation's figure minus
the shown clients'; the organisation-wide figure is shown only when that allows it too.
Comments are shown with a shown quarter only, without any date or order (shuffled).
"""

import datetime
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from hallway.accounts.models import Organisation
from hallway.core.timezones import organisation_today
from hallway.engine.disclosure import FEWER_THAN_K, Group, disclose
from hallway.outreach.models import CheckIn, ClientRating, Placement, PlacementStatus
from hallway.outreach.services.care import quarter_label, quarter_of
from hallway.relationships.interface import Company
from hallway.rituals.interface import anonymity_k

QUARTERS_SHOWN = 8
IN_PROGRESS = "in_progress"
ORGANISATION_KEY = "organisation"


def client_k(organisation: Organisation) -> int:
    """The smallest number of contractors whose ratings of a client may be shown: the
    pulse's k, the organisation's one setting for anonymous answers."""
    return anonymity_k(organisation)


def placements_of(
    organisation: Organisation, *, status: str | None = PlacementStatus.ACTIVE
) -> QuerySet[Placement]:
    """Placements with `next_check_in` (the next one not asked yet) and `last_score` (the
    latest answer's score), soonest start first."""
    unasked = CheckIn.objects.filter(placement=OuterRef("pk"), sent_at=None).order_by("due_on")
    answered = CheckIn.objects.filter(placement=OuterRef("pk"), answered_at__isnull=False).order_by(
        "-answered_at"
    )
    found = Placement.objects.filter(organisation=organisation)
    if status:
        found = found.filter(status=status)
    return (
        found.select_related("contractor", "company", "owner")
        .annotate(
            next_check_in=Subquery(unasked.values("due_on")[:1]),
            last_score=Subquery(answered.values("score")[:1]),
        )
        .order_by("starts_on", "id")
    )


def check_ins_of(placement: Placement) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(
        organisation_id=placement.organisation_id, placement=placement
    ).order_by("due_on", "id")


@dataclass
class QuarterReport:
    quarter: str
    answered: int
    shown: bool
    reason: str = ""
    average: float | None = None
    distribution: dict[int, int] | None = None
    comments: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "quarter": self.quarter,
            "answered": self.answered,
            "shown": self.shown,
        }
        if self.shown:
            found["average"] = self.average
            found["distribution"] = {
                str(score): n for score, n in (self.distribution or {}).items()
            }
        else:
            found["reason"] = self.reason
        return found


@dataclass
class FeedbackReport:
    k: int
    quarters: list[QuarterReport]

    def as_json(self) -> dict[str, Any]:
        return {"k": self.k, "quarters": [quarter.as_json() for quarter in self.quarters]}


def _quarters(today: datetime.date, count: int) -> list[datetime.date]:
    """The first days of the last `count` quarters, the running one included, oldest first."""
    found = [quarter_of(today)]
    while len(found) < count:
        previous = found[-1] - datetime.timedelta(days=1)
        found.append(quarter_of(previous))
    return list(reversed(found))


def _decisions(
    organisation: Organisation, quarter: datetime.date, k: int
) -> tuple[dict[str, Any], dict[int, int]]:
    """Per client and for the organisation: shown or why not, for one quarter."""
    counts: Counter[int] = Counter(
        ClientRating.objects.filter(organisation=organisation, quarter=quarter).values_list(
            "company_id", flat=True
        )
    )
    groups = [Group(ORGANISATION_KEY, None, sum(counts.values()))]
    groups += [Group(f"company-{pk}", ORGANISATION_KEY, n) for pk, n in counts.items()]
    return dict(disclose(groups, k=k)), dict(counts)


def _figures(ratings: list[tuple[int, str]]) -> tuple[float, dict[int, int], list[str]]:
    scores = [score for score, _comment in ratings]
    distribution = {value: scores.count(value) for value in range(1, 6)}
    comments = [comment for _score, comment in ratings if comment.strip()]
    random.SystemRandom().shuffle(comments)
    return round(sum(scores) / len(scores), 1), distribution, comments


def client_feedback(
    *,
    organisation: Organisation,
    company: Company | None,
    now: datetime.datetime,
    quarters: int = QUARTERS_SHOWN,
) -> FeedbackReport:
    """The ratings of `company` (None: of all clients together) per quarter, oldest first;
    see the module's docstring for what is shown."""
    k = client_k(organisation)
    running = quarter_of(organisation_today(organisation, now))
    key = ORGANISATION_KEY if company is None else f"company-{company.pk}"
    ratings = ClientRating.objects.filter(organisation=organisation)
    if company is not None:
        ratings = ratings.filter(company=company)
    by_quarter: dict[datetime.date, list[tuple[int, str]]] = defaultdict(list)
    first = _quarters(running, quarters)[0]
    for quarter, score, comment in ratings.filter(quarter__gte=first).values_list(
        "quarter", "score", "comment"
    ):
        by_quarter[quarter].append((score, comment))
    report = FeedbackReport(k=k, quarters=[])
    for quarter in _quarters(running, quarters):
        found = by_quarter.get(quarter, [])
        row = QuarterReport(quarter=quarter_label(quarter), answered=len(found), shown=False)
        if quarter >= running:
            row.reason = IN_PROGRESS
        elif len(found) < k:
            row.reason = FEWER_THAN_K
        else:
            decisions, _counts = _decisions(organisation, quarter, k)
            decision = decisions.get(key)
            if decision is None or not decision.shown:
                row.reason = decision.reason if decision else FEWER_THAN_K
            else:
                row.shown = True
                row.average, row.distribution, row.comments = _figures(found)
        report.quarters.append(row)
    return report


def clients_rated(organisation: Organisation) -> QuerySet[Company]:
    """The clients with any rating, by name (their pages link from the care tab)."""
    ids = ClientRating.objects.filter(organisation=organisation).values("company_id")
    return Company.objects.filter(organisation=organisation, pk__in=ids).order_by("name", "id")
