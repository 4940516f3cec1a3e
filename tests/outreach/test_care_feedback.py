"""Contractors' anonymous feedback on a client: nothing below k, the aggregate only at k,
never for a running quarter, and never derivable from the organisation-wide figure.

Done when: "Contractor feedback with 4 answers for a client shows nothing to that client;
with 5 it shows the aggregate only" (the page and the API are in test_care_views and
test_care_api)."""

import datetime

import pytest

from hallway.outreach.models import ClientRating
from hallway.outreach.selectors.care import client_feedback
from tests.outreach.care_helpers import NOW, client_of

Q3 = datetime.date(2026, 7, 1)
SCORES = [4, 2, 5, 3, 1]
COMMENTS = ["Great team", "Too many meetings", "", "Fair pay", "Nobody listens"]


def rate(organisation, company, count, quarter=Q3):
    for number in range(count):
        ClientRating.objects.create(
            organisation=organisation,
            company=company,
            quarter=quarter,
            score=SCORES[number % 5],
            comment=COMMENTS[number % 5],
        )


def q3(report):
    (found,) = [quarter for quarter in report.quarters if quarter.quarter == "2026-Q3"]
    return found


def test_four_answers_show_nothing(acme):
    company = client_of(acme)
    rate(acme, company, 4)
    report = client_feedback(organisation=acme, company=company, now=NOW)
    quarter = q3(report)
    assert report.k == 5
    assert (quarter.answered, quarter.shown, quarter.reason) == (4, False, "fewer_than_k")
    assert quarter.average is None
    assert quarter.distribution is None
    assert quarter.comments == []
    assert quarter.as_json() == {
        "quarter": "2026-Q3",
        "answered": 4,
        "shown": False,
        "reason": "fewer_than_k",
    }


def test_five_answers_show_the_aggregate_only(acme):
    company = client_of(acme)
    rate(acme, company, 5)
    quarter = q3(client_feedback(organisation=acme, company=company, now=NOW))
    assert quarter.shown
    assert quarter.average == 3.0
    assert quarter.distribution == {1: 1, 2: 1, 3: 1, 4: 1, 5: 1}
    assert sorted(quarter.comments) == sorted(c for c in COMMENTS if c)
    assert set(quarter.as_json()) == {"quarter", "answered", "shown", "average", "distribution"}


def test_the_running_quarter_is_never_shown(acme):
    company = client_of(acme)
    rate(acme, company, 7, quarter=datetime.date(2026, 10, 1))
    report = client_feedback(organisation=acme, company=company, now=NOW)
    running = report.quarters[-1]
    assert (running.quarter, running.answered, running.shown, running.reason) == (
        "2026-Q4",
        7,
        False,
        "in_progress",
    )


def test_eight_quarters_oldest_first(acme):
    report = client_feedback(organisation=acme, company=client_of(acme), now=NOW)
    assert [q.quarter for q in report.quarters] == [
        "2025-Q1",
        "2025-Q2",
        "2025-Q3",
        "2025-Q4",
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]


def test_a_hidden_client_cannot_be_worked_out_from_the_organisation_and_a_shown_one(acme):
    big, small = client_of(acme, "Big"), client_of(acme, "Small")
    rate(acme, big, 6)
    rate(acme, small, 2)
    shown_big = q3(client_feedback(organisation=acme, company=big, now=NOW))
    whole = q3(client_feedback(organisation=acme, company=None, now=NOW))
    # Both shown would give Small away (whole minus Big): one of them is hidden too.
    assert not (shown_big.shown and whole.shown)
    assert not q3(client_feedback(organisation=acme, company=small, now=NOW)).shown


@pytest.mark.parametrize("k", [3, 7])
def test_k_is_the_pulses(acme, k):
    from hallway.rituals.selectors.settings import ritual_settings_of

    settings = ritual_settings_of(acme)
    settings.anonymity_threshold = k
    settings.save()
    company = client_of(acme)
    rate(acme, company, 5)
    assert q3(client_feedback(organisation=acme, company=company, now=NOW)).shown is (k <= 5)
