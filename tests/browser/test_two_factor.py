"""Setting up two-factor sign-in and signing in with it, in a real browser; and what a
locked-out visitor sees."""

import base64
import os

from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import PASSWORD

SCREENSHOTS = os.environ.get("HALLWAY_SCREENSHOTS", "")


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def app_code(secret: str) -> str:
    """What an authenticator app shows for the key on the setup page."""
    return f"{totp(base64.b32decode(secret.replace(' ', ''))):06d}"


def test_set_up_an_authenticator_and_sign_in_with_it(page, alice):
    log_in(page, "alice@acme.test", PASSWORD)
    page.goto("/accounts/settings/two-factor/")
    assert page.locator(".qr-code svg").is_visible()
    secret = page.locator("code.secret").inner_text()
    shot(page, "two-factor-setup")
    page.get_by_label("Code").fill(app_code(secret))
    page.get_by_role("button", name="Turn on").click()
    # all_inner_texts() does not wait: let the page with the recovery codes arrive first.
    expect(page.locator("ul.codes code")).to_have_count(10)
    codes = page.locator("ul.codes code").all_inner_texts()
    shot(page, "two-factor-recovery-codes")
    page.get_by_role("button", name="Log out").click()

    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("alice@acme.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/accounts/two-factor/**")
    shot(page, "two-factor-verify")
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome to Acme")


def test_a_locked_out_visitor_is_told_when_to_try_again(page, bob):
    for _ in range(10):
        page.goto("/accounts/login/")
        page.get_by_label("Email address").fill("bob@acme.test")
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Log in").click()
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("bob@acme.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    alert = page.get_by_role("alert")
    assert "Too many failed sign-in attempts" in alert.inner_text()
    shot(page, "signin-locked-out")
