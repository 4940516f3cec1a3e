"""Company and contact pages and their forms: everyone edits, organisers delete."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hallway.audit.models import AuditEvent
from hallway.relationships.models import Company, Contact
from hallway.relationships.services.orders import order_record
from tests.factories import make_company, make_contact, make_touch


@pytest.fixture
def brightside(acme, bob):
    company = make_company(
        acme,
        "Brightside GmbH",
        industry="Logistics",
        website="https://brightside.example",
        timezone="Asia/Kolkata",
        work_start=datetime.time(9),
        work_end=datetime.time(17),
        working_days=[1, 2, 3, 4, 5],
    )
    company.owners.add(bob)
    return company


@pytest.fixture
def nina(acme, brightside, bob):
    return make_contact(acme, "Nina Vogel", company=brightside, owners=[bob], cadence_days=30)


def test_contact_page_shows_facts_with_the_company_fallbacks(bob_client, nina):
    response = bob_client.get(reverse("relationships:contact", kwargs={"pk": nina.pk}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Asia/Kolkata, where it is" in html  # the company's zone
    assert "From the company, as the contact has none of their own." in html
    assert "every 30 days" in html
    assert "Log a touch" in html
    assert "No touches yet." in html
    assert reverse("relationships:contact_delete", kwargs={"pk": nina.pk}) not in html  # a member


def test_company_page_shows_rhythm_contacts_orders_and_touches(
    alice_client, acme, brightside, nina
):
    order_record(
        organisation=acme, company=brightside, title="Two drivers", at=timezone.localdate()
    )
    make_touch(acme, nina, at=timezone.now() - datetime.timedelta(hours=1))
    url = reverse("relationships:company", kwargs={"pk": brightside.pk})
    html = alice_client.get(url).content.decode()
    # One order is no rhythm yet: the page says the gap is a starting guess.
    assert "a starting guess (little history yet)" in html
    assert "Two drivers" in html
    assert "Nina Vogel" in html
    assert "Call" in html
    Company.objects.filter(pk=brightside.pk).update(usual_gap_days=13.6, rhythm_basis="orders")
    html = alice_client.get(url).content.decode()
    assert "about 14 days" in html
    assert "learned from the gaps between its orders" in html


def test_a_member_creates_and_edits_a_company_and_a_contact(bob_client, bob, acme):
    response = bob_client.post(
        reverse("relationships:company_create"),
        {
            "name": "Northwind",
            "kind": "prospect",
            "owners": [bob.pk],
            "timezone": "Europe/Amsterdam",
        },
    )
    company = Company.objects.get(name="Northwind")
    assert response.url == reverse("relationships:company", kwargs={"pk": company.pk})
    assert list(company.owners.all()) == [bob]
    response = bob_client.post(
        reverse("relationships:contact_create"),
        {
            "name": "Omar Haddad",
            "email": "Omar@Northwind.example",
            "other_emails": "omar@home.example, omar@northwind.example",
            "kind": "client",
            "company": company.pk,
            "tags": "Key account, Golf",
            "owners": [bob.pk],
            "cadence": "custom",
            "cadence_days": "45",
            "working_days": ["1", "2"],
            "work_start": "08:00",
            "work_end": "16:00",
        },
    )
    omar = Contact.objects.get(name="Omar Haddad")
    assert response.status_code == 302
    assert omar.email == "omar@northwind.example"
    assert list(omar.other_emails.values_list("email", flat=True)) == ["omar@home.example"]
    assert omar.company == company
    assert omar.cadence_days == 45
    assert omar.working_days == [1, 2]
    assert sorted(omar.tags.values_list("name", flat=True)) == ["Golf", "Key account"]
    edit = reverse("relationships:contact_edit", kwargs={"pk": omar.pk})
    form = bob_client.get(edit).context["form"]
    assert form.initial["cadence"] == "custom"
    data = {key: value for key, value in form.initial.items() if value not in (None, "")}
    data.update(cadence="91", name="Omar H.", working_days=["1", "2"], owners=[bob.pk])
    bob_client.post(edit, data)
    omar.refresh_from_db()
    assert (omar.name, omar.cadence_days) == ("Omar H.", 91)


def test_problems_are_shown_and_nothing_is_saved(bob_client):
    response = bob_client.post(
        reverse("relationships:contact_create"),
        {
            "name": "Bad",
            "kind": "client",
            "work_start": "17:00",
            "work_end": "09:00",
            "cadence": "custom",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "cadence_days" in form.errors
    assert not Contact.objects.exists()
    response = bob_client.post(
        reverse("relationships:contact_create"),
        {"name": "Bad", "kind": "client", "work_start": "17:00", "work_end": "09:00"},
    )
    assert "work_end" in response.context["form"].errors


def test_only_organisers_delete_and_it_is_audited(bob_client, client, alice, nina, brightside):
    url = reverse("relationships:contact_delete", kwargs={"pk": nina.pk})
    assert bob_client.get(url).status_code == 404
    client.force_login(alice)
    assert client.get(url).status_code == 200
    client.post(url)
    assert not Contact.objects.filter(pk=nina.pk).exists()
    company_url = reverse("relationships:company_delete", kwargs={"pk": brightside.pk})
    client.post(company_url)
    assert not Company.objects.filter(pk=brightside.pk).exists()
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {
        "contacts_deleted",
        "companies_deleted",
    }


def test_another_organisation_gets_404(mallory_client, nina, brightside):
    for name, pk in [
        ("relationships:contact", nina.pk),
        ("relationships:contact_edit", nina.pk),
        ("relationships:company", brightside.pk),
        ("relationships:company_edit", brightside.pk),
    ]:
        assert mallory_client.get(reverse(name, kwargs={"pk": pk})).status_code == 404


def test_a_large_book_types_the_company_by_name(bob_client, acme, monkeypatch):
    from hallway.relationships.selectors import lists

    monkeypatch.setattr(lists, "COMPANY_CHOICES_LIMIT", 2)
    make_company(acme, "Alpha")
    make_company(acme, "Beta")
    gamma = make_company(acme, "Gamma Ltd")
    url = reverse("relationships:contact_create")
    response = bob_client.post(url, {"name": "Ann", "kind": "client", "company": "Delta"})
    assert "No company is called “Delta”." in response.content.decode()
    bob_client.post(url, {"name": "Ann", "kind": "client", "company": "gamma  ltd"})
    ann = Contact.objects.get(name="Ann")
    assert ann.company == gamma
    edit = bob_client.get(reverse("relationships:contact_edit", kwargs={"pk": ann.pk}))
    assert edit.context["form"].initial["company"] == "Gamma Ltd"
    listed = bob_client.get(reverse("relationships:contacts"), {"company": gamma.pk})
    assert [c.name for c in listed.context["page"].object_list] == ["Ann"]
    assert "Alpha" not in listed.content.decode()
