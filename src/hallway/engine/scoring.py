"""How good a pair is, and whether it is allowed at all, with the reasons as codes.

The matching (``pairing.py``) maximises first the number of people paired, then the total
weight, so every allowed pair has a weight > 0 (in fact >= 1) and a pair that is not
allowed is simply absent (``score_pair`` returns None).

Hard rules (a pair is not allowed):

* ``forbidden``: the pair is in ``Rules.forbid``. This wins even over ``Rules.force``.
* ``manager``: one is the other's manager, when ``Rules.never_with_manager``.
* ``met_recently``: they met within ``Rules.avoid_repeat_days`` days (a meeting on day
  ``today - avoid_repeat_days`` no longer counts). A planned meeting that did *not* happen
  (``PastMeeting.met`` False) blocks only for a third of that window, so the pair gets
  another chance sooner.
* ``no_shared_language``: both have languages on record and none in common, when
  ``Rules.require_shared_language``. Someone with no languages on record is not excluded
  by a missing field.
* ``not_enough_overlap``: their weekly working-hours overlap is below
  ``Rules.min_overlap_minutes`` (when that is > 0).

A pair in ``Rules.force`` skips every hard rule but ``forbidden``.

Weight of an allowed pair::

    quality = 1                                   (base: every allowed pair is worth pairing)
            + repeat                              (2 if never met, less if they met)
            + |prefer.different_team|             (if the team rule rewards this pair)
            + |prefer.different_department|       (likewise)
            + |prefer.different_location|         (likewise)
            + 0.25                                (if they share a language)
            + max(prefer.overlap, 0) * min(overlap, 600) / 600
            + max(prefer.shared_interest, 0) * min(shared interests, 3)
    weight  = quality * (3 if either is a new hire else 1)
            + 10 * (number of new hires in the pair)
            + 1000 if the pair is forced

``repeat = 2 * (1 - 0.5 ** (days / 90)) ** times_met``: each earlier meeting leaves a
memory that halves every 90 days, and the penalty ``2 - repeat`` is the chance that one of
them is still fresh, so it decays with the days since the last meeting and grows with the
number of meetings. A new hire (``start_date`` within ``Rules.onboarding_weeks`` before
``today``, or at most 14 days ahead) multiplies the quality, so among their candidates the
best ones count three times as much, and adds a bonus larger than any quality, so a
maximum-weight matching serves new hires first.

Reason codes (stable, lowercase, with an optional ``:<value>``), in this order:

* ``forced``: the pair is in ``Rules.force``.
* ``onboarding``: at least one of the two is a new hire.
* ``never_met`` or ``met_days_ago:<N>``: N days since their last meeting that happened.
* ``last_meeting_missed``: their most recent planned meeting did not happen.
* ``different_team`` / ``same_team``: which one the program's team weight rewards
  (a negative ``prefer.different_team`` rewards the same team); absent when neither
  applies or a team is unknown. Likewise ``different_department`` / ``same_department``
  and ``different_location`` / ``same_location``.
* ``shared_language:<code>``: the alphabetically first language they share.
* ``overlap_minutes:<N>``: weekly working-hours overlap, when computed (that is when
  ``prefer.overlap`` > 0 or ``Rules.min_overlap_minutes`` > 0).
* ``shared_interest:<tag>``: one per shared interest, alphabetically, at most three.

Codes of ``why_unpairable`` (someone with no allowed partner): ``alone``,
``no_partner_shared_language``, ``no_partner_enough_overlap``,
``only_forbidden_partners``, ``all_partners_met_recently``; and ``has_allowed_partner``
when there is one after all (then the caller knows better why they were left out).
"""

import datetime
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt

from hallway.engine.model import PairKey, Participant, PastMeeting, Rules, pair_key
from hallway.engine.slots import (
    weekly_overlap_minutes,
)

BASE_WEIGHT = 1.0
NEVER_MET_BONUS = 2.0
REPEAT_HALF_LIFE_DAYS = 90.0
MISSED_WINDOW_DIVISOR = 3
SHARED_LANGUAGE_BONUS = 0.25
OVERLAP_CAP_MINUTES = 600
MAX_SHARED_INTERESTS = 3
ONBOARDING_FACTOR = 3.0
ONBOARDING_BONUS = 10.0
ONBOARDING_AHEAD_DAYS = 14
FORCED_BONUS = 1000.0

FORBIDDEN = "forbidden"
MANAGER = "manager"
MET_RECENTLY = "met_recently"
NO_SHARED_LANGUAGE = "no_shared_language"
NOT_ENOUGH_OVERLAP = "not_enough_overlap"
HAS_ALLOWED_PARTNER = "has_allowed_partner"

ScoredPair = tuple[str, str, float, tuple[str, ...]]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class PairScore:
    """The weight of an allowed pair (> 0) and the reason codes behind it."""

    weight: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class PairHistory:
    """What two people's past meetings say: when they last met, how often, the last miss."""

    last_met: datetime.date | None  # the last meeting that happened
    times_met: int
    last_missed: datetime.date | None  # the last planned meeting that did not happen

    @property
    def last_was_missed(self) -> bool:
        """Whether their most recent planned meeting did not happen."""
        return self.last_missed is not None and (
            self.last_met is None or self.last_missed > self.last_met
        )


class History:
    """An index of past meetings by person and partner, built once per round."""

    def __init__(self, by_person: Mapping[str, Mapping[str, PairHistory]]) -> None:
        """Wrap a ready index; use `History.from_meetings` to build one."""
        self._by_person = by_person

    @classmethod
    def from_meetings(cls, meetings: Iterable[PastMeeting]) -> "History":
        """Index meetings; a meeting of three counts for each pair inside it."""
        # Per pair: [last met, times met, last missed]. A pair's key is the meeting's own
        # set of two (frozenset() of a frozenset is that same set).
        state: dict[PairKey, list[Any]] = {}
        for meeting in meetings:
            people, date, met = meeting.people, meeting.date, meeting.met
            keys: Iterable[PairKey] = (
                (frozenset(people),)
                if len(people) == 2
                else map(frozenset, itertools.combinations(people, 2))
            )
            for key in keys:
                pair = state.get(key)
                if pair is None:
                    state[key] = pair = [None, 0, None]
                if met:
                    if pair[0] is None or pair[0] < date:
                        pair[0] = date
                    pair[1] += 1
                elif pair[2] is None or pair[2] < date:
                    pair[2] = date
        by_person: dict[str, dict[str, PairHistory]] = {}
        for key, (last_met, times_met, last_missed) in state.items():
            entry = PairHistory(last_met, times_met, last_missed)
            a, b = key
            if a in by_person:
                by_person[a][b] = entry
            else:
                by_person[a] = {b: entry}
            if b in by_person:
                by_person[b][a] = entry
            else:
                by_person[b] = {a: entry}
        return cls(by_person)

    def get(self, a: str, b: str) -> PairHistory | None:
        """The pair's history, or None when they were never planned together."""
        return self._by_person.get(a, {}).get(b)

    def partners(self, person: str) -> Mapping[str, PairHistory]:
        """Everyone `person` was ever planned with, and that pair's history."""
        return MappingProxyType(self._by_person.get(person, {}))

    def last_met(self, a: str, b: str) -> datetime.date | None:
        """The date they last actually met, if ever."""
        entry = self.get(a, b)
        return entry.last_met if entry else None

    def count(self, a: str, b: str) -> int:
        """How many times they actually met."""
        entry = self.get(a, b)
        return entry.times_met if entry else 0

    def last_missed(self, a: str, b: str) -> bool:
        """Whether their most recent planned meeting did not happen."""
        entry = self.get(a, b)
        return entry.last_was_missed if entry else False


def is_new_hire(p: Participant, *, rules: Rules, today: datetime.date) -> bool:
    """Started within the onboarding weeks before `today`, or starts within two weeks."""
    if p.start_date is None:
        return False
    days = (today - p.start_date).days
    return -ONBOARDING_AHEAD_DAYS <= days < rules.onboarding_weeks * 7


def repeat_term(days: int, times_met: int) -> float:
    """The repeat component: 2 for a pair that never met, lower the fresher and more often."""
    if times_met <= 0:
        return NEVER_MET_BONUS
    memory = 0.5 ** (max(days, 0) / REPEAT_HALF_LIFE_DAYS)
    return float(NEVER_MET_BONUS * (1.0 - memory) ** times_met)


def met_recently(entry: PairHistory | None, *, rules: Rules, today: datetime.date) -> bool:
    if entry is None:
        return False
    if entry.last_met is not None and (today - entry.last_met).days < rules.avoid_repeat_days:
        return True
    missed_window = rules.avoid_repeat_days // MISSED_WINDOW_DIVISOR
    return entry.last_missed is not None and (today - entry.last_missed).days < missed_window


def needs_overlap(rules: Rules) -> bool:
    return rules.min_overlap_minutes > 0 or rules.prefer.overlap > 0


def blocking_reasons(
    a: Participant,
    b: Participant,
    *,
    rules: Rules,
    history: History,
    today: datetime.date,
    overlap_minutes: int | None = None,
) -> tuple[str, ...]:
    """Every hard rule that keeps the two apart (codes as in the module docstring).

    Empty when the pair is allowed. A forced pair is kept apart only when also forbidden.
    """
    key = pair_key(a.id, b.id)
    if key in rules.forbid:
        return (FORBIDDEN,)
    if key in rules.force:
        return ()
    found: list[str] = []
    if rules.never_with_manager and (a.manager == b.id or b.manager == a.id):
        found.append(MANAGER)
    if met_recently(history.get(a.id, b.id), rules=rules, today=today):
        found.append(MET_RECENTLY)
    if (
        rules.require_shared_language
        and a.languages
        and b.languages
        and not a.languages & b.languages
    ):
        found.append(NO_SHARED_LANGUAGE)
    if rules.min_overlap_minutes > 0:
        if overlap_minutes is None:
            overlap_minutes = weekly_overlap_minutes(a, b, week_of=today)
        if overlap_minutes < rules.min_overlap_minutes:
            found.append(NOT_ENOUGH_OVERLAP)
    return tuple(found)


def _preference(weight: float, known: bool, same: bool, name: str) -> tuple[float, str | None]:
    """A team/department/location component: (bonus, reason) or (0, None)."""
    if not known:
        return 0.0, None
    if weight > 0 and not same:
        return weight, f"different_{name}"
    if weight < 0 and same:
        return -weight, f"same_{name}"
    return 0.0, None


def score_pair(
    a: Participant,
    b: Participant,
    *,
    rules: Rules,
    history: History,
    today: datetime.date,
    overlap_minutes: int | None = None,
) -> PairScore | None:
    """The weight and reasons of a pair, or None when a hard rule keeps them apart.

    `overlap_minutes` is their weekly working-hours overlap when the caller already knows
    it; otherwise it is computed for the week of `today` when the rules need it.
    """
    if needs_overlap(rules) and overlap_minutes is None:
        overlap_minutes = weekly_overlap_minutes(a, b, week_of=today)
    if blocking_reasons(
        a, b, rules=rules, history=history, today=today, overlap_minutes=overlap_minutes
    ):
        return None
    prefer = rules.prefer
    reasons: list[str] = []
    forced = pair_key(a.id, b.id) in rules.force
    if forced:
        reasons.append("forced")
    new_hires = sum(is_new_hire(p, rules=rules, today=today) for p in (a, b))
    if new_hires:
        reasons.append("onboarding")

    entry = history.get(a.id, b.id)
    quality = BASE_WEIGHT
    if entry is None or entry.last_met is None:
        quality += repeat_term(0, 0)
        reasons.append("never_met")
    else:
        days = (today - entry.last_met).days
        quality += repeat_term(days, entry.times_met)
        reasons.append(f"met_days_ago:{days}")
    if entry is not None and entry.last_was_missed:
        reasons.append("last_meeting_missed")

    for weight, left, right, name in (
        (prefer.different_team, a.team, b.team, "team"),
        (prefer.different_department, a.department, b.department, "department"),
        (prefer.different_location, a.location, b.location, "location"),
    ):
        bonus, reason = _preference(weight, bool(left and right), left == right, name)
        quality += bonus
        if reason:
            reasons.append(reason)

    languages = a.languages & b.languages
    if languages:
        quality += SHARED_LANGUAGE_BONUS
        reasons.append(f"shared_language:{min(languages)}")

    if overlap_minutes is not None and needs_overlap(rules):
        quality += max(prefer.overlap, 0.0) * (
            min(overlap_minutes, OVERLAP_CAP_MINUTES) / OVERLAP_CAP_MINUTES
        )
        reasons.append(f"overlap_minutes:{overlap_minutes}")

    interests = sorted(a.interests & b.interests)[:MAX_SHARED_INTERESTS]
    quality += max(prefer.shared_interest, 0.0) * len(interests)
    reasons.extend(f"shared_interest:{tag}" for tag in interests)

    weight = quality * (ONBOARDING_FACTOR if new_hires else 1.0) + ONBOARDING_BONUS * new_hires
    if forced:
        weight += FORCED_BONUS
    return PairScore(weight=weight, reasons=tuple(reasons))


def why_unpairable(
    participant: Participant,
    participants: Sequence[Participant],
    *,
    rules: Rules,
    history: History,
    today: datetime.date,
) -> str:
    """A reason code for someone with no allowed partner among `participants`.

    The rule that rules out every candidate is named first (language, then overlap, then
    forbidden/manager, then recent meetings); when different rules rule out different
    candidates, the one that rules out most of them. `has_allowed_partner` when someone
    is allowed after all.
    """
    others = [p for p in participants if p.id != participant.id]
    if not others:
        return "alone"
    blocks = [
        set(blocking_reasons(participant, p, rules=rules, history=history, today=today))
        for p in others
    ]
    if not all(blocks):
        return HAS_ALLOWED_PARTNER
    codes = {
        NO_SHARED_LANGUAGE: "no_partner_shared_language",
        NOT_ENOUGH_OVERLAP: "no_partner_enough_overlap",
        FORBIDDEN: "only_forbidden_partners",
        MANAGER: "only_forbidden_partners",
        MET_RECENTLY: "all_partners_met_recently",
    }
    per_partner = [{codes[b] for b in found} for found in blocks]
    order = list(dict.fromkeys(codes.values()))
    for code in order:
        if all(code in found for found in per_partner):
            return code
    counts = Counter(code for found in per_partner for code in found)
    return max(order, key=lambda code: (counts[code], -order.index(code)))
