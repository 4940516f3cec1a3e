"""`hallway import-people FILE --org SLUG [--dry-run] [--map SOURCE=field ...]`."""

import io
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.core.management import base as management_base
from django.utils import translation

from hallway import cli
from hallway.people.models import Person

FILES = Path(__file__).parent / "files"


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, whatever an earlier request left activated."""
    with translation.override("en"):
        yield


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_people", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_cli(monkeypatch, capsys, *args):
    """Through the real `hallway` entry point, as a shell would, for the exit code."""
    monkeypatch.setattr(sys, "argv", ["hallway", "import-people", *args])
    # run_from_argv closes every connection when done, which would end the test's transaction.
    monkeypatch.setattr(management_base.connections, "close_all", lambda: None)
    try:
        cli.main()
        code = 0  # success returns normally
    except SystemExit as exited:
        code = exited.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_imports_and_prints_mapping_and_counts(acme):
    out, err = run(str(FILES / "german_excel_cp1252.csv"), "--org", "acme")
    assert "E-Mail-Adresse  -> email" in out
    assert "Vorgesetzte(r)  -> manager" in out
    assert "would create 3" in out
    assert "3 created, 0 updated, 0 unchanged" in out
    assert err == ""
    assert Person.objects.filter(organisation=acme).count() == 3


def test_dry_run_writes_nothing(acme):
    out, _err = run(str(FILES / "dutch_excel_utf8_bom.csv"), "--org", "acme", "--dry-run")
    assert "would create 2" in out
    assert "Dry run: nothing was written." in out
    assert not Person.objects.exists()


def test_map_overrides_detection(acme):
    out, _err = run(
        str(FILES / "dutch_excel_utf8_bom.csv"), "--org", "acme",
        "--map", "Taal=", "Afdeling=job_title",
    )  # fmt: skip
    assert "Taal            -> (ignored)" in out
    sanne = Person.objects.get(email="sanne.vanderberg@acme.test")
    assert sanne.job_title == "Klantenservice"
    assert sanne.department == ""
    assert sanne.preferred_language == "en"  # the default, since the column was ignored


def test_broken_file_prints_every_problem_and_exits_2(acme, carol):
    with pytest.raises(CommandError) as failed:
        run(str(FILES / "broken.csv"), "--org", "acme")
    assert failed.value.returncode == 2
    assert "9 problem(s); nothing was written" in str(failed.value)
    assert Person.objects.filter(organisation=acme).count() == 1


def test_exit_codes_and_output_through_the_hallway_command(acme, monkeypatch, capsys):
    code, out, err = run_cli(monkeypatch, capsys, str(FILES / "broken.csv"), "--org", "acme")
    assert code == 2
    assert "Rows: 4." in out
    assert "row 3, column name: The name is missing." in err
    assert "row 3, column timezone: “Mars/Olympus_Mons” is not a known IANA time zone" in err
    assert "row 4, column email: “carla@acme” is not a valid email address." in err
    assert "row 5, column manager: No person with the email ghost@acme.test" in err
    assert err.count("\n  row ") == 9  # one line per problem
    assert not Person.objects.exists()

    code, out, _err = run_cli(
        monkeypatch, capsys, str(FILES / "unicode_text_utf16.txt"), "--org", "acme"
    )
    assert code == 0
    assert "2 created" in out
    assert Person.objects.count() == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "nope"], "No organisation has the slug “nope”."),
        (["--org", "globex", "--map", "E-Mail"], "--map expects SOURCE=FIELD"),
        (["--org", "globex", "--map", "Name=shoe_size"], "“shoe_size” is not a field"),
    ],
)
def test_invalid_input_exits_2(globex, monkeypatch, capsys, args, message):
    code, out, err = run_cli(monkeypatch, capsys, str(FILES / "broken.csv"), *args)
    assert code == 2
    assert message in out + err
    assert not Person.objects.exists()


def test_unreadable_file_exits_2(acme, monkeypatch, capsys, tmp_path):
    code, _out, err = run_cli(monkeypatch, capsys, str(tmp_path / "missing.csv"), "--org", "acme")
    assert code == 2
    assert "Cannot read" in err
    code, _out, err = run_cli(
        monkeypatch, capsys, str(FILES / "not_a_spreadsheet.csv"), "--org", "acme"
    )
    assert code == 2
    assert "file: This is a PDF document" in err


def test_skip_bad_rows_imports_the_others_and_writes_the_rows_left_out(acme, tmp_path):
    report = tmp_path / "left-out.csv"
    out, err = run(
        str(FILES / "broken.csv"),
        "--org",
        "acme",
        "--skip-bad-rows",
        "--rejected-rows",
        str(report),
    )
    assert list(Person.objects.filter(organisation=acme).values_list("email", flat=True)) == [
        "ana@acme.test"
    ]
    assert "1 created" in out
    assert "3 row(s) with problems were left out." in err
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Row,name,email,")
    assert lines[1].startswith("3,,bruno@acme.test,")


def test_without_skip_bad_rows_a_bad_row_stops_everything(acme):
    with pytest.raises(CommandError):
        run(str(FILES / "broken.csv"), "--org", "acme")
    assert not Person.objects.filter(organisation=acme).exists()
    with pytest.raises(CommandError, match="--skip-bad-rows"):
        run(str(FILES / "broken.csv"), "--org", "acme", "--rejected-rows", "x.csv")
