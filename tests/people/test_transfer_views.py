"""Import and export pages: upload, preview with an editable mapping, apply; CSV export."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from hallway.accounts.models import Membership, Role
from hallway.people.models import PeopleImport, Person, PersonStatus
from tests.factories import make_person

GOOD = b"Name;E-Mail;Team;Sprache\nDora Diaz;dora@acme.test;Platform;Deutsch\nErik Berg;erik@acme.test;;en\n"
BROKEN = b"Name;E-Mail;Zeitzone\nDora;dora@acme.test;Mars/Base\n;erik@acme.test;Europe/Berlin\n"


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, whatever an earlier request left activated."""
    with translation.override("en"):
        yield


@pytest.fixture
def organiser_client(client, bob):
    """Bob promoted to organiser, the least role that may import."""
    Membership.objects.filter(user=bob).update(role=Role.ORGANISER)
    client.force_login(bob)
    return client


def upload(client, content, name="people.csv"):
    return client.post(
        reverse("people_transfer:import"), {"file": SimpleUploadedFile(name, content)}
    )


def stored_import(organisation, user, content=GOOD, **extra):
    return PeopleImport.objects.create(
        organisation=organisation, uploaded_by=user, filename="people.csv", content=content, **extra
    )


def test_upload_page(organiser_client):
    response = organiser_client.get(reverse("people_transfer:import"))
    assert response.status_code == 200
    assert b'type="file"' in response.content
    assert reverse("people_transfer:template").encode() in response.content


def test_upload_stores_the_file_and_shows_the_preview(organiser_client, acme):
    response = upload(organiser_client, GOOD)
    people_import = PeopleImport.objects.get(organisation=acme)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "people_transfer:import_preview", args=[people_import.pk]
    )
    assert bytes(people_import.content) == GOOD
    assert people_import.uploaded_by.email == "bob@acme.test"

    page = organiser_client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="map-1"' in html
    assert '<option value="email" selected>' in html
    assert reverse("people_transfer:import_apply", args=[people_import.pk]) in html
    assert page.context["preview"].would_create == 2
    assert not Person.objects.exists()  # a preview writes nothing


def test_upload_refuses_large_files_with_a_clear_message(organiser_client, settings):
    settings.HALLWAY_IMPORT_MAX_BYTES = 2 * 1024 * 1024
    response = upload(organiser_client, b"x" * (3 * 1024 * 1024))
    assert response.status_code == 400
    assert "at most 2 MB" in response.content.decode()
    assert not PeopleImport.objects.exists()


def test_upload_refuses_other_file_types(organiser_client):
    response = upload(organiser_client, b"%PDF-1.4", name="people.pdf")
    assert response.status_code == 400
    assert "CSV file or an Excel workbook" in response.content.decode()
    assert not PeopleImport.objects.exists()


def test_upload_names_both_problems_of_a_large_file_of_another_type(organiser_client, settings):
    settings.HALLWAY_IMPORT_MAX_BYTES = 1024 * 1024
    response = upload(organiser_client, b"x" * (2 * 1024 * 1024), name="people.pdf")
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "The file is 2.0 MB; files can be at most 1 MB. Please split it into smaller files.",
        "Please choose a CSV file or an Excel workbook (.xlsx).",
    ]


def test_preview_lists_every_problem_and_offers_no_apply(organiser_client, acme, bob):
    people_import = stored_import(acme, bob, BROKEN)
    response = organiser_client.get(
        reverse("people_transfer:import_preview", args=[people_import.pk])
    )
    html = response.content.decode()
    assert "<td>2</td><td>Zeitzone</td>" in html
    assert "Mars/Base" in html
    assert "<td>3</td><td>Name</td>" in html
    assert reverse("people_transfer:import_apply", args=[people_import.pk]) not in html


def test_preview_of_an_unreadable_file(organiser_client, acme, bob):
    people_import = stored_import(acme, bob, b"%PDF-1.4\n\x00\x01\x02 binary")
    response = organiser_client.get(
        reverse("people_transfer:import_preview", args=[people_import.pk])
    )
    assert response.status_code == 200
    assert "This is a PDF document" in response.content.decode()


def test_changing_the_mapping_with_htmx_re_previews(organiser_client, acme, bob):
    people_import = stored_import(acme, bob)
    url = reverse("people_transfer:import_preview", args=[people_import.pk])
    response = organiser_client.post(
        url,
        {"map-0": "name", "map-1": "email", "map-2": "", "map-3": "preferred_language"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert b"<html" not in response.content  # only the panel
    people_import.refresh_from_db()
    assert people_import.mapping == {
        "Name": "name",
        "E-Mail": "email",
        "Team": "",
        "Sprache": "preferred_language",
    }
    assert response.context["preview"].mapping["Team"] == ""

    response = organiser_client.post(url, {"map-0": "name", "map-1": "team", "map-2": ""})
    assert response.status_code == 302  # without htmx: back to the page
    assert "No column holds the email address" in organiser_client.get(url).content.decode()


def test_apply_imports_with_the_stored_mapping_and_shows_the_result(organiser_client, acme, bob):
    people_import = stored_import(acme, bob, mapping={"Team": ""})
    response = organiser_client.post(
        reverse("people_transfer:import_apply", args=[people_import.pk])
    )
    assert response.status_code == 302
    people_import.refresh_from_db()
    assert people_import.applied_at is not None
    assert people_import.result == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "rejected": 0,
    }
    dora = Person.objects.get(organisation=acme, email="dora@acme.test")
    assert dora.team is None  # the mapping said to ignore the team column
    assert dora.preferred_language == "de"
    page = organiser_client.get(response["Location"])
    assert "Import done: 2 created" in page.content.decode()
    assert 'class="panel import-result"' in page.content.decode()

    again = organiser_client.post(reverse("people_transfer:import_apply", args=[people_import.pk]))
    assert again.status_code == 302
    assert Person.objects.filter(organisation=acme).count() == 2


def test_apply_of_a_broken_file_writes_nothing(organiser_client, acme, bob):
    people_import = stored_import(acme, bob, BROKEN)
    response = organiser_client.post(
        reverse("people_transfer:import_apply", args=[people_import.pk]), follow=True
    )
    assert "Nothing was imported: the file has 2 problems." in response.content.decode()
    assert not Person.objects.exists()
    people_import.refresh_from_db()
    assert people_import.applied_at is None


def test_apply_needs_post(organiser_client, acme, bob):
    people_import = stored_import(acme, bob)
    url = reverse("people_transfer:import_apply", args=[people_import.pk])
    assert organiser_client.get(url).status_code == 405


def test_template_download(organiser_client):
    response = organiser_client.get(reverse("people_transfer:template") + "?delimiter=semicolon")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Name", "Email"]
    assert len(rows) == 2


def test_export_honours_the_list_filters(organiser_client, acme, carol, platform_team):
    make_person(acme, "Zed", status="left")
    url = reverse("people_transfer:export")
    response = organiser_client.get(url)
    assert response.status_code == 200
    assert 'filename="people-acme-' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    body = response.content.decode("utf-8-sig")
    assert "carol@acme.test" in body
    assert "zed@acme.test" in body

    only_active = organiser_client.get(url, {"status": PersonStatus.ACTIVE}).content.decode()
    assert "carol@acme.test" in only_active
    assert "zed@acme.test" not in only_active
    by_team = organiser_client.get(url, {"team": platform_team.pk, "q": "meyer"}).content.decode()
    assert "carol@acme.test" in by_team
    assert "zed@acme.test" not in by_team
    semicolons = organiser_client.get(url, {"delimiter": "semicolon"}).content.decode("utf-8-sig")
    assert semicolons.splitlines()[0].startswith("Name;Email;Team")


@pytest.mark.parametrize("query", [{"delimiter": "pipe"}, {"team": "platform"}])
def test_export_rejects_bad_parameters(organiser_client, query):
    assert organiser_client.get(reverse("people_transfer:export"), query).status_code == 400


def transfer_urls(people_import):
    return [
        ("get", reverse("people_transfer:import")),
        ("get", reverse("people_transfer:template")),
        ("get", reverse("people_transfer:export")),
        ("get", reverse("people_transfer:import_preview", args=[people_import.pk])),
        ("post", reverse("people_transfer:import_preview", args=[people_import.pk])),
        ("post", reverse("people_transfer:import_apply", args=[people_import.pk])),
    ]


def test_members_get_404_everywhere(bob_client, acme, alice):
    people_import = stored_import(acme, alice)
    for method, url in transfer_urls(people_import):
        assert getattr(bob_client, method)(url).status_code == 404, url
    assert not Person.objects.exists()


def test_another_organisations_import_is_404(mallory_client, acme, alice):
    people_import = stored_import(acme, alice)
    for method, url in transfer_urls(people_import)[3:]:
        assert getattr(mallory_client, method)(url).status_code == 404, url
    people_import.refresh_from_db()
    assert people_import.applied_at is None
    assert people_import.mapping == {}
    assert not Person.objects.exists()


def test_mallory_exports_only_her_own_people(mallory_client, carol):
    body = mallory_client.get(reverse("people_transfer:export")).content.decode("utf-8-sig")
    assert "carol@acme.test" not in body
    assert body.splitlines()[0].startswith("Name,Email")


def test_signed_out_visitors_are_sent_to_login(client, db):
    response = client.get(reverse("people_transfer:import"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_pages_in_german(organiser_client, acme, bob):
    people_import = stored_import(acme, bob)
    url = reverse("people_transfer:import_preview", args=[people_import.pk])
    response = organiser_client.get(url, headers={"accept-language": "de"})
    assert response.status_code == 200
    assert '<html lang="de">' in response.content.decode()


def test_the_list_offers_import_and_an_export_with_the_same_filters(organiser_client, carol):
    html = organiser_client.get(
        reverse("people:list"), {"status": "active", "page": "1"}
    ).content.decode()
    assert reverse("people_transfer:import") in html
    assert f'href="{reverse("people_transfer:export")}?status=active"' in html


def test_an_applied_upload_keeps_its_result_but_not_the_file(organiser_client, acme, bob):
    people_import = stored_import(acme, bob, b"email,name\ndora@acme.test,Dora\n")
    organiser_client.post(reverse("people_transfer:import_apply", args=[people_import.pk]))
    people_import.refresh_from_db()
    assert people_import.result["created"] == 1
    assert bytes(people_import.content) == b""


# --- new teams and locations; skipping bad rows -------------------------------------

PARTLY_BAD = (
    b"Name;E-Mail;Team;Standort\n"
    b"Dora Diaz;dora@acme.test;Platform;Lisbon\n"
    b'=HYPERLINK("http://evil.test");erik@acme;Data;Lisbon\n'
    b";fay@acme.test;Data;\n"
    b"Gus Grey;gus@acme.test;Data;Porto\n"
)


def test_preview_lists_new_teams_and_locations(organiser_client, acme, bob, platform_team):
    people_import = stored_import(acme, bob, PARTLY_BAD)
    html = organiser_client.get(
        reverse("people_transfer:import_preview", args=[people_import.pk])
    ).content.decode()
    assert "New teams and locations" in html
    assert "Data (1 person)" in html  # only Gus: the other Data rows have problems
    assert "Lisbon (1 person)" in html
    assert "Porto (1 person)" in html
    assert "Platform (" not in html  # exists already


def test_the_preview_offers_to_skip_the_bad_rows_unticked(organiser_client, acme, bob):
    people_import = stored_import(acme, bob, PARTLY_BAD)
    html = organiser_client.get(
        reverse("people_transfer:import_preview", args=[people_import.pk])
    ).content.decode()
    assert 'name="skip_bad_rows"' in html
    assert 'name="skip_bad_rows" id="id_skip_bad_rows" aria-describedby="skip-help">' in html
    assert "2 rows with problems would be left out" in html


def test_apply_without_the_option_writes_nothing(organiser_client, acme, bob):
    people_import = stored_import(acme, bob, PARTLY_BAD)
    response = organiser_client.post(
        reverse("people_transfer:import_apply", args=[people_import.pk]), follow=True
    )
    assert "Nothing was imported" in response.content.decode()
    assert not Person.objects.exists()


def test_apply_skipping_bad_rows_and_download_the_rows_left_out(organiser_client, acme, bob):
    people_import = stored_import(acme, bob, PARTLY_BAD, mapping={})
    response = organiser_client.post(
        reverse("people_transfer:import_apply", args=[people_import.pk]),
        {"skip_bad_rows": "on"},
        follow=True,
    )
    html = response.content.decode()
    assert "2 rows with problems were left out" in html
    assert set(Person.objects.values_list("email", flat=True)) == {
        "dora@acme.test",
        "gus@acme.test",
    }
    url = reverse("people_transfer:import_rejected_rows", args=[people_import.pk])
    assert url in html

    download = organiser_client.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="people-rows-left-out.csv"'
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0] == ["Row", "Name", "E-Mail", "Team", "Standort", "Problems"]
    assert [row[0] for row in rows[1:]] == ["3", "4"]
    # Cells a spreadsheet would run are escaped exactly as in the people export.
    assert rows[1][1] == '\'=HYPERLINK("http://evil.test")'
    assert rows[1][2:5] == ["erik@acme", "Data", "Lisbon"]
    assert rows[1][5].startswith("E-Mail: ")
    assert rows[2][1:3] == ["", "fay@acme.test"]
    assert rows[2][5] == "Name: The name is missing."


def test_the_rows_left_out_belong_to_the_organisation(organiser_client, acme, bob, alice, mallory):
    people_import = stored_import(acme, bob, PARTLY_BAD)
    organiser_client.post(
        reverse("people_transfer:import_apply", args=[people_import.pk]), {"skip_bad_rows": "on"}
    )
    url = reverse("people_transfer:import_rejected_rows", args=[people_import.pk])
    assert organiser_client.get(url).status_code == 200
    other = Client()
    other.force_login(alice)  # any organiser of Acme
    assert other.get(url).status_code == 200
    other.force_login(mallory)
    response = other.get(url)
    assert response.status_code == 404
    assert b"erik@acme" not in response.content


def test_no_list_when_nothing_was_left_out(organiser_client, acme, bob):
    people_import = stored_import(acme, bob)
    organiser_client.post(reverse("people_transfer:import_apply", args=[people_import.pk]))
    url = reverse("people_transfer:import_rejected_rows", args=[people_import.pk])
    assert organiser_client.get(url).status_code == 404
