"""The contact's export and erasure pages, the retention review and the settings form."""

import datetime
import json

import pytest
import vobject
from django.urls import reverse

from hallway.accounts.models import Role
from hallway.audit.models import AuditEvent
from hallway.relationships.models import Contact, Note, RelationshipSettings
from tests.factories import make_contact, make_user


@pytest.fixture
def jana(acme, alice):
    jana = make_contact(acme, "Jana Kessler", email="jana@k.test")
    Note.objects.create(organisation=acme, author=alice, contact=jana, text="Alice's private")
    return jana


def test_organisers_download_the_json_and_the_vcard(client, acme, jana):
    olga = make_user("olga@acme.test", acme, Role.ORGANISER)
    client.force_login(olga)
    response = client.get(reverse("relationships:export_json", args=[jana.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content)["notes"][0]["text"] == "Alice's private"
    response = client.get(reverse("relationships:export_vcard", args=[jana.pk]))
    assert vobject.readOne(response.content.decode()).fn.value == "Jana Kessler"
    assert AuditEvent.objects.filter(action="contact_exported").count() == 2


def test_a_member_downloads_only_as_an_owner(bob_client, bob, jana):
    url = reverse("relationships:export_vcard", args=[jana.pk])
    assert bob_client.get(url).status_code == 404
    jana.owners.add(bob)
    assert bob_client.get(url).status_code == 200


def test_a_member_cannot_erase(bob_client, jana):
    assert bob_client.post(reverse("relationships:erase", args=[jana.pk])).status_code == 404
    assert Contact.objects.filter(pk=jana.pk).exists()


def test_an_admin_erases(alice_client, jana):
    url = reverse("relationships:erase", args=[jana.pk])
    page = alice_client.get(url)
    assert page.status_code == 200
    assert "1 note" in page.content.decode()
    assert alice_client.post(url).status_code == 302
    assert not Contact.objects.filter(pk=jana.pk).exists()
    assert AuditEvent.objects.get(action="contact_erased").actor.email == "alice@acme.test"


def test_settings_then_review_then_keep(alice_client, acme):
    response = alice_client.post(
        reverse("relationships:settings"),
        {"retention_months": "12", "retention_grace_days": "30"},
    )
    assert response.status_code == 302
    assert RelationshipSettings.objects.get(organisation=acme).retention_months == 12
    old = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    silent = make_contact(acme, "Silent Sam", created_at=old)
    page = alice_client.get(reverse("relationships:retention"))
    assert 'Erase now<span class="visually-hidden"> Silent Sam' in page.content.decode()
    alice_client.post(reverse("relationships:keep", args=[silent.pk]))
    silent.refresh_from_db()
    assert silent.kept_on is not None
    page = alice_client.get(reverse("relationships:retention")).content.decode()
    assert 'Erase now<span class="visually-hidden"> Silent Sam' not in page


def test_members_do_not_see_the_review_or_the_settings(bob_client):
    assert bob_client.get(reverse("relationships:retention")).status_code == 404
    assert bob_client.get(reverse("relationships:settings")).status_code == 404
