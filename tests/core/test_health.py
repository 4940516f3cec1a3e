"""/healthz says the process answers; /readyz says whether it can do its work now."""

import datetime

import pytest
from django.db import OperationalError
from django.utils import timezone

from hallway.core import readiness
from hallway.messaging.models import OutboxMessage, Status
from tests.factories import make_message


def test_liveness_answers_without_touching_the_database(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_ready_when_the_database_answers_and_the_outbox_is_delivered(client, acme):
    make_message(acme, "soon", not_before=timezone.now() + datetime.timedelta(hours=3))
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["outbox"] == {"ok": True, "lag_seconds": 0, "max_lag_seconds": 300}


def test_not_ready_when_due_messages_wait_longer_than_allowed(client, acme, settings):
    settings.HALLWAY_READY_MAX_OUTBOX_LAG_SECONDS = 60
    late = make_message(acme, "late")
    OutboxMessage.objects.filter(pk=late.pk).update(
        due_at=timezone.now() - datetime.timedelta(minutes=15)
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not_ready"
    assert body["checks"]["outbox"]["ok"] is False
    assert body["checks"]["outbox"]["lag_seconds"] >= 15 * 60
    OutboxMessage.objects.filter(pk=late.pk).update(status=Status.SENT)
    assert client.get("/readyz").status_code == 200


def test_not_ready_when_the_database_is_down(client, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(readiness.connection, "cursor", down)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "not_ready",
        "checks": {
            "database": {"ok": False, "error": "OperationalError"},
            "outbox": {"ok": False, "skipped": "database"},
        },
    }


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_only_get(client, path):
    assert client.post(path).status_code == 405
