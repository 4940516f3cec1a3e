import pytest
from django.urls import reverse

ADMIN_SECTIONS = ["settings_organisation", "settings_members", "settings_invitations"]
PERSONAL_SECTIONS = ["settings_profile", "settings_password", "settings_tokens"]


def test_settings_sends_admins_to_the_organisation_and_members_to_their_profile(
    alice_client, bob, client
):
    response = alice_client.get(reverse("accounts:settings"))
    assert response["Location"] == reverse("accounts:settings_organisation")
    client.force_login(bob)
    response = client.get(reverse("accounts:settings"))
    assert response["Location"] == reverse("accounts:settings_profile")


def test_signed_out_visitors_are_sent_to_log_in(client, db):
    for name in ["settings", *ADMIN_SECTIONS, *PERSONAL_SECTIONS]:
        response = client.get(reverse(f"accounts:{name}"))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name


def test_admins_see_every_section(alice_client):
    page = alice_client.get(reverse("accounts:settings_profile"))
    for name in ADMIN_SECTIONS + PERSONAL_SECTIONS:
        assert reverse(f"accounts:{name}").encode() in page.content, name
    for name in ADMIN_SECTIONS + PERSONAL_SECTIONS:
        assert alice_client.get(reverse(f"accounts:{name}")).status_code == 200, name


def test_members_see_only_their_own_sections(bob_client):
    page = bob_client.get(reverse("accounts:settings_profile"))
    for name in PERSONAL_SECTIONS:
        assert reverse(f"accounts:{name}").encode() in page.content, name
        assert bob_client.get(reverse(f"accounts:{name}")).status_code == 200, name
    for name in ADMIN_SECTIONS:
        assert reverse(f"accounts:{name}").encode() not in page.content, name


@pytest.mark.parametrize("name", ADMIN_SECTIONS)
def test_members_get_404_on_admin_sections(bob_client, name):
    assert bob_client.get(reverse(f"accounts:{name}")).status_code == 404
    assert bob_client.post(reverse(f"accounts:{name}"), {"name": "X"}).status_code == 404


def test_organisers_get_404_on_admin_sections(client, dave):
    client.force_login(dave)
    for name in ADMIN_SECTIONS:
        assert client.get(reverse(f"accounts:{name}")).status_code == 404


def test_admin_updates_the_organisation(alice_client, acme):
    page = alice_client.get(reverse("accounts:settings_organisation"))
    assert b'value="Europe/Berlin"' in page.content
    assert b'<datalist id="known-timezones">' in page.content
    response = alice_client.post(
        reverse("accounts:settings_organisation"),
        {"name": "Acme Europe", "timezone": "Europe/Amsterdam", "language": "nl"},
    )
    assert response.status_code == 302
    acme.refresh_from_db()
    assert (acme.name, acme.timezone, acme.language) == ("Acme Europe", "Europe/Amsterdam", "nl")


def test_an_unknown_time_zone_is_explained_and_nothing_changes(alice_client, acme):
    response = alice_client.post(
        reverse("accounts:settings_organisation"),
        {"name": "Acme Europe", "timezone": "Europe/Neverland", "language": "de"},
    )
    assert response.status_code == 200
    assert "“Europe/Neverland” is not a known IANA time zone".encode() in response.content
    acme.refresh_from_db()
    assert (acme.name, acme.timezone, acme.language) == ("Acme", "Europe/Berlin", "en")


def test_bob_cannot_update_the_organisation(bob_client, acme):
    response = bob_client.post(
        reverse("accounts:settings_organisation"),
        {"name": "Bob's", "timezone": "UTC", "language": "en"},
    )
    assert response.status_code == 404
    acme.refresh_from_db()
    assert acme.name == "Acme"
