"""/api/v1/approvals and /api/v1/outreach-tasks: the token user's waiting messages and
open tasks, decided and done through the API."""

import datetime

import pytest

from hallway.messaging.services import suppression_add
from hallway.outreach.models import MessageStatus, OwnerTask
from hallway.outreach.services.personal import personal_message_draft
from hallway.outreach.services.tasks import owner_task_open
from tests.api.conftest import assert_error
from tests.factories import make_company, make_contact

UTC = datetime.UTC
MONDAY_EARLY = datetime.datetime(2026, 12, 7, 6, 0, tzinfo=UTC)


@pytest.fixture
def megan(acme, alice):
    company = make_company(acme, "Lakeshore", timezone="Europe/Berlin")
    return make_contact(acme, "Megan Brooks", company=company, owners=[alice], language="de")


def waiting(acme, contact, owner, key, minutes=0):
    return personal_message_draft(
        organisation=acme,
        contact=contact,
        owner=owner,
        source="quiet",
        key=key,
        subject=f"Subject {key}",
        body="Hallo Megan",
        now=MONDAY_EARLY + datetime.timedelta(minutes=minutes),
        approval=True,
    )


def task(acme, owner, key, contact=None, due=datetime.date(2026, 12, 8)):
    return owner_task_open(
        organisation=acme,
        owner=owner,
        key=key,
        kind="call",
        title=f"Call {key}",
        source="quiet",
        due_on=due,
        now=MONDAY_EARLY,
        contact=contact,
    )


def test_the_list_is_mine_oldest_first_and_paged(alice_api, acme, alice, bob, megan, time_machine):
    time_machine.move_to(MONDAY_EARLY)
    later = waiting(acme, megan, alice, "a2", minutes=5)
    first = waiting(acme, megan, alice, "a1")
    waiting(acme, megan, bob, "b1")
    suppression_add(organisation=acme, channel="email", address=megan.email)
    response = alice_api.get("/api/v1/approvals?limit=1")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert body["next"].endswith("limit=1&offset=1")
    [row] = body["results"]
    assert row["id"] == first.pk
    assert row["contact_name"] == "Megan Brooks"
    assert row["company_name"] == "Lakeshore"
    assert row["language"] == "de"
    assert row["status"] == "pending"
    assert row["warning"] == "unsubscribed"
    assert row["would_go_at"].startswith("2026-12-07T08:00")
    assert alice_api.get("/api/v1/approvals?offset=1").json()["results"][0]["id"] == later.pk


def test_approve_with_an_edit(alice_api, acme, alice, megan):
    message = waiting(acme, megan, alice, "e1")
    response = alice_api.post(
        f"/api/v1/approvals/{message.pk}/approve", {"body": "Hallo Megan, kurz gefragt"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "scheduled"
    message.refresh_from_db()
    assert (message.subject, message.body) == ("Subject e1", "Hallo Megan, kurz gefragt")
    assert_error(alice_api.post(f"/api/v1/approvals/{message.pk}/approve", {}), 409, "conflict")


def test_approve_refuses_an_empty_subject(alice_api, acme, alice, megan):
    message = waiting(acme, megan, alice, "e2")
    assert_error(
        alice_api.post(f"/api/v1/approvals/{message.pk}/approve", {"subject": ""}),
        422,
        "validation_error",
    )
    assert_error(
        alice_api.post(f"/api/v1/approvals/{message.pk}/approve", {"subject": None}),
        422,
        "validation_error",
    )


def test_discard(alice_api, acme, alice, megan):
    message = waiting(acme, megan, alice, "d1")
    response = alice_api.post(f"/api/v1/approvals/{message.pk}/discard")
    assert response.status_code == 200
    assert response.json()["status"] == "discarded"
    assert alice_api.post(f"/api/v1/approvals/{message.pk}/discard").status_code == 200


def test_only_the_owner_or_an_admin_decides(alice_api, bob_api, acme, alice, bob, megan):
    alices = waiting(acme, megan, alice, "o1")
    assert_error(bob_api.post(f"/api/v1/approvals/{alices.pk}/approve", {}), 403, "forbidden")
    assert_error(bob_api.post(f"/api/v1/approvals/{alices.pk}/discard"), 403, "forbidden")
    bobs = waiting(acme, megan, bob, "o2")
    assert alice_api.post(f"/api/v1/approvals/{bobs.pk}/approve", {}).status_code == 200


def test_another_organisation_gets_404(mallory_api, acme, alice, megan):
    message = waiting(acme, megan, alice, "m1")
    assert_error(mallory_api.post(f"/api/v1/approvals/{message.pk}/approve", {}), 404, "not_found")
    assert_error(mallory_api.post(f"/api/v1/approvals/{message.pk}/discard"), 404, "not_found")
    assert mallory_api.get("/api/v1/approvals").json()["count"] == 0
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING


def test_tasks_list_and_done(alice_api, bob_api, acme, alice, bob, megan):
    late = task(acme, alice, "t2", due=datetime.date(2026, 12, 9))
    soon = task(acme, alice, "t1", contact=megan)
    bobs = task(acme, bob, "t3")
    body = alice_api.get("/api/v1/outreach-tasks").json()
    assert [row["id"] for row in body["results"]] == [soon.pk, late.pk]
    assert body["results"][0]["contact_name"] == "Megan Brooks"
    response = alice_api.post(f"/api/v1/outreach-tasks/{soon.pk}/done")
    assert response.status_code == 200
    assert response.json()["done_at"]
    assert [row["id"] for row in alice_api.get("/api/v1/outreach-tasks").json()["results"]] == [
        late.pk
    ]
    # Another's task, even an admin's colleague's, is not theirs to tick off.
    assert_error(alice_api.post(f"/api/v1/outreach-tasks/{bobs.pk}/done"), 404, "not_found")
    assert OwnerTask.objects.get(pk=bobs.pk).done_at is None
