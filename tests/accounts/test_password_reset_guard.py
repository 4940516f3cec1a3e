"""Password-reset requests: limited per address and per email address, and answered in
the same time whether or not the account exists."""

import datetime as dt
import statistics
import time

import pytest
import time_machine
from django.urls import reverse

from hallway.accounts import signin_guard
from hallway.accounts.models import ThrottleHit
from hallway.messaging.models import OutboxMessage
from tests.factories import make_user

START = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)


def request_reset(client, email, address="203.0.113.7", **extra):
    return client.post(
        reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=address, **extra
    )


@time_machine.travel(START, tick=False)
def test_five_requests_per_email_address_then_told_when_to_try_again(smtp_server, client, bob):
    for number in range(5):
        assert (
            request_reset(client, "bob@acme.test", address=f"198.51.100.{number}").status_code
            == 302
        )
    response = request_reset(client, "BOB@acme.test", address="192.0.2.1")
    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)
    assert "Too many requests for a password link" in response.content.decode()
    assert "09:15 UTC" in response.content.decode()
    assert [message["To"].addresses[0].addr_spec for message in smtp_server] == ["bob@acme.test"]


@time_machine.travel(START, tick=False)
def test_unknown_addresses_are_limited_alike_so_the_limit_tells_nothing(smtp_server, client, db):
    statuses = [
        request_reset(client, "nobody@acme.test", address=f"198.51.100.{n}").status_code
        for n in range(6)
    ]
    assert statuses == [302] * 5 + [429]


@time_machine.travel(START, tick=False)
def test_five_requests_per_address_then_refused(smtp_server, client, bob):
    for number in range(5):
        request_reset(client, f"someone{number}@acme.test")
    response = request_reset(client, "bob@acme.test")
    assert response.status_code == 429
    assert smtp_server == []
    assert request_reset(client, "bob@acme.test", address="192.0.2.1").status_code == 302


def test_the_limit_frees_up_after_the_window(smtp_server, client, bob):
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            request_reset(client, "bob@acme.test")
        assert request_reset(client, "bob@acme.test").status_code == 429
    with time_machine.travel(START + dt.timedelta(minutes=15, seconds=1), tick=False):
        assert request_reset(client, "bob@acme.test").status_code == 302


def test_the_email_address_is_not_stored(client, db):
    request_reset(client, "nobody@acme.test")
    assert ThrottleHit.objects.count() == 2
    assert not ThrottleHit.objects.filter(key__icontains="nobody").exists()


def test_the_message_is_translated(client, db):
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            request_reset(client, "nobody@acme.test")
        german = request_reset(client, "nobody@acme.test", HTTP_ACCEPT_LANGUAGE="de")
        dutch = request_reset(client, "nobody@acme.test", HTTP_ACCEPT_LANGUAGE="nl")
    assert "Zu viele Anfragen" in german.content.decode()
    assert "Te veel aanvragen" in dutch.content.decode()


def padding(monkeypatch, client, email):
    """(time spent working, time slept to pad) for one reset request."""
    slept = []
    monkeypatch.setattr(signin_guard, "sleep", slept.append)
    started = time.monotonic()
    request_reset(client, email, address=email)  # its own address: no limit in the way
    return time.monotonic() - started, sum(slept)


@pytest.mark.parametrize("email", ["bob@acme.test", "nobody@acme.test"])
def test_every_answer_is_padded_to_the_same_duration(
    smtp_server, monkeypatch, settings, client, bob, email
):
    """Deterministic: whatever the branch did, its work plus the padding is the floor."""
    settings.HALLWAY_PASSWORD_RESET_SECONDS = 30.0
    worked, slept = padding(monkeypatch, client, email)
    assert slept > 0
    # The padding is measured inside the view, the work around the whole request: the
    # request's own overhead outside the view (more on a busy machine) comes on top.
    assert 30.0 - 0.01 <= worked + slept < 31.0


def test_known_and_unknown_accounts_take_the_same_time(smtp_server, settings, client, bob, acme):
    """Measured for real: the medians of both branches agree within a few milliseconds,
    although only one of them writes to the outbox and talks to the mail server."""
    settings.HALLWAY_PASSWORD_RESET_SECONDS = 0.6  # above what the mail takes here
    request_reset(client, "bob@acme.test", address="192.0.2.1")  # the first mail looks up our name
    timings = {"known": [], "unknown": []}
    for number in range(5):
        make_user(f"known{number}@acme.test", acme)
        for kind, durations in timings.items():
            started = time.perf_counter()
            request_reset(client, f"{kind}{number}@acme.test", address=f"198.51.100.{number}")
            durations.append(time.perf_counter() - started)
    known, unknown = (statistics.median(durations) for durations in timings.values())
    assert OutboxMessage.objects.filter(message_type="password_reset").count() == 6
    assert min(known, unknown) >= 0.6
    assert abs(known - unknown) < 0.015
