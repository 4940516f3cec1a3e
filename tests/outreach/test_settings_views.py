"""The organisation's outreach settings (admins, in the settings section) and each
sender's own signature and daily limit (never above the organisation's)."""

from django.urls import reverse

from hallway.outreach.models import OutreachSettings, SenderProfile
from hallway.outreach.selectors.settings import daily_limit_of

SETTINGS = reverse("outreach:settings")
SIGNATURE = reverse("outreach:signature")


def test_an_admin_changes_the_organisations_settings(alice_client, acme):
    response = alice_client.get(SETTINGS)
    assert response.status_code == 200
    assert "automated messages per sender per day" in response.content.decode().lower()
    response = alice_client.post(SETTINGS, {"daily_send_limit": 20, "quiet_fallback_days": 3})
    assert response.status_code == 302
    settings = OutreachSettings.objects.get(organisation=acme)
    assert (settings.daily_send_limit, settings.quiet_fallback_days) == (20, 3)


def test_out_of_range_settings_are_refused(alice_client, acme):
    response = alice_client.post(SETTINGS, {"daily_send_limit": 0, "quiet_fallback_days": 61})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"daily_send_limit", "quiet_fallback_days"}


def test_the_settings_are_a_section_of_the_organisations_settings(client, alice, bob):
    client.force_login(alice)
    page = client.get(reverse("accounts:settings_organisation")).content.decode()
    assert f'href="{SETTINGS}"' in page
    client.force_login(bob)
    page = client.get(reverse("accounts:settings_profile")).content.decode()
    assert f'href="{SETTINGS}"' not in page


def test_a_member_cannot_change_them(bob_client):
    assert bob_client.get(SETTINGS).status_code == 404
    assert bob_client.post(SETTINGS, {"daily_send_limit": 2000}).status_code == 404


def test_a_sender_writes_their_signature_and_lowers_their_limit(bob_client, acme, bob):
    assert bob_client.get(SIGNATURE).status_code == 200
    response = bob_client.post(
        SIGNATURE, {"signature": "Bob\r\nAcme Recruiting", "daily_send_limit": 10}
    )
    assert response.status_code == 302
    profile = SenderProfile.objects.get(organisation=acme, user=bob)
    assert profile.signature == "Bob\nAcme Recruiting"
    assert daily_limit_of(acme, bob) == 10
    # Saved again: still one profile.
    bob_client.post(SIGNATURE, {"signature": "Bob", "daily_send_limit": ""})
    assert SenderProfile.objects.get(organisation=acme, user=bob).daily_send_limit is None
    assert daily_limit_of(acme, bob) == 50


def test_a_senders_limit_stays_under_the_organisations(bob_client, acme, bob):
    OutreachSettings.objects.create(organisation=acme, daily_send_limit=30)
    response = bob_client.post(SIGNATURE, {"signature": "", "daily_send_limit": 31})
    assert response.status_code == 400
    assert "30" in response.context["form"].errors["daily_send_limit"][0]
    assert not SenderProfile.objects.filter(user=bob).exists()


def test_the_signature_is_the_own_organisations(bob_client, mallory, globex, acme, bob):
    SenderProfile.objects.create(organisation=globex, user=mallory, signature="Mallory")
    bob_client.post(SIGNATURE, {"signature": "Bob"})
    assert SenderProfile.objects.get(user=bob).organisation == acme
    assert SenderProfile.objects.get(user=mallory).signature == "Mallory"
