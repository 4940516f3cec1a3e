"""Single sign-on in a real browser, against a real OpenID provider process. With
HALLWAY_SCREENSHOTS=1 it writes docs/screenshots/sso-settings.png."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from hallway.accounts.models import Membership, Role
from hallway.accounts.sso_models import ProviderKind, SingleSignOn
from tests.accounts.oidc import running_provider
from tests.browser.conftest import log_in
from tests.factories import PASSWORD

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "sso-settings.png"


@pytest.fixture
def provider_for_live_server(live_server, settings):
    settings.BASE_URL = live_server.url
    with running_provider(live_server.url + reverse("accounts:sso_callback")) as provider:
        yield provider


def test_a_new_colleague_signs_in_through_the_provider_and_joins(
    page, live_server, acme, provider_for_live_server
):
    config = SingleSignOn(
        organisation=acme,
        provider=ProviderKind.KEYCLOAK,
        issuer=provider_for_live_server.issuer,
        client_id=provider_for_live_server.client_id,
        allowed_domains=["acme.test"],
        new_member_role=Role.MEMBER,
    )
    config.client_secret = provider_for_live_server.client_secret
    config.save()

    page.goto("/accounts/login/")
    page.get_by_role("link", name="Sign in with single sign-on").click()
    page.get_by_label("Work email address or organisation short name").fill("leo@acme.test")
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("Welcome to Acme!").wait_for()

    assert page.url == live_server.url + reverse("home")

    membership = Membership.objects.get(user__email="leo@acme.test")
    assert (membership.organisation, membership.role) == (acme, Role.MEMBER)


def test_an_admin_sets_up_the_provider(page, alice, provider_for_live_server):
    log_in(page, alice.email, PASSWORD)
    page.goto(reverse("accounts:settings_sso"))
    page.get_by_label("Provider", exact=True).select_option("keycloak")
    page.get_by_label("Issuer URL").fill(provider_for_live_server.issuer)
    page.get_by_label("Client ID").fill(provider_for_live_server.client_id)
    page.get_by_label("Client secret").fill(provider_for_live_server.client_secret)
    page.get_by_label("Allowed email domains").fill("acme.test, acme.example")
    page.get_by_label("Members may still sign in with a password").uncheck()
    if os.environ.get("HALLWAY_SCREENSHOTS") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
    page.get_by_role("button", name="Save").click()

    page.get_by_text("Single sign-on has been saved.").wait_for()
    assert not page.get_by_text("could not read the provider").count()  # it answered
    config = SingleSignOn.objects.get(organisation=alice.memberships.get().organisation)
    assert config.allowed_domains == ["acme.test", "acme.example"]
    assert config.password_sign_in_allowed is False
    assert config.client_secret == provider_for_live_server.client_secret
