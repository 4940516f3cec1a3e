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

import numpy as np
import numpy.typing as npt

from hallway.engine.model import Participant, PastMeeting, Rules, pair_key
from hallway.engine.slots import (
    ScheduleKey,
    schedule_key,
    schedule_week_intervals,
    week_start,
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

ScoredPair = tuple[str, str, float, tuple[str, ...]]
_IntArray = npt.NDArray[np.int64]


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
        last_met: dict[frozenset[str], datetime.date] = {}
        times: Counter[frozenset[str]] = Counter()
        last_missed: dict[frozenset[str], datetime.date] = {}
        for meeting in meetings:
            for a, b in itertools.combinations(sorted(meeting.people), 2):
                key = pair_key(a, b)
                target = last_met if meeting.met else last_missed
                if key not in target or target[key] < meeting.date:
                    target[key] = meeting.date
                if meeting.met:
                    times[key] += 1
        by_person: dict[str, dict[str, PairHistory]] = {}
        for key in last_met.keys() | last_missed.keys():
            entry = PairHistory(last_met.get(key), times[key], last_missed.get(key))
            a, b = sorted(key)
            by_person.setdefault(a, {})[b] = entry
            by_person.setdefault(b, {})[a] = entry
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


def _met_recently(entry: PairHistory | None, *, rules: Rules, today: datetime.date) -> bool:
    if entry is None:
        return False
    if entry.last_met is not None and (today - entry.last_met).days < rules.avoid_repeat_days:
        return True
    missed_window = rules.avoid_repeat_days // MISSED_WINDOW_DIVISOR
    return entry.last_missed is not None and (today - entry.last_missed).days < missed_window


def _needs_overlap(rules: Rules) -> bool:
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
    if _met_recently(history.get(a.id, b.id), rules=rules, today=today):
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
    if _needs_overlap(rules) and overlap_minutes is None:
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

    if overlap_minutes is not None and _needs_overlap(rules):
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


# --- all pairs at once ------------------------------------------------------------------


def _codes(values: Sequence[str]) -> _IntArray:
    """Integer codes of strings; "" (unknown) is -1."""
    table: dict[str, int] = {}
    return np.fromiter(
        (table.setdefault(v, len(table)) if v else -1 for v in values),
        dtype=np.int64,
        count=len(values),
    )


def _bitsets(sets: Sequence[frozenset[str]]) -> tuple[npt.NDArray[np.uint64], list[str]]:
    """Each set as a row of 64-bit words; bit k is the k-th tag in alphabetical order."""
    vocabulary = sorted(set().union(*sets)) if sets else []
    bit = {tag: k for k, tag in enumerate(vocabulary)}
    words = max(1, -(-len(vocabulary) // 64))
    out = np.zeros((len(sets), words), dtype=np.uint64)
    for row, tags in enumerate(sets):
        for tag in tags:
            k = bit[tag]
            out[row, k // 64] |= np.uint64(1) << np.uint64(k % 64)
    return out, vocabulary


def _set_bits(words: npt.NDArray[np.uint64], limit: int) -> list[int]:
    """The first `limit` set bit positions of a row of words."""
    found: list[int] = []
    for w, word in enumerate(words.tolist()):
        while word and len(found) < limit:
            low = word & -word
            found.append(w * 64 + low.bit_length() - 1)
            word ^= low
    return found


def _overlap_matrix(keys: Sequence[ScheduleKey], monday: datetime.date) -> _IntArray:
    """Weekly overlap minutes between every two schedules, exactly, as one matrix product.

    The week is cut at every interval end of any schedule; each schedule is then a 0/1 row
    over those segments, and the overlap of two rows is the summed length of the segments
    both cover. Sums stay below 2**24, so float32 is exact and half the memory of float64.
    """
    intervals = [schedule_week_intervals(key, monday) for key in keys]
    cuts = np.unique(np.array([t for ivs in intervals for iv in ivs for t in iv] + [0], np.int64))
    if len(cuts) < 2:
        return np.zeros((len(keys), len(keys)), dtype=np.int64)
    lengths = np.diff(cuts).astype(np.float32)
    cover = np.zeros((len(keys), len(cuts)), dtype=np.int32)
    for row, ivs in enumerate(intervals):
        for start, end in ivs:
            cover[row, np.searchsorted(cuts, start)] += 1
            cover[row, np.searchsorted(cuts, end)] -= 1
    inside = (np.cumsum(cover, axis=1)[:, :-1] > 0).astype(np.float32)
    product = (inside * lengths) @ inside.T
    return np.rint(product).astype(np.int64)


def _preference_state(
    codes: _IntArray, iu: _IntArray, ju: _IntArray, weight: float
) -> npt.NDArray[np.int8]:
    """Per pair: 0 nothing, 1 rewarded as different, 2 rewarded as same."""
    left, right = codes[iu], codes[ju]
    known: npt.NDArray[np.bool_] = np.logical_and(left >= 0, right >= 0)
    state = np.zeros(len(iu), dtype=np.int8)
    if weight > 0:
        state[known & np.not_equal(left, right)] = 1
    elif weight < 0:
        state[known & np.equal(left, right)] = 2
    return state


def _check_unique(participants: Sequence[Participant]) -> dict[str, int]:
    index = {p.id: i for i, p in enumerate(participants)}
    if len(index) != len(participants):
        duplicates = sorted(pid for pid, c in Counter(p.id for p in participants).items() if c > 1)
        raise ValueError(f"duplicate participant ids: {', '.join(duplicates)}")
    return index


def allowed_pairs(
    participants: Sequence[Participant],
    *,
    rules: Rules,
    history: History,
    today: datetime.date,
    week_of: datetime.date | None = None,
) -> list[ScoredPair]:
    """Every allowed pair `(id_a, id_b, weight, reasons)`, exactly as `score_pair` scores it.

    `id_a` comes before `id_b` in `participants`. The working-hours overlap is taken over
    the week of `week_of` (default: `today`). Vectorised with NumPy: attributes become
    integer codes and bitsets, overlaps come from one product over the distinct schedules,
    and each distinct combination of reasons is built once.
    """
    n = len(participants)
    index = _check_unique(participants)
    if n < 2:
        return []
    ids = [p.id for p in participants]
    iu_, ju_ = np.triu_indices(n, 1)
    iu, ju = iu_.astype(np.int64), ju_.astype(np.int64)
    m = len(iu)

    def linear(i: int, j: int) -> int:
        i, j = min(i, j), max(i, j)
        return i * n - i * (i + 1) // 2 + (j - i - 1)

    def pair_indices(keys: Iterable[frozenset[str]]) -> list[int]:
        found: list[int] = []
        for key in keys:
            members = [index[pid] for pid in key if pid in index]
            if len(members) == 2:
                found.append(linear(*members))
        return found

    forbidden = np.zeros(m, dtype=bool)
    forbidden[pair_indices(rules.forbid)] = True
    forced = np.zeros(m, dtype=bool)
    forced[pair_indices(rules.force)] = True
    blocked = np.zeros(m, dtype=bool)

    if rules.never_with_manager:
        for i, p in enumerate(participants):
            j = index.get(p.manager) if p.manager is not None else None
            if j is not None and j != i:
                blocked[linear(i, j)] = True

    # History is sparse: walk each person's partners instead of every pair.
    days_ago = np.full(m, -1, dtype=np.int64)
    repeat = np.full(m, repeat_term(0, 0), dtype=np.float64)
    missed = np.zeros(m, dtype=bool)
    for i, pid in enumerate(ids):
        for partner, entry in history.partners(pid).items():
            j = index.get(partner)
            if j is None or j <= i:
                continue
            k = linear(i, j)
            if _met_recently(entry, rules=rules, today=today):
                blocked[k] = True
            if entry.last_met is not None:
                days = (today - entry.last_met).days
                days_ago[k] = days
                repeat[k] = repeat_term(days, entry.times_met)
            missed[k] = entry.last_was_missed

    languages, language_names = _bitsets([p.languages for p in participants])
    shared_languages = languages[iu] & languages[ju]
    if rules.require_shared_language:
        has_any: npt.NDArray[np.bool_] = np.any(languages != 0, axis=1)
        none_shared: npt.NDArray[np.bool_] = np.all(shared_languages == 0, axis=1)
        blocked |= has_any[iu] & has_any[ju] & none_shared
    # The alphabetically first shared language: the lowest set bit of the first non-zero word.
    language = np.full(m, -1, dtype=np.int64)
    for w in range(shared_languages.shape[1] - 1, -1, -1):
        word = shared_languages[:, w]
        nonzero = word != 0
        low = word[nonzero] & (~word[nonzero] + np.uint64(1))
        language[nonzero] = w * 64 + np.log2(low.astype(np.float64)).astype(np.int64)

    overlap = np.full(m, -1, dtype=np.int64)
    if _needs_overlap(rules):
        keys: dict[ScheduleKey, int] = {}
        schedule = np.fromiter(
            (keys.setdefault(schedule_key(p), len(keys)) for p in participants),
            dtype=np.int64,
            count=n,
        )
        matrix = _overlap_matrix(list(keys), week_start(week_of or today))
        overlap = matrix[schedule[iu], schedule[ju]]
        if rules.min_overlap_minutes > 0:
            blocked |= overlap < rules.min_overlap_minutes

    allowed = ~forbidden & (forced | ~blocked)
    keep = np.flatnonzero(allowed)
    iu, ju = iu[keep], ju[keep]
    forced, days_ago, repeat, missed = forced[keep], days_ago[keep], repeat[keep], missed[keep]
    language, overlap = language[keep], overlap[keep]

    interests, interest_names = _bitsets([p.interests for p in participants])
    shared_interests = interests[iu] & interests[ju]
    interest_count = np.minimum(
        np.bitwise_count(shared_interests).sum(axis=1, dtype=np.int64), MAX_SHARED_INTERESTS
    )

    new_hire = np.fromiter(
        (is_new_hire(p, rules=rules, today=today) for p in participants), dtype=np.int64, count=n
    )
    new_hires = new_hire[iu] + new_hire[ju]

    prefer = rules.prefer
    states = [
        _preference_state(_codes([getattr(p, attr) for p in participants]), iu, ju, weight)
        for attr, weight in (
            ("team", prefer.different_team),
            ("department", prefer.different_department),
            ("location", prefer.different_location),
        )
    ]

    # The same additions in the same order as score_pair, so the floats agree exactly.
    quality = BASE_WEIGHT + repeat
    for state, weight in zip(
        states,
        (prefer.different_team, prefer.different_department, prefer.different_location),
        strict=True,
    ):
        quality = quality + np.where(state > 0, abs(weight), 0.0)
    quality = quality + np.where(language >= 0, SHARED_LANGUAGE_BONUS, 0.0)
    if _needs_overlap(rules):
        quality = quality + max(prefer.overlap, 0.0) * (
            np.minimum(overlap, OVERLAP_CAP_MINUTES) / OVERLAP_CAP_MINUTES
        )
    quality = quality + max(prefer.shared_interest, 0.0) * interest_count
    weights = np.where(new_hires > 0, quality * ONBOARDING_FACTOR, quality)
    weights = weights + ONBOARDING_BONUS * new_hires
    weights = np.where(forced, weights + FORCED_BONUS, weights)

    # One reason tuple per distinct combination: mix every component into one integer key.
    small = (
        forced.astype(np.int64)
        + 2 * (new_hires > 0)
        + 4 * missed
        + 8 * states[0]
        + 24 * states[1]
        + 72 * states[2]
    )
    key = small * (len(language_names) + 1) + (language + 1)
    for column in (days_ago, overlap):
        values, inverse = np.unique(column, return_inverse=True)
        key = key * len(values) + inverse.reshape(-1)
    if shared_interests.shape[1] == 1:
        values, inverse = np.unique(shared_interests[:, 0], return_inverse=True)
    else:
        values, inverse = np.unique(shared_interests, axis=0, return_inverse=True)
    key = key * len(values) + inverse.reshape(-1)
    _, first, combination = np.unique(key, return_index=True, return_inverse=True)

    table: list[tuple[str, ...]] = []
    for k in first.tolist():
        reasons: list[str] = []
        if forced[k]:
            reasons.append("forced")
        if new_hires[k]:
            reasons.append("onboarding")
        reasons.append("never_met" if days_ago[k] < 0 else f"met_days_ago:{days_ago[k]}")
        if missed[k]:
            reasons.append("last_meeting_missed")
        for state, name in zip(states, ("team", "department", "location"), strict=True):
            if state[k] == 1:
                reasons.append(f"different_{name}")
            elif state[k] == 2:
                reasons.append(f"same_{name}")
        if language[k] >= 0:
            reasons.append(f"shared_language:{language_names[language[k]]}")
        if overlap[k] >= 0:
            reasons.append(f"overlap_minutes:{overlap[k]}")
        reasons.extend(
            f"shared_interest:{interest_names[bit]}"
            for bit in _set_bits(shared_interests[k], MAX_SHARED_INTERESTS)
        )
        table.append(tuple(reasons))

    names = np.array(ids, dtype=object)
    return list(
        zip(
            names[iu].tolist(),
            names[ju].tolist(),
            weights.tolist(),
            [table[c] for c in combination.reshape(-1).tolist()],
            strict=True,
        )
    )


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
        return "has_allowed_partner"
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
