"""The single sign-on settings page, and password sign-in for organisations that turn it off."""

from django.urls import reverse

from hallway.accounts.models import Role
from hallway.accounts.sso_models import ProviderKind, SingleSignOn
from tests.accounts.oidc import free_port
from tests.factories import PASSWORD, make_user

URL = reverse("accounts:settings_sso")


def form(**changes):
    return {
        "enabled": "on",
        "provider": ProviderKind.ENTRA,
        "issuer": f"http://127.0.0.1:{free_port()}/tenant/v2.0",
        "client_id": "app-id",
        "client_secret": "s3cret-value",
        "allowed_domains": "Acme.test, @acme.example",
        "new_member_role": Role.MEMBER,
        "password_sign_in_allowed": "on",
        **changes,
    }


def test_admins_save_a_provider_with_the_secret_encrypted(alice_client, acme, settings):
    response = alice_client.post(URL, form(), follow=True)

    assert response.status_code == 200
    config = SingleSignOn.objects.get(organisation=acme)
    assert config.allowed_domains == ["acme.test", "acme.example"]
    assert config.client_secret == "s3cret-value"
    assert "s3cret-value" not in config.secrets_encrypted
    assert config.password_sign_in_allowed is True
    assert config.provider_enforces_mfa is False
    page = response.content.decode()
    assert "Single sign-on has been saved." in page
    assert "could not read the provider" in page  # nothing listens at that issuer
    assert f"{settings.BASE_URL}/accounts/sso/callback/" in page  # to register at the provider
    assert "s3cret-value" not in page


def test_a_blank_secret_keeps_the_stored_one(alice_client, acme):
    alice_client.post(URL, form())
    alice_client.post(URL, form(client_secret="", client_id="other-app"))
    config = SingleSignOn.objects.get(organisation=acme)
    assert (config.client_id, config.client_secret) == ("other-app", "s3cret-value")


def test_the_first_save_needs_a_secret_and_a_domain(alice_client, acme):
    response = alice_client.post(URL, form(client_secret=""))
    assert "This field is required." in response.content.decode()
    response = alice_client.post(URL, form(allowed_domains=""))
    assert "Name at least one email domain" in response.content.decode()
    response = alice_client.post(URL, form(allowed_domains="not a domain!"))
    assert "is not an email domain" in response.content.decode()
    assert not SingleSignOn.objects.filter(organisation=acme).exists()


def test_admins_cannot_let_new_members_in_as_owners(alice_client, acme):
    response = alice_client.post(URL, form(new_member_role=Role.OWNER))
    assert response.status_code == 200
    assert not SingleSignOn.objects.filter(organisation=acme).exists()


def test_owners_can(olga_client, acme):
    olga_client.post(URL, form(new_member_role=Role.OWNER))
    assert SingleSignOn.objects.get(organisation=acme).new_member_role == Role.OWNER


def test_members_and_organisers_cannot_see_it(bob_client, client, dave):
    assert bob_client.get(URL).status_code in (403, 404)
    client.force_login(dave)
    assert client.get(URL).status_code in (403, 404)


def test_the_login_page_offers_single_sign_on(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:sso_start") in page


def _sso_only(organisation):
    config = SingleSignOn(
        organisation=organisation,
        issuer="https://login.example/acme",
        client_id="x",
        allowed_domains=["acme.test"],
        password_sign_in_allowed=False,
    )
    config.client_secret = "y"
    config.save()
    return config


def test_members_of_an_organisation_without_password_sign_in_cannot_use_their_password(
    client, acme, bob, mallory
):
    _sso_only(acme)

    response = client.post(reverse("accounts:login"), {"username": bob.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session

    # Other organisations' members are not affected.
    response = client.post(
        reverse("accounts:login"), {"username": mallory.email, "password": PASSWORD}
    )
    assert response.status_code == 302


def test_password_sign_in_works_again_when_the_organisation_allows_it(client, acme, bob):
    config = _sso_only(acme)
    config.password_sign_in_allowed = True
    config.save()
    response = client.post(reverse("accounts:login"), {"username": bob.email, "password": PASSWORD})
    assert response.status_code == 302


def test_a_disabled_provider_keeps_nobody_out(client, acme, bob):
    config = _sso_only(acme)
    config.enabled = False
    config.save()
    response = client.post(reverse("accounts:login"), {"username": bob.email, "password": PASSWORD})
    assert response.status_code == 302


def test_the_guard_keeps_forced_sessions_working(client, acme):
    # The test client (and Django's admin tools) use the first backend to restore a session.
    user = make_user("zoe@acme.test", acme)
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200


def test_rotate_keys_re_encrypts_the_client_secret(acme, settings):
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.HALLWAY_ENCRYPTION_KEYS = [old]
    config = _sso_only(acme)
    settings.HALLWAY_ENCRYPTION_KEYS = [new, old]
    call_command("channel", "rotate-keys")
    settings.HALLWAY_ENCRYPTION_KEYS = [new]
    assert SingleSignOn.objects.get(pk=config.pk).client_secret == "y"


def test_changes_reach_the_audit_log_without_the_secret(alice_client, acme):
    from hallway.audit.models import AuditEvent

    issuer = form()["issuer"]
    alice_client.post(URL, form(issuer=issuer))
    alice_client.post(URL, form(issuer=issuer, client_secret="", client_id="other-app"))

    first, second = AuditEvent.objects.filter(organisation=acme, action="sso_changed").order_by(
        "pk"
    )
    assert first.details["client_secret"] == "(replaced)"
    assert second.details == {"client_id": "app-id → other-app"}
    assert "s3cret-value" not in str(first.details)
