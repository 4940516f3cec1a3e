"""contacts_merge: one contact kept, the others folded into it in one transaction."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hallway.audit.models import AuditEvent
from hallway.relationships.models import Contact, ContactEmail, Detail, Note, Order, Touch
from hallway.relationships.services.merging import contacts_merge, contacts_merge_plan
from hallway.relationships.services.orders import order_record
from hallway.relationships.services.records import tags_by_name
from tests.factories import make_company, make_contact, make_touch


@pytest.fixture
def pair(acme, alice, bob):
    company = make_company(acme, "Brightside GmbH")
    now = timezone.now()
    keep = make_contact(
        acme,
        "Nina Vogel",
        email="nina@brightside.example",
        owners=[alice],
        last_touch_at=now - datetime.timedelta(days=9),
    )
    keep.tags.set(tags_by_name(acme, ["Golf"]))
    other = make_contact(
        acme,
        "N. Vogel",
        email="nina@brightside.example",
        company=company,
        phone="+49 30 1234",
        owners=[bob],
        last_touch_at=now - datetime.timedelta(days=2),
    )
    other.tags.set(tags_by_name(acme, ["Golf", "VIP"]))
    ContactEmail.objects.create(organisation=acme, contact=other, email="nina@home.example")
    return keep, other


def test_the_preview_changes_nothing(acme, pair):
    keep, other = pair
    plan = contacts_merge_plan(organisation=acme, keep=keep, others=[other])
    fields = {field.name: field for field in plan.fields}
    assert fields["phone"].value == "+49 30 1234"
    assert fields["phone"].source == other
    assert fields["email"].source == keep
    assert plan.emails == ["nina@brightside.example", "nina@home.example"]
    assert Contact.objects.count() == 2
    assert Contact.objects.get(pk=keep.pk).phone == ""


def test_merge_moves_everything_and_deletes_the_others(acme, alice, bob, pair):
    keep, other = pair
    shared = make_touch(acme, keep, other, at=timezone.now() - datetime.timedelta(days=3))
    only_other = make_touch(acme, other, at=timezone.now() - datetime.timedelta(days=2))
    Detail.objects.create(organisation=acme, author=bob, contact=other, text="Marathon")
    Note.objects.create(organisation=acme, author=bob, contact=other, text="Two kids")
    order = order_record(
        organisation=acme,
        company=other.company,
        title="Driver",
        at=timezone.localdate(),
        contact=other,
    )

    kept = contacts_merge(organisation=acme, keep=keep, others=[other], by=alice)

    assert not Contact.objects.filter(pk=other.pk).exists()
    kept.refresh_from_db()
    assert kept.phone == "+49 30 1234"
    assert kept.company == other.company
    assert kept.last_touch_at == other.last_touch_at
    assert set(kept.owners.all()) == {alice, bob}
    assert sorted(kept.tags.values_list("name", flat=True)) == ["Golf", "VIP"]
    assert list(kept.other_emails.values_list("email", flat=True)) == ["nina@home.example"]
    assert list(shared.contacts.all()) == [kept]
    assert list(only_other.contacts.all()) == [kept]
    assert Touch.objects.count() == 2
    assert Detail.objects.get().contact == kept
    assert Note.objects.get().contact == kept
    assert Order.objects.get(pk=order.pk).contact == kept
    event = AuditEvent.objects.get(action="contacts_merged")
    assert event.actor == alice
    assert event.details["merged"] == [other.pk]


def test_merging_refuses_nonsense(acme, globex, alice, pair):
    keep, _other = pair
    with pytest.raises(ValidationError):
        contacts_merge(organisation=acme, keep=keep, others=[], by=alice)
    with pytest.raises(ValidationError):
        contacts_merge(organisation=acme, keep=keep, others=[keep], by=alice)
    theirs = make_contact(globex, "Their Nina", email="nina@brightside.example")
    with pytest.raises(ValidationError):
        contacts_merge(organisation=acme, keep=keep, others=[theirs], by=alice)
    assert Contact.objects.filter(pk=theirs.pk).exists()
