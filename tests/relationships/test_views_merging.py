"""The duplicates page, the merge preview and the merge itself (organisers and up)."""

from django.urls import reverse

from hallway.audit.models import AuditEvent
from hallway.relationships.models import Contact, ContactEmail
from tests.factories import make_contact


def test_duplicates_by_main_and_further_addresses(alice_client, acme, globex):
    first = make_contact(acme, "Nina Vogel", email="nina@example.test")
    second = make_contact(acme, "N. Vogel", email="nina@example.test")
    third = make_contact(acme, "Omar Haddad", email="omar@example.test")
    fourth = make_contact(acme, "Omar H.", email="oh@example.test")
    ContactEmail.objects.create(organisation=acme, contact=fourth, email="omar@example.test")
    make_contact(acme, "Pia Jansen", email="pia@example.test")
    make_contact(globex, "Someone", email="pia@example.test")
    groups = alice_client.get(reverse("relationships:duplicates")).context["groups"]
    assert [(g.email, {c.pk for c in g.contacts}) for g in groups] == [
        ("nina@example.test", {first.pk, second.pk}),
        ("omar@example.test", {third.pk, fourth.pk}),
    ]


def test_preview_then_merge(alice_client, acme):
    first = make_contact(acme, "Nina Vogel", email="nina@example.test")
    second = make_contact(acme, "N. Vogel", email="nina@example.test", phone="123")
    url = reverse("relationships:merge")
    preview = alice_client.get(url, {"ids": [first.pk, second.pk], "keep": second.pk})
    assert preview.status_code == 200
    assert preview.context["plan"].keep == second
    assert Contact.objects.count() == 2
    response = alice_client.post(url, {"ids": [first.pk, second.pk], "keep": first.pk})
    assert response.url == reverse("relationships:contact", kwargs={"pk": first.pk})
    assert list(Contact.objects.values_list("pk", "phone")) == [(first.pk, "123")]
    assert AuditEvent.objects.filter(action="contacts_merged").exists()


def test_members_cannot_merge(bob_client, acme):
    first = make_contact(acme, "Nina Vogel", email="nina@example.test")
    second = make_contact(acme, "N. Vogel", email="nina@example.test")
    assert bob_client.get(reverse("relationships:duplicates")).status_code == 404
    response = bob_client.post(reverse("relationships:merge"), {"ids": [first.pk, second.pk]})
    assert response.status_code == 404
    assert Contact.objects.count() == 2


def test_merge_needs_two_of_the_organisations_contacts(alice_client, acme, globex):
    mine = make_contact(acme, "Nina Vogel")
    theirs = make_contact(globex, "Nina Vogel")
    response = alice_client.post(reverse("relationships:merge"), {"ids": [mine.pk, theirs.pk]})
    assert response.url == reverse("relationships:duplicates")
    assert Contact.objects.count() == 2
