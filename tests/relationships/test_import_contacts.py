"""Importing contacts: CSV, a German XLSX, vCard 3 and 4, LinkedIn's Connections.csv."""

from pathlib import Path

import pytest

from hallway.audit.models import AuditEvent
from hallway.people.importing.results import ImportRejected
from hallway.relationships.importing import contacts_import_apply, contacts_import_preview
from hallway.relationships.models import Company, Contact, ContactEmail
from tests.factories import make_company, make_contact

FILES = Path(__file__).parent / "files"


def preview(acme, content: bytes, filename: str = "contacts.csv"):
    return contacts_import_preview(organisation=acme, filename=filename, content=content)


def apply(acme, content: bytes, filename: str = "contacts.csv"):
    return contacts_import_apply(organisation=acme, filename=filename, content=content)


def test_linkedin_connections_with_notes_above_the_header(acme):
    content = (FILES / "Connections.csv").read_bytes()
    seen = preview(acme, content, "Connections.csv")
    assert seen.ok, seen.problems
    assert seen.source == "linkedin"
    assert seen.mapping["URL"] == "profile_url"
    assert seen.mapping["Position"] == "job_title"
    assert seen.mapping["Connected On"] == ""
    assert seen.would_create == 4
    assert [(n.name, n.people) for n in seen.new_companies] == [
        ("Brightside B.V.", 1),
        ("Kessler Logistik GmbH", 2),
    ]
    result = apply(acme, content, "Connections.csv")
    assert result.created == 4
    pieter = Contact.objects.get(name="Pieter de Boer")
    assert pieter.email == ""
    assert pieter.profile_url == "https://www.linkedin.com/in/pieterdeboer"
    assert pieter.source == "LinkedIn"
    assert pieter.job_title == "Head of Talent, EMEA"
    assert pieter.company.name == "Brightside B.V."
    assert Contact.objects.get(name="Müge Yılmaz").company is None
    # Again: those without email are recognised by their profile, nobody is doubled.
    again = apply(acme, content, "Connections.csv")
    assert (again.created, again.unchanged) == (0, 4)
    assert Contact.objects.count() == 4
    assert Company.objects.count() == 2


def test_linkedin_problems_are_reported_by_the_files_own_row_numbers(acme):
    content = (FILES / "Connections.csv").read_bytes().replace(b"tom@becker.test", b"tom-at-becker")
    seen = preview(acme, content, "Connections.csv")
    (problem,) = seen.problems
    assert (problem.row, problem.column, problem.field) == (8, "Email Address", "email")


def test_a_german_workbook(acme, alice):
    content = (FILES / "kontakte-de.xlsx").read_bytes()
    seen = preview(acme, content, "kontakte-de.xlsx")
    assert seen.ok, seen.problems
    assert seen.mapping["Firma"] == "company"
    assert seen.mapping["Name"] == "last_name"
    assert seen.mapping["Schlagworte"] == "tags"
    apply(acme, content, "kontakte-de.xlsx")
    anna = Contact.objects.get(email="anna.schmidt@schmidt-partner.test")
    assert anna.name == "Anna Schmidt"
    assert anna.company.name == "Schmidt & Partner"
    assert anna.language == "de"
    assert anna.timezone == "Europe/Berlin"
    assert anna.legal_basis == "consent"
    assert anna.cadence_days == 30
    assert anna.kind == "client"
    assert sorted(t.name for t in anna.tags.all()) == ["Beratung", "Kunde A"]
    assert list(anna.owners.all()) == [alice]
    joerg = Contact.objects.get(email="joerg.weiss@schmidt-partner.test")
    assert (joerg.kind, joerg.legal_basis, joerg.timezone) == (
        "prospect",
        "contract",
        "Europe/Berlin",
    )
    assert joerg.company_id == anna.company_id


@pytest.mark.parametrize("name", ["contacts-v3.vcf", "contacts-v4.vcf"])
def test_vcards(acme, name):
    content = (FILES / name).read_bytes()
    seen = preview(acme, content, name)
    assert seen.ok, seen.problems
    assert seen.source == "vcard"
    apply(acme, content, name)
    if name == "contacts-v3.vcf":
        nina = Contact.objects.get(email="nina.vogel@brightside.test")
        assert nina.company.name == "Brightside GmbH"
        assert nina.phone == "+49 170 1234567"
        assert nina.job_title == "Head of People"
        assert sorted(t.name for t in nina.tags.all()) == ["Conference 2026", "Fintech"]
        assert list(ContactEmail.objects.values_list("email", flat=True)) == ["nina@vogel.test"]
        assert Contact.objects.count() == 2
    else:
        lukas = Contact.objects.get()
        assert lukas.name == "Lukas Hoffmann"
        assert lukas.profile_url == "https://www.linkedin.com/in/lukashoffmann"
        assert lukas.company.name == "Hoffmann Bau AG"


def test_upsert_by_email_keeps_what_the_file_leaves_empty(acme):
    kessler = make_company(acme, "Kessler Logistik")
    jana = make_contact(acme, "Jana Kessler", email="jana@k.test", company=kessler, phone="123")
    content = "Name;E-Mail;Bedrijf;Phone\nJana K.;JANA@k.test;kessler logistik;\n".encode("cp1252")
    seen = preview(acme, content)
    assert (seen.would_create, seen.would_update) == (0, 1), seen.problems
    apply(acme, content)
    jana.refresh_from_db()
    assert (jana.name, jana.phone, jana.company_id) == ("Jana K.", "123", kessler.pk)


def test_every_problem_by_row_and_column_and_nothing_written(acme):
    content = (
        b"Name,Email,Kind,Owners,Time zone,Cadence\n"
        b"Ann,ann@x.test,client,,,\n"
        b",no-address,friend,nobody@x.test,Mars/Olympus,often\n"
        b"Ann again,ANN@x.test,,,,\n"
    )
    seen = preview(acme, content)
    found = {(p.row, p.column, p.code) for p in seen.problems}
    assert found == {
        (3, None, "required"),
        (3, "Email", "invalid_email"),
        (3, "Kind", "invalid_kind"),
        (3, "Owners", "unknown_owner"),
        (3, "Time zone", "invalid_timezone"),
        (3, "Cadence", "invalid_cadence"),
        (4, "Email", "duplicate_in_file"),
    }
    with pytest.raises(ImportRejected):
        apply(acme, content)
    assert not Contact.objects.exists()
    assert not AuditEvent.objects.filter(action="contacts_imported").exists()


def test_a_file_without_a_name_column_is_refused(acme):
    seen = preview(acme, b"Email\nann@x.test\n")
    assert [p.code for p in seen.problems] == ["missing_column"]


def test_an_import_is_audited(acme):
    apply(acme, b"Name,Email\nAnn,ann@x.test\n")
    event = AuditEvent.objects.get(action="contacts_imported")
    assert event.details["created"] == 1
    assert event.organisation == acme


def test_other_organisations_contacts_are_never_matched(acme, globex):
    make_contact(globex, "Ann", email="ann@x.test")
    result = apply(acme, b"Name,Email\nAnn,ann@x.test\n")
    assert result.created == 1
    assert Contact.objects.filter(organisation=globex).get().name == "Ann"
