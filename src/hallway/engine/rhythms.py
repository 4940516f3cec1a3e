"""A company's own rhythm, learned from its history, and whether it has gone quiet.

A client that orders every quarter is fine at day 60; one that ordered every week is not
fine at day 35. So "gone quiet" is judged against each company's own gaps, not against one
fixed number of days:

* **The gaps.** The days between its distinct order days when it has at least
  `MIN_GAPS` of them (orders are what a recruiter or consultant lives from), else the days
  between its touches, else whatever little it has (the basis is then "prior").
* **The usual gap** is the geometric mean of the gaps (the median of a log-normal), shrunk
  toward a prior gap by `PRIOR_WEIGHT` pseudo-gaps (see `rhythm_learn` for why).
* **The spread.** Gaps are modelled as log-normal: a client who orders every 30 days give
  or take a week has a tight spread, one who orders "sometime in the quarter" a wide one.
  The spread is pooled with `PRIOR_SPREAD` the same way, so three regular orders do not
  make a client look like clockwork.
* **Quiet after** a high quantile (`QUANTILE_Z`, the 95th percentile) of its own gaps,
  but never before `MIN_RATIO` times the usual gap nor before `MIN_EXTRA_DAYS` more than
  it: a weekly client is not quiet after 9 days, a monthly one not after 35.

The score, days since last over the days it takes to go quiet, is comparable across
rhythms: 1 means "just went quiet", 2 "twice as long as that", whatever the rhythm.
"""

import datetime
import itertools
import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

#: Fewer gaps than this and the history is "young": the prior carries real weight, and
#: touches are used when orders are too few.
MIN_GAPS = 3
#: How many gaps the prior counts as (see `rhythm_learn`).
PRIOR_WEIGHT = 1.0
#: The usual gap when nothing better is known (a month).
DEFAULT_PRIOR_GAP = 30.0
#: The spread of log-gaps assumed before a company shows its own, and its weight in gaps.
PRIOR_SPREAD = 0.5
PRIOR_SPREAD_WEIGHT = 2.0
#: Quiet beyond this many standard deviations of its log-gaps (1.645: the 95th percentile).
QUANTILE_Z = 1.645
#: …and never before this many times the usual gap, nor before this many days more.
MIN_RATIO = 1.5
MIN_EXTRA_DAYS = 14.0
#: At least this many companies with a learned rhythm before their median is the prior.
MIN_COMPANIES_FOR_PRIOR = 5

ORDERS = "orders"
TOUCHES = "touches"
PRIOR = "prior"


@dataclass(frozen=True)
class Rhythm:
    """What a company's history says.

    `basis`: "orders", "touches" or "prior" (too young a history: mostly the prior).
    `usual_gap_days`: the usual days between events. `quiet_after_days`: days of silence
    after which it has gone quiet. `last`: the last day that counts as a sign of life
    (for an orders rhythm its last order; otherwise its last order or touch). `gaps`: how
    many gaps it was learned from.
    """

    basis: str
    usual_gap_days: float
    quiet_after_days: float
    last: datetime.date
    gaps: int

    @property
    def quiet_on(self) -> datetime.date:
        """The first day on which it counts as gone quiet, if nothing happens before."""
        return self.last + datetime.timedelta(days=_whole_days(self.quiet_after_days))


@dataclass(frozen=True)
class Quietness:
    """How a rhythm stands on a day: `days_since_last` (never negative), `score`
    (`days_since_last / quiet_after_days`, comparable across rhythms) and `is_quiet`
    (from `Rhythm.quiet_on` on)."""

    days_since_last: int
    score: float
    is_quiet: bool


def _whole_days(days: float) -> int:
    # Rounded first, so 45.00000000000001 days of floating-point noise are 45, not 46.
    return math.ceil(round(days, 6))


def gaps_between(days: Iterable[datetime.date]) -> list[int]:
    """The gaps in days between distinct days, oldest first (two events on one day are one)."""
    ordered = sorted(set(days))
    return [(later - earlier).days for earlier, later in itertools.pairwise(ordered)]


def own_gap(gaps: list[int]) -> float | None:
    """The usual gap of these gaps alone (their geometric mean), or None with fewer than
    `MIN_GAPS`: what `prior_gap` takes from each company."""
    if len(gaps) < MIN_GAPS:
        return None
    return math.exp(sum(math.log(max(gap, 1)) for gap in gaps) / len(gaps))


def prior_gap(usual_gaps: Iterable[float]) -> float:
    """The organisation's usual gap: the median of its companies' learned gaps, or
    `DEFAULT_PRIOR_GAP` while fewer than `MIN_COMPANIES_FOR_PRIOR` have one."""
    known = [gap for gap in usual_gaps if gap > 0]
    if len(known) < MIN_COMPANIES_FOR_PRIOR:
        return DEFAULT_PRIOR_GAP
    return float(statistics.median(known))


def rhythm_from_gaps(
    gaps: list[int], *, last: datetime.date, basis: str, prior_gap_days: float
) -> Rhythm:
    """The rhythm of these gaps (see `rhythm_learn`), with `last` as the last sign of life."""
    if prior_gap_days <= 0:
        raise ValueError("prior_gap_days must be more than 0")
    logs = [math.log(max(gap, 1)) for gap in gaps]
    n = len(logs)
    prior_log = math.log(prior_gap_days)
    mean_log = (sum(logs) + PRIOR_WEIGHT * prior_log) / (n + PRIOR_WEIGHT)
    squares = sum((value - mean_log) ** 2 for value in logs)
    spread = math.sqrt(
        (squares + PRIOR_SPREAD_WEIGHT * PRIOR_SPREAD**2) / (max(n - 1, 0) + PRIOR_SPREAD_WEIGHT)
    )
    usual = math.exp(mean_log)
    quantile = math.exp(mean_log + QUANTILE_Z * spread)
    quiet_after = max(quantile, usual * MIN_RATIO, usual + MIN_EXTRA_DAYS)
    return Rhythm(
        basis=basis if n >= MIN_GAPS else PRIOR,
        usual_gap_days=usual,
        quiet_after_days=quiet_after,
        last=last,
        gaps=n,
    )


def rhythm_learn(
    *,
    order_days: Iterable[datetime.date],
    touch_days: Iterable[datetime.date],
    prior_gap_days: float = DEFAULT_PRIOR_GAP,
) -> Rhythm | None:
    """A company's own rhythm from the days of its orders and of its touches; None when it
    has neither.

    Orders are preferred once there are `MIN_GAPS` gaps between them: a client's requests
    are its heartbeat, and a recruiter calling every week says nothing about whether the
    client still needs them. Then silence means "no order"; otherwise any order or touch
    is a sign of life.

    Why a prior: two orders a week apart are no proof of a weekly client, and a single
    order says nothing of a rhythm at all. So the mean log-gap is shrunk toward the
    `prior_gap_days` (the organisation's usual gap, see `prior_gap`) as if the company had
    shown `PRIOR_WEIGHT` extra gap of that size: a young history leans on what is usual in
    the organisation, a long one on itself (with 12 gaps the prior weighs under 8 %).
    """
    orders = sorted(set(order_days))
    touches = sorted(set(touch_days))
    if not orders and not touches:
        return None
    order_gaps = gaps_between(orders)
    if len(order_gaps) >= MIN_GAPS:
        return rhythm_from_gaps(
            order_gaps, last=orders[-1], basis=ORDERS, prior_gap_days=prior_gap_days
        )
    last = max(orders[-1:] + touches[-1:])
    touch_gaps = gaps_between(touches)
    gaps = touch_gaps if len(touch_gaps) > len(order_gaps) else order_gaps
    return rhythm_from_gaps(gaps, last=last, basis=TOUCHES, prior_gap_days=prior_gap_days)


def quietness(
    rhythm: Rhythm, *, today: datetime.date, last: datetime.date | None = None
) -> Quietness:
    """How quiet a company with `rhythm` is on `today`. `last` overrides the rhythm's last
    sign of life (a touch recorded since the rhythm was learned)."""
    since = max((today - (last or rhythm.last)).days, 0)
    return Quietness(
        days_since_last=since,
        score=since / rhythm.quiet_after_days,
        is_quiet=since >= _whole_days(rhythm.quiet_after_days),
    )


# --- The reach-out queue -----------------------------------------------------------------


def working_days_between(first: datetime.date, last: datetime.date) -> int:
    """Monday-to-Friday days after `first` up to and including `last` (0 when `last` is not
    after `first`): how long a candidate has waited for news."""
    if last <= first:
        return 0
    days = (last - first).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    weekday = first.weekday()
    for step in range(1, rest + 1):
        if (weekday + step) % 7 < 5:
            count += 1
    return count
