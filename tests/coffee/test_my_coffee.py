"""My coffee, beyond the programs: past matches with everyone's answer and feedback right
there, one's own working hours and time away, and every form's mistakes at once."""

import datetime
from urllib.parse import urlsplit

import pytest
import time_machine
from django.urls import reverse

from hallway.absences.models import OutOfOffice
from hallway.coffee.links import personal_url
from hallway.coffee.models import CoffeeProfile, Outcome, PairingMember, RoundStatus
from hallway.coffee.selectors.personal import MATCHES_STEP, past_matches
from hallway.people.models import Person
from tests.factories import make_pairing, make_people, make_round

# Monday 13 April 2026: the round of 16 March is closed, the one of 6 April announced.
NOW = datetime.datetime(2026, 4, 13, 10, 0, tzinfo=datetime.UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def at(day: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(f"{day}T08:00:00+00:00")


@pytest.fixture
def history(program, dana, noor, eli, frank):
    """Dana met Noor in March (both said so); in the announced April round she is with Eli,
    nobody answered yet; a planned May round (not sent) pairs her with Frank."""
    march = make_round(program, [], status=RoundStatus.CLOSED, starts_at=at("2026-03-16"), number=1)
    met = make_pairing(
        march, [dana, noor], outcomes=["met", "met"], due_on=datetime.date(2026, 3, 29)
    )
    april = make_round(
        program, [], status=RoundStatus.ANNOUNCED, starts_at=at("2026-04-06"), number=2
    )
    open_ = make_pairing(
        april, [dana, eli], outcomes=["", "not_yet"], due_on=datetime.date(2026, 4, 19)
    )
    may = make_round(program, [], status=RoundStatus.PLANNED, starts_at=at("2026-05-04"), number=3)
    make_pairing(may, [dana, frank], due_on=datetime.date(2026, 5, 17))
    return {"met": met, "open": open_}


def link_of(person):
    url = personal_url(organisation_id=person.organisation_id, person_id=person.pk, language="en")
    return urlsplit(url).path


def test_past_matches_newest_first_without_plans(history, dana):
    matches, total = past_matches(person=dana, today=TODAY)
    assert total == 2
    assert [m.pairing for m in matches] == [history["open"], history["met"]]
    current, earlier = matches
    assert [a.person.name for a in current.partners] == ["Eli Brooks"]
    assert current.may_answer
    assert not current.met
    assert current.partners[0].outcome == Outcome.NOT_YET
    assert earlier.met
    assert not earlier.may_answer
    assert earlier.program.name == "Coffee across Acme"


def test_a_meeting_planned_outside_a_round_shows_once_due(dana, noor):
    later = make_pairing(None, [dana, noor], due_on=TODAY + datetime.timedelta(days=5))
    assert past_matches(person=dana, today=TODAY) == ([], 0)
    later.introduced_at = NOW
    later.save()
    matches, _total = past_matches(person=dana, today=TODAY)
    assert matches[0].program is None


def test_the_page_lists_matches_with_dates_and_answers(client, history, dana):
    html = client.get(link_of(dana)).content.decode()
    assert "Your matches" in html
    assert "Noor de Vries" in html
    assert "Eli Brooks" in html
    assert "Frank Olsen" not in html  # a plan, not a match
    assert "meet by Sun 29 Mar 2026" in html
    assert "Your answer: We met" in html
    assert "Eli Brooks: Not yet" in html
    assert "You have not answered yet." in html
    assert html.count('name="action" value="feedback"') == 1  # only the unanswered one


def test_show_more_pages_through_many_matches(client, program, dana):
    partners = make_people(dana.organisation, MATCHES_STEP + 3)
    closed = make_round(program, [], status=RoundStatus.CLOSED, starts_at=at("2026-01-05"))
    for index, partner in enumerate(partners):
        make_pairing(
            closed,
            [dana, partner],
            due_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=index),
        )
    html = client.get(link_of(dana)).content.decode()
    assert html.count('class="coffee-match"') == MATCHES_STEP
    assert f"?matches={2 * MATCHES_STEP}#matches" in html
    assert f"Show more ({MATCHES_STEP} of {MATCHES_STEP + 3} shown)" in html
    more = client.get(link_of(dana) + f"?matches={2 * MATCHES_STEP}").content.decode()
    assert more.count('class="coffee-match"') == MATCHES_STEP + 3
    assert "Show more" not in more


def test_feedback_right_on_the_page(client, history, dana):
    url = link_of(dana)
    pairing = history["open"]
    response = client.post(
        url,
        {
            "action": "feedback",
            "pairing": pairing.pk,
            "outcome": "met",
            "rating": "5",
            "comment": " Lovely ",
        },
    )
    assert response.status_code == 302
    member = PairingMember.objects.get(pairing=pairing, person=dana)
    assert (member.outcome, member.rating, member.comment) == ("met", 5, "Lovely")
    assert member.answered_at is not None
    page = client.get(url).content.decode()
    assert "Thank you: your answer is saved." in page
    assert 'name="action" value="feedback"' not in page


def test_feedback_shows_every_mistake_at_once(client, history, dana):
    pairing = history["open"]
    response = client.post(
        link_of(dana),
        {"action": "feedback", "pairing": pairing.pk, "rating": "9", "comment": "x" * 2001},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose one of the answers." in html
    assert "Select a valid choice" in html
    assert "at most 2000 characters" in html
    assert PairingMember.objects.get(pairing=pairing, person=dana).outcome == ""


def test_only_a_meeting_that_took_place_is_rated(client, history, dana):
    pairing = history["open"]
    response = client.post(
        link_of(dana),
        {"action": "feedback", "pairing": pairing.pk, "outcome": "missed", "rating": "3"},
    )
    assert response.status_code == 400
    assert "Only a meeting that took place can be rated." in response.content.decode()
    assert PairingMember.objects.get(pairing=pairing, person=dana).outcome == ""


def test_feedback_on_a_plan_or_someone_elses_match_is_a_404(
    client, history, dana, noor, eli, frank
):
    planned = PairingMember.objects.get(person=frank).pairing
    others = make_pairing(history["open"].round, [noor, frank])
    for pairing in (planned, others):
        response = client.post(
            link_of(dana), {"action": "feedback", "pairing": pairing.pk, "outcome": "met"}
        )
        assert response.status_code == 404
    assert (
        not PairingMember.objects.filter(person=dana, outcome="met")
        .exclude(pairing=history["met"])
        .exists()
    )


def test_own_working_hours_and_days(client, dana):
    response = client.post(
        link_of(dana),
        {
            "action": "hours",
            "hours-work_start": "08:30",
            "hours-work_end": "16:00",
            "hours-working_days": ["1", "2", "4"],
        },
    )
    assert response.status_code == 302
    dana.refresh_from_db()
    assert (dana.work_start, dana.work_end) == (datetime.time(8, 30), datetime.time(16, 0))
    assert dana.working_days == [1, 2, 4]
    assert "Saved your working hours." in client.get(link_of(dana)).content.decode()


def test_working_hours_show_every_mistake_at_once_and_change_nothing(client, dana):
    response = client.post(
        link_of(dana),
        {"action": "hours", "hours-work_start": "17:00", "hours-work_end": "09:00"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Working hours must end after they start (17:00–09:00)." in html
    assert "Choose at least one working day." in html
    dana.refresh_from_db()
    assert dana.work_start == datetime.time(9, 0)


def test_a_pause_in_the_past_and_a_bad_frequency_are_both_reported(client, program, dana):
    from tests.factories import join

    join(program, dana)
    prefix = f"p{program.pk}"
    response = client.post(
        link_of(dana),
        {
            "action": "participation",
            "program": program.pk,
            f"{prefix}-frequency": "hourly",
            f"{prefix}-paused_until": "2026-04-01",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "That day has passed" in html
    assert "Select a valid choice" in html


def test_profile_reports_too_many_topics_and_an_unknown_address_together(client, dana):
    response = client.post(
        link_of(dana),
        {
            "action": "profile",
            "ask_me_about": ", ".join(f"topic {n}" for n in range(12)),
            "block_email": "nobody@example.com",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "At most 8 topics, please." in html
    assert "Nobody with this address is in the directory." in html
    assert not CoffeeProfile.objects.exists()


def test_my_coffee_shows_time_away_with_the_way_to_change_it(bob_client, bob, dana):
    Person.objects.filter(pk=dana.pk).update(user=bob)
    OutOfOffice.objects.create(
        organisation=dana.organisation,
        person=dana,
        first_day=TODAY + datetime.timedelta(days=3),
        last_day=TODAY + datetime.timedelta(days=10),
    )
    html = bob_client.get(reverse("coffee:my_coffee")).content.decode()
    assert "Time off" in html
    time_off = reverse("absences:person", kwargs={"pk": dana.pk})
    assert time_off in html
    # A plain member manages their own time away there.
    assert bob_client.get(time_off).status_code == 200
    added = bob_client.post(
        time_off, {"first_day": "2026-05-04", "last_day": "2026-05-08", "note": ""}
    )
    assert added.status_code == 302
    assert OutOfOffice.objects.filter(person=dana).count() == 2


def test_the_signed_link_page_shows_no_time_off_panel(client, dana):
    assert "Add or change time away" not in client.get(link_of(dana)).content.decode()


def test_a_mistake_in_an_older_match_shows_on_the_same_page_of_matches(client, program, dana):
    partners = make_people(dana.organisation, MATCHES_STEP + 2)
    closed = make_round(program, [], status=RoundStatus.CLOSED, starts_at=at("2026-01-05"))
    pairings = [
        make_pairing(
            closed,
            [dana, partner],
            due_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=index),
        )
        for index, partner in enumerate(partners)
    ]
    oldest = pairings[0]
    more = f"?matches={2 * MATCHES_STEP}"
    page = client.get(link_of(dana) + more).content.decode()
    assert f'action="{more}#matches"' in page
    response = client.post(
        link_of(dana) + more, {"action": "feedback", "pairing": oldest.pk, "rating": "2"}
    )
    assert response.status_code == 400
    assert "Choose one of the answers." in response.content.decode()


def test_not_yet_can_become_we_met(client, history, eli):
    pairing = history["open"]
    assert 'name="action" value="feedback"' in client.get(link_of(eli)).content.decode()
    client.post(link_of(eli), {"action": "feedback", "pairing": pairing.pk, "outcome": "met"})
    assert PairingMember.objects.get(pairing=pairing, person=eli).outcome == Outcome.MET
    assert 'name="action" value="feedback"' not in client.get(link_of(eli)).content.decode()


def test_a_match_called_off_by_an_early_close_says_so(client, history, dana):
    history["open"].called_off_at = NOW
    history["open"].save()
    html = client.get(link_of(dana)).content.decode()
    assert "called off" in html
    assert "The round closed before you could meet." in html
