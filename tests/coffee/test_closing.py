"""Closing a round before its meet-by date: what has not gone out never goes out, meetings
still ahead are called off with a calendar cancellation, and nobody who never got their
intro counts as "no answer"."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from hallway.coffee.models import Pairing, PairingMember, Participation, RoundStatus
from hallway.coffee.selectors.feedback import no_shows
from hallway.coffee.selectors.insights import program_insights
from hallway.coffee.selectors.organiser import round_figures
from hallway.coffee.selectors.participants import organisation_history
from hallway.coffee.services.announcing import round_announce, round_close
from hallway.coffee.services.closing import close_plan
from hallway.coffee.services.feedback import feedback_record
from hallway.messaging.delivery import outbox_deliver_due, outbox_deliver_now
from hallway.messaging.models import OutboxMessage, Status
from tests.factories import ROUND_START, make_round

NOW = ROUND_START
NEXT_DAY = NOW + datetime.timedelta(days=1)  # before the slots (two days in)
MIDDLE = NOW + datetime.timedelta(days=7)  # after the slots, before meet-by


@pytest.fixture
def round(program, members):
    dana, noor, eli, frank = members
    round = make_round(program, [[dana, noor], [eli, frank]])
    with time_machine.travel(NOW, tick=False):
        round_announce(round=round, now=NOW)
    return round


def deliver_intros_of(*people):
    """Deliver only these people's intros (the rest wait, e.g. for their sending window)."""
    for message in OutboxMessage.objects.filter(person__in=people, message_type="coffee_intro"):
        outbox_deliver_now(message=message, worker="test")


def unanswered(program):
    return dict(
        Participation.objects.filter(program=program).values_list(
            "person__name", "unanswered_intros"
        )
    )


def calendar_of(mail):
    (part,) = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
    return part.get_param("method"), Calendar.from_ical(part.get_content())


def test_closing_early_cancels_what_has_not_gone_out_and_the_invites_that_did(
    program, members, round, smtp_server
):
    dana, noor, eli, frank = members
    with time_machine.travel(NOW, tick=False):
        deliver_intros_of(dana, noor)
    invites = {mail["To"].addresses[0].addr_spec: calendar_of(mail)[1] for mail in smtp_server}
    assert set(invites) == {dana.email, noor.email}
    smtp_server.clear()

    plan = close_plan(round=round, now=NEXT_DAY)
    assert plan.early
    assert plan.unsent_intros == 2  # Eli's and Frank's
    assert len(plan.called_off) == 2  # both meetings are still ahead
    assert len(plan.cancellations) == 2  # Dana and Noor have the invite

    with time_machine.travel(NEXT_DAY, tick=False):
        round_close(round=round, now=NEXT_DAY)
        report = outbox_deliver_due(worker="test")
    intros = OutboxMessage.objects.filter(message_type="coffee_intro")
    assert set(intros.filter(status=Status.CANCELLED).values_list("person", flat=True)) == {
        eli.pk,
        frank.pk,
    }
    # The worker delivers the two cancellations and never the cancelled intros.
    assert report.sent == 2
    assert {mail["To"].addresses[0].addr_spec for mail in smtp_server} == {
        dana.email,
        noor.email,
    }
    for mail in smtp_server:
        method, calendar = calendar_of(mail)
        (event,) = calendar.walk("VEVENT")
        (original,) = invites[mail["To"].addresses[0].addr_spec].walk("VEVENT")
        assert (method, str(calendar["METHOD"])) == ("CANCEL", "CANCEL")
        assert str(event["UID"]) == str(original["UID"])
        assert int(event["SEQUENCE"]) == int(original["SEQUENCE"]) + 1
        assert str(event["STATUS"]) == "CANCELLED"
    # Nobody counts as "no answer"; the called-off meetings are neither rates nor history.
    assert set(unanswered(program).values()) == {0}
    assert Pairing.objects.filter(round=round, called_off_at=NEXT_DAY).count() == 2
    figures = round_figures([round.pk])[round.pk]
    assert (figures.pairings, figures.called_off, figures.groups) == (0, 2, 2)
    assert no_shows(program=program, threshold=1) == []
    history = organisation_history(
        organisation=program.organisation, before=datetime.date(2030, 1, 1)
    )
    assert history == []


def test_closing_counts_no_answer_only_for_those_whose_meeting_could_happen(
    program, members, round
):
    dana, noor, eli, frank = members
    with time_machine.travel(NOW, tick=False):
        deliver_intros_of(dana, noor)
    # A week in: Dana and Noor's slot has passed; Eli and Frank never got their intro.
    plan = close_plan(round=round, now=MIDDLE)
    (called_off,) = plan.called_off
    assert set(
        PairingMember.objects.filter(pairing=called_off).values_list("person", flat=True)
    ) == {eli.pk, frank.pk}
    assert plan.cancellations == []  # their invites never went out
    round_close(round=round, now=MIDDLE)
    assert unanswered(program) == {
        "Dana Fischer": 1,
        "Noor de Vries": 1,
        "Eli Brooks": 0,
        "Frank Olsen": 0,
    }
    figures = round_figures([round.pk])[round.pk]
    assert (figures.pairings, figures.called_off) == (1, 1)
    insights = program_insights(program=program, organisation=program.organisation, now=MIDDLE)
    (row,) = insights.rounds
    assert row.pairings == 1
    assert {s.person.name for s in no_shows(program=program, threshold=1)} == {
        "Dana Fischer",
        "Noor de Vries",
    }


def test_a_pairing_that_met_is_never_called_off(program, members, round):
    dana, _noor, _eli, _frank = members
    feedback_record(
        member=PairingMember.objects.get(pairing__round=round, person=dana),
        outcome="met",
        now=NEXT_DAY,
    )
    round_close(round=round, now=NEXT_DAY)
    met = Pairing.objects.get(round=round, members__person=dana)
    assert met.called_off_at is None
    figures = round_figures([round.pk])[round.pk]
    assert (figures.pairings, figures.met, figures.called_off) == (1, 1, 1)


def test_closing_on_time_cancels_only_what_is_still_queued(program, members, round):
    round_close(round=round, now=round.ends_at + datetime.timedelta(hours=1))
    round.refresh_from_db()
    assert round.status == RoundStatus.CLOSED
    # Nothing went out: every intro is cancelled, every pairing called off.
    assert not OutboxMessage.objects.filter(status=Status.QUEUED).exists()
    assert Pairing.objects.filter(round=round, called_off_at__isnull=True).count() == 0
    assert set(unanswered(program).values()) == {0}


def test_the_page_asks_before_closing_early_and_says_what_stops(
    alice_client, program, members, round
):
    dana, noor, _eli, _frank = members
    with time_machine.travel(NOW, tick=False):
        deliver_intros_of(dana, noor)
    url = reverse("coffee:round_close", args=[round.pk])
    with time_machine.travel(NEXT_DAY, tick=False):
        asked = alice_client.post(url)
        html = asked.content.decode()
        assert asked.status_code == 200
        assert "Close round 1 before its meet-by date?" in html
        assert "2 intros that have not gone out yet are cancelled and never sent." in html
        assert "2 groups that have not met yet are called off" in html
        assert "2 people who have the calendar invite get a cancellation." in html
        round.refresh_from_db()
        assert round.status == RoundStatus.ANNOUNCED  # only asked
        assert alice_client.post(url, {"confirm": "1"}).status_code == 302
    round.refresh_from_db()
    assert round.status == RoundStatus.CLOSED
    page = alice_client.get(reverse("coffee:round", args=[round.pk])).content.decode()
    assert "2 called off when the round closed early" in page


def test_after_the_meet_by_date_the_page_closes_at_once(alice_client, round):
    with time_machine.travel(round.ends_at + datetime.timedelta(hours=1), tick=False):
        response = alice_client.post(reverse("coffee:round_close", args=[round.pk]))
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.status == RoundStatus.CLOSED


def test_a_we_met_after_an_early_close_makes_it_a_meeting_after_all(program, members, round):
    dana, _noor, _eli, _frank = members
    round_close(round=round, now=NEXT_DAY)
    feedback_record(
        member=PairingMember.objects.get(pairing__round=round, person=dana),
        outcome="missed",
        now=NEXT_DAY,
    )
    assert Pairing.objects.filter(round=round, called_off_at__isnull=True).count() == 0
    feedback_record(
        member=PairingMember.objects.get(pairing__round=round, person=dana),
        outcome="met",
        now=NEXT_DAY,
    )
    met = Pairing.objects.get(round=round, members__person=dana)
    assert met.called_off_at is None
    figures = round_figures([round.pk])[round.pk]
    assert (figures.pairings, figures.met, figures.called_off) == (1, 1, 1)
