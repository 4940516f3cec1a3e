"""Two-factor sign-in: setting up an authenticator app, the code after the password,
recovery codes, turning it off, and organisations that require it for owners and admins."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hallway.accounts import two_factor
from tests.factories import PASSWORD

START = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
SETUP = reverse("accounts:settings_two_factor")
VERIFY = reverse("accounts:two_factor_verify")


def code_for(device, at=None):
    """The six digits an authenticator app shows now (or at `at`)."""
    with time_machine.travel(at or dt.datetime.now(tz=dt.UTC), tick=False):
        return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client, email="bob@acme.test", password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def enrol(client, user, at=START):
    """Set up an authenticator for the signed-in `user`; the recovery codes shown."""
    with time_machine.travel(at, tick=False):
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        response = client.post(SETUP, {"code": code_for(device)})
    assert response.status_code == 200
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())


def test_setup_shows_a_qr_code_and_the_secret_as_text(bob_client, bob):
    response = bob_client.get(SETUP)
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    device = TOTPDevice.objects.get(user=bob, confirmed=False)
    assert "<svg" in page
    secret = two_factor.provisioning(device).secret
    assert secret in page
    assert secret.replace(" ", "") in device.config_url
    assert "otpauth://totp/Hallway%3Abob%40acme.test" in device.config_url
    assert "http" not in re.search(r"<svg.*?</svg>", page, re.S).group(0).replace(
        "http://www.w3.org/2000/svg", ""
    )


def test_setup_with_a_real_code_turns_it_on_and_shows_ten_recovery_codes_once(bob_client, bob):
    codes = enrol(bob_client, bob)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=bob).confirmed
    again = bob_client.get(SETUP).content.decode()
    assert "Two-factor sign-in is on" in again
    assert not any(code in again for code in codes)


def test_a_wrong_code_is_refused_at_setup(bob_client, bob):
    bob_client.get(SETUP)
    device = TOTPDevice.objects.get(user=bob)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = bob_client.post(SETUP, {"code": wrong})
    assert "That code is not right" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_after_the_password_the_code_is_asked_before_any_page(client, bob):
    client.force_login(bob)
    enrol(client, bob)
    client.logout()
    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False):
        assert sign_in(client).status_code == 302
        home = client.get(reverse("home"))
        assert home.status_code == 302
        assert home["Location"].startswith(VERIFY)
        assert client.get(reverse("accounts:settings_profile"))["Location"].startswith(VERIFY)
        assert client.get("/admin/").status_code == 302
        step = client.get(VERIFY).content.decode()
        assert 'aria-label="Main"' not in step  # no links that would only lead back here
        device = TOTPDevice.objects.get(user=bob)
        wrong = client.post(VERIFY, {"code": "000000", "next": "/"})
        assert wrong.status_code == 400
        assert "That code is not right" in wrong.content.decode()
        # Guessing is slowed down: even the right code must wait a moment now.
        early = client.post(VERIFY, {"code": code_for(device), "next": "/"})
        assert early.status_code == 400
        assert "Too many wrong codes. Please wait 1 second and try again." in early.content.decode()
    with time_machine.travel(START + dt.timedelta(minutes=5, seconds=3), tick=False):
        right = client.post(VERIFY, {"code": code_for(device), "next": "/people/"})
        assert right.status_code == 302
        assert right["Location"] == "/people/"
        assert client.get(reverse("home")).status_code == 200


def test_an_old_code_does_not_pass(client, bob):
    client.force_login(bob)
    enrol(client, bob)
    client.logout()
    device = TOTPDevice.objects.get(user=bob)
    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False):
        sign_in(client)
        old = code_for(device, at=START)
        assert client.post(VERIFY, {"code": old}).status_code == 400
        assert client.get(reverse("home")).status_code == 302


def test_a_recovery_code_works_once(client, bob):
    client.force_login(bob)
    codes = enrol(client, bob)
    client.logout()
    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False):
        sign_in(client)
        response = client.post(VERIFY, {"code": codes[0].upper()})
        assert response.status_code == 302
        assert client.get(reverse("home")).status_code == 200
        client.logout()
    with time_machine.travel(START + dt.timedelta(minutes=10), tick=False):
        sign_in(client)
        assert client.post(VERIFY, {"code": codes[0]}).status_code == 400
        assert client.get(reverse("home")).status_code == 302
    assert StaticToken.objects.filter(device__user=bob).count() == 9


def test_turning_it_off_needs_the_password(client, bob):
    client.force_login(bob)
    enrol(client, bob)
    refused = client.post(
        reverse("accounts:settings_two_factor_disable"), {"disable-password": "wrong"}
    )
    assert refused.status_code == 302
    assert TOTPDevice.objects.filter(user=bob).exists()
    client.post(reverse("accounts:settings_two_factor_disable"), {"disable-password": PASSWORD})
    assert not TOTPDevice.objects.filter(user=bob).exists()
    assert not StaticToken.objects.filter(device__user=bob).exists()
    client.logout()
    sign_in(client)
    assert client.get(reverse("home")).status_code == 200


def test_new_recovery_codes_replace_the_old_ones(client, bob):
    client.force_login(bob)
    old = enrol(client, bob)
    response = client.post(
        reverse("accounts:settings_two_factor_recovery_codes"), {"codes-password": PASSWORD}
    )
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new) == 10
    assert not set(old) & set(new)
    wrong = client.post(
        reverse("accounts:settings_two_factor_recovery_codes"), {"codes-password": "wrong"}
    )
    assert wrong.status_code == 302
    assert set(StaticToken.objects.filter(device__user=bob).values_list("token", flat=True)) == set(
        new
    )


def require(acme):
    acme.require_two_factor = True
    acme.save()


def test_an_organisation_can_require_it_for_admins_and_owners(client, alice, acme):
    client.force_login(alice)
    page = client.get(reverse("accounts:settings_organisation")).content.decode()
    assert "Require two-factor sign-in for owners and admins" in page
    client.post(reverse("accounts:settings_organisation_security"), {"require_two_factor": "on"})
    acme.refresh_from_db()
    assert acme.require_two_factor


def test_members_cannot_change_the_requirement(bob_client, acme):
    response = bob_client.post(
        reverse("accounts:settings_organisation_security"), {"require_two_factor": "on"}
    )
    assert response.status_code == 404
    acme.refresh_from_db()
    assert not acme.require_two_factor


def test_an_admin_without_a_device_is_sent_to_set_one_up_and_reaches_nothing_else(
    client, alice, acme
):
    require(acme)
    sign_in(client, "alice@acme.test")
    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert home["Location"].startswith(SETUP)
    assert client.get(reverse("accounts:settings_members"))["Location"].startswith(SETUP)
    assert client.post(reverse("accounts:settings_tokens"), {"name": "x"}).status_code == 302
    page = client.get(SETUP).content.decode()
    assert "Your organisation requires two-factor sign-in" in page
    assert 'aria-label="Main"' not in page
    enrol(client, alice, at=dt.datetime.now(tz=dt.UTC))
    assert client.get(reverse("home")).status_code == 200


def test_the_requirement_leaves_members_alone(client, bob, acme):
    require(acme)
    sign_in(client)
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("path", ["/static/hallway/htmx.min.js", "/healthz"])
def test_someone_owing_the_code_can_still_load_what_the_pages_need(client, alice, acme, path):
    require(acme)
    sign_in(client, "alice@acme.test")
    assert client.get(path).status_code != 302


def test_signing_out_stays_possible(client, alice, acme):
    require(acme)
    sign_in(client, "alice@acme.test")
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
