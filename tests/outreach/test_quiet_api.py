"""/api/v1/quiet-proposals: the open proposals (mine, or everyone's for organisers) and the
owner's answers: a call at an offered time, a note, a dismissal."""

import pytest
import time_machine

from hallway.outreach.models import PersonalMessage, ProposalStatus, QuietProposal, Source
from hallway.outreach.services.quiet import quiet_call_slots, quiet_run_due
from hallway.relationships.models import ScheduledCall
from tests.factories import make_contact
from tests.outreach.test_quiet import MONDAY, quiet_company

LIST = "/api/v1/quiet-proposals"


@pytest.fixture(autouse=True)
def _now(settings):
    settings.HALLWAY_SENDING_WINDOWS = False
    with time_machine.travel(MONDAY, tick=False):
        yield


@pytest.fixture
def alices(acme, alice):
    company = quiet_company(acme, "Lakeshore", owners=[alice])
    make_contact(acme, "Megan Brooks", company=company, owners=[alice])
    quiet_run_due(organisation=acme, now=MONDAY)
    return QuietProposal.objects.get(owner=alice)


@pytest.fixture
def bobs(acme, bob):
    company = quiet_company(acme, "Brightside", owners=[bob])
    make_contact(acme, "Bruna Costa", company=company)
    quiet_run_due(organisation=acme, now=MONDAY)
    return QuietProposal.objects.get(owner=bob)


def url(proposal, action):
    return f"{LIST}/{proposal.pk}/{action}"


def test_the_list_is_mine_and_everyones_for_organisers(alice_api, bob_api, alices, bobs):
    body = alice_api.get(LIST).json()
    assert [row["company"]["name"] for row in body["results"]] == ["Lakeshore"]
    assert body["results"][0]["contact"]["name"] == "Megan Brooks"
    assert body["results"][0]["status"] == "open"
    assert body["count"] == 1
    body = alice_api.get(LIST, {"everyone": "true", "limit": 1}).json()
    assert body["count"] == 2
    assert body["next"] is not None
    # A member asking for everyone's still gets their own.
    body = bob_api.get(LIST, {"everyone": "true"}).json()
    assert [row["company"]["name"] for row in body["results"]] == ["Brightside"]


def test_a_call_at_an_offered_time(alice_api, alices):
    offered = quiet_call_slots(proposal=alices, now=MONDAY)
    response = alice_api.post(url(alices, "call"), {"start": "2026-12-07T03:00:00Z"})
    assert response.status_code == 422
    assert offered[0].isoformat() in response.json()["error"]["details"][0]["message"]
    response = alice_api.post(url(alices, "call"), {"start": offered[2].isoformat()})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["proposal"]["status"] == "called"
    assert ScheduledCall.objects.get().start == offered[2]
    # Answered already: a conflict.
    assert alice_api.post(url(alices, "dismiss"), {}).status_code == 409


def test_the_first_offered_time_without_a_start(alice_api, alices):
    response = alice_api.post(url(alices, "call"), {})
    assert response.status_code == 200
    assert ScheduledCall.objects.get().start == quiet_call_slots(proposal=alices, now=MONDAY)[0]


def test_a_note_and_a_dismissal(alice_api, bob_api, alices, bobs):
    response = alice_api.post(url(alices, "note"), {"subject": "Hello", "body": "How are you?"})
    assert response.status_code == 200
    message = PersonalMessage.objects.get(pk=response.json()["message_id"])
    assert (message.source, message.subject) == (Source.NOTE, "Hello")
    assert alice_api.post(url(bobs, "note"), {"subject": "", "body": "x"}).status_code == 422
    response = bob_api.post(url(bobs, "dismiss"), {"reason": "Paused until spring"})
    assert response.status_code == 200
    assert response.json()["status"] == "dismissed"


def test_another_members_or_organisations_proposal_is_404(
    bob_api, mallory_api, alice_api, alices, bobs
):
    assert bob_api.post(url(alices, "dismiss"), {}).status_code == 404
    assert mallory_api.post(url(bobs, "dismiss"), {}).status_code == 404
    assert mallory_api.get(LIST).json()["count"] == 0
    assert alice_api.post(f"{LIST}/999999/dismiss", {}).status_code == 404
    assert alice_api.post(url(alices, "dismiss"), {"why": "x"}).status_code == 422
    assert QuietProposal.objects.filter(status=ProposalStatus.OPEN).count() == 2
