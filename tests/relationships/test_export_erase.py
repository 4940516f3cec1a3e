"""GDPR: exporting everything about a contact (Art. 15/20) and erasing it (Art. 17)."""

import datetime
import io
import json

import pytest
import vobject
from django.core.management import CommandError, call_command

from hallway.audit.models import AuditEvent
from hallway.relationships.models import (
    Contact,
    ContactEmail,
    Detail,
    Note,
    Order,
    Touch,
    Visibility,
)
from hallway.relationships.services.privacy import contact_export, contact_vcard
from tests.factories import make_company, make_contact, make_touch

AT = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def jana(acme, alice, bob):
    company = make_company(acme, "Kessler Logistik")
    jana = make_contact(acme, "Jana Kessler", company=company, email="jana@k.test", phone="+49 1")
    ContactEmail.objects.create(organisation=acme, contact=jana, email="jana@home.test")
    Note.objects.create(organisation=acme, author=bob, contact=jana, text="Bob's private note")
    Detail.objects.create(
        organisation=acme, author=alice, contact=jana, text="Marathon in Köln", sensitive=True
    )
    Order.objects.create(
        organisation=acme, company=company, contact=jana, title="Java dev", at=AT.date()
    )
    alone = make_touch(acme, jana, at=AT)
    alone.summary = "Talked about her divorce"
    alone.save()
    return jana


def test_the_export_holds_everything_including_every_authors_private_notes(acme, jana):
    data = contact_export(contact=jana)
    assert data["contact"]["email"] == "jana@k.test"
    assert data["contact"]["other_emails"] == ["jana@home.test"]
    assert data["company"]["name"] == "Kessler Logistik"
    assert [n["text"] for n in data["notes"]] == ["Bob's private note"]
    assert data["notes"][0]["visibility"] == Visibility.PRIVATE
    assert [d["text"] for d in data["details"]] == ["Marathon in Köln"]
    assert data["touches"][0]["summary"] == "Talked about her divorce"
    assert data["orders"][0]["title"] == "Java dev"
    json.dumps(data)
    assert AuditEvent.objects.get(action="contact_exported").target == "Jana Kessler <jana@k.test>"


def test_the_vcard_reads_back(jana):
    card = vobject.readOne(contact_vcard(jana))
    assert card.fn.value == "Jana Kessler"
    assert [e.value for e in card.contents["email"]] == ["jana@k.test", "jana@home.test"]
    assert card.org.value == ["Kessler Logistik"]
    assert "Bob's private note" not in contact_vcard(jana)


def test_the_command_prints_json(acme, jana):
    out = io.StringIO()
    call_command("contact", "export", "--org", acme.slug, "--email", "JANA@home.test", stdout=out)
    assert json.loads(out.getvalue())["contact"]["name"] == "Jana Kessler"
    assert AuditEvent.objects.get(action="contact_exported").actor_label == "command line"


def test_erase_without_yes_says_what_and_changes_nothing(acme, jana):
    err = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command(
            "contact", "erase", "--org", acme.slug, "--email", "jana@k.test",
            stdout=io.StringIO(), stderr=err,
        )  # fmt: skip
    assert failed.value.returncode == 2
    assert "2 address(es), 1 personal detail(s), 1 note(s)" in err.getvalue()
    assert Contact.objects.filter(pk=jana.pk).exists()
    assert not AuditEvent.objects.filter(action="contact_erased").exists()


def test_erase_keeps_anonymous_counts(acme, jana, bob):
    other = make_contact(acme, "Tom Becker", company=jana.company)
    shared = make_touch(acme, jana, other, at=AT + datetime.timedelta(days=1))
    shared.summary = "Lunch with both"
    shared.save()
    call_command(
        "contact", "erase", "--org", acme.slug, "--email", "jana@k.test", "--yes",
        stdout=io.StringIO(),
    )  # fmt: skip
    assert not Contact.objects.filter(pk=jana.pk).exists()
    assert not ContactEmail.objects.exists()
    assert not Note.objects.exists()
    assert not Detail.objects.exists()
    alone = Touch.objects.get(at=AT)
    assert (alone.summary, alone.company_id, alone.kind) == ("", jana.company_id, "call")
    assert list(Touch.objects.get(pk=shared.pk).contacts.all()) == [other]
    assert Touch.objects.get(pk=shared.pk).summary == "Lunch with both"
    assert Order.objects.get().contact is None
    event = AuditEvent.objects.get(action="contact_erased")
    assert event.details["notes"] == 1
    assert event.actor_label == "command line"


def test_an_unknown_address_exits_2(acme, globex):
    make_contact(globex, "Jana Elsewhere", email="jana@k.test")
    with pytest.raises(CommandError) as failed:
        call_command("contact", "export", "--org", acme.slug, "--email", "jana@k.test")
    assert failed.value.returncode == 2
