"""Scheduling a call with a contact: the slot, the invitations (through a real SMTP server),
the brief in the owner's copy only, a new time and a cancellation."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from icalendar import Calendar

from hallway.absences.models import Holiday, OutOfOffice
from hallway.messaging.delivery import Deliverer
from hallway.messaging.models import OutboxMessage, RecipientKind
from hallway.messaging.selectors import message_context_shown
from hallway.relationships.models import CallStatus, Detail, ScheduledCall, Touch, Visibility
from hallway.relationships.selectors.calls import call_slots
from hallway.relationships.services.calls import call_cancel, call_reschedule, call_schedule
from tests.factories import make_company, make_contact, make_person, make_touch

UTC = datetime.UTC
BERLIN = ZoneInfo("Europe/Berlin")
SAO_PAULO = ZoneInfo("America/Sao_Paulo")
# Thursday 19 November 2026, 17:00 UTC: too late for today in both places. Friday 20
# November is Black Awareness Day in Brazil.
THURSDAY_EVENING = datetime.datetime(2026, 11, 19, 17, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _no_windows(settings):
    settings.HALLWAY_SENDING_WINDOWS = False


@pytest.fixture
def alice_person(acme, alice):
    return make_person(acme, "Alice Adams", email=alice.email, user=alice, timezone="Europe/Berlin")


@pytest.fixture
def brightside(acme):
    return make_company(
        acme,
        "Brightside Ltda.",
        timezone="America/Sao_Paulo",
        work_start=datetime.time(9, 0),
        work_end=datetime.time(17, 0),
        holiday_region="BR-SP",
        language="nl",
    )


@pytest.fixture
def bruna(acme, alice, brightside):
    # Zone, hours, holidays and language all come from her company.
    return make_contact(acme, "Bruna Costa", company=brightside, owners=[alice])


def deliver():
    return Deliverer(worker="test").run()


def by_recipient(received):
    return {mail["To"].addresses[0].addr_spec: mail for mail in received}


def text_of(mail):
    return mail.get_body(preferencelist=("plain",)).get_content()


def html_of(mail):
    return mail.get_body(preferencelist=("html",)).get_content()


def event_of(mail):
    (inline,) = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
    calendar = Calendar.from_ical(inline.get_content())
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def inside_hours(moment, zone):
    local = moment.astimezone(zone)
    return local.isoweekday() <= 5 and datetime.time(9) <= local.time() <= datetime.time(17)


def test_the_slot_is_inside_both_working_hours_and_skips_holidays(acme, alice, alice_person, bruna):
    slots = call_slots(organisation=acme, contact=bruna, owner=alice, now=THURSDAY_EVENING)
    assert len(slots) == 5
    # Friday is a holiday in São Paulo; Monday 09:00 there is 13:00 in Berlin (12:00 UTC).
    assert slots[0].start == datetime.datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    for slot in slots:
        for zone in (BERLIN, SAO_PAULO):
            assert inside_hours(slot.start, zone)
            assert inside_hours(slot.end, zone)
    assert len({slot.start.date() for slot in slots}) == 5  # one a day

    # The owner's organisation takes Monday off, and she is away on Tuesday.
    Holiday.objects.create(organisation=acme, date=datetime.date(2026, 11, 23), name="Retreat")
    OutOfOffice.objects.create(
        organisation=acme,
        person=alice_person,
        first_day=datetime.date(2026, 11, 24),
        last_day=datetime.date(2026, 11, 24),
    )
    slots = call_slots(organisation=acme, contact=bruna, owner=alice, now=THURSDAY_EVENING)
    assert slots[0].start == datetime.datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_the_overlap_follows_daylight_saving_time(acme, alice, alice_person, bruna):
    # Berlin's 17:00 is 16:00 UTC in winter but 15:00 UTC in summer (São Paulo: 20:00 UTC).
    winter = datetime.datetime(2026, 3, 26, 14, 30, tzinfo=UTC)
    (first, *_rest) = call_slots(organisation=acme, contact=bruna, owner=alice, now=winter)
    assert first.start == datetime.datetime(2026, 3, 26, 15, 30, tzinfo=UTC)
    summer = winter + datetime.timedelta(days=7)
    (first, *_rest) = call_slots(organisation=acme, contact=bruna, owner=alice, now=summer)
    # Not 15:30 UTC (17:30 in Berlin); Friday is Good Friday in Brazil, so Monday.
    assert first.start == datetime.datetime(2026, 4, 6, 12, 0, tzinfo=UTC)
    assert first.start.astimezone(BERLIN).hour == 14


def test_without_a_directory_entry_the_owner_has_the_organisations_hours(acme, bob, bruna):
    slots = call_slots(organisation=acme, contact=bruna, owner=bob, now=THURSDAY_EVENING)
    assert slots[0].start == datetime.datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture
def history(acme, alice, bob, bruna, brightside):
    touch = make_touch(acme, bruna, at=datetime.datetime(2026, 10, 1, 14, tzinfo=UTC), by=bob)
    touch.summary = "Wants a shortlist of three by January"
    touch.save()
    Detail.objects.create(
        organisation=acme,
        author=alice,
        contact=bruna,
        text="Ran the São Paulo marathon",
        ask_next_time=True,
        visibility=Visibility.ORGANISATION,
    )
    Detail.objects.create(
        organisation=acme,
        author=alice,
        contact=bruna,
        text="Her father is in hospital",
        ask_next_time=True,
        sensitive=True,
    )
    brightside.usual_gap_days = 29.6
    brightside.last_order_on = datetime.date(2026, 10, 20)
    brightside.save()


SECRETS = (
    "Wants a shortlist",
    "marathon",
    "father",
    "Before you talk",
    "Voordat je",
    "30 days",
    "30 dagen",
    "camera",
)


@time_machine.travel(THURSDAY_EVENING, tick=False)
def test_the_invitations_carry_the_brief_to_the_owner_only(
    smtp_server, acme, alice, alice_person, bruna, history
):
    call = call_schedule(organisation=acme, contact=bruna, owner=alice, by=alice)
    assert call.start == datetime.datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert call.end - call.start == datetime.timedelta(minutes=20)
    assert call.video_url.startswith("https://meet.jit.si/Hallway-")
    assert not Touch.objects.filter(at__gte=THURSDAY_EVENING).exists()  # not a touch yet

    contact_row = OutboxMessage.objects.get(address=bruna.email)
    assert contact_row.recipient_kind == RecipientKind.CONTACT
    assert (contact_row.language, contact_row.timezone) == ("nl", "America/Sao_Paulo")
    assert contact_row.reply_to == alice.email
    assert "brief" not in contact_row.context
    owner_row = OutboxMessage.objects.get(address=alice.email)
    assert message_context_shown(message=owner_row)["brief"] == "(hidden)"  # not for admins

    assert deliver().sent == 2
    mails = by_recipient(smtp_server)
    to_bruna, to_alice = mails[bruna.email], mails[alice.email]

    for mail in (to_bruna, to_alice):
        calendar, event = event_of(mail)
        assert calendar["METHOD"] == "REQUEST"
        assert str(event["UID"]) == call.uid
        assert event["SEQUENCE"] == 0
        assert event.decoded("DTSTART") == call.start
        assert str(event["LOCATION"]) == call.video_url
        attendees = {str(a).removeprefix("mailto:") for a in event["ATTENDEE"]}
        assert attendees == {alice.email, bruna.email}

    # Bruna reads Dutch and São Paulo's time (09:00), and nothing of the brief.
    bruna_text = text_of(to_bruna)
    assert "09:00" in bruna_text
    assert call.video_url in bruna_text
    assert "videogesprek" in bruna_text.lower()
    _calendar, bruna_event = event_of(to_bruna)
    for part in (bruna_text, html_of(to_bruna), str(bruna_event["DESCRIPTION"])):
        for secret in SECRETS:
            assert secret not in part, secret

    # Alice reads Berlin's time (13:00) and the brief, in English, also in her calendar.
    alice_text = text_of(to_alice)
    assert "13:00" in alice_text
    _calendar, alice_event = event_of(to_alice)
    description = str(alice_event["DESCRIPTION"])
    for part in (alice_text, html_of(to_alice), description):
        assert "Wants a shortlist of three by January" in part
        assert "marathon" in part
        assert "father" in part  # sensitive, but she wrote it
        assert "camera" in part
        assert "30 days" in part
    assert "unsubscribe" not in description.lower()


@time_machine.travel(THURSDAY_EVENING, tick=False)
def test_a_new_time_and_a_cancellation_keep_the_uid(smtp_server, acme, alice, alice_person, bruna):
    call = call_schedule(organisation=acme, contact=bruna, owner=alice, by=alice)
    deliver()
    smtp_server.clear()

    later = datetime.datetime(2026, 11, 25, 13, 0, tzinfo=UTC)
    call = call_reschedule(call=call, start=later)
    assert deliver().sent == 2
    for mail in smtp_server:
        calendar, event = event_of(mail)
        assert calendar["METHOD"] == "REQUEST"
        assert (str(event["UID"]), event["SEQUENCE"]) == (call.uid, 1)
        assert event.decoded("DTSTART") == later
    smtp_server.clear()

    call = call_cancel(call=call)
    assert call.status == CallStatus.CANCELLED
    assert deliver().sent == 2
    assert set(by_recipient(smtp_server)) == {alice.email, bruna.email}
    for mail in smtp_server:
        calendar, event = event_of(mail)
        assert calendar["METHOD"] == "CANCEL"
        assert (str(event["UID"]), event["SEQUENCE"]) == (call.uid, 2)
        assert str(event["STATUS"]) == "CANCELLED"
    with pytest.raises(ValidationError):
        call_cancel(call=call)


@time_machine.travel(THURSDAY_EVENING, tick=False)
def test_the_owner_also_gets_the_brief_in_chat(acme, alice, alice_person, bruna):
    from hallway.messaging.models import Channel

    Channel.objects.create(organisation=acme, name="Slack", kind="slack")
    alice_person.slack_id = "U123"
    alice_person.save()
    call = call_schedule(organisation=acme, contact=bruna, owner=alice, by=alice)
    chat = OutboxMessage.objects.get(channel="slack")
    assert chat.address == "U123"
    from hallway.messaging.rendering import outbox_render

    text = outbox_render(chat).text
    assert "Before you talk to Bruna Costa" in text
    assert call.video_url in text
    assert "13:00" in text  # Berlin
    assert not OutboxMessage.objects.filter(address=bruna.email, channel="slack").exists()
    assert ScheduledCall.objects.get() == call


@time_machine.travel(THURSDAY_EVENING, tick=False)
def test_bad_requests_are_refused(acme, alice, bruna, globex, mallory):
    bruna.email = ""
    bruna.save()
    with pytest.raises(ValidationError) as problem:
        call_schedule(organisation=acme, contact=bruna, owner=alice, by=alice)
    assert "contact" in problem.value.message_dict
    other = make_contact(acme, "Nina Vogel")
    with pytest.raises(ValidationError) as problem:
        call_schedule(organisation=acme, contact=other, owner=mallory, by=alice)
    assert "owner" in problem.value.message_dict
    with pytest.raises(ValidationError):
        call_schedule(
            organisation=acme,
            contact=other,
            owner=alice,
            by=alice,
            start=THURSDAY_EVENING - datetime.timedelta(hours=1),
        )
    assert not ScheduledCall.objects.exists()
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize("language", ["en", "de", "nl"])
@pytest.mark.parametrize(
    "name",
    ["relationships_call_invite", "relationships_call_owner", "relationships_call_cancelled"],
)
def test_every_message_renders_its_sample_in_every_language(db, name, language):
    from hallway.messaging.rendering import message_render
    from hallway.messaging.types import message_type_get

    kind = message_type_get(name)
    assert kind is not None
    assert kind.app == "relationships"
    for channel in ("email", "slack"):
        rendered = message_render(
            template=name,
            channel=channel,
            language=language,
            timezone_name="Europe/Berlin",
            context=kind.sample(),
        )
        assert rendered.subject
        assert "{{" not in rendered.text
        assert "{%" not in rendered.text
        start = datetime.datetime.fromisoformat(kind.sample()["calendar"]["start"])
        assert f"{start.astimezone(BERLIN):%H:%M}" in rendered.text
        assert "(Europe/Berlin)" in rendered.text
    if language == "de" and name == "relationships_call_owner":
        assert "Bevor du mit Bruna Costa sprichst" in rendered.text


def test_admins_can_preview_and_reword_the_messages(alice_client):
    from django.urls import reverse

    for name in ("relationships_call_invite", "relationships_call_owner"):
        page = alice_client.get(
            reverse("messaging:template_edit", args=[name, "email"]), {"language": "de"}
        )
        assert page.status_code == 200
        assert 'name="body"' in page.content.decode()
