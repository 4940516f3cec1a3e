"""A round from plan to announce to feedback to insights, with a real SMTP server.

Three people who read Hallway in German, Dutch and English, in Berlin, Amsterdam and New
York, are planned into one trio, announced, and the outbox is delivered by the same
function the worker runs. Each email is then read as it arrived: its language, the
suggested time in the reader's zone, the iMIP invitation, the links. Then everyone answers
through the signed links in their email, and the organiser sees the answers in the insights.
"""

import csv
import datetime
import io
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from icalendar import Calendar

from hallway.coffee.models import Cadence, PairingMember, RoundStatus
from hallway.coffee.services.announcing import round_announce
from hallway.coffee.services.planning import round_plan
from hallway.messaging.delivery import outbox_deliver_due
from hallway.messaging.models import OutboxMessage, Status

DAY = datetime.date(2026, 3, 3)  # a Tuesday; New York is on summer time, Europe is not yet
START = datetime.datetime(2026, 3, 3, 8, 0, tzinfo=datetime.UTC)
LINK = re.compile(re.escape(settings.BASE_URL) + r"/[^\s<>\"]+")


@pytest.fixture
def trio_program(program, members):
    _dana, _noor, _eli, frank = members
    frank.delete()
    program.cadence = Cadence.WEEKLY
    program.weekday = 2
    program.hour = 9
    program.first_round_on = DAY
    program.group_size = 3
    program.save()
    return program


def text_of(mail):
    return mail.get_body(preferencelist=("plain",)).get_content()


def calendar_of(mail):
    (part,) = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "REQUEST"
    return Calendar.from_ical(part.get_content())


def local(moment, zone):
    return moment.astimezone(ZoneInfo(zone)).strftime("%H:%M")


def links_in(text):
    return list(LINK.findall(text))


def test_a_round_from_plan_to_feedback(client, alice, smtp_server, trio_program, dana, noor, eli):
    with time_machine.travel(START, tick=False):
        planned = round_plan(program=trio_program, now=START)
        round = planned.round
        assert round is not None
        assert round.status == RoundStatus.PLANNED
        (group,) = planned.groups
        assert {p.name for p in group.members} == {dana.name, noor.name, eli.name}
        round_announce(round=round, now=START)
        report = outbox_deliver_due(worker="e2e")
    assert report.sent == 3
    assert not OutboxMessage.objects.exclude(status=Status.SENT).exists()
    pairing = round.pairings.get()
    slot = pairing.slot_start
    assert slot is not None
    assert pairing.video_url

    mails = {mail["To"].addresses[0].addr_spec: mail for mail in smtp_server}
    assert set(mails) == {dana.email, noor.email, eli.email}

    # Each in their own language, with the suggested time in their own zone.
    expected = {
        dana.email: (
            "de",
            "Kaffee mit Eli Brooks und Noor de Vries",
            "Europe/Berlin",
            "Vorgeschlagene Zeit",
        ),
        noor.email: (
            "nl",
            "Koffie met Dana Fischer en Eli Brooks",
            "Europe/Amsterdam",
            "Voorgestelde tijd",
        ),
        eli.email: (
            "en",
            "Coffee with Dana Fischer and Noor de Vries",
            "America/New_York",
            "Suggested time",
        ),
    }
    for address, (language, subject, zone, when) in expected.items():
        mail = mails[address]
        text = text_of(mail).replace("\r\n", "\n")
        assert mail["Content-Language"] == language
        assert mail["Subject"] == subject
        start = local(slot, zone)
        end = local(pairing.slot_end, zone)
        abbreviation = slot.astimezone(ZoneInfo(zone)).strftime("%Z")
        assert f"{when}: " in text
        assert f"{start}–{end} ({abbreviation})" in text
        assert pairing.video_url in text

    # Partners' local times and the starter, in the reader's language.
    eli_text = text_of(mails[eli.email])
    assert f"Their local time: {local(slot, 'Europe/Berlin')} (Europe/Berlin)" in eli_text
    assert "A question to start with: " in eli_text
    assert "Eine Frage für den Einstieg: " in text_of(mails[dana.email])
    assert "Een vraag om mee te beginnen: " in text_of(mails[noor.email])

    # The iMIP invitation: the slot, every member as an attendee, the video link.
    for mail in mails.values():
        (event,) = calendar_of(mail).walk("VEVENT")
        assert event.decoded("dtstart") == slot
        assert event.decoded("dtend") == pairing.slot_end
        attendees = {str(a).removeprefix("mailto:") for a in event.get("attendee")}
        assert attendees == {dana.email, noor.email, eli.email}
        assert str(event.get("location")) == pairing.video_url
        assert str(event.get("uid")) == f"coffee-pairing-{pairing.pk}@localhost"

    # Feedback through each person's own signed links: a GET only asks, a POST answers.
    def answer(mail, which, data=None):
        text = text_of(mail)
        label = {
            "de": {"met": "Wir haben uns getroffen:", "missed": "Hat nicht geklappt:"},
            "nl": {"met": "We hebben elkaar gesproken:", "missed": "Het is niet gelukt:"},
            "en": {"met": "We met:", "missed": "We couldn't make it:", "not_yet": "Not yet:"},
        }[mail["Content-Language"]][which]
        line = next(line for line in text.splitlines() if line.startswith(label))
        (url,) = links_in(line)
        path = url.removeprefix(settings.BASE_URL)
        assert f"/m/{mail['Content-Language']}/coffee_feedback/" in path
        page = client.get(path)
        assert page.status_code == 200
        assert PairingMember.objects.filter(pairing=pairing).exclude(outcome="").count() == (
            answered_so_far
        )
        done = client.post(path, data or {})
        assert done.status_code == 200
        return done.content.decode()

    with time_machine.travel(START + datetime.timedelta(days=3)):
        answered_so_far = 0
        confirmation = answer(mails[dana.email], "met", {"rating": "5", "comment": "Sehr nett"})
        assert "Deine Antwort ist gespeichert" in confirmation
        answered_so_far = 1
        answer(mails[noor.email], "missed")
        answered_so_far = 2
        answer(mails[eli.email], "not_yet")
        answered_so_far = 3
        answer(mails[eli.email], "met", {"rating": "4"})

    rows = {
        m.person.email: (m.outcome, m.rating, m.comment)
        for m in PairingMember.objects.filter(pairing=pairing).select_related("person")
    }
    assert rows == {
        dana.email: ("met", 5, "Sehr nett"),
        noor.email: ("missed", None, ""),
        eli.email: ("met", 4, ""),
    }
    assert all(m.answered_at is not None for m in PairingMember.objects.filter(pairing=pairing))

    # The organiser sees the answers in the insights: one group, answered, met, rated 4.5.
    client.force_login(alice)
    page = client.get(reverse("coffee:insights_program", kwargs={"pk": trio_program.pk}))
    assert page.status_code == 200
    url = reverse("coffee:insights_csv", kwargs={"pk": trio_program.pk})
    rate = list(
        csv.reader(io.StringIO(client.get(url, {"chart": "meeting-rate"}).content.decode()))
    )
    assert rate[1][2:] == ["1", "1", "1", "100.0"]  # pairings, answered, met, rate
    rating = list(csv.reader(io.StringIO(client.get(url, {"chart": "rating"}).content.decode())))
    assert rating[1][2:] == ["2", "4.5"]  # ratings, average
