"""The rituals' pages read a fixed number of queries, however many people, answers or wins
they show (no query per row): each page is read small, then with several times the rows,
and must take the same number of queries. `bench/rituals.py` times them at 10,000 people."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hallway.accounts.models import Organisation
from hallway.people.models import Person
from hallway.rituals.models import (
    CelebrationSource,
    CheckIn,
    CheckInStatus,
    CircleKind,
    PulseRound,
)
from hallway.rituals.services.gong import celebration_post
from hallway.rituals.services.pulse_rounds import pulse_round_close, pulse_run_due
from hallway.rituals.services.standups import StandUpData, standup_create
from hallway.rituals.services.standups_run import standups_run_due
from tests.api.conftest import ApiClient, token_for
from tests.factories import make_location, make_person, make_team
from tests.rituals.standup_helpers import MONDAY, at, make_standup
from tests.rituals.test_pulse_rounds import DAY, answer_all, make_pulse
from tests.rituals.test_pulse_rounds import at as pulse_at


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _people(organisation: Organisation, count: int, team_name: str) -> list[Person]:
    team = make_team(organisation, team_name)
    return [make_person(organisation, f"{team_name} {n:02}", team=team) for n in range(count)]


def _answered_standup(organisation: Organisation, count: int, name: str) -> int:
    """A stand-up of `count` people asked on MONDAY: all answered, one blocked (open), one
    away; and one open blocker of the day before."""
    people = _people(organisation, count, f"Team {name}")
    standup = make_standup(organisation, team=people[0].team, name=name)
    standup.starts_on = MONDAY - datetime.timedelta(days=1)
    standup.save(update_fields=["starts_on"])
    standups_run_due(organisation=organisation, now=at(MONDAY, 8, 0) - datetime.timedelta(days=1))
    standups_run_due(organisation=organisation, now=at(MONDAY, 8, 0))
    rows = CheckIn.objects.filter(occurrence__standup=standup)
    rows.update(status=CheckInStatus.ANSWERED, yesterday="Shipped", today="Reviews", mood=4)
    first = rows.order_by("id").first()
    assert first is not None
    CheckIn.objects.filter(pk=first.pk).update(blocked=True, blockers="Waiting for IT")
    latest = rows.filter(occurrence__date=MONDAY).order_by("-id")
    CheckIn.objects.filter(pk=latest[0].pk).update(blocked=True, blockers="Staging is down")
    CheckIn.objects.filter(pk=latest[1].pk).update(
        status=CheckInStatus.AWAY, away_reason="out_of_office"
    )
    return standup.pk


def test_a_stand_ups_page_takes_as_many_queries_for_thirty_people_as_for_four(acme, alice_client):
    small = _answered_standup(acme, 4, "Small daily")
    large = _answered_standup(acme, 30, "Large daily")
    page = reverse("rituals:standup", kwargs={"pk": large})
    assert _queries(alice_client, page) == _queries(
        alice_client, reverse("rituals:standup", kwargs={"pk": small})
    )
    assert alice_client.get(page).content.decode().count("Staging is down") >= 1


def _standups_of_every_circle(organisation: Organisation, suffix: str) -> None:
    people = _people(organisation, 3, f"Team {suffix}")
    make_standup(organisation, team=people[0].team, name=f"Team {suffix}")
    location = make_location(organisation, f"Place {suffix}")
    for kind, extra in (
        (CircleKind.LOCATION, {"circle_location": location}),
        (CircleKind.DEPARTMENT, {"circle_department": "Sales"}),
        (CircleKind.PEOPLE, {"circle_people": people}),
        (CircleKind.EVERYONE, {}),
    ):
        standup_create(
            organisation=organisation,
            data=StandUpData(
                name=f"{kind} {suffix}",
                rule="FREQ=DAILY",
                starts_on=MONDAY,
                circle_kind=kind,
                **extra,
            ),
            by=None,
            now=at(MONDAY, 0),
        )


def test_the_stand_ups_list_takes_as_many_queries_for_fifteen_as_for_five(acme, alice_client):
    _standups_of_every_circle(acme, "A")
    few = _queries(alice_client, reverse("rituals:standups"))
    _standups_of_every_circle(acme, "B")
    _standups_of_every_circle(acme, "C")
    assert _queries(alice_client, reverse("rituals:standups")) == few


def _closed_pulse(organisation: Organisation, count: int, name: str) -> int:
    """A pulse of `count` people in two teams, with two closed rounds all answered."""
    people = _people(organisation, count // 2, f"{name} one") + _people(
        organisation, count - count // 2, f"{name} two"
    )
    pulse = make_pulse(
        organisation,
        name=name,
        circle_kind=CircleKind.PEOPLE,
        starts_on=DAY,
    )
    pulse.circle_people.set(people)
    for week in range(2):
        day = DAY + datetime.timedelta(weeks=week)
        pulse_run_due(organisation=organisation, now=pulse_at(day, 9))
        round = PulseRound.objects.get(pulse=pulse, day=day)
        for person in people:
            answer_all(round, person, value=4, comment="Fine" if person == people[0] else "")
        pulse_round_close(round=round, k=5)
    return pulse.pk


@pytest.fixture
def pulses(acme):
    return _closed_pulse(acme, 10, "Small"), _closed_pulse(acme, 30, "Large")


def test_pulse_results_take_as_many_queries_for_thirty_answers_as_for_ten(pulses, alice_client):
    small, large = (reverse("rituals:pulse_results", kwargs={"pk": pk}) for pk in pulses)
    assert _queries(alice_client, large) == _queries(alice_client, small)


def test_the_pulse_export_takes_as_many_queries_for_thirty_answers_as_for_ten(pulses, alice_client):
    small, large = (reverse("rituals:pulse_export", kwargs={"pk": pk}) for pk in pulses)
    assert _queries(alice_client, large) == _queries(alice_client, small)


def test_the_pulse_api_results_take_as_many_queries_for_thirty_answers_as_for_ten(
    pulses, acme, alice
):
    api = ApiClient(token_for(alice, acme))
    small, large = (f"/api/v1/pulses/{pk}/results" for pk in pulses)
    assert _queries(api, large) == _queries(api, small)


def _wins(organisation: Organisation, count: int, people: list[Person]) -> None:
    for n in range(count):
        celebration_post(
            organisation=organisation,
            kind="win",
            title=f"Win {n}",
            people=people[n % len(people) : n % len(people) + 2],
            team=people[0].team,
            posted_by=people[-1],
            source=CelebrationSource.UI,
            now=timezone.now() - datetime.timedelta(minutes=n),
        )


def test_the_wall_of_wins_takes_as_many_queries_for_twenty_wins_as_for_three(acme, alice_client):
    people = _people(acme, 5, "Winners")
    url = reverse("rituals:wins") + f"?month={timezone.localdate():%Y-%m}"
    _wins(acme, 3, people)
    few = _queries(alice_client, url)
    _wins(acme, 17, people + _people(acme, 20, "More winners"))
    assert _queries(alice_client, url) == few
