"""The "Import contacts" pages: upload, preview, apply."""

import datetime
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hallway.relationships.importing.uploads import contact_imports_prune
from hallway.relationships.models import Contact, ContactImport

FILES = Path(__file__).parent / "files"


def upload(client, name: str, content: bytes):
    return client.post(reverse("relationships:import"), {"file": SimpleUploadedFile(name, content)})


def test_upload_preview_apply(alice_client, acme):
    assert alice_client.get(reverse("relationships:import")).status_code == 200
    response = upload(alice_client, "Connections.csv", (FILES / "Connections.csv").read_bytes())
    assert response.status_code == 302
    preview = alice_client.get(response["Location"])
    page = preview.content.decode()
    assert "Kessler Logistik GmbH" in page  # a new company
    assert not Contact.objects.exists()
    upload_id = ContactImport.objects.get().pk
    applied = alice_client.post(reverse("relationships:import_apply", args=[upload_id]))
    assert applied.status_code == 302
    assert Contact.objects.filter(organisation=acme).count() == 4
    done = ContactImport.objects.get()
    assert done.result["created"] == 4
    assert bytes(done.content) == b""


def test_problems_are_shown_by_row_and_column_and_nothing_is_written(alice_client):
    response = upload(alice_client, "c.csv", b"Name,Email\nAnn,not-an-address\n")
    page = alice_client.get(response["Location"]).content.decode()
    assert "not-an-address" in page
    assert "Email" in page
    pk = ContactImport.objects.get().pk
    alice_client.post(reverse("relationships:import_apply", args=[pk]))
    assert not Contact.objects.exists()


def test_a_wrong_kind_of_file_is_refused(alice_client):
    assert upload(alice_client, "c.pdf", b"%PDF").status_code == 400
    assert not ContactImport.objects.exists()


def test_members_do_not_import(bob_client):
    assert bob_client.get(reverse("relationships:import")).status_code == 404


def test_files_never_applied_are_deleted_after_a_week(acme):
    now = datetime.datetime(2026, 12, 7, tzinfo=datetime.UTC)
    ContactImport.objects.create(
        organisation=acme,
        filename="old.csv",
        content=b"x",
        created_at=now - datetime.timedelta(days=8),
    )
    ContactImport.objects.create(
        organisation=acme, filename="new.csv", content=b"x", created_at=now
    )
    assert contact_imports_prune(now=now) == 1
    assert list(ContactImport.objects.values_list("filename", flat=True)) == ["new.csv"]
