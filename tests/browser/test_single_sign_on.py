"""Single sign-on in a real browser, against a real OpenID provider process."""

import pytest
from django.urls import reverse

from hallway.accounts.models import Membership, Role
from hallway.accounts.sso_models import ProviderKind, SingleSignOn
from tests.accounts.oidc import running_provider


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
