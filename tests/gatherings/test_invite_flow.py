"""Inviting to a gathering end to end, through the commands and a real SMTP server: an
attendee list in German and cp1252, the capacity and its waitlist, the answer links, a
senior guest and the breakout plan."""

import datetime
import itertools
import json
import re
from collections import Counter
from io import StringIO
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from icalendar import Calendar

from hallway.gatherings.models import Gathering, Guest, GuestRole, GuestStatus
from hallway.messaging.delivery import Deliverer
from hallway.relationships.models import Contact, ContactKind
from tests.factories import make_person

NOW = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)
STARTS = "2026-12-17T17:00:00+01:00"
CITIES = ["Europe/Berlin", "America/Sao_Paulo", "Asia/Kolkata", "Europe/Amsterdam"]


@pytest.fixture(autouse=True)
def _now_and_no_windows(settings):
    settings.HALLWAY_SENDING_WINDOWS = False
    with time_machine.travel(NOW, tick=False):
        yield


def attendee_csv(path, rows=40):
    """The list an organiser gets from a cancelled conference: German headings, Excel's
    cp1252 and semicolons, umlauts in the names."""
    lines = ["Name;E-Mail;Firma;Rolle;Zeitzone;Sprache;Themen"]
    for n in range(rows):
        lines.append(
            f"Jürgen Müller {n:02};teilnehmer{n:02}@konferenz.example;Firma {n % 7} GmbH;"
            f"Leitung HR;{CITIES[n % 4]};{'de' if n % 2 else 'nl'};Remote-Onboarding, Führung"
        )
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    return path


def run(*args):
    out = StringIO()
    call_command("gathering", *args, stdout=out)
    return json.loads(out.getvalue())


def deliver():
    return Deliverer(worker="test").run()


def by_recipient(received):
    return {mail["To"].addresses[0].addr_spec: mail for mail in received}


def text_of(mail):
    return mail.get_body(preferencelist=("plain",)).get_content()


def event_of(mail):
    (inline,) = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
    calendar = Calendar.from_ical(inline.get_content())
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def answer_link(mail, word):
    """The plain http(s) link after "Ja:" / "Yes:" … in the text part."""
    found = re.search(rf"^{word}: (https?://\S+)\s*$", text_of(mail), re.MULTILINE)
    assert found, text_of(mail)
    return urlsplit(found.group(1)).path


@pytest.fixture
def gathering_id(acme, alice):
    make_person(acme, "Alice Adams", email=alice.email, user=alice, timezone="Europe/Berlin")
    created = run(
        "create",
        "--org", acme.slug,
        "--title", "Nach der abgesagten DMEXCO",
        "--host", alice.email,
        "--starts", STARTS,
        "--minutes", "90",
        "--topic", "Remote-Onboarding",
        "--json",
    )  # fmt: skip
    return created["id"]


def test_an_attendee_list_invites_twelve_to_ten_seats_and_a_no_frees_one(
    smtp_server, acme, alice, gathering_id, tmp_path, client
):
    call_command(
        "import_contacts",
        str(attendee_csv(tmp_path / "teilnehmer.csv")),
        "--org",
        acme.slug,
        stdout=StringIO(),
    )
    assert Contact.objects.filter(organisation=acme).count() == 40
    twelve = [f"teilnehmer{n:02}@konferenz.example" for n in range(12)]

    result = run(
        "invite", str(gathering_id), "--org", acme.slug, "--emails", ",".join(twelve), "--json"
    )
    assert result == {"invited": 10, "waitlisted": 2, "created_contacts": 0}
    gathering = Gathering.objects.get(pk=gathering_id)
    guests = gathering.guests.exclude(role=GuestRole.HOST)
    assert [g.waitlist_position for g in guests.filter(status=GuestStatus.WAITLISTED)] == [1, 2]

    assert deliver().sent == 12
    mails = by_recipient(smtp_server)
    first = mails["teilnehmer01@konferenz.example"]  # German (odd rows), São Paulo
    assert first["Subject"].startswith("Einladung: Nach der abgesagten DMEXCO")
    calendar, event = event_of(first)
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == gathering.uid
    assert event.decoded("DTSTART") == datetime.datetime(2026, 12, 17, 16, 0, tzinfo=datetime.UTC)
    assert list(event.walk("VALARM"))
    assert "13:00" in text_of(first)  # 17:00 in Berlin is 13:00 in São Paulo
    assert gathering.video_url in text_of(first)
    waiting = mails["teilnehmer11@konferenz.example"]
    assert not [p for p in waiting.walk() if p.get_content_type() == "text/calendar"]

    # Yes: the link's page asks first (a mail scanner's GET answers nothing), a POST answers.
    yes = answer_link(first, "Ja")
    page = client.get(yes)
    assert page.status_code == 200
    assert Guest.objects.get(email="teilnehmer01@konferenz.example").status == GuestStatus.INVITED
    assert client.post(yes).status_code == 200
    assert Guest.objects.get(email="teilnehmer01@konferenz.example").status == GuestStatus.YES

    # No: the seat goes to the first in line, who gets the invitation now.
    smtp_server.clear()
    dutch = mails["teilnehmer00@konferenz.example"]
    assert client.post(answer_link(dutch, "Nee")).status_code == 200
    assert Guest.objects.get(email="teilnehmer00@konferenz.example").status == GuestStatus.NO
    promoted = Guest.objects.get(email="teilnehmer10@konferenz.example")
    assert (promoted.status, promoted.waitlist_position) == (GuestStatus.INVITED, None)
    assert Guest.objects.get(email="teilnehmer11@konferenz.example").waitlist_position == 2
    assert deliver().sent == 1
    (seat,) = smtp_server
    assert seat["To"].addresses[0].addr_spec == "teilnehmer10@konferenz.example"
    assert event_of(seat)[0]["METHOD"] == "REQUEST"

    # Eight more say yes through their links (Dutch and German both say "Ja"): nine in all.
    for n in range(2, 10):
        address = f"teilnehmer{n:02}@konferenz.example"
        assert client.post(answer_link(mails[address], "Ja")).status_code == 200
    yes = gathering.guests.filter(role=GuestRole.GUEST, status=GuestStatus.YES)
    assert yes.count() == 9

    # The senior guest is invited with one more attendee (who waits: the seats are taken)
    # and says yes through their own link.
    smtp_server.clear()
    senior_email = "vorstand@konferenz.example"
    result = run(
        "invite", str(gathering_id), "--org", acme.slug,
        "--emails", "teilnehmer12@konferenz.example", "--guest", senior_email, "--json",
    )  # fmt: skip
    assert result == {"invited": 1, "waitlisted": 1, "created_contacts": 1}
    assert deliver().sent == 2
    senior_mail = by_recipient(smtp_server)[senior_email]
    assert client.post(answer_link(senior_mail, "Yes")).status_code == 200
    senior = Guest.objects.get(email=senior_email)
    assert (senior.role, senior.status) == (GuestRole.SENIOR, GuestStatus.YES)

    # Nine guests, the host and the senior guest: eleven people, so four rooms a round (three
    # trios and a pair). The "9 guests" are the guests who said yes; with eleven
    # there are as many rooms as rounds, so the senior guest can be in a different room every
    # round (with nine people, three rooms, a fourth round would have to repeat one).
    plan = run(
        "plan-rounds", str(gathering_id), "--org", acme.slug,
        "--rounds", "4", "--size", "3", "--json",
    )  # fmt: skip
    assert plan["repeat_free"] is True
    rounds = plan["rounds"]
    assert len(rounds) == 4
    came = {alice.email, senior_email} | {g.email for g in yes}
    assert len(came) == 11
    for rooms in rounds:
        assert all(len(room) in (2, 3) for room in rooms)
        assert sorted(e for room in rooms for e in room) == sorted(came)
    pairs = Counter(
        frozenset(pair)
        for rooms in rounds
        for room in rooms
        for pair in itertools.combinations(room, 2)
    )
    assert max(pairs.values()) == 1  # nobody meets anyone twice
    senior_rooms = [
        next(number for number, room in enumerate(rooms) if senior_email in room)
        for rooms in rounds
    ]
    assert len(set(senior_rooms)) == 4  # a different room every round


def test_inviting_an_attendee_list_makes_contacts_with_their_topics(
    smtp_server, acme, alice, gathering_id, tmp_path
):
    result = run(
        "invite", str(gathering_id), "--org", acme.slug,
        "--csv", str(attendee_csv(tmp_path / "liste.csv", rows=5)),
        "--guest", "ceo@acme.example",
        "--json",
    )  # fmt: skip
    assert result == {"invited": 6, "waitlisted": 0, "created_contacts": 6}
    contact = Contact.objects.get(email="teilnehmer03@konferenz.example")
    assert contact.kind == ContactKind.ATTENDEE
    assert contact.source == "attendee list of Nach der abgesagten DMEXCO"
    assert contact.company is not None
    assert contact.company.name == "Firma 3 GmbH"
    guest = Guest.objects.get(email="teilnehmer03@konferenz.example")
    assert (guest.language, guest.timezone) == ("de", "Europe/Amsterdam")
    assert guest.topics == "Remote-Onboarding, Führung"
    assert Guest.objects.get(email="ceo@acme.example").role == GuestRole.SENIOR


def test_a_broken_attendee_list_says_which_row_and_changes_nothing(
    acme, alice, gathering_id, tmp_path
):
    path = tmp_path / "kaputt.csv"
    path.write_bytes(
        "Name;E-Mail\r\nAnna Schmidt;anna@konferenz.example\r\nBernd Bauer;\r\n".encode("cp1252")
    )
    with pytest.raises(CommandError) as raised:
        run("invite", str(gathering_id), "--org", acme.slug, "--csv", str(path), "--json")
    assert raised.value.returncode == 2
    assert "row 3" in str(raised.value).lower()
    assert "email" in str(raised.value).lower()
    assert not Contact.objects.exists()
    assert not Guest.objects.exclude(role=GuestRole.HOST).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--starts", "2026-12-17T17:00"], "offset"),
        (["--starts", "gestern"], "ISO 8601"),
        (["--starts", "2026-12-01T17:00+01:00"], "future"),
        (["--starts", STARTS, "--capacity", "1"], "capacity"),
    ],
)
def test_bad_input_to_create_exits_2(acme, alice, args, message):
    with pytest.raises(CommandError) as raised:
        run(
            "create",
            "--org",
            acme.slug,
            "--title",
            "T",
            "--host",
            alice.email,
            "--minutes",
            "60",
            *args,
        )
    assert raised.value.returncode == 2
    assert message in str(raised.value)
    assert not Gathering.objects.exists()
