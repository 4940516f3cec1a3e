import pytest

from hallway.messaging.models import DeliveryAttempt, Status
from hallway.messaging.services import Recipient
from tests.api.conftest import assert_error
from tests.factories import make_message


@pytest.fixture
def queued(acme, carol):
    return make_message(acme, "api:1", person=carol, context={"recipient_name": "Carol"})


def test_members_may_not_read_the_outbox(bob_api, queued):
    assert_error(bob_api.get("/api/v1/outbox"), 403, "forbidden")


def test_list_and_filters(alice_api, queued, acme):
    other = make_message(
        acme,
        "api:2",
        recipient=Recipient(address="client@example.com"),
        message_type="meeting",
        context={},
    )
    body = alice_api.get("/api/v1/outbox").json()
    assert body["count"] == 2
    assert [m["id"] for m in body["results"]] == [other.pk, queued.pk]
    assert body["results"][1]["recipient"] == {
        "kind": "person",
        "name": "Carol Meyer",
        "address": "carol@acme.test",
        "person_id": queued.person_id,
    }
    assert alice_api.get("/api/v1/outbox", {"message_type": "meeting"}).json()["count"] == 1
    assert (body["results"][0]["message_type"], body["results"][0]["message_type_label"]) == (
        "meeting",
        "Meeting invitation",
    )
    assert alice_api.get("/api/v1/outbox", {"recipient": "CAROL"}).json()["count"] == 1
    assert alice_api.get("/api/v1/outbox", {"status": "sent"}).json()["count"] == 0
    assert_error(alice_api.get("/api/v1/outbox", {"status": "lost"}), 422, "validation_error")
    assert alice_api.get("/api/v1/outbox", {"channel": "email"}).json()["count"] == 2


@pytest.mark.parametrize("kind", ["pigeon", " email"])
def test_a_channel_filter_outside_the_documented_kinds_is_422(alice_api, kind):
    error = assert_error(
        alice_api.get("/api/v1/outbox", {"channel": kind}), 422, "validation_error"
    )
    assert error["details"][0]["field"] == "channel"


def test_get_shows_attempts(alice_api, queued):
    DeliveryAttempt.objects.create(
        message=queued,
        number=1,
        started_at=queued.created_at,
        finished_at=queued.created_at,
        result="retry",
        error="421 busy",
    )
    body = alice_api.get(f"/api/v1/outbox/{queued.pk}").json()
    assert body["idempotency_key"] == "api:1"
    assert body["context"] == {"recipient_name": "Carol"}
    assert [(a["number"], a["error"]) for a in body["attempts"]] == [(1, "421 busy")]


def test_cancel_then_resend_and_conflicts(alice_api, queued):
    assert_error(alice_api.post(f"/api/v1/outbox/{queued.pk}/resend"), 409, "conflict")
    body = alice_api.post(f"/api/v1/outbox/{queued.pk}/cancel").json()
    assert body["status"] == "cancelled"
    body = alice_api.post(f"/api/v1/outbox/{queued.pk}/resend").json()
    assert body["status"] == "queued"
    queued.refresh_from_db()
    queued.status = Status.SENT
    queued.save()
    assert_error(alice_api.post(f"/api/v1/outbox/{queued.pk}/cancel"), 409, "conflict")


def test_an_expired_message_is_listed_with_its_expiry_and_not_resent(alice_api, acme):
    import datetime

    from django.utils import timezone

    expires = (timezone.now() + datetime.timedelta(hours=1)).replace(microsecond=0)
    message = make_message(acme, "api:reminder", expires_at=expires)
    message.status = Status.EXPIRED
    message.last_error = "expired at … before it could be sent"
    message.save()
    body = alice_api.get("/api/v1/outbox", {"status": "expired"}).json()
    assert [m["id"] for m in body["results"]] == [message.pk]
    (found,) = body["results"]
    assert found["status"] == "expired"
    assert datetime.datetime.fromisoformat(found["expires_at"]) == expires
    assert found["last_error"] == "expired at … before it could be sent"
    assert_error(alice_api.post(f"/api/v1/outbox/{message.pk}/resend"), 409, "conflict")
    assert alice_api.get(f"/api/v1/outbox/{message.pk}").json()["status"] == "expired"


def test_another_organisations_message_does_not_exist(mallory_api, queued):
    assert_error(mallory_api.get(f"/api/v1/outbox/{queued.pk}"), 404, "not_found")
    assert mallory_api.get("/api/v1/outbox").json()["count"] == 0
