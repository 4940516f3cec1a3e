"""Sign-in that resists guessing: lockout per account and per address, across processes
(the counts live in the database), on Hallway's sign-in and on the admin's."""

import datetime as dt

import time_machine
from axes.models import AccessAttempt
from django.urls import reverse

from hallway.accounts import signin_guard
from tests.factories import PASSWORD, make_user

START = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)


def sign_in(client, email="bob@acme.test", password=PASSWORD, address="203.0.113.7", **extra):
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def fail(client, times, **kwargs):
    return [sign_in(client, password="wrong-guess", **kwargs).status_code for _ in range(times)]


def test_the_home_page_sends_visitors_to_the_sign_in_form(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@time_machine.travel(START, tick=False)
def test_after_ten_failures_even_the_right_password_is_refused_and_told_when(client, bob):
    assert fail(client, 9) == [200] * 9
    fail(client, 1)
    response = sign_in(client)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    text = response.content.decode()
    assert "Too many failed sign-in attempts" in text
    assert "09:15 UTC" in text
    assert "(in 15 minutes)" in text
    assert int(response["Retry-After"]) == 15 * 60


def test_nine_failures_still_let_the_right_password_in(client, bob):
    fail(client, 9)
    response = sign_in(client)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(bob.pk)


def test_the_lockout_ends_after_fifteen_minutes(client, bob):
    with time_machine.travel(START, tick=False):
        fail(client, 10)
        assert sign_in(client).status_code == 429
    with time_machine.travel(START + dt.timedelta(minutes=15, seconds=1), tick=False):
        assert sign_in(client).status_code == 302


def test_failures_spread_beyond_the_window_do_not_add_up(client, bob):
    with time_machine.travel(START, tick=False):
        fail(client, 9)
    with time_machine.travel(START + dt.timedelta(minutes=16), tick=False):
        fail(client, 1)
        assert sign_in(client).status_code == 302


def test_the_account_is_counted_in_any_spelling_and_from_any_address(client, bob):
    for number in range(10):
        sign_in(client, email=" BOB@Acme.test", password="wrong", address=f"198.51.100.{number}")
    assert sign_in(client, address="192.0.2.1").status_code == 429


def test_one_address_guessing_many_accounts_is_locked_out(client, bob, db):
    for number in range(10):
        sign_in(client, email=f"guess{number}@acme.test", password="wrong")
    assert sign_in(client).status_code == 429
    assert sign_in(client, address="192.0.2.1").status_code == 302


def test_the_lockout_grows_for_an_attacker_who_keeps_trying(client, bob):
    with time_machine.travel(START, tick=False):
        fail(client, 20)
        response = sign_in(client)
    assert response.status_code == 429
    assert "09:30 UTC" in response.content.decode()  # twice the usual quarter of an hour
    with time_machine.travel(START + dt.timedelta(minutes=31), tick=False):
        assert sign_in(client).status_code == 302


def test_trying_during_a_lockout_prolongs_it(client, bob):
    with time_machine.travel(START, tick=False):
        fail(client, 10)
    with time_machine.travel(START + dt.timedelta(minutes=10), tick=False):
        response = sign_in(client)
    assert response.status_code == 429
    assert "09:25 UTC" in response.content.decode()


def test_the_message_is_translated(client, bob):
    with time_machine.travel(START, tick=False):
        fail(client, 10)
        german = sign_in(client, HTTP_ACCEPT_LANGUAGE="de").content.decode()
        dutch = sign_in(client, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in german
    assert "Te veel mislukte inlogpogingen" in dutch


def test_the_admin_sign_in_is_throttled_too(client, db):
    make_user("root@example.com", is_superuser=True, is_staff=True)
    url = reverse("admin:login")
    for _ in range(10):
        client.post(url, {"username": "root@example.com", "password": "wrong"})
    response = client.post(url, {"username": "root@example.com", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_counts_live_in_the_database(client, bob):
    fail(client, 3)
    assert AccessAttempt.objects.get(username="bob@acme.test").failures_since_start == 3


def test_forwarded_addresses_are_ignored_unless_configured(settings, rf):
    request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.4")
    assert signin_guard.client_address(request) == "10.0.0.5"
    settings.HALLWAY_PROXY_COUNT = 1
    assert signin_guard.client_address(request) == "10.0.0.4"
    settings.HALLWAY_PROXY_COUNT = 2
    assert signin_guard.client_address(request) == "203.0.113.9"
    settings.HALLWAY_PROXY_COUNT = 3  # fewer entries than proxies: the header is not trusted
    assert signin_guard.client_address(request) == "10.0.0.5"


def test_behind_a_configured_proxy_each_client_is_counted_on_its_own(settings, client, bob):
    settings.HALLWAY_PROXY_COUNT = 1
    for _ in range(10):
        sign_in(client, password="wrong", email="x@acme.test", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert sign_in(client, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 302
