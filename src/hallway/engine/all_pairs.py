"""Every pair of a round scored at once, vectorised with NumPy.

`allowed_pairs` gives the same pairs, weights and reason codes as calling
`scoring.score_pair` for each pair (a test compares them pair by pair), in a fraction of
the time: n = 1,000 people (half a million pairs) take under a second.
"""

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from hallway.engine.model import Participant, Rules
from hallway.engine.scoring import (
    BASE_WEIGHT,
    FORCED_BONUS,
    MAX_SHARED_INTERESTS,
    ONBOARDING_BONUS,
    ONBOARDING_FACTOR,
    OVERLAP_CAP_MINUTES,
    SHARED_LANGUAGE_BONUS,
    History,
    IntArray,
    PairHistory,
    ScoredPair,
    is_new_hire,
    met_recently,
    needs_overlap,
    repeat_term,
)
from hallway.engine.slots import (
    ScheduleKey,
    schedule_key,
    schedule_week_intervals,
    week_start,
)


def category_codes(values: Sequence[str]) -> IntArray:
    """Integer codes of strings; "" (unknown) is -1."""
    table: dict[str, int] = {}
    return np.fromiter(
        (table.setdefault(v, len(table)) if v else -1 for v in values),
        dtype=np.int64,
        count=len(values),
    )


def tag_bitsets(sets: Sequence[frozenset[str]]) -> tuple[npt.NDArray[np.uint64], list[str]]:
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


def overlap_matrix(keys: Sequence[ScheduleKey], monday: datetime.date) -> IntArray:
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
    codes: IntArray, iu: IntArray, ju: IntArray, weight: float
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


def canonical_pairs(n: int, among: tuple[IntArray, IntArray]) -> tuple[IntArray, IntArray]:
    """Pairs of indices as (i, j) with i < j, without self-pairs or duplicates, sorted."""
    a, b = np.asarray(among[0], dtype=np.int64), np.asarray(among[1], dtype=np.int64)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    code = np.unique(lo[lo != hi] * n + hi[lo != hi])
    return code // n, code % n


def allowed_pairs(
    participants: Sequence[Participant],
    *,
    rules: Rules,
    history: History,
    today: datetime.date,
    week_of: datetime.date | None = None,
    among: tuple[IntArray, IntArray] | None = None,
) -> list[ScoredPair]:
    """Every allowed pair `(id_a, id_b, weight, reasons)`, exactly as `score_pair` scores it.

    `id_a` comes before `id_b` in `participants`. With `among` (two arrays of indices into
    `participants`), only those pairs are scored; otherwise every pair. The working-hours
    overlap is taken over the week of `week_of` (default: `today`). Vectorised with NumPy:
    attributes become integer codes and bitsets, overlaps come from one product over the
    distinct schedules, and each distinct combination of reasons is built once.
    """
    n = len(participants)
    index = _check_unique(participants)
    if n < 2:
        return []
    ids = [p.id for p in participants]
    if among is None:
        iu_, ju_ = np.triu_indices(n, 1)
        iu, ju = iu_.astype(np.int64), ju_.astype(np.int64)
    else:
        iu, ju = canonical_pairs(n, among)
    code = iu * n + ju  # sorted: both constructions give the pairs in code order
    m = len(iu)

    def locate(pairs: Iterable[tuple[int, int]]) -> tuple[IntArray, npt.NDArray[np.bool_]]:
        """Where each pair of indices sits among the scored pairs, and whether it is there."""
        wanted = np.array([min(i, j) * n + max(i, j) for i, j in pairs], dtype=np.int64)
        at = np.minimum(np.searchsorted(code, wanted), max(m - 1, 0))
        found: npt.NDArray[np.bool_] = (
            (code[at] == wanted) if m else np.zeros(len(wanted), dtype=bool)
        )
        return at, found

    def positions(pairs: Iterable[tuple[int, int]]) -> IntArray:
        at, found = locate((i, j) for i, j in pairs if i != j)
        return at[found]

    def pair_indices(keys: Iterable[frozenset[str]]) -> IntArray:
        members = ([index[pid] for pid in key if pid in index] for key in keys)
        return positions((pair[0], pair[1]) for pair in members if len(pair) == 2)

    forbidden = np.zeros(m, dtype=bool)
    forbidden[pair_indices(rules.forbid)] = True
    forced = np.zeros(m, dtype=bool)
    forced[pair_indices(rules.force)] = True
    blocked = np.zeros(m, dtype=bool)

    if rules.never_with_manager:
        managed = (
            (i, index[p.manager])
            for i, p in enumerate(participants)
            if p.manager is not None and p.manager in index
        )
        blocked[positions(managed)] = True

    # History is sparse: walk each person's partners instead of every pair.
    days_ago = np.full(m, -1, dtype=np.int64)
    repeat = np.full(m, repeat_term(0, 0), dtype=np.float64)
    missed = np.zeros(m, dtype=bool)
    walked: list[tuple[int, int]] = []
    entries: list[PairHistory] = []
    for i, pid in enumerate(ids):
        for partner, entry in history.partners(pid).items():
            j = index.get(partner)
            if j is not None and j > i:
                walked.append((i, j))
                entries.append(entry)
    at, found = locate(walked)
    for k, present, entry in zip(at.tolist(), found.tolist(), entries, strict=True):
        if not present:
            continue
        if met_recently(entry, rules=rules, today=today):
            blocked[k] = True
        if entry.last_met is not None:
            days = (today - entry.last_met).days
            days_ago[k] = days
            repeat[k] = repeat_term(days, entry.times_met)
        missed[k] = entry.last_was_missed

    languages, language_names = tag_bitsets([p.languages for p in participants])
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
    if needs_overlap(rules):
        keys: dict[ScheduleKey, int] = {}
        schedule = np.fromiter(
            (keys.setdefault(schedule_key(p), len(keys)) for p in participants),
            dtype=np.int64,
            count=n,
        )
        matrix = overlap_matrix(list(keys), week_start(week_of or today))
        overlap = matrix[schedule[iu], schedule[ju]]
        if rules.min_overlap_minutes > 0:
            blocked |= overlap < rules.min_overlap_minutes

    allowed = ~forbidden & (forced | ~blocked)
    keep = np.flatnonzero(allowed)
    iu, ju = iu[keep], ju[keep]
    forced, days_ago, repeat, missed = forced[keep], days_ago[keep], repeat[keep], missed[keep]
    language, overlap = language[keep], overlap[keep]

    interests, interest_names = tag_bitsets([p.interests for p in participants])
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
        _preference_state(category_codes([getattr(p, attr) for p in participants]), iu, ju, weight)
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
    if needs_overlap(rules):
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
