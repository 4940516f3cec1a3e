"""The contacts and companies lists: everyone sees them; bulk actions and exports are for
organisers and up; filters, sorting, htmx results, and no query per row."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from hallway.accounts.models import Role
from hallway.audit.models import AuditEvent
from hallway.relationships.models import Company, CompanyKind, Contact, ContactKind, Note
from hallway.relationships.services.records import tags_by_name
from tests.factories import make_company, make_contact, make_user

CONTACTS = reverse("relationships:contacts")
COMPANIES = reverse("relationships:companies")


@pytest.fixture
def book(acme, alice, bob):
    brightside = make_company(acme, "Brightside GmbH", industry="Logistics")
    brightside.owners.add(bob)
    northwind = make_company(acme, "Northwind", kind=CompanyKind.PROSPECT, industry="Retail")
    now = timezone.now()
    nina = make_contact(acme, "Nina Vogel", company=brightside, owners=[bob], last_touch_at=now)
    nina.tags.set(tags_by_name(acme, ["Marathon"]))
    omar = make_contact(
        acme,
        "Omar Haddad",
        company=northwind,
        kind=ContactKind.CANDIDATE,
        owners=[alice],
        last_touch_at=now - datetime.timedelta(days=120),
    )
    pia = make_contact(acme, "Pia Jansen")
    return {
        "brightside": brightside,
        "northwind": northwind,
        "nina": nina,
        "omar": omar,
        "pia": pia,
    }


def names(response):
    return [contact.name for contact in response.context["page"].object_list]


def test_a_member_sees_the_contacts_without_bulk_actions_or_export(bob_client, book):
    response = bob_client.get(CONTACTS)
    assert response.status_code == 200
    assert names(response) == ["Nina Vogel", "Omar Haddad", "Pia Jansen"]
    html = response.content.decode()
    assert "Log a touch" in html
    assert 'id="bulk-form"' not in html
    assert "Export CSV" not in html
    assert bob_client.get(reverse("relationships:contact_export")).status_code == 404
    bulk = bob_client.post(
        reverse("relationships:contact_bulk"), {"action": "delete", "ids": [book["pia"].pk]}
    )
    assert bulk.status_code == 404
    assert Contact.objects.filter(pk=book["pia"].pk).exists()


def test_the_navigation_leads_every_member_to_the_queue_and_the_contacts(bob_client, book):
    html = bob_client.get(reverse("home")).content.decode()
    assert f'href="{reverse("relationships:queue")}"' in html
    queue = bob_client.get(reverse("relationships:queue")).content.decode()
    assert f'href="{CONTACTS}"' in queue


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "nina"}, ["Nina Vogel"]),
        ({"q": "omar.haddad@"}, ["Omar Haddad"]),
        ({"q": "brightside"}, ["Nina Vogel"]),
        ({"kind": "candidate"}, ["Omar Haddad"]),
        ({"tag": "Marathon"}, ["Nina Vogel"]),
        ({"owner": "mine"}, ["Nina Vogel"]),
        ({"quiet": "on"}, ["Omar Haddad", "Pia Jansen"]),
        ({"sort": "last_touch"}, ["Pia Jansen", "Omar Haddad", "Nina Vogel"]),
        ({"sort": "-name"}, ["Pia Jansen", "Omar Haddad", "Nina Vogel"]),
    ],
)
def test_search_filters_and_sorting(bob_client, book, query, expected):
    assert names(bob_client.get(CONTACTS, query)) == expected


def test_filter_by_company_and_owner(alice_client, alice, book):
    assert names(alice_client.get(CONTACTS, {"company": book["northwind"].pk})) == ["Omar Haddad"]
    assert names(alice_client.get(CONTACTS, {"owner": alice.pk})) == ["Omar Haddad"]


def test_htmx_gets_the_results_only(bob_client, book):
    response = bob_client.get(CONTACTS, {"q": "pia"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert "1 contact found" in html
    assert "Pia Jansen" in html


def test_the_list_costs_the_same_queries_for_many_contacts(
    bob_client, acme, bob, django_assert_max_num_queries
):
    company = make_company(acme, "Big Client")
    for number in range(60):
        contact = make_contact(acme, f"Person {number:02d}", company=company, owners=[bob])
        contact.tags.set(tags_by_name(acme, ["VIP"]))
    with django_assert_max_num_queries(16):
        response = bob_client.get(CONTACTS)
    assert len(response.context["page"].object_list) == 50


def test_companies_list_filters(bob_client, book):
    response = bob_client.get(COMPANIES)
    assert [c.name for c in response.context["page"].object_list] == [
        "Brightside GmbH",
        "Northwind",
    ]
    assert response.context["page"].object_list[0].contacts_count == 1
    for query, expected in [
        ({"kind": "prospect"}, ["Northwind"]),
        ({"industry": "Logistics"}, ["Brightside GmbH"]),
        ({"owner": "mine"}, ["Brightside GmbH"]),
        ({"q": "north"}, ["Northwind"]),
    ]:
        page = bob_client.get(COMPANIES, query).context["page"]
        assert [c.name for c in page.object_list] == expected, query


def test_bulk_actions_for_organisers(client, acme, alice, book):
    olga = make_user("olga@acme.test", acme, Role.ORGANISER)
    client.force_login(olga)
    ids = [book["nina"].pk, book["pia"].pk]
    url = reverse("relationships:contact_bulk")
    client.post(url, {"action": "owner", "owner": alice.pk, "ids": ids})
    assert set(book["pia"].owners.all()) == {alice}
    assert set(book["nina"].owners.all()) == {alice}
    client.post(url, {"action": "tag", "tag_name": "Key account", "ids": ids})
    assert book["pia"].tags.filter(name="Key account").exists()
    client.post(url, {"action": "kind", "kind": "contractor", "ids": ids})
    assert Contact.objects.get(pk=book["pia"].pk).kind == "contractor"
    response = client.post(url, {"action": "tag", "ids": ids}, follow=True)
    assert "Enter the tag to add." in response.content.decode()
    client.post(url, {"action": "delete", "ids": ids})
    assert list(Contact.objects.values_list("name", flat=True)) == ["Omar Haddad"]
    event = AuditEvent.objects.get(action="contacts_deleted")
    assert event.actor == olga
    assert "Nina Vogel" in event.target


def test_company_bulk_actions(alice_client, bob, book):
    url = reverse("relationships:company_bulk")
    ids = [book["northwind"].pk]
    alice_client.post(url, {"action": "kind", "kind": "partner", "ids": ids})
    assert Company.objects.get(pk=book["northwind"].pk).kind == "partner"
    alice_client.post(url, {"action": "owner", "owner": bob.pk, "ids": ids})
    assert list(book["northwind"].owners.all()) == [bob]
    alice_client.post(url, {"action": "delete", "select_page": "on", "page_ids": ids})
    assert not Company.objects.filter(pk=book["northwind"].pk).exists()
    assert Contact.objects.get(pk=book["omar"].pk).company is None
    assert AuditEvent.objects.filter(action="companies_deleted").exists()


def test_bulk_actions_ignore_another_organisations_ids(alice_client, globex, book):
    theirs = make_contact(globex, "Their Contact")
    alice_client.post(
        reverse("relationships:contact_bulk"), {"action": "delete", "ids": [theirs.pk]}
    )
    assert Contact.objects.filter(pk=theirs.pk).exists()


def test_export_keeps_the_filters_and_never_has_notes(alice_client, alice, book):
    Note.objects.create(
        organisation=book["nina"].organisation,
        author=alice,
        contact=book["nina"],
        text="Secret family matters",
        visibility="organisation",
    )
    response = alice_client.get(
        reverse("relationships:contact_export"), {"company": book["brightside"].pk}
    )
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Name", "Email address", "Other email addresses"]
    assert [row[0] for row in rows[1:]] == ["Nina Vogel"]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Company"] == "Brightside GmbH"
    assert row["Owners"] == "bob@acme.test"
    assert row["Tags"] == "Marathon"
    assert row["Last touch"]
    assert "Secret" not in text
    assert AuditEvent.objects.filter(action="contacts_exported").exists()


def test_companies_export(alice_client, book):
    response = alice_client.get(reverse("relationships:company_export"), {"kind": "client"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["Brightside GmbH"]


def test_another_organisation_sees_none_of_it(mallory_client, book):
    assert names(mallory_client.get(CONTACTS)) == []
    assert list(mallory_client.get(COMPANIES).context["page"].object_list) == []
