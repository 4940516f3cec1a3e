"""The pulse's adapters: the answer link, the pages, the API and the command line."""

import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from hallway.accounts.tokens import token_create
from hallway.messaging.models import OutboxMessage
from hallway.rituals.models import Pulse, PulseResponse, PulseRound
from hallway.rituals.services.pulse_rounds import pulse_round_close, pulse_run_due
from tests.factories import make_person, make_team
from tests.rituals.test_pulse_rounds import DAY, answer_all, at, make_pulse


@pytest.fixture
def team(acme):
    return make_team(acme, "Platform", department="Engineering")


@pytest.fixture
def staff(acme, team):
    return [make_person(acme, f"Person {i}", team=team, department="Engineering") for i in range(6)]


@pytest.fixture
def asked(acme, staff):
    pulse = make_pulse(acme)
    pulse_run_due(organisation=acme, now=at(DAY, 9, 5))
    return pulse, PulseRound.objects.get()


def link_of(person) -> str:
    message = OutboxMessage.objects.get(person=person, template="pulse_ask")
    url = message.context["answer_url"]
    return re.sub(r"^https?://[^/]+", "", url)


def test_the_link_shows_the_questions_and_takes_answers(client, asked, staff, time_machine):
    _pulse, round = asked
    time_machine.move_to(at(DAY, 12))
    url = link_of(staff[0])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "My workload is manageable." in body
    assert "stored without your name" in body
    data = {f"q{qid}": "4" for qid in round.question_ids} | {"comment": "Nice week"}
    done = client.post(url, data)
    assert done.status_code == 200
    assert "Your answers are saved" in done.content.decode()
    assert PulseResponse.objects.count() == 1
    # Opened again, the form shows the person's own answers.
    assert 'value="4" required checked' in client.get(url).content.decode()
    # A change replaces the answer.
    client.post(url, {f"q{qid}": "2" for qid in round.question_ids})
    assert PulseResponse.objects.count() == 1
    assert set(PulseResponse.objects.get().answers.values()) == {2}


def test_the_link_in_german(client, asked, staff, time_machine, acme):
    staff[1].preferred_language = "de"
    staff[1].save()
    pulse_run_due(organisation=acme, now=at(DAY, 9, 10))
    time_machine.move_to(at(DAY, 12))
    url = link_of(staff[0]).replace("/en/", "/de/")
    assert client.get(url).status_code == 200


def test_the_link_is_closed_after_the_cut_off(client, asked, staff, time_machine):
    _pulse, round = asked
    url = link_of(staff[0])
    time_machine.move_to(round.closes_at)
    assert client.get(url).status_code == 410


def test_members_see_the_list_and_results_but_do_not_edit(bob_client, asked):
    pulse, _round = asked
    assert bob_client.get(reverse("rituals:pulses")).status_code == 200
    assert bob_client.get(reverse("rituals:pulse_results", args=[pulse.pk])).status_code == 200
    assert bob_client.get(reverse("rituals:pulse_edit", args=[pulse.pk])).status_code == 404
    assert bob_client.get(reverse("rituals:pulse_new")).status_code == 404


def test_results_page_and_csv_show_aggregates_only(alice_client, asked, staff):
    pulse, round = asked
    for person in staff:
        answer_all(round, person, value=5, comment="Great team")
    pulse_round_close(round=round)
    page = alice_client.get(reverse("rituals:pulse_results", args=[pulse.pk]))
    body = page.content.decode()
    assert "Great team" in body
    assert "<svg" in body
    csv = alice_client.get(reverse("rituals:pulse_export", args=[pulse.pk])).content.decode()
    assert csv.lstrip("\ufeff").splitlines()[0].startswith("round_day,round,group")
    assert "Person 0" not in csv
    assert "Great team" not in csv


def test_create_a_pulse_through_the_page(alice_client, acme):
    response = alice_client.post(
        reverse("rituals:pulse_new"),
        {
            "name": "Team pulse",
            "anonymous": "on",
            "active": "on",
            "cadence": "fortnightly",
            "weekday": "3",
            "ask_at": "09:30",
            "timezone": "Europe/Berlin",
            "starts_on": "2030-01-01",
            "open_days": "3",
            "questions_per_round": "3",
            "circle_kind": "everyone",
        },
    )
    assert response.status_code == 302
    pulse = Pulse.objects.get(name="Team pulse")
    assert pulse.questions.count() == 5
    response = alice_client.post(
        reverse("rituals:pulse_question_new", args=[pulse.pk]),
        {"text": "Do you have what you need?", "kind": "agree"},
    )
    assert pulse.questions.count() == 6


def test_the_form_refuses_to_make_an_answered_pulse_named(alice_client, asked, staff):
    pulse, round = asked
    answer_all(round, staff[0])
    form = alice_client.get(reverse("rituals:pulse_edit", args=[pulse.pk])).content.decode()
    assert re.search(r'name="anonymous"[^>]*disabled', form)


def auth(acme, user):
    _token, secret = token_create(organisation=acme, user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_api_lists_pulses_and_gives_results_with_k(client, asked, staff, alice, acme, team):
    pulse, round = asked
    for person in staff[:4]:
        answer_all(round, person)
    pulse_round_close(round=round)
    headers = auth(acme, alice)
    listing = client.get("/api/v1/pulses", **headers).json()
    assert listing["count"] == 1
    assert listing["results"][0]["id"] == pulse.pk
    results = client.get(f"/api/v1/pulses/{pulse.pk}/results?team={team.pk}", **headers).json()
    assert results["results"]
    for item in results["results"]:
        assert item["shown"] is False
        assert item["reason"] == "fewer_than_k"
        assert item.get("average") is None
        assert item.get("distribution") is None
        assert item["answered"] is None


def test_api_shows_figures_at_k_and_refuses_named_once_answered(client, asked, staff, alice, acme):
    pulse, round = asked
    for person in staff[:5]:
        answer_all(round, person, value=3)
    pulse_round_close(round=round)
    headers = auth(acme, alice)
    results = client.get(f"/api/v1/pulses/{pulse.pk}/results", **headers).json()
    first = results["results"][0]
    assert first["shown"] is True
    assert first["answered"] == 5
    assert first["average"] == 3
    response = client.patch(
        f"/api/v1/pulses/{pulse.pk}",
        data=json.dumps({"anonymous": False}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 409


def test_api_has_no_answers_endpoint(client, asked, alice, acme):
    pulse, _round = asked
    response = client.post(
        f"/api/v1/pulses/{pulse.pk}/answers",
        data="{}",
        content_type="application/json",
        **auth(acme, alice),
    )
    assert response.status_code in (404, 405)


def test_api_creates_a_pulse(client, alice, acme):
    response = client.post(
        "/api/v1/pulses",
        data=json.dumps({"name": "API pulse", "starts_on": "2030-01-07", "cadence": "monthly"}),
        content_type="application/json",
        **auth(acme, alice),
    )
    assert response.status_code == 201, response.content
    assert response.json()["timezone"] == acme.timezone


def test_cli_create_show_results_export(acme, capsys, asked, staff):
    pulse, round = asked
    for person in staff:
        answer_all(round, person, value=4)
    pulse_round_close(round=round)
    call_command(
        "pulse", "create", "--org", acme.slug, "--name", "CLI", "--starts", "2030-01-01", "--json"
    )
    created = json.loads(capsys.readouterr().out)
    assert created["rule"] == "FREQ=WEEKLY;BYDAY=TU"
    call_command("pulse", "results", str(pulse.pk), "--org", acme.slug, "--json")
    results = json.loads(capsys.readouterr().out)
    assert results["results"][0]["average"] == 4
    call_command("pulse", "export", str(pulse.pk), "--org", acme.slug)
    assert "round_day" in capsys.readouterr().out
    call_command("pulse", "show", "--org", acme.slug)
    assert "CLI" in capsys.readouterr().out


def test_the_demo_pulse_has_three_months_hidden_teams_a_trend_and_no_messages(db):
    import datetime as dt

    from hallway.demo.seed import demo_seed
    from hallway.rituals.selectors.pulse_results import pulse_round_results, pulse_trends

    before = OutboxMessage.objects.count()
    summary = demo_seed(today=dt.date(2026, 12, 7))
    pulse = Pulse.objects.get(organisation=summary.organisation, name="Weekly pulse")
    rounds = list(PulseRound.objects.filter(pulse=pulse, closed=True).order_by("day"))
    assert len(rounds) >= 12
    assert pulse.anonymity_locked  # answered anonymously: it can never become named
    assert not OutboxMessage.objects.filter(idempotency_key__startswith="pulse:").exists()
    assert OutboxMessage.objects.count() >= before
    latest = pulse_round_results(round=rounds[-1], k=5)
    assert latest.organisation.shown
    assert any(not g.shown for g in latest.groups)
    assert latest.comments
    workload = pulse.questions.get(key="workload")
    points = [p.average for p in pulse_trends(pulse=pulse, k=5, count=20)[workload.pk] if p.shown]
    assert points[-1] > points[0]
