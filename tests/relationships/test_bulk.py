"""The lists' bulk actions as services: only the organisation's own rows change."""

import pytest
from django.core.exceptions import ValidationError

from hallway.audit.models import AuditEvent
from hallway.relationships.models import Company, Contact
from hallway.relationships.services import bulk
from tests.factories import make_company, make_contact


def test_owner_tag_and_kind_change_only_the_organisations_contacts(
    acme, globex, alice, bob, mallory
):
    mine = make_contact(acme, "Nina Vogel", owners=[alice])
    theirs = make_contact(globex, "Their Contact")
    ids = [mine.pk, theirs.pk]
    assert bulk.contacts_bulk_set_owner(organisation=acme, contact_ids=ids, owner=bob) == 1
    assert list(mine.owners.all()) == [bob]
    assert not theirs.owners.exists()
    with pytest.raises(ValidationError):
        bulk.contacts_bulk_set_owner(organisation=acme, contact_ids=ids, owner=mallory)
    assert bulk.contacts_bulk_tag(organisation=acme, contact_ids=ids, tag_name="VIP") == 1
    assert bulk.contacts_bulk_tag(organisation=acme, contact_ids=ids, tag_name="vip") == 0
    with pytest.raises(ValidationError):
        bulk.contacts_bulk_tag(organisation=acme, contact_ids=ids, tag_name=" ")
    assert bulk.contacts_bulk_kind(organisation=acme, contact_ids=ids, kind="candidate") == 1
    assert Contact.objects.get(pk=theirs.pk).kind == "client"
    with pytest.raises(ValidationError):
        bulk.contacts_bulk_kind(organisation=acme, contact_ids=ids, kind="friend")


def test_deleting_is_audited_and_spares_other_organisations(acme, globex, alice):
    company = make_company(acme, "Brightside GmbH")
    theirs = make_company(globex, "Their Company")
    nina = make_contact(acme, "Nina Vogel", company=company)
    assert (
        bulk.companies_bulk_delete(organisation=acme, company_ids=[company.pk, theirs.pk], by=alice)
        == 1
    )
    assert Company.objects.filter(pk=theirs.pk).exists()
    assert Contact.objects.get(pk=nina.pk).company is None
    assert bulk.contacts_bulk_delete(organisation=acme, contact_ids=[nina.pk], by=alice) == 1
    assert bulk.contacts_bulk_delete(organisation=acme, contact_ids=[nina.pk], by=alice) == 0
    events = AuditEvent.objects.order_by("id")
    assert [(e.action, e.target, e.details["count"]) for e in events] == [
        ("companies_deleted", "Brightside GmbH", 1),
        ("contacts_deleted", "Nina Vogel", 1),
    ]
