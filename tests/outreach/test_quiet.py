"""Clients gone quiet, answered by a person first: the proposal and its task (once), a
colleague's touch resolving it, the fallback after N days (the gone-quiet sequence, else a
built-in mail in the contact's language over real SMTP), and the owner's answers: a call
inside both working hours with iMIP invitations, a seat at a gathering, a note drafted from
the last touches, a dismissal."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext
from icalendar import Calendar

from hallway.gatherings.models import Guest
from hallway.gatherings.services.gatherings import gathering_create
from hallway.messaging.delivery import outbox_deliver_due
from hallway.messaging.models import OutboxMessage
from hallway.outreach.models import (
    Enrollment,
    MessageStatus,
    OutreachSettings,
    OwnerTask,
    PersonalMessage,
    ProposalStatus,
    QuietProposal,
    Sequence,
    SequenceStatus,
    Source,
    Trigger,
)
from hallway.outreach.selectors.quiet import quiet_note_draft
from hallway.outreach.services.due import outreach_run_due
from hallway.outreach.services.quiet import (
    quiet_call,
    quiet_call_slots,
    quiet_dismiss,
    quiet_invite,
    quiet_note_send,
    quiet_run_due,
)
from hallway.relationships.models import CompanyKind, Detail, ScheduledCall, TouchSource
from hallway.relationships.services.touches import touch_record
from tests.factories import make_company, make_contact, make_person, make_touch

UTC = datetime.UTC
BERLIN = ZoneInfo("Europe/Berlin")
# Monday 7 December 2026, 07:00 UTC (08:00 in Berlin).
MONDAY = datetime.datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
TODAY = datetime.date(2026, 12, 7)


@pytest.fixture(autouse=True)
def _no_windows(settings):
    settings.HALLWAY_SENDING_WINDOWS = False


def quiet_company(organisation, name, owners=(), **fields):
    """A company whose touches came every 14 days and that has not been heard of for 40."""
    last = MONDAY - datetime.timedelta(days=40)
    fields.setdefault("timezone", "Europe/Berlin")
    company = make_company(
        organisation,
        name,
        last_touch_at=last,
        usual_gap_days=14,
        quiet_after_days=28,
        rhythm_basis="touches",
        quiet_on=(last + datetime.timedelta(days=28)).date(),
        **fields,
    )
    company.owners.add(*owners)
    return company


@pytest.fixture
def lakeshore(acme, alice, bob):
    return quiet_company(acme, "Lakeshore", owners=[alice, bob])


@pytest.fixture
def megan(acme, alice, lakeshore):
    contact = make_contact(acme, "Megan Brooks", company=lakeshore, owners=[alice], language="de")
    make_touch(acme, contact, at=MONDAY - datetime.timedelta(days=40), by=alice).contacts.add(
        contact
    )
    contact.last_touch_at = MONDAY - datetime.timedelta(days=40)
    contact.save()
    return contact


@pytest.fixture
def tom(acme, lakeshore):
    # Touched long before Megan: she is the one to reach.
    contact = make_contact(acme, "Tom Vries", company=lakeshore, language="nl")
    contact.last_touch_at = MONDAY - datetime.timedelta(days=200)
    contact.save()
    return contact


def run(acme, now=MONDAY):
    return quiet_run_due(organisation=acme, now=now)


def test_a_quiet_client_gets_one_proposal_and_one_task(acme, alice, lakeshore, megan, tom):
    assert run(acme) == 1
    assert run(acme) == 0  # a repeated run proposes nothing more
    proposal = QuietProposal.objects.get()
    assert (proposal.company, proposal.contact, proposal.owner) == (lakeshore, megan, alice)
    assert proposal.quiet_on == lakeshore.quiet_on
    assert proposal.fallback_on == TODAY + datetime.timedelta(days=5)
    task = OwnerTask.objects.get()
    assert task.key == f"quiet:{lakeshore.pk}:{lakeshore.quiet_on.isoformat()}"
    assert (task.kind, task.owner, task.company, task.contact) == ("call", alice, lakeshore, megan)
    assert "20-minute call" in task.detail
    assert "gathering" in task.detail
    assert "note" in task.detail


def test_the_fallback_days_come_from_the_settings(acme, alice, lakeshore, megan):
    OutreachSettings.objects.create(organisation=acme, quiet_fallback_days=9)
    run(acme)
    assert QuietProposal.objects.get().fallback_on == TODAY + datetime.timedelta(days=9)


def test_prospects_lively_clients_and_ownerless_ones_get_none(acme, alice):
    quiet_company(acme, "Prospective", owners=[alice], kind=CompanyKind.PROSPECT)
    quiet_company(acme, "Nobody's")
    lively = quiet_company(acme, "Lively", owners=[alice])
    lively.last_touch_at = MONDAY - datetime.timedelta(days=2)  # a touch since the recount
    lively.save()
    assert run(acme) == 0
    assert not QuietProposal.objects.exists()


def test_a_new_silence_is_a_new_proposal(acme, alice, lakeshore, megan):
    run(acme)
    QuietProposal.objects.update(status=ProposalStatus.RESOLVED)
    lakeshore.quiet_on = TODAY
    lakeshore.save()
    assert run(acme) == 1
    assert QuietProposal.objects.count() == 2


def test_a_colleagues_touch_resolves_it(acme, alice, bob, lakeshore, megan):
    run(acme)
    later = MONDAY + datetime.timedelta(hours=3)
    # Outreach's own mail does not count: it is not a person answering.
    touch_record(
        organisation=acme,
        kind="email",
        at=later,
        contacts=[megan],
        source=TouchSource.OUTREACH,
        external_id="outreach:x",
    )
    run(acme, later)
    assert QuietProposal.objects.get().status == ProposalStatus.OPEN
    touch_record(organisation=acme, kind="call", at=later, contacts=[megan], by=bob)
    assert run(acme, later) == 1
    proposal = QuietProposal.objects.get()
    assert proposal.status == ProposalStatus.RESOLVED
    assert OwnerTask.objects.get().done_at == later
    # Days later nothing falls back.
    run(acme, MONDAY + datetime.timedelta(days=6))
    assert not PersonalMessage.objects.exists()


def test_after_n_days_the_built_in_mail_goes_in_the_contacts_language(
    acme, alice, lakeshore, megan, smtp_server, time_machine
):
    time_machine.move_to(MONDAY)
    run(acme)
    fourth_day = MONDAY + datetime.timedelta(days=4)
    run(acme, fourth_day)
    assert not PersonalMessage.objects.exists()  # not yet
    fifth_day = MONDAY + datetime.timedelta(days=5)
    time_machine.move_to(fifth_day)
    report = outreach_run_due(organisation=acme, now=fifth_day)
    assert (report.quiet, report.queued) == (1, 1)
    proposal = QuietProposal.objects.get()
    assert proposal.status == ProposalStatus.FALLBACK
    message = PersonalMessage.objects.get()
    assert (message.source, message.key) == (Source.QUIET, f"quiet:{proposal.pk}:fallback")
    assert message.language == "de"
    assert OwnerTask.objects.get().done_at is not None
    # Saturday? No: 12 December is a Saturday; Berlin's hours move it to Monday the 14th.
    outbox = OutboxMessage.objects.get()
    assert outbox.not_before.astimezone(BERLIN).isoweekday() <= 5
    time_machine.move_to(outbox.not_before + datetime.timedelta(minutes=1))
    outbox_deliver_due(worker="test")
    [mail] = smtp_server
    assert mail["To"].startswith("Megan Brooks")
    assert mail["Reply-To"] == alice.email
    text = mail.get_body(("plain",)).get_content()
    with translation.override("de"):  # German once the translations are compiled
        assert gettext("Hi %(first_name)s,") % {"first_name": "Megan"} in text
        assert (
            gettext(
                "Is there anything we can help you with at the moment? A short reply is "
                "enough, and if now is not the right time, that is fine too."
            )[:20]
            in text
        )
    # Once: a repeated run sends nothing more.
    assert run(acme, fifth_day + datetime.timedelta(days=1)) == 0
    assert PersonalMessage.objects.count() == 1


def test_the_fallback_enrolls_into_the_gone_quiet_sequence(acme, alice, lakeshore, megan):
    Sequence.objects.create(
        organisation=acme, name="Draft one", trigger=Trigger.GONE_QUIET
    )  # a draft is not running
    running = Sequence.objects.create(
        organisation=acme,
        name="Gone quiet",
        trigger=Trigger.GONE_QUIET,
        status=SequenceStatus.ACTIVE,
    )
    run(acme)
    run(acme, MONDAY + datetime.timedelta(days=5))
    enrollment = Enrollment.objects.get()
    assert (enrollment.sequence, enrollment.contact, enrollment.owner) == (running, megan, alice)
    assert enrollment.reason == f"quiet:{lakeshore.quiet_on.isoformat()}"
    assert not PersonalMessage.objects.exists()
    assert QuietProposal.objects.get().status == ProposalStatus.FALLBACK


@pytest.fixture
def alice_person(acme, alice):
    return make_person(acme, "Alice Adams", email=alice.email, user=alice, timezone="Europe/London")


def test_a_call_inside_both_working_hours_with_imip_invitations(
    acme, alice, alice_person, lakeshore, megan, smtp_server, time_machine
):
    # Megan works 13:00–18:00 in Berlin; Alice 09:00–17:00 in London: 12:00–16:00 UTC.
    megan.work_start, megan.work_end = datetime.time(13), datetime.time(18)
    megan.save()
    time_machine.move_to(MONDAY)
    run(acme)
    proposal = QuietProposal.objects.get()
    offered = quiet_call_slots(proposal=proposal, now=MONDAY)
    assert offered[0] == datetime.datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    with pytest.raises(ValidationError):
        quiet_call(proposal=proposal, by=alice, now=MONDAY, start=offered[0].replace(hour=7))
    call = quiet_call(proposal=proposal, by=alice, now=MONDAY, start=offered[1])
    assert call.start == offered[1]
    assert call.end - call.start == datetime.timedelta(minutes=20)
    for zone, first, last in ((BERLIN, 13, 18), (ZoneInfo("Europe/London"), 9, 17)):
        assert first <= call.start.astimezone(zone).hour < last
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CALLED
    assert OwnerTask.objects.get().done_at is not None
    outbox_deliver_due(worker="test")
    mails = {mail["To"].addresses[0].addr_spec: mail for mail in smtp_server}
    for address in (megan.email, alice.email):
        (part,) = [p for p in mails[address].walk() if p.get_content_type() == "text/calendar"]
        calendar = Calendar.from_ical(part.get_content())
        assert calendar["METHOD"] == "REQUEST"
        (event,) = calendar.walk("VEVENT")
        assert event.decoded("DTSTART") == call.start
    # Answered: a second answer is refused, and the run does not fall back.
    with pytest.raises(ValidationError):
        quiet_call(proposal=proposal, by=alice, now=MONDAY)
    run(acme, MONDAY + datetime.timedelta(days=6))
    assert not PersonalMessage.objects.exists()
    assert ScheduledCall.objects.count() == 1


def test_the_note_is_drafted_from_the_last_touches(acme, alice, bob, lakeshore, megan):
    touch_record(
        organisation=acme,
        kind="call",
        at=MONDAY - datetime.timedelta(days=39),
        contacts=[megan],
        by=alice,
        summary="the Rotterdam launch. They plan two more stores.",
    )
    Detail.objects.create(
        organisation=acme,
        contact=megan,
        author=alice,
        text="her daughter's first marathon",
        ask_next_time=True,
    )
    Detail.objects.create(
        organisation=acme,
        contact=megan,
        author=alice,
        text="her surgery",
        ask_next_time=True,
        sensitive=True,
    )
    megan.language = "en"
    megan.save()
    # Bob's touch is after the silence began... but before the proposal: still quiet.
    lakeshore.last_touch_at = MONDAY - datetime.timedelta(days=40)
    lakeshore.save()
    run(acme)
    proposal = QuietProposal.objects.get()
    subject, body, language = quiet_note_draft(proposal=proposal, today=TODAY)
    assert language == "en"
    assert "Lakeshore" in subject
    assert body.startswith("Hi Megan,")
    assert "last time we spoke about the Rotterdam launch — how did it go?" in body
    assert "marathon" in body
    assert "surgery" not in body  # sensitive: never in a note to the contact
    message = quiet_note_send(
        proposal=proposal, by=alice, subject=subject, body=body + "\n\nAlice", now=MONDAY
    )
    assert (message.source, message.status) == (Source.NOTE, MessageStatus.SCHEDULED)
    assert message.decided_by == alice
    assert message.body.endswith("Alice")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.NOTED


def test_the_note_is_drafted_in_the_contacts_language(acme, alice, lakeshore, megan):
    run(acme)
    _subject, body, language = quiet_note_draft(proposal=QuietProposal.objects.get(), today=TODAY)
    assert language == "de"
    with translation.override("de"):
        assert body.startswith(gettext("Hi %(first_name)s,") % {"first_name": "Megan"})


def test_a_seat_at_a_small_gathering(acme, alice, lakeshore, megan):
    gathering = gathering_create(
        organisation=acme,
        title="Winter drinks",
        hosts=[alice],
        starts_at=MONDAY + datetime.timedelta(days=10),
        minutes=60,
        capacity=8,
        by=alice,
    )
    run(acme)
    proposal = QuietProposal.objects.get()
    assert (
        quiet_invite(proposal=proposal, gathering_id=gathering.pk, by=alice, now=MONDAY)
        == "invited"
    )
    guest = Guest.objects.get(contact=megan)
    assert guest.language == "de"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.INVITED


def test_a_big_gathering_is_not_offered(acme, alice, lakeshore, megan):
    big = gathering_create(
        organisation=acme,
        title="Conference party",
        hosts=[alice],
        starts_at=MONDAY + datetime.timedelta(days=10),
        minutes=60,
        capacity=80,
        by=alice,
    )
    run(acme)
    proposal = QuietProposal.objects.get()
    with pytest.raises(ValidationError):
        quiet_invite(proposal=proposal, gathering_id=big.pk, by=alice, now=MONDAY)
    assert proposal.status == ProposalStatus.OPEN  # nothing changed, here either
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN
    assert OwnerTask.objects.get().done_at is None


def test_dismissed_with_a_reason_and_no_fallback(acme, alice, lakeshore, megan):
    run(acme)
    proposal = QuietProposal.objects.get()
    quiet_dismiss(proposal=proposal, by=alice, now=MONDAY, reason="They paused all hiring.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DISMISSED
    task = OwnerTask.objects.get()
    assert task.done_at is not None
    assert "They paused all hiring." in task.detail
    run(acme, MONDAY + datetime.timedelta(days=6))
    assert not PersonalMessage.objects.exists()


def test_without_an_address_nothing_is_sent_and_the_task_stays(acme, alice, lakeshore):
    make_contact(acme, "Phone Only", company=lakeshore, email="")
    run(acme)
    run(acme, MONDAY + datetime.timedelta(days=5))
    assert QuietProposal.objects.get().status == ProposalStatus.FALLBACK
    assert not PersonalMessage.objects.exists()
    task = OwnerTask.objects.get()
    assert task.done_at is None  # a person still has to reach them
    assert "no mail was sent" in task.detail
