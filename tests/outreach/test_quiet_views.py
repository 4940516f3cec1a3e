"""The "Quiet clients" pages: mine and everyone's, one proposal with the brief and the
three answers (organisers and the owner act; members read their own), and the "Import"
page for inbound events (organisers)."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hallway.gatherings.models import Guest
from hallway.gatherings.services.gatherings import gathering_create
from hallway.messaging import inbound
from hallway.messaging.inbound import InboundEvent, inbound_event_register
from hallway.outreach.models import PersonalMessage, ProposalStatus, QuietProposal, Source
from hallway.outreach.services.quiet import quiet_call_slots, quiet_run_due
from hallway.relationships.models import Company, ScheduledCall
from hallway.relationships.services.touches import touch_record
from tests.factories import make_contact
from tests.outreach.test_quiet import MONDAY, quiet_company


@pytest.fixture(autouse=True)
def _now(settings):
    settings.HALLWAY_SENDING_WINDOWS = False
    with time_machine.travel(MONDAY, tick=False):
        yield


@pytest.fixture
def proposal(acme, alice):
    company = quiet_company(acme, "Lakeshore", owners=[alice])
    megan = make_contact(acme, "Megan Brooks", company=company, owners=[alice], language="en")
    touch_record(
        organisation=acme,
        kind="call",
        at=MONDAY - datetime.timedelta(days=40),
        contacts=[megan],
        by=alice,
        summary="the Rotterdam launch",
    )
    Company.objects.filter(pk=company.pk).update(last_touch_at=MONDAY - datetime.timedelta(days=40))
    quiet_run_due(organisation=acme, now=MONDAY)
    return QuietProposal.objects.get()


@pytest.fixture
def bobs(acme, bob):
    quiet_company(acme, "Brightside", owners=[bob])
    quiet_run_due(organisation=acme, now=MONDAY)
    return QuietProposal.objects.get(owner=bob)


def detail(proposal):
    return reverse("outreach:quiet_detail", args=[proposal.pk])


def test_the_list_shows_mine_and_organisers_see_everyones(client, alice, bob, proposal, bobs):
    client.force_login(alice)
    page = client.get(reverse("outreach:quiet")).content.decode()
    assert "Lakeshore" in page
    assert "Brightside" not in page
    page = client.get(reverse("outreach:quiet") + "?who=all").content.decode()
    assert "Brightside" in page
    client.force_login(bob)
    page = client.get(reverse("outreach:quiet") + "?who=all").content.decode()
    assert "Brightside" in page
    assert "Lakeshore" not in page  # a member sees their own only


def test_the_page_has_the_brief_and_the_draft(client, alice, proposal):
    client.force_login(alice)
    page = client.get(detail(proposal)).content.decode()
    assert "Schedule a 20-minute call" in page
    assert "Offer a seat at the next small gathering" in page
    assert "last time we spoke about the Rotterdam launch — how did it go?" in page
    assert "Before you talk to Megan Brooks" in page  # the brief


def test_a_member_reads_only_their_own_and_another_org_gets_404(
    client, alice, bob, mallory, proposal, bobs
):
    client.force_login(bob)
    assert client.get(detail(proposal)).status_code == 404
    response = client.post(detail(proposal), {"action": "dismiss"})
    assert response.status_code == 404
    assert client.get(detail(bobs)).status_code == 200
    client.force_login(mallory)
    assert client.get(detail(bobs)).status_code == 404
    assert QuietProposal.objects.filter(status=ProposalStatus.OPEN).count() == 2


def test_an_organiser_sends_the_edited_note(client, alice, proposal):
    client.force_login(alice)
    response = client.post(
        detail(proposal),
        {"action": "note", "note-subject": "Catching up", "note-body": "Hi Megan, my own words."},
    )
    assert response.status_code == 302
    message = PersonalMessage.objects.get()
    assert (message.source, message.body) == (Source.NOTE, "Hi Megan, my own words.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.NOTED
    # Answered: no more forms, and another answer is refused.
    page = client.get(detail(proposal)).content.decode()
    assert "Send the note" not in page
    assert client.post(detail(proposal), {"action": "dismiss"}).status_code == 404


def test_an_empty_note_is_refused_with_its_field(client, alice, proposal):
    client.force_login(alice)
    response = client.post(detail(proposal), {"action": "note", "note-subject": "Hi"})
    assert response.status_code == 400
    assert "field-invalid" in response.content.decode()
    assert not PersonalMessage.objects.exists()


def test_the_call_and_the_invitation(client, alice, proposal, acme):
    client.force_login(alice)
    start = quiet_call_slots(proposal=proposal, now=MONDAY)[1]
    response = client.post(detail(proposal), {"action": "call", "call-start": start.isoformat()})
    assert response.status_code == 302
    assert ScheduledCall.objects.get().start == start

    other = QuietProposal.objects.create(
        organisation=acme,
        company=proposal.company,
        contact=proposal.contact,
        owner=alice,
        quiet_on=proposal.quiet_on - datetime.timedelta(days=1),
        fallback_on=proposal.fallback_on,
    )
    gathering = gathering_create(
        organisation=acme,
        title="Winter drinks",
        hosts=[alice],
        starts_at=MONDAY + datetime.timedelta(days=9),
        minutes=60,
        capacity=6,
        by=alice,
    )
    assert "Winter drinks" in client.get(detail(other)).content.decode()
    response = client.post(detail(other), {"action": "invite", "invite-gathering": gathering.pk})
    assert response.status_code == 302
    assert Guest.objects.filter(contact=proposal.contact).exists()


def test_dismissed_with_a_reason(client, alice, proposal):
    client.force_login(alice)
    response = client.post(
        detail(proposal), {"action": "dismiss", "dismiss-reason": "Paused until spring"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DISMISSED
    assert "Paused until spring" in client.get(detail(proposal)).content.decode()


FAKE = "test.company_seen"


@pytest.fixture
def fake_event():
    def handler(organisation, payload, now):
        Company.objects.create(organisation=organisation, name=payload["company"]["name"])
        return "ok"

    inbound_event_register(InboundEvent(FAKE, handler, example={}))
    yield
    inbound._events.pop(FAKE, None)


def test_the_import_page_previews_then_applies(client, alice, bob, fake_event):
    url = reverse("outreach:event_import")
    client.force_login(bob)
    assert client.get(url).status_code == 404  # organisers only
    client.force_login(alice)
    assert "Import events from your ATS" in client.get(url).content.decode()
    csv = f"event;company.name\n{FAKE};Lakeshore\n{FAKE};Brightside\n".encode()
    upload = SimpleUploadedFile("events.csv", csv, content_type="text/csv")
    response = client.post(url, {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Apply 2 events" in page
    assert not Company.objects.exists()
    response = client.post(url, {"content": csv.decode()})
    assert response.status_code == 302
    assert Company.objects.count() == 2


def test_the_import_page_shows_each_rows_problem(client, alice, fake_event):
    client.force_login(alice)
    url = reverse("outreach:event_import")
    csv = f"event;company.name\n{FAKE};Lakeshore\nnope;x\n".encode()
    response = client.post(url, {"file": SimpleUploadedFile("e.csv", csv)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Unknown event" in page
    assert "Apply" not in page
    response = client.post(url, {"file": SimpleUploadedFile("e.xlsx", b"PK\x03\x04\x00\x00")})
    assert response.status_code == 400
    assert "not a CSV file" in response.content.decode()
    assert not Company.objects.exists()
