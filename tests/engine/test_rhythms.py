"""Each company's own rhythm and "gone quiet" against it (no database)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallway.engine.rhythms import (
    DEFAULT_PRIOR_GAP,
    MIN_EXTRA_DAYS,
    MIN_RATIO,
    ORDERS,
    PRIOR,
    TOUCHES,
    prior_gap,
    quietness,
    rhythm_learn,
    working_days_between,
)

START = dt.date(2025, 1, 6)


def every(days: int, count: int, start: dt.date = START) -> list[dt.date]:
    return [start + dt.timedelta(days=days * i) for i in range(count)]


def quiet_at(rhythm, day: int) -> bool:
    return quietness(rhythm, today=rhythm.last + dt.timedelta(days=day)).is_quiet


def test_a_quarterly_client_is_fine_at_day_60():
    rhythm = rhythm_learn(order_days=every(91, 6), touch_days=[])
    assert rhythm.basis == ORDERS
    assert not quiet_at(rhythm, 60)


def test_a_weekly_client_has_gone_quiet_at_day_35_but_not_at_day_9():
    rhythm = rhythm_learn(order_days=every(7, 60), touch_days=[])
    assert round(rhythm.usual_gap_days) == 7
    assert not quiet_at(rhythm, 9)
    assert quiet_at(rhythm, 35)


def test_a_monthly_client_goes_quiet_between_day_35_and_day_75():
    rhythm = rhythm_learn(order_days=every(30, 14), touch_days=[])
    assert not quiet_at(rhythm, 35)
    assert quiet_at(rhythm, 75)


def test_an_irregular_client_is_given_more_room_than_a_regular_one():
    regular = rhythm_learn(order_days=every(30, 13), touch_days=[])
    gaps = [10, 50, 20, 45, 15, 40, 25, 55, 12, 48, 30, 10]
    days = [START]
    for gap in gaps:
        days.append(days[-1] + dt.timedelta(days=gap))
    irregular = rhythm_learn(order_days=days, touch_days=[])
    assert irregular.quiet_after_days > regular.quiet_after_days


def test_orders_are_preferred_and_touches_do_not_wake_an_orders_rhythm():
    rhythm = rhythm_learn(order_days=every(30, 6), touch_days=every(2, 200))
    assert rhythm.basis == ORDERS
    assert rhythm.last == every(30, 6)[-1]


def test_touches_are_the_rhythm_when_orders_are_too_few():
    rhythm = rhythm_learn(order_days=[START], touch_days=every(14, 10))
    assert rhythm.basis == TOUCHES
    assert 14 <= rhythm.usual_gap_days < 16  # nine gaps of 14 days, one prior gap of 30
    assert rhythm.last == every(14, 10)[-1]


def test_a_young_history_leans_on_the_prior():
    rhythm = rhythm_learn(order_days=[START, START + dt.timedelta(days=7)], touch_days=[])
    assert rhythm.basis == PRIOR
    assert 7 < rhythm.usual_gap_days < DEFAULT_PRIOR_GAP
    single = rhythm_learn(order_days=[START], touch_days=[], prior_gap_days=60)
    assert single.usual_gap_days == pytest.approx(60)


def test_no_history_has_no_rhythm():
    assert rhythm_learn(order_days=[], touch_days=[]) is None


def test_the_prior_is_the_organisations_median_once_there_are_enough_companies():
    assert prior_gap([7, 30]) == DEFAULT_PRIOR_GAP
    assert prior_gap([7, 14, 30, 60, 91]) == 30


def test_a_later_touch_given_as_last_resets_the_silence():
    rhythm = rhythm_learn(order_days=[], touch_days=every(7, 20))
    today = rhythm.last + dt.timedelta(days=40)
    assert quietness(rhythm, today=today).is_quiet
    assert not quietness(rhythm, today=today, last=today - dt.timedelta(days=1)).is_quiet


def test_working_days_skip_weekends():
    friday = dt.date(2026, 12, 4)
    assert working_days_between(friday, friday + dt.timedelta(days=3)) == 1  # Monday
    assert working_days_between(friday, friday + dt.timedelta(days=14)) == 10
    assert working_days_between(friday, friday) == 0


gap_lists = st.lists(st.integers(min_value=1, max_value=400), min_size=0, max_size=40)
priors = st.floats(min_value=1, max_value=400)


def _days(gaps: list[int]) -> list[dt.date]:
    days = [START]
    for gap in gaps:
        days.append(days[-1] + dt.timedelta(days=gap))
    return days


@given(gap_lists, priors)
def test_never_quiet_before_its_floor(gaps, prior):
    rhythm = rhythm_learn(order_days=_days(gaps), touch_days=[], prior_gap_days=prior)
    floor = max(rhythm.usual_gap_days * MIN_RATIO, rhythm.usual_gap_days + MIN_EXTRA_DAYS)
    assert rhythm.quiet_after_days >= floor - 1e-9
    assert not quiet_at(rhythm, int(floor) - 1)


@given(gap_lists, priors, st.integers(min_value=0, max_value=2000))
def test_quiet_exactly_when_the_score_reaches_its_threshold_and_stays_quiet(gaps, prior, day):
    rhythm = rhythm_learn(order_days=_days(gaps), touch_days=[], prior_gap_days=prior)
    now = quietness(rhythm, today=rhythm.last + dt.timedelta(days=day))
    later = quietness(rhythm, today=rhythm.last + dt.timedelta(days=day + 1))
    assert now.days_since_last == day
    assert later.score > now.score
    assert not now.is_quiet or later.is_quiet
    assert now.is_quiet == (rhythm.last + dt.timedelta(days=day) >= rhythm.quiet_on)


@given(st.integers(min_value=1, max_value=200), st.integers(min_value=4, max_value=40), priors)
def test_a_regular_rhythm_is_learned_close_to_its_gap(gap, count, prior):
    rhythm = rhythm_learn(order_days=every(gap, count), touch_days=[], prior_gap_days=prior)
    # The prior counts as one gap among count - 1: it can pull the usual gap only so far.
    weight = 1 / count
    low, high = sorted((gap, prior))
    assert low * (1 - 1e-9) <= rhythm.usual_gap_days <= high * (1 + 1e-9)
    assert abs(rhythm.usual_gap_days / gap) <= (max(prior, gap) / min(prior, gap)) ** weight + 1e-9


@given(gap_lists, priors, st.integers(min_value=1, max_value=5))
def test_scaling_every_gap_scales_the_rhythm(gaps, prior, factor):
    base = rhythm_learn(order_days=_days(gaps), touch_days=[], prior_gap_days=prior)
    scaled = rhythm_learn(
        order_days=_days([gap * factor for gap in gaps]),
        touch_days=[],
        prior_gap_days=prior * factor,
    )
    assert scaled.usual_gap_days == pytest.approx(base.usual_gap_days * factor, rel=1e-6)


@given(st.dates(max_value=dt.date(9000, 12, 31)), st.integers(min_value=0, max_value=3000))
def test_working_days_are_five_in_every_seven(first, span):
    last = first + dt.timedelta(days=span)
    count = working_days_between(first, last)
    brute = sum(1 for d in range(1, span + 1) if (first + dt.timedelta(days=d)).weekday() < 5)
    assert count == brute
