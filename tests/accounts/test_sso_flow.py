"""Single sign-on end to end against a real OpenID provider process (oidc-provider)."""

from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from joserfc.jwk import KeySet, RSAKey

from hallway.accounts import sso_client
from hallway.accounts.models import Membership, Role, User
from hallway.accounts.sso_models import ProviderKind, SingleSignOn
from hallway.accounts.sso_views import PENDING_KEY, SIGNED_IN_KEY
from tests.accounts.oidc import free_port, oidc_provider, sign_in_at_provider
from tests.factories import PASSWORD, make_user

__all__ = ["oidc_provider"]  # the fixture, used by name below


@pytest.fixture(autouse=True)
def _hallway_at_testserver(settings):
    # The redirect URI registered with the provider points at Django's test client.
    settings.BASE_URL = "http://testserver"


@pytest.fixture
def acme_sso(acme, oidc_provider):
    config = SingleSignOn(
        organisation=acme,
        provider=ProviderKind.KEYCLOAK,
        issuer=oidc_provider.issuer,
        client_id=oidc_provider.client_id,
        allowed_domains=["acme.test"],
        new_member_role=Role.ORGANISER,
    )
    config.client_secret = oidc_provider.client_secret
    config.save()
    return config


def start(client, address: str):
    response = client.post(reverse("accounts:sso_start"), {"address": address})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def sign_in(client, address: str, *, login: str = ""):
    """The whole round trip; returns Hallway's answer to the provider's redirect back."""
    callback = sign_in_at_provider(start(client, address), login=login)
    return client.get(callback)


def signed_in_user_id(client):
    return client.session.get(SESSION_KEY)


def test_a_new_person_at_an_allowed_domain_gets_an_account_and_the_configured_role(
    client, acme_sso
):
    response = sign_in(client, "newcomer@acme.test")

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    user = User.objects.get(email="newcomer@acme.test")
    assert not user.has_usable_password()
    assert user.first_name == "Newcomer"
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (acme_sso.organisation, Role.ORGANISER)
    assert int(signed_in_user_id(client)) == user.pk
    assert client.session[SIGNED_IN_KEY] == {
        "organisation": acme_sso.organisation_id,
        "provider_mfa": False,
    }
    assert client.get(reverse("home")).status_code == 200


def test_an_existing_user_gets_the_missing_membership_and_keeps_other_ones(
    client, acme_sso, globex
):
    existing = make_user("mia@acme.test", globex, Role.ADMIN)

    response = sign_in(client, "MIA@acme.test")

    assert response.status_code == 302
    assert int(signed_in_user_id(client)) == existing.pk
    roles = dict(Membership.objects.filter(user=existing).values_list("organisation__slug", "role"))
    assert roles == {"globex": Role.ADMIN, "acme": Role.ORGANISER}
    assert User.objects.filter(email__iexact="mia@acme.test").count() == 1


def test_a_session_from_an_organisations_provider_reaches_that_organisation_only(
    client, acme_sso, globex
):
    """Otherwise whoever runs one organisation's provider could open another's data."""
    existing = make_user("mia@acme.test", globex, Role.ADMIN)
    sign_in(client, "mia@acme.test")

    home = client.get(reverse("home"))
    assert home.wsgi_request.organisation == acme_sso.organisation
    assert [m.organisation.slug for m in home.wsgi_request.memberships] == ["acme"]
    switch = client.post(reverse("accounts:switch_organisation"), {"organisation": globex.pk})
    assert switch.status_code == 404

    # Signing in with the password reaches every organisation again.
    client.logout()
    client.force_login(existing)
    home = client.get(reverse("home"))
    assert {m.organisation.slug for m in home.wsgi_request.memberships} == {"acme", "globex"}


def test_administration_accounts_are_refused(client, acme_sso):
    operator = make_user("root@acme.test", is_staff=True)

    response = sign_in(client, "root@acme.test")

    assert response.status_code == 403
    assert "sign in with their password" in response.content.decode()
    assert not Membership.objects.filter(user=operator).exists()
    assert signed_in_user_id(client) is None


def test_an_existing_membership_keeps_its_role(client, acme_sso, alice):
    alice.email = "alice@acme.test"
    alice.save()
    response = sign_in(client, "alice@acme.test")
    assert response.status_code == 302
    assert Membership.objects.get(user=alice).role == Role.ADMIN


def test_the_organisation_can_be_chosen_by_its_short_name(client, acme_sso):
    response = sign_in(client, "acme", login="ola@acme.test")
    assert response.status_code == 302
    assert User.objects.filter(email="ola@acme.test").exists()


def test_an_address_outside_the_allowed_domains_is_refused_and_nothing_is_created(client, acme_sso):
    users_before = User.objects.count()

    response = sign_in(client, "acme", login="eve@elsewhere.test")

    assert response.status_code == 403
    assert "does not let addresses at elsewhere.test sign in" in response.content.decode()
    assert User.objects.count() == users_before
    assert signed_in_user_id(client) is None


def test_an_unverified_address_is_refused_and_nothing_is_created(client, acme_sso):
    response = sign_in(client, "acme", login="unverified:uma@acme.test")

    assert response.status_code == 403
    assert "has not verified your email address" in response.content.decode()
    assert not User.objects.filter(email="uma@acme.test").exists()
    assert signed_in_user_id(client) is None


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    return urlunsplit(parts._replace(query=urlencode({**query, **changes})))


def test_a_tampered_state_is_refused_and_the_attempt_cannot_be_finished_after(client, acme_sso):
    callback = sign_in_at_provider(start(client, "tom@acme.test"))

    response = client.get(with_query(callback, state="forged"))

    assert response.status_code == 400
    assert "did not start here" in response.content.decode()
    assert not User.objects.filter(email="tom@acme.test").exists()
    # The pending sign-in is gone: even the genuine answer no longer works.
    assert client.get(callback).status_code == 400
    assert signed_in_user_id(client) is None


def test_a_callback_without_a_started_sign_in_is_refused(client, acme_sso):
    callback = sign_in_at_provider(start(client, "tom@acme.test"))
    other_browser = client.__class__()
    assert other_browser.get(callback).status_code == 400
    assert not User.objects.filter(email="tom@acme.test").exists()


def test_a_token_for_another_sign_in_is_refused(client, acme_sso):
    """The nonce binds the ID token to this browser's attempt."""
    callback = sign_in_at_provider(start(client, "nina@acme.test"))
    session = client.session
    session[PENDING_KEY] = {**session[PENDING_KEY], "nonce": "another-attempt"}
    session.save()

    response = client.get(callback)

    assert response.status_code == 403
    assert "could not be verified" in response.content.decode()
    assert not User.objects.filter(email="nina@acme.test").exists()


def test_an_id_token_not_signed_by_the_published_keys_is_refused(client, acme_sso, monkeypatch):
    """The provider's real token, checked against keys that are not the provider's."""
    impostor = KeySet([RSAKey.generate_key(2048)]).as_dict(private=False)
    real_get_json = sso_client._get_json

    def keys_swapped(url):
        return impostor if url.endswith("/jwks") else real_get_json(url)

    monkeypatch.setattr(sso_client, "_get_json", keys_swapped)

    response = sign_in(client, "kai@acme.test")

    assert response.status_code == 403
    assert "could not be verified" in response.content.decode()
    assert not User.objects.filter(email="kai@acme.test").exists()


def test_a_wrong_client_secret_is_refused(client, acme_sso):
    acme_sso.client_secret = "not-the-secret"
    acme_sso.save()
    response = sign_in(client, "sam@acme.test")
    assert response.status_code == 403
    assert not User.objects.filter(email="sam@acme.test").exists()


def test_an_unreachable_provider_is_explained(client, acme):
    config = SingleSignOn(
        organisation=acme,
        issuer=f"http://127.0.0.1:{free_port()}",
        client_id="x",
        allowed_domains=["acme.test"],
    )
    config.client_secret = "y"
    config.save()

    response = client.post(reverse("accounts:sso_start"), {"address": "ada@acme.test"})

    assert response.status_code == 502
    assert "could not be reached" in response.content.decode()


def test_an_unknown_domain_is_told_to_use_the_password(client, acme_sso):
    response = client.post(reverse("accounts:sso_start"), {"address": "ada@nowhere.test"})
    assert response.status_code == 403
    assert "No organisation signs in with single sign-on" in response.content.decode()


def test_refusals_are_translated(client, acme_sso):
    response = client.post(
        reverse("accounts:sso_start"),
        {"address": "ada@nowhere.test"},
        headers={"accept-language": "de"},
    )
    assert "No organisation signs in" not in response.content.decode()


def test_the_provider_mfa_setting_is_remembered_in_the_session(client, acme_sso):
    acme_sso.provider_enforces_mfa = True
    acme_sso.save()
    sign_in(client, "max@acme.test")
    assert client.session[SIGNED_IN_KEY]["provider_mfa"] is True


def test_hallway_asks_for_its_own_second_factor_unless_the_provider_does(client, acme_sso):
    max_ = make_user("max@acme.test", acme_sso.organisation, Role.MEMBER)
    TOTPDevice.objects.create(user=max_, name="phone", confirmed=True)
    sign_in(client, "max@acme.test")
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:two_factor_verify"))
    client.logout()
    acme_sso.provider_enforces_mfa = True
    acme_sso.save()
    sign_in(client, "max@acme.test")
    assert client.get(reverse("home")).status_code == 200


def test_next_is_kept_across_the_round_trip(client, acme_sso):
    response = client.post(
        reverse("accounts:sso_start"),
        {"address": "nel@acme.test", "next": reverse("accounts:settings_profile")},
    )
    response = client.get(sign_in_at_provider(response["Location"]))
    assert response["Location"] == reverse("accounts:settings_profile")


def test_a_refusal_at_the_provider_is_explained(client, acme_sso):
    start(client, "ada@acme.test")
    state = client.session[PENDING_KEY]["state"]

    response = client.get(
        reverse("accounts:sso_callback"), {"state": state, "error": "access_denied"}
    )

    assert response.status_code == 403
    assert "did not sign you in" in response.content.decode()
    assert signed_in_user_id(client) is None


def test_a_domain_two_organisations_allow_asks_for_the_short_name(client, acme_sso, globex):
    other = SingleSignOn(
        organisation=globex, issuer=acme_sso.issuer, client_id="x", allowed_domains=["acme.test"]
    )
    other.client_secret = "y"
    other.save()

    response = client.post(reverse("accounts:sso_start"), {"address": "ada@acme.test"})

    assert response.status_code == 403
    assert "enter your organisation&#x27;s short name" in response.content.decode()
    assert client.post(reverse("accounts:sso_start"), {"address": "globex"}).status_code == 302


def test_an_invitation_elsewhere_is_accepted_with_the_password_after_single_sign_on(
    client, acme_sso, globex
):
    from hallway.accounts import links
    from hallway.accounts.models import Invitation

    mia = make_user("mia@acme.test", acme_sso.organisation)
    invitation = Invitation.objects.create(organisation=globex, email=mia.email)
    url = reverse("accounts:invitation_accept", args=[links.invitation_token(invitation)])
    sign_in(client, "mia@acme.test")

    page = client.get(url)
    assert 'name="password"' in page.content.decode()  # the provider's word is not enough
    assert client.post(url, {"password": "wrong"}).status_code == 200
    assert not Membership.objects.filter(user=mia, organisation=globex).exists()

    response = client.post(url, {"password": PASSWORD})

    assert response.status_code == 302
    assert Membership.objects.filter(user=mia, organisation=globex).exists()
    home = client.get(reverse("home"))
    assert home.wsgi_request.organisation == globex
    assert {m.organisation.slug for m in home.wsgi_request.memberships} == {"acme", "globex"}


def test_sign_ins_joins_and_refusals_reach_the_audit_log(client, acme_sso):
    from hallway.audit.models import AuditEvent

    sign_in(client, "ada@acme.test")
    client.logout()
    sign_in(client, "acme", login="eve@elsewhere.test")

    events = AuditEvent.objects.filter(organisation=acme_sso.organisation)
    joined = events.get(action="member_joined")
    assert (joined.target, joined.details) == (
        "ada@acme.test",
        {"role": Role.ORGANISER, "via": "single sign-on"},
    )
    assert events.filter(action="signed_in", target="ada@acme.test").exists()
    refused = events.get(action="sign_in_failed")
    assert refused.target == "eve@elsewhere.test"
    assert refused.details == {"via": "single sign-on", "reason": "domain_not_allowed"}
