"""Afterwards: the "who you met" note (only what each guest agreed to share), "I'd like to
meet X again", ratings, the host's page, and the breakout rooms written to the one memory
of who met whom."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from hallway.coffee.interface import Pairing, organisation_history
from hallway.coffee.selectors.personal import past_matches
from hallway.core.scheduler import Every, registry
from hallway.gatherings.messages import GATHERING_WHO_YOU_MET
from hallway.gatherings.models import (
    BreakoutRoom,
    GatheringRating,
    GatheringStatus,
    Guest,
    GuestRole,
    GuestStatus,
    MeetAgain,
    RoomMemory,
)
from hallway.gatherings.services.afterwards import (
    afterwards_send_due,
    gathering_afterwards,
    gathering_rate,
    gathering_rooms_remember,
    meet_again_record,
)
from hallway.gatherings.services.gatherings import gathering_create
from hallway.gatherings.tasks import gatherings_afterwards
from hallway.messaging.delivery import Deliverer
from hallway.messaging.models import OutboxMessage
from tests.factories import make_company, make_contact, make_person

START = datetime.datetime(2026, 12, 9, 16, 0, tzinfo=datetime.UTC)
END = START + datetime.timedelta(minutes=90)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _no_windows(settings):
    settings.HALLWAY_SENDING_WINDOWS = False


def at(moment):
    return time_machine.travel(moment, tick=False)


def notes():
    return OutboxMessage.objects.filter(message_type=GATHERING_WHO_YOU_MET)


def text_of(mail):
    return mail.get_body(preferencelist=("plain",)).get_content()


def path_of(url):
    return urlsplit(url).path


def add_guest(gathering, name, email, **fields) -> Guest:
    fields.setdefault("status", GuestStatus.YES)
    fields.setdefault("language", "en")
    return Guest.objects.create(
        organisation=gathering.organisation,
        gathering=gathering,
        name=name,
        email=email,
        timezone="Europe/Berlin",
        **fields,
    )


def room(gathering, round_number, number, *members):
    made = BreakoutRoom.objects.create(
        organisation=gathering.organisation,
        gathering=gathering,
        round_number=round_number,
        number=number,
    )
    made.members.add(*members)
    return made


@pytest.fixture
def party(acme, alice):
    """Alice hosts. Round 1: Alice, Carla (colleague), Bruna (client, German, shares her
    profile) | Dan (colleague), Mia (no profile shared). Round 2: Alice, Dan | Carla,
    Bruna, Mia. Nora said no."""
    make_person(acme, "Alice Adams", email=alice.email, user=alice)
    carla_person = make_person(acme, "Carla Conti", email="carla@acme.test")
    dan_person = make_person(acme, "Dan Dorn", email="dan@acme.test")
    client_corp = make_company(acme, "Client Corp")
    bruna_contact = make_contact(
        acme, "Bruna Costa", email="bruna@client.example", company=client_corp
    )
    with at(START - 3 * DAY):
        gathering = gathering_create(
            organisation=acme,
            title="Winter drinks",
            hosts=[alice],
            starts_at=START,
            minutes=90,
            by=alice,
        )
    alice_guest = gathering.guests.get(role=GuestRole.HOST)
    carla = add_guest(gathering, "Carla Conti", "carla@acme.test", person=carla_person)
    dan = add_guest(gathering, "Dan Dorn", "dan@acme.test", person=dan_person)
    bruna = add_guest(
        gathering,
        "Bruna Costa",
        "bruna@client.example",
        contact=bruna_contact,
        language="de",
        topics="Remote hiring",
        share_profile=True,
    )
    mia = add_guest(gathering, "Mia Moreau", "mia@elsewhere.example", topics="Secret plans")
    add_guest(gathering, "Nora North", "nora@elsewhere.example", status=GuestStatus.NO)
    room(gathering, 1, 1, alice_guest, carla, bruna)
    room(gathering, 1, 2, dan, mia)
    room(gathering, 2, 1, alice_guest, dan)
    room(gathering, 2, 2, carla, bruna, mia)
    return gathering


def guest(email):
    return Guest.objects.get(email=email)


def test_the_job_is_hourly():
    registry.autodiscover()
    job = {job.name: job for job in registry.jobs()}["gatherings.afterwards"]
    assert job.schedule == Every(hours=1)


def test_each_guest_who_said_yes_gets_one_note_an_hour_after_the_end(party, smtp_server):
    with at(END + HOUR / 2):
        assert afterwards_send_due(now=END + HOUR / 2) == 0  # too soon
    with at(END + HOUR + datetime.timedelta(minutes=5)):
        assert gatherings_afterwards.call() == 5
        assert gatherings_afterwards.call() == 0  # once per guest
        report = Deliverer(worker="test").run()
    assert report.sent == 5
    assert sorted(notes().values_list("address", flat=True)) == [
        "alice@acme.test",
        "bruna@client.example",
        "carla@acme.test",
        "dan@acme.test",
        "mia@elsewhere.example",
    ]  # not Nora, who said no
    mails = {mail["To"].addresses[0].addr_spec: mail for mail in smtp_server}

    carla = text_of(mails["carla@acme.test"])
    assert "Who you met at Winter drinks" in mails["carla@acme.test"]["Subject"]
    # Bruna agreed to share: full name, company and topics. Mia did not: first name only.
    assert "- Bruna Costa (Client Corp)" in carla
    assert "Would like to talk about: Remote hiring" in carla
    assert re.search(r"^- Mia\r?$", carla, re.MULTILINE), carla
    assert "Moreau" not in carla
    assert "Secret plans" not in carla
    assert "Alice" in carla
    # As a word: the mail's signed links are random letters, and may spell "Dan".
    assert not re.search(r"\bDan\b", carla), carla
    assert len(re.findall(r"gathering_afterwards/", carla)) == 3 + 5  # three people, 5 ratings

    # Carla did not agree either: Bruna sees her by first name only.
    bruna = text_of(mails["bruna@client.example"])
    assert re.search(r"^- Carla\r?$", bruna, re.MULTILINE), bruna
    assert "Conti" not in bruna


def test_no_note_for_a_cancelled_or_old_gathering_or_one_without_rooms(party, acme, alice):
    party.status = GatheringStatus.CANCELLED
    party.save()
    with at(END + 2 * HOUR):
        assert afterwards_send_due(now=END + 2 * HOUR) == 0
    party.status = GatheringStatus.SCHEDULED
    party.save()
    with at(END + 8 * DAY):
        assert afterwards_send_due(now=END + 8 * DAY) == 0
    party.rooms.all().delete()
    with at(END + 2 * HOUR):
        assert afterwards_send_due(now=END + 2 * HOUR) == 0
    assert not notes().exists()


def test_meet_again_and_rating_through_the_links(party, client):
    with at(END + 2 * HOUR):
        afterwards_send_due(now=END + 2 * HOUR)
    note = notes().get(address="carla@acme.test")
    people = {p["name"]: p["meet_url"] for p in note.context["people"]}
    url = people["Bruna Costa"]
    path = path_of(url)
    page = client.get(path)
    assert page.status_code == 200
    assert "Would you like to meet Bruna Costa again?" in page.content.decode()
    assert not MeetAgain.objects.exists()  # opening the link wishes nothing
    done = client.post(path)
    assert done.status_code == 200
    client.post(path)  # twice: still one wish
    wish = MeetAgain.objects.get()
    assert (wish.guest.email, wish.other.email) == ("carla@acme.test", "bruna@client.example")

    rate = next(r["url"] for r in note.context["ratings"] if r["score"] == 4)
    client.post(path_of(rate))
    assert GatheringRating.objects.get(guest__email="carla@acme.test").score == 4
    rate = next(r["url"] for r in note.context["ratings"] if r["score"] == 2)
    client.post(path_of(rate))  # changed her mind: the last rating counts
    assert GatheringRating.objects.get(guest__email="carla@acme.test").score == 2


def test_meet_again_only_someone_met_and_ratings_only_1_to_5(party):
    now = END + 2 * HOUR
    with pytest.raises(ValidationError):
        meet_again_record(guest=guest("carla@acme.test"), other=guest("dan@acme.test"), now=now)
    with pytest.raises(ValidationError):
        meet_again_record(guest=guest("carla@acme.test"), other=guest("carla@acme.test"), now=now)
    with pytest.raises(ValidationError):
        gathering_rate(guest=guest("carla@acme.test"), score=6, now=now)
    with pytest.raises(ValidationError):
        gathering_rate(guest=guest("nora@elsewhere.example"), score=5, now=now)
    assert not MeetAgain.objects.exists()
    assert not GatheringRating.objects.exists()


def test_the_host_sees_attendance_the_average_from_three_ratings_and_connections(
    party, client, alice, bob
):
    now = END + 2 * HOUR
    carla, bruna, mia = (
        guest("carla@acme.test"),
        guest("bruna@client.example"),
        guest("mia@elsewhere.example"),
    )
    meet_again_record(guest=carla, other=bruna, now=now)
    meet_again_record(guest=bruna, other=carla, now=now)
    meet_again_record(guest=mia, other=bruna, now=now)
    gathering_rate(guest=carla, score=5, now=now)
    gathering_rate(guest=bruna, score=4, now=now)

    summary = gathering_afterwards(gathering=party)
    assert summary.rating_count == 2
    assert summary.rating_average is None
    assert [(a.email, b.email) for a, b in summary.connections] == [
        ("carla@acme.test", "bruna@client.example")
    ]
    assert [(w.guest.email, w.other.email, w.other_is_contact) for w in summary.wishes] == [
        ("mia@elsewhere.example", "bruna@client.example", True)
    ]
    gathering_rate(guest=mia, score=3, now=now)
    assert gathering_afterwards(gathering=party).rating_average == 4.0

    url = reverse("gatherings:afterwards", kwargs={"pk": party.pk})
    client.force_login(alice)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "4.0 of 5, from 3 ratings" in html
    assert "Carla Conti ↔ Bruna Costa" in html
    assert "Nora North" not in html  # said no
    client.force_login(bob)
    assert client.get(url).status_code == 403  # neither host nor organiser


def test_rooms_with_two_colleagues_become_the_memory_of_who_met_whom(party, acme):
    now = END + 2 * HOUR
    assert gathering_rooms_remember(gathering=party, now=now) == 2
    assert gathering_rooms_remember(gathering=party, now=now) == 0  # once
    with at(now):
        afterwards_send_due(now=now)  # the job remembers nothing twice either
    assert RoomMemory.objects.count() == 2
    pairings = Pairing.objects.filter(gathering_room__isnull=False)
    assert all(p.round_id is None and p.due_on == START.date() for p in pairings)
    carla, dan = guest("carla@acme.test").person, guest("dan@acme.test").person
    alice = guest("alice@acme.test").person
    met = {frozenset(p.members.values_list("person_id", flat=True)) for p in pairings}
    # Round 1 room 1: Alice and Carla (Bruna is a contact); round 2 room 1: Alice and Dan.
    # Round 1 room 2 has one colleague only; round 2 room 2 too.
    assert met == {frozenset({alice.pk, carla.pk}), frozenset({alice.pk, dan.pk})}
    history = organisation_history(organisation=acme, before=START.date() + DAY)
    pairs = {m.people for m in history}
    assert frozenset({str(alice.pk), str(carla.pk)}) in pairs
    # Remembered, not a coffee date: not among Carla's matches, nobody asked about it.
    assert all(p.remembered for p in pairings)
    matches, total = past_matches(person=carla, today=START.date() + DAY)
    assert (matches, total) == ([], 0)


def test_the_yes_page_asks_whether_to_share_the_profile(party, client):
    from hallway.gatherings.links import rsvp_url

    mia = guest("mia@elsewhere.example")
    url = rsvp_url(guest=mia, answer="yes", language="en")
    path = path_of(url)
    page = client.get(path).content.decode()
    assert 'name="share_profile"' in page
    client.post(path, {"share_profile": "on"})
    assert guest("mia@elsewhere.example").share_profile is True
    client.post(path, {})  # answered yes again without the box: no longer shared
    assert guest("mia@elsewhere.example").share_profile is False
    no = rsvp_url(guest=mia, answer="no", language="en")
    assert 'name="share_profile"' not in client.get(path_of(no)).content.decode()


def test_two_colleagues_who_wish_to_meet_again_get_a_coffee_date(party):
    now = END + 2 * HOUR
    alice, carla = guest(party.hosts.get().email), guest("carla@acme.test")
    bruna = guest("bruna@client.example")
    meet_again_record(guest=carla, other=bruna, now=now)  # a contact: for the host to see
    meet_again_record(guest=carla, other=alice, now=now)  # one-way: nothing yet
    assert not Pairing.objects.filter(remembered=False).exists()
    meet_again_record(guest=alice, other=carla, now=now)
    (date,) = Pairing.objects.filter(remembered=False)
    assert date.round_id is None
    assert set(date.members.values_list("person_id", flat=True)) == {
        alice.person_id,
        carla.person_id,
    }
    assert date.due_on == (now + 14 * DAY).date()
    intros = OutboxMessage.objects.filter(idempotency_key__contains=f"pairing-{date.pk}")
    assert intros.count() == 2
    # A second click, or the other way round again, makes no second date.
    meet_again_record(guest=alice, other=carla, now=now)
    assert Pairing.objects.filter(remembered=False).count() == 1
