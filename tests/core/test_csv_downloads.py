"""Every CSV Hallway writes goes through one writer, and no download carries a live formula."""

import csv
import io
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from hallway.accounts.models import Role
from hallway.core.csv_files import csv_bytes, spreadsheet_safe
from hallway.onboarding.services.planning import onboarding_track_plan
from hallway.onboarding.services.setup import onboarding_template_default
from tests.coffee.test_insights import history  # noqa: F401 - a fixture
from tests.onboarding.test_planning import NOW, company, new_hire  # noqa: F401 - fixtures
from tests.onboarding.test_views import sign_in_as

SRC = Path(__file__).resolve().parents[2] / "src" / "hallway"
HOSTILE = '=HYPERLINK("http://evil.example","Ilse")'
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cells(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return [
        cell
        for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
        for cell in row
    ]


def assert_no_live_formula(values):
    live = [value for value in values if value.startswith(FORMULA_STARTS)]
    assert not live, live


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (HOSTILE, "'" + HOSTILE),
        ("+31 20 123", "'+31 20 123"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Ilse", "Ilse"),
        (-1, -1),
        (4.5, 4.5),
        (None, ""),
    ],
)
def test_cells_that_a_spreadsheet_would_run_become_text(value, cell):
    assert spreadsheet_safe(value) == cell


def test_the_writer_writes_excel_friendly_utf8():
    content = csv_bytes([["Name", "Rating"], ["Zoë", 4.5], [HOSTILE, None]], delimiter=";")
    assert content.startswith("\ufeff".encode())
    assert content.decode("utf-8-sig").split("\r\n") == [
        "Name;Rating",
        "Zoë;4.5",
        '"\'=HYPERLINK(""http://evil.example"",""Ilse"")";',
        "",
    ]


def test_only_the_one_writer_writes_csv():
    """A new download cannot bypass the escaping: nothing else builds a CSV or its response."""
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path.name != "csv_files.py"
        and ("csv.writer(" in (text := path.read_text()) or "text/csv" in text)
    ]
    assert offenders == []


def test_every_insights_download_escapes_names(alice_client, history):  # noqa: F811
    history["teams"][0].name = HOSTILE
    history["teams"][0].save()
    for person in history["people"]:
        person.name = HOSTILE
        person.save()
    url = reverse("coffee:insights_csv", kwargs={"pk": history["program"].pk})
    for chart in (
        "participation",
        "meeting-rate",
        "rating",
        "new-connections",
        "colleagues",
        "teams",
    ):
        values = cells(alice_client.get(url, {"chart": chart}))
        assert_no_live_formula(values)
    assert "'" + HOSTILE in cells(alice_client.get(url, {"chart": "teams"}))


@time_machine.travel(NOW, tick=False)
def test_the_onboarding_download_escapes_new_hires_names(client, company):  # noqa: F811
    onboarding_template_default(organisation=company["org"])
    onboarding_track_plan(person=new_hire(company, HOSTILE), now=NOW)
    sign_in_as(client, company["people"]["ceo"], Role.ORGANISER)
    values = cells(client.get(reverse("onboarding:progress_csv")))
    assert "'" + HOSTILE in values
    assert_no_live_formula(values)


def test_the_people_export_escapes_every_cell(alice_client, carol):
    carol.name = HOSTILE
    carol.job_title = "+1 engineer"
    carol.save()
    values = cells(alice_client.get(reverse("people_transfer:export")))
    assert "'" + HOSTILE in values
    assert "'+1 engineer" in values
    assert_no_live_formula(values)
