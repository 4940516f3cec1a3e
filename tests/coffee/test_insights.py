"""Insights: the figures per round, the colleague distribution, the team heatmap, the pages."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from hallway.coffee.models import Pairing, PairingMember, RoundStatus
from hallway.coffee.selectors.insights import (
    colleagues_met_distribution,
    program_insights,
    team_heatmap,
)
from tests.factories import make_pairing, make_person, make_program, make_round, make_team

START = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)


def fortnight(program, number, status=RoundStatus.CLOSED, **fields):
    """Round `number` of a program that meets every two weeks from START."""
    starts_at = START + datetime.timedelta(weeks=2 * (number - 1))
    return make_round(program, number=number, starts_at=starts_at, status=status, **fields)


@pytest.fixture
def history(acme):
    teams = [make_team(acme, name) for name in ("Alpha", "Beta", "Gamma")]
    people = [
        make_person(acme, f"P{i}", email=f"p{i}@acme.test", team=teams[i % 3]) for i in range(6)
    ]
    program = make_program(acme, name="Coffee")
    p = people
    r1 = fortnight(program, 1)
    make_pairing(r1, [p[0], p[1]], outcomes=["met", "met"], ratings=[5, 4])  # Alpha-Beta, new
    make_pairing(r1, [p[2], p[3]], outcomes=["missed"])  # Gamma-Alpha, did not meet
    make_pairing(r1, [p[4], p[5]], outcomes=[], ratings=[])  # no answer
    r2 = fortnight(program, 2, left_out=[(p[5], "odd_one_out")])
    make_pairing(r2, [p[0], p[3]], outcomes=["met"], ratings=[3])  # Alpha-Alpha
    # A trio: Beta-Gamma-Beta.
    make_pairing(r2, [p[1], p[2], p[4]], outcomes=["", "met"], ratings=[None, 5])
    make_pairing(r2, [p[0], p[1]], outcomes=["met"], reasons=["met_days_ago:14"])  # a repeat
    fortnight(program, 3, RoundStatus.DRAFT)
    r4 = fortnight(program, 4, RoundStatus.PLANNED)
    make_pairing(r4, [p[0], p[5]])
    return {"program": program, "people": people, "teams": teams, "acme": acme}


def test_round_figures(history, acme):
    figures = program_insights(program=history["program"], organisation=acme, now=START).rounds
    assert [f.number for f in figures] == [1, 2, 4]  # drafts are not shown
    first, second, planned = figures
    assert (first.paired, first.left_out, first.pairings) == (6, 0, 3)
    assert (first.answered, first.met, first.new_connections) == (2, 1, 1)
    assert first.meeting_rate == pytest.approx(1 / 3)
    assert first.average_rating == pytest.approx(4.5)
    assert (second.paired, second.left_out, second.participants) == (7, 1, 8)
    assert (second.met, second.new_connections) == (3, 2)
    assert second.average_rating == pytest.approx(4)
    assert planned.meeting_rate is None


def test_colleagues_met_distribution(history, django_assert_num_queries):
    with django_assert_num_queries(2):
        buckets = dict(colleagues_met_distribution(program=history["program"]))
    # p0 met p1, p3 -> 2; p1 met p0, p2, p4 -> 3; p2 met p1, p4 -> 2; p3 met p0 -> 1;
    # p4 met p1, p2 -> 2; p5 never met anyone -> 0.
    assert buckets["0"] == 1
    assert buckets["1"] == 1
    assert buckets["2"] == 3
    assert buckets["3"] == 1
    assert sum(buckets.values()) == 6


def test_team_heatmap(history, django_assert_num_queries):
    with django_assert_num_queries(3):
        heat = team_heatmap(program=history["program"], organisation=history["acme"])
    assert heat.labels == ["Alpha", "Beta", "Gamma"]
    assert not heat.by_department
    # Met pairs: p0-p1 (A-B) twice, p0-p3 (A-A), p1-p2 (B-C), p1-p4 (B-B), p2-p4 (C-B).
    alpha, beta, gamma = 0, 1, 2
    assert heat.counts[alpha][beta] == heat.counts[beta][alpha] == 2
    assert heat.counts[alpha][alpha] == 1
    assert heat.counts[beta][beta] == 1
    assert heat.counts[beta][gamma] == 2
    assert heat.counts[alpha][gamma] == 0
    assert (heat.total, heat.across) == (6, 4)


def test_the_insights_page(admin_in_acme, history, django_assert_max_num_queries):
    with django_assert_max_num_queries(24):
        response = admin_in_acme.get(reverse("coffee:insights"))
    assert response.status_code == 200
    html = response.content.decode()
    for title in (
        "Participation per round",
        "Meeting rate",
        "Average rating",
        "New connections per round",
        "Colleagues met per person",
        "Connections between teams",
    ):
        assert title in html
    assert html.count('role="img"') == 6
    assert html.count("<desc id=") == 6
    assert html.count("Show the numbers") == 6
    assert html.count("download>Download") == 6
    assert 'aria-current="page">Insights</a>' in html


def test_the_numbers_show_days_in_the_readers_form(admin_in_acme, history):
    url = reverse("coffee:insights")
    german = admin_in_acme.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<td>Mo., 5. Jan. 2026</td>" in german
    assert "<td>2026-01-05</td>" not in german


def test_query_count_does_not_grow_with_history(
    admin_in_acme, history, django_assert_max_num_queries
):
    program, people = history["program"], history["people"]
    for number in range(5, 25):
        round_ = fortnight(program, number)
        for i in range(0, 6, 2):
            make_pairing(round_, people[i : i + 2], outcomes=["met"], ratings=[4])
    with django_assert_max_num_queries(24):
        assert admin_in_acme.get(reverse("coffee:insights")).status_code == 200


def test_csv_download(admin_in_acme, history):
    url = reverse("coffee:insights_csv", kwargs={"pk": history["program"].pk})
    response = admin_in_acme.get(url, {"chart": "meeting-rate"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Round", "Date", "Pairings", "Answered", "Met", "Meeting rate (%)"]
    assert rows[1] == ["1", "2026-01-05", "3", "2", "1", "33.3"]
    assert rows[3][-1] == ""  # the planned round has no rate yet


@pytest.mark.parametrize(
    "chart",
    [
        "participation",
        "meeting-rate",
        "rating",
        "new-connections",
        "colleagues",
        "teams",
    ],
)
def test_every_chart_has_a_csv(admin_in_acme, history, chart):
    url = reverse("coffee:insights_csv", kwargs={"pk": history["program"].pk})
    response = admin_in_acme.get(url, {"chart": chart})
    assert response.status_code == 200
    assert response.content.decode().splitlines()[0]


def test_unknown_chart_and_other_programs_are_404(admin_in_acme, history, globex):
    url = reverse("coffee:insights_csv", kwargs={"pk": history["program"].pk})
    assert admin_in_acme.get(url, {"chart": "nope"}).status_code == 404
    theirs = make_program(globex, name="Theirs", slug="theirs")
    assert admin_in_acme.get(reverse("coffee:insights"), {"program": theirs.pk}).status_code == 404


def test_the_program_picker(admin_in_acme, history):
    response = admin_in_acme.get(reverse("coffee:insights"), {"program": history["program"].pk})
    assert response.url == reverse("coffee:insights_program", kwargs={"pk": history["program"].pk})
    assert admin_in_acme.get(response.url).status_code == 200


def test_members_do_not_see_insights(bob_client, history):
    assert bob_client.get(reverse("coffee:insights")).status_code == 404
    assert "Insights" not in bob_client.get(reverse("people:list")).content.decode()


def test_without_programs_the_page_explains(alice_client):
    html = alice_client.get(reverse("coffee:insights")).content.decode()
    assert "There is no coffee program yet" in html


@pytest.fixture
def admin_in_acme(alice_client):
    return alice_client


def test_large_programs_are_cached_until_a_round_changes_or_for_minutes(history, settings):
    from django.core.cache import cache
    from django.utils import timezone

    from hallway.coffee.selectors import insights

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    program, people, acme = history["program"], history["people"], history["acme"]
    original = insights.CACHE_FROM_PAIRINGS
    insights.CACHE_FROM_PAIRINGS = 1
    try:
        now = timezone.now()
        first = insights.program_insights(program=program, organisation=acme, now=now)
        assert not first.cached
        again = insights.program_insights(program=program, organisation=acme, now=now)
        assert again.cached
        assert again.rounds == first.rounds
        # An answer shows once the cached figures are a few minutes old.
        member = PairingMember.objects.filter(outcome="").first()
        member.outcome, member.answered_at = "met", now
        member.save()
        assert insights.program_insights(program=program, organisation=acme, now=now).cached
        cache.clear()  # as if CACHE_SECONDS had passed
        answered = insights.program_insights(program=program, organisation=acme, now=now)
        assert not answered.cached
        assert answered.rounds[0].met == 2
        assert insights.program_insights(program=program, organisation=acme, now=now).cached
        # A new round shows at once.
        round_ = fortnight(program, 9)
        make_pairing(round_, people[:2], outcomes=["met"])
        fresh = insights.program_insights(program=program, organisation=acme, now=now)
        assert not fresh.cached
        assert fresh.rounds[-1].number == 9
    finally:
        insights.CACHE_FROM_PAIRINGS = original
        cache.clear()


def test_answers_through_the_signed_links_show_in_the_insights(client, alice, program, members):
    from django.conf import settings

    from hallway.coffee.links import feedback_urls

    dana, noor, eli, frank = members
    round_ = make_round(program, [[dana, noor], [eli, frank]], status=RoundStatus.ANNOUNCED)
    pairing = Pairing.objects.get(round=round_, members__person=dana)
    url = feedback_urls(
        pairing_id=pairing.pk,
        organisation_id=program.organisation_id,
        person_id=dana.pk,
        language="de",
    )["met"]
    assert client.post(url.removeprefix(settings.BASE_URL), {"rating": "5"}).status_code == 200

    client.force_login(alice)
    url = reverse("coffee:insights_csv", kwargs={"pk": program.pk})
    rows = list(
        csv.reader(io.StringIO(client.get(url, {"chart": "meeting-rate"}).content.decode()))
    )
    assert rows[1][2:] == ["2", "1", "1", "50.0"]  # pairings, answered, met, rate
    rows = list(csv.reader(io.StringIO(client.get(url, {"chart": "rating"}).content.decode())))
    assert rows[1][2:] == ["1", "5.0"]


def test_many_teams_show_as_departments_and_the_rest_lumped(history, settings):
    from hallway.coffee.selectors import insights

    acme, program = history["acme"], history["program"]
    for i, team in enumerate(history["teams"]):
        team.department = ["Engineering", "Sales", ""][i]
        team.save()
    original = insights.HEATMAP_MAX
    insights.HEATMAP_MAX = 2  # three teams are "many"
    try:
        heat = team_heatmap(program=program, organisation=acme)
        # Alpha = Engineering, Beta = Sales, Gamma = no department; two rows at most:
        # the department with most connections, and all the rest.
        assert heat.by_department
        assert heat.others
        assert len(heat.labels) == 2
        assert heat.total == 6  # every connection is still counted once
        assert heat.labels[0] == "Sales"  # Beta has 5 connections
    finally:
        insights.HEATMAP_MAX = original
