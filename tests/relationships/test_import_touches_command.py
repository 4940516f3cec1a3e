"""`hallway import-touches`."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from hallway.relationships.models import Touch, TouchSource
from tests.factories import make_company, make_contact

BERLIN = ZoneInfo("Europe/Berlin")


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_touches", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def rejected(*args: str) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("import_touches", *args, stdout=io.StringIO(), stderr=err)
    assert failed.value.returncode == 2
    return err.getvalue()


@pytest.fixture
def kessler(acme):
    company = make_company(acme, "Kessler Logistik")
    make_contact(acme, "Anna Kessler", company=company)
    make_contact(acme, "Jan Vos", company=company)
    return company


def write(tmp_path, text: str):
    path = tmp_path / "touches.csv"
    path.write_text(text)
    return str(path)


def test_english_headings_record_touches_and_move_rhythms(acme, alice, kessler, tmp_path):
    file = write(
        tmp_path,
        "kind,at,contacts,company,summary,by\n"
        "call,2026-11-30T09:15:00+00:00,anna.kessler@client.test; jan.vos@client.test,"
        "Kessler Logistik,Renewal,\n"
        "meeting,2026-12-01 14:30,Anna.Kessler@client.test,,,\n"
        "email,2026-12-02,jan.vos@client.test,,,\n",
    )
    out, _err = run(file, "--org", acme.slug)
    assert "3 touches recorded" in out
    touches = {t.kind: t for t in Touch.objects.filter(organisation=acme)}
    assert set(touches) == {"call", "meeting", "email"}
    call = touches["call"]
    assert call.at == datetime.datetime(2026, 11, 30, 9, 15, tzinfo=datetime.UTC)
    assert call.source == TouchSource.IMPORT
    assert call.summary == "Renewal"
    assert call.company == kessler
    assert call.by is None
    assert {c.email for c in call.contacts.all()} == {
        "anna.kessler@client.test",
        "jan.vos@client.test",
    }
    # Without an offset: the organisation's zone; a bare date: noon there.
    assert touches["meeting"].at == datetime.datetime(2026, 12, 1, 14, 30, tzinfo=BERLIN)
    assert touches["email"].at == datetime.datetime(2026, 12, 2, 12, tzinfo=BERLIN)
    kessler.refresh_from_db()
    assert kessler.last_touch_at == datetime.datetime(2026, 12, 2, 12, tzinfo=BERLIN)


def test_german_headings_and_labels(acme, kessler, tmp_path):
    file = write(
        tmp_path,
        "Art;Zeitpunkt;Kontakte;Firma;Zusammenfassung\n"
        "Anruf;01.12.2026 10:00;anna.kessler@client.test;Kessler Logistik;Rückruf\n"
        "Kaffee;2026-12-03;jan.vos@client.test;;\n",
    )
    out, _err = run(file, "--org", acme.slug)
    assert "2 touches recorded" in out
    assert sorted(Touch.objects.values_list("kind", flat=True)) == ["call", "coffee"]
    call = Touch.objects.get(kind="call")
    assert call.at == datetime.datetime(2026, 12, 1, 10, tzinfo=BERLIN)
    assert call.summary == "Rückruf"


def test_dutch_headings(acme, kessler, tmp_path):
    file = write(
        tmp_path,
        "Soort,Tijdstip,Contactpersonen,Samenvatting\nKoffie,2026-12-03,jan.vos@client.test,Fijn\n",
    )
    run(file, "--org", acme.slug)
    assert Touch.objects.get().kind == "coffee"


def test_bad_rows_exit_2_naming_each_problem_and_write_nothing(acme, kessler, tmp_path):
    file = write(
        tmp_path,
        "kind,at,contacts,company\n"
        "call,2026-12-01,nobody@client.test,\n"
        "dance,2026-12-01,anna.kessler@client.test,\n"
        "call,tomorrow,anna.kessler@client.test,\n"
        "call,2026-12-01,anna.kessler@client.test,Globex\n"
        "call,2026-12-02,anna.kessler@client.test,\n",
    )
    err = rejected(file, "--org", acme.slug)
    assert "row 2, column contacts" in err
    assert "nobody@client.test" in err
    assert "row 3, column kind" in err
    assert "row 4, column at" in err
    assert "row 5, column company" in err
    assert "row 6" not in err
    assert not Touch.objects.exists()


def test_missing_column_is_a_problem(acme, kessler, tmp_path):
    file = write(tmp_path, "kind,at\ncall,2026-12-01\n")
    err = rejected(file, "--org", acme.slug)
    assert "No column holds the contacts" in err


def test_importing_the_same_file_twice_records_once(acme, kessler, tmp_path):
    file = write(
        tmp_path,
        "kind,at,contacts,summary\n"
        "call,2026-12-01 10:00,anna.kessler@client.test,Hello\n"
        "call,2026-12-01 10:00,anna.kessler@client.test,Hello\n"
        "call,2026-12-01 10:00,anna.kessler@client.test,Again\n",
    )
    out, _err = run(file, "--org", acme.slug)
    assert "2 touches recorded, 1 already known" in out
    out, _err = run(file, "--org", acme.slug)
    assert "0 touches recorded, 3 already known" in out
    assert Touch.objects.count() == 2


def test_dry_run_writes_nothing_and_says_what_would_be_recorded(acme, kessler, tmp_path):
    file = write(tmp_path, "kind,at,contacts\nvideo,2026-12-01,jan.vos@client.test\n")
    out, _err = run(file, "--org", acme.slug, "--dry-run")
    assert "would create 1" in out
    assert "Dry run" in out
    assert not Touch.objects.exists()
    kessler.refresh_from_db()
    assert kessler.last_touch_at is None


def test_a_touch_by_a_colleague_is_theirs_and_a_stranger_is_refused(
    acme, bob, mallory, kessler, tmp_path
):
    file = write(
        tmp_path, "kind,at,contacts,by\nnote,2026-12-01,jan.vos@client.test,Bob@Acme.test\n"
    )
    run(file, "--org", acme.slug)
    assert Touch.objects.get().by == bob
    stranger = write(
        tmp_path, "kind,at,contacts,by\ncall,2026-12-01,jan.vos@client.test,mallory@globex.test\n"
    )
    err = rejected(stranger, "--org", acme.slug)
    assert "row 2, column by" in err
    assert Touch.objects.count() == 1


def test_another_organisations_contact_is_unknown(acme, globex, kessler, tmp_path):
    make_contact(globex, "Eve Other")
    file = write(tmp_path, "kind,at,contacts\ncall,2026-12-01,eve.other@client.test\n")
    err = rejected(file, "--org", acme.slug)
    assert "eve.other@client.test" in err


def test_xlsx_date_cells_are_noon_and_time_cells_the_organisations(acme, kessler, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Kind", "When", "Contacts"])
    sheet.append(["call", datetime.datetime(2026, 12, 1), "jan.vos@client.test"])
    sheet.append(["video", datetime.datetime(2026, 12, 1, 16, 45), "jan.vos@client.test"])
    path = tmp_path / "touches.xlsx"
    book.save(path)
    run(str(path), "--org", acme.slug)
    at = dict(Touch.objects.values_list("kind", "at"))
    assert at["call"] == datetime.datetime(2026, 12, 1, 12, tzinfo=BERLIN)
    assert at["video"] == datetime.datetime(2026, 12, 1, 16, 45, tzinfo=BERLIN)
