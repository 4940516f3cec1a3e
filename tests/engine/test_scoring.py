"""Pair scores, hard rules, reason codes and the vectorised all-pairs scoring (no database)."""

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hallway.engine.all_pairs import allowed_pairs
from hallway.engine.model import Participant, PastMeeting, Preferences, Rules, pair_key
from hallway.engine.scoring import (
    History,
    repeat_term,
    score_pair,
    why_unpairable,
)

TODAY = dt.date(2025, 6, 2)
EMPTY = History.from_meetings([])


def p(pid: str, **kw) -> Participant:
    return Participant(id=pid, **kw)


def met(a: str, b: str, days_ago: int, *, happened: bool = True) -> PastMeeting:
    return PastMeeting(frozenset((a, b)), TODAY - dt.timedelta(days=days_ago), met=happened)


def score(a, b, rules=None, history=EMPTY, **kw):
    return score_pair(a, b, rules=rules or Rules(), history=history, today=TODAY, **kw)


# --- history -------------------------------------------------------------------------------


def test_history_answers_last_met_count_and_last_missed():
    history = History.from_meetings(
        [met("a", "b", 100), met("a", "b", 40), met("b", "a", 10, happened=False)]
    )
    assert history.last_met("a", "b") == TODAY - dt.timedelta(days=40)
    assert history.count("b", "a") == 2
    assert history.last_missed("a", "b")
    assert history.get("a", "c") is None
    assert not history.last_missed("a", "c")
    assert set(history.partners("a")) == {"b"}


def test_history_counts_every_pair_of_a_trio():
    history = History.from_meetings([PastMeeting(frozenset("abc"), TODAY)])
    assert {history.count(x, y) for x, y in (("a", "b"), ("a", "c"), ("b", "c"))} == {1}


# --- hard rules ---------------------------------------------------------------------------


def test_forbidden_pair_is_not_allowed_even_when_forced():
    a, b = p("a"), p("b")
    key = pair_key("a", "b")
    assert score(a, b, Rules(forbid=frozenset({key}))) is None
    assert score(a, b, Rules(forbid=frozenset({key}), force=frozenset({key}))) is None


def test_never_with_manager_by_default():
    boss, report = p("boss"), p("report", manager="boss")
    assert score(boss, report) is None
    assert score(report, boss) is None
    assert score(boss, report, Rules(never_with_manager=False)) is not None


def test_met_within_the_window_is_not_allowed():
    history = History.from_meetings([met("a", "b", 89)])
    assert score(p("a"), p("b"), history=history) is None
    history = History.from_meetings([met("a", "b", 90)])
    assert score(p("a"), p("b"), history=history) is not None


def test_a_meeting_that_did_not_happen_blocks_only_a_third_of_the_window():
    rules = Rules(avoid_repeat_days=90)
    assert (
        score(p("a"), p("b"), rules, History.from_meetings([met("a", "b", 29, happened=False)]))
        is None
    )
    result = score(
        p("a"), p("b"), rules, History.from_meetings([met("a", "b", 30, happened=False)])
    )
    assert result is not None
    assert "never_met" in result.reasons
    assert "last_meeting_missed" in result.reasons
    # A real meeting before the missed one still counts in full.
    history = History.from_meetings([met("a", "b", 60), met("a", "b", 40, happened=False)])
    assert score(p("a"), p("b"), rules, history) is None


def test_no_shared_language_when_required():
    rules = Rules(require_shared_language=True)
    de, pt = p("a", languages=frozenset({"de"})), p("b", languages=frozenset({"pt"}))
    assert score(de, pt, rules) is None
    assert score(de, pt) is not None
    # An unknown language (nothing on record) does not exclude anyone.
    assert score(de, p("c"), rules) is not None


def test_overlap_below_the_minimum():
    berlin = p("berlin", timezone="Europe/Berlin")
    sao = p("sao", timezone="America/Sao_Paulo")
    # June: 3 h a day, 900 a week.
    assert score(berlin, sao, Rules(min_overlap_minutes=901)) is None
    result = score(berlin, sao, Rules(min_overlap_minutes=900))
    assert result is not None
    assert "overlap_minutes:900" in result.reasons
    assert score(berlin, sao, Rules(min_overlap_minutes=100), overlap_minutes=99) is None


def test_forced_pair_skips_soft_hard_rules_and_wins_by_far():
    history = History.from_meetings([met("a", "b", 1)])
    rules = Rules(force=frozenset({pair_key("a", "b")}))
    forced = score(p("a", manager="b"), p("b"), rules, history)
    assert forced is not None
    assert forced.reasons[0] == "forced"
    assert forced.weight > 1000


# --- weights and reasons ------------------------------------------------------------------


def test_reason_codes():
    a = p(
        "a",
        team="x",
        department="d1",
        location="berlin",
        languages=frozenset({"en", "de"}),
        interests=frozenset({"chess", "bikes", "tea", "yoga"}),
    )
    b = p(
        "b",
        team="y",
        department="d2",
        location="lisbon",
        languages=frozenset({"en", "de"}),
        interests=frozenset({"chess", "bikes", "tea", "yoga"}),
    )
    result = score(a, b)
    assert result is not None
    assert result.reasons == (
        "never_met",
        "different_team",
        "different_department",
        "different_location",
        "shared_language:de",
        "overlap_minutes:2400",
        "shared_interest:bikes",
        "shared_interest:chess",
        "shared_interest:tea",
    )
    # 1 + 2 + 1 + 0.5 + 0.5 + 0.25 + 0.5 (overlap capped) + 3 * 0.3
    assert result.weight == pytest.approx(6.65)


def test_negative_preference_rewards_the_same():
    rules = Rules(prefer=Preferences(different_team=-1.0, different_location=-0.5))
    same = score(p("a", team="x", location="l"), p("b", team="x", location="l"), rules)
    other = score(p("a", team="x", location="l"), p("b", team="y", location="m"), rules)
    assert same is not None
    assert other is not None
    assert {"same_team", "same_location"} <= set(same.reasons)
    assert not {"different_team", "different_location"} & set(other.reasons)
    assert same.weight == pytest.approx(other.weight + 1.5)


def test_unknown_team_is_neither_same_nor_different():
    result = score(p("a", team="x"), p("b"))
    assert result is not None
    assert not any("team" in r for r in result.reasons)


def test_overlap_is_skipped_when_nothing_needs_it():
    result = score(p("a"), p("b"), Rules(prefer=Preferences(overlap=0.0)))
    assert result is not None
    assert not any(r.startswith("overlap_minutes") for r in result.reasons)


@given(
    days=st.integers(0, 2000),
    later=st.integers(1, 500),
    times=st.integers(1, 20),
)
def test_repeat_penalty_decays_with_time_and_grows_with_meetings(days, later, times):
    assert repeat_term(days, times) <= repeat_term(days + later, times)
    assert repeat_term(days, times + 1) <= repeat_term(days, times)
    assert 0 <= repeat_term(days, times) < repeat_term(0, 0)


def test_met_pair_scores_below_a_pair_that_never_met():
    history = History.from_meetings([met("a", "b", 100), met("a", "c", 300)])
    recent = score(p("a"), p("b"), history=history)
    old = score(p("a"), p("c"), history=history)
    never = score(p("a"), p("d"), history=history)
    assert recent is not None
    assert old is not None
    assert never is not None
    assert "met_days_ago:100" in recent.reasons
    assert recent.weight < old.weight < never.weight


def test_new_hire_bonus_before_and_after_start():
    starts_soon = p("new", start_date=TODAY + dt.timedelta(days=10))
    started = p("new", start_date=TODAY - dt.timedelta(weeks=5))
    veteran = p("old", start_date=TODAY - dt.timedelta(weeks=6))
    plain = score(p("x"), p("y"))
    assert plain is not None
    for newcomer in (starts_soon, started):
        result = score(newcomer, p("x"))
        assert result is not None
        assert "onboarding" in result.reasons
        assert result.weight == pytest.approx(plain.weight * 3 + 10)
    result = score(veteran, p("x"))
    assert result is not None
    assert "onboarding" not in result.reasons
    far_future = score(p("n", start_date=TODAY + dt.timedelta(days=15)), p("x"))
    assert far_future is not None
    assert "onboarding" not in far_future.reasons


def test_new_hire_prefers_valuable_partners_more_than_anyone():
    # The gap between a good and a plain partner is three times larger for a new hire.
    good = p("good", team="y", interests=frozenset({"chess"}))
    plain = p("plain", team="x")
    newcomer = p("new", team="x", interests=frozenset({"chess"}), start_date=TODAY)
    veteran = replace(newcomer, id="vet", start_date=None)
    new_good, new_plain = score(newcomer, good), score(newcomer, plain)
    vet_good, vet_plain = score(veteran, good), score(veteran, plain)
    assert new_good.weight - new_plain.weight == pytest.approx(
        3 * (vet_good.weight - vet_plain.weight)
    )


# --- all pairs at once --------------------------------------------------------------------

ZONES = ["UTC", "Europe/Berlin", "America/Sao_Paulo", "Asia/Kolkata", "America/New_York"]


@st.composite
def rounds(draw):
    n = draw(st.integers(0, 14))
    ids = [f"p{i}" for i in range(n)]
    people = []
    for pid in ids:
        start = draw(st.integers(6, 12))
        people.append(
            Participant(
                id=pid,
                team=draw(st.sampled_from(["", "a", "b"])),
                department=draw(st.sampled_from(["", "x", "y"])),
                location=draw(st.sampled_from(["", "berlin", "lisbon"])),
                timezone=draw(st.sampled_from(ZONES)),
                work_start=dt.time(start),
                work_end=dt.time(start + draw(st.integers(4, 9))),
                working_days=draw(st.frozensets(st.integers(1, 7), min_size=1)),
                languages=draw(st.frozensets(st.sampled_from(["en", "de", "pt"]))),
                interests=draw(st.frozensets(st.sampled_from([f"t{k}" for k in range(70)]))),
                manager=draw(st.sampled_from([None, *ids])),
                start_date=draw(
                    st.none() | st.dates(TODAY - dt.timedelta(60), TODAY + dt.timedelta(30))
                ),
            )
        )
    pairs = (
        st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True).map(frozenset)
        if n >= 2
        else st.nothing()
    )
    meetings = draw(
        st.lists(
            st.builds(
                PastMeeting,
                people=pairs,
                date=st.dates(TODAY - dt.timedelta(400), TODAY),
                met=st.booleans(),
            ),
            max_size=20,
        )
        if n >= 2
        else st.just([])
    )
    rules = Rules(
        avoid_repeat_days=draw(st.sampled_from([0, 30, 90])),
        prefer=Preferences(
            different_team=draw(st.sampled_from([1.0, 0.0, -1.0])),
            different_department=draw(st.sampled_from([0.5, -0.5])),
            different_location=draw(st.sampled_from([0.5, 0.0, -0.25])),
            shared_interest=draw(st.sampled_from([0.3, 0.0])),
            overlap=draw(st.sampled_from([0.5, 0.0])),
        ),
        require_shared_language=draw(st.booleans()),
        min_overlap_minutes=draw(st.sampled_from([0, 300, 1200])),
        forbid=frozenset(draw(st.lists(pairs, max_size=3))) if n >= 2 else frozenset(),
        force=frozenset(draw(st.lists(pairs, max_size=2))) if n >= 2 else frozenset(),
        never_with_manager=draw(st.booleans()),
    )
    return people, History.from_meetings(meetings), rules


@settings(max_examples=200, deadline=None)
@given(rounds())
def test_allowed_pairs_matches_score_pair_pair_by_pair(data):
    people, history, rules = data
    got = {
        (a, b): (w, r)
        for a, b, w, r in allowed_pairs(people, rules=rules, history=history, today=TODAY)
    }
    expected = {}
    for i, a in enumerate(people):
        for b in people[i + 1 :]:
            result = score_pair(a, b, rules=rules, history=history, today=TODAY)
            if result is not None:
                assert result.weight > 0
                expected[(a.id, b.id)] = (result.weight, result.reasons)
    assert got.keys() == expected.keys()
    for key, (weight, reasons) in expected.items():
        assert got[key][0] == pytest.approx(weight, rel=1e-12)
        assert got[key][1] == reasons


def test_allowed_pairs_rejects_duplicate_ids():
    with pytest.raises(ValueError, match="duplicate participant ids: a"):
        allowed_pairs([p("a"), p("a")], rules=Rules(), history=EMPTY, today=TODAY)


# --- why unpairable -----------------------------------------------------------------------


def why(person, others, rules=None, history=EMPTY):
    return why_unpairable(
        person, [person, *others], rules=rules or Rules(), history=history, today=TODAY
    )


def test_why_unpairable_codes():
    alone = p("a")
    assert why(alone, []) == "alone"
    assert (
        why(
            p("a", languages=frozenset({"de"})),
            [p("b", languages=frozenset({"pt"})), p("c", languages=frozenset({"ja"}))],
            Rules(require_shared_language=True),
        )
        == "no_partner_shared_language"
    )
    assert (
        why(
            p("a", timezone="America/New_York"),
            [p("b", timezone="Asia/Kolkata"), p("c", timezone="Asia/Tokyo")],
            Rules(min_overlap_minutes=60),
        )
        == "no_partner_enough_overlap"
    )
    assert (
        why(p("a", manager="b"), [p("b"), p("c")], Rules(forbid=frozenset({pair_key("a", "c")})))
        == "only_forbidden_partners"
    )
    history = History.from_meetings([met("a", "b", 5), met("a", "c", 20)])
    assert why(p("a"), [p("b"), p("c")], history=history) == "all_partners_met_recently"
    # Mixed: the rule that rules out most candidates.
    history = History.from_meetings([met("a", "b", 5), met("a", "c", 20)])
    assert (
        why(p("a", manager="d"), [p("b"), p("c"), p("d")], history=history)
        == "all_partners_met_recently"
    )
    assert why(p("a"), [p("b")]) == "has_allowed_partner"
