"""Reading single cells as people write them in English, German and Dutch spreadsheets."""

import datetime

import pytest
from django.utils import translation

from hallway.people import cell_values as values
from hallway.people.cell_values import CellProblem

T = datetime.time
D = datetime.date


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, whatever an earlier request left activated."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("09:00-17:00", (T(9), T(17))),
        ("9-17", (T(9), T(17))),
        ("09:00–17:30", (T(9), T(17, 30))),
        ("8.30 - 16.45", (T(8, 30), T(16, 45))),
        ("9am to 5pm", (T(9), T(17))),
        ("9 bis 17 Uhr", (T(9), T(17))),
        ("9 tot 17u", (T(9), T(17))),
        ("0800-1600", (T(8), T(16))),
        ("14:00-24:00", (T(14), T(23, 59))),
    ],
)
def test_working_hours(cell, expected):
    assert values.working_hours(cell) == expected


@pytest.mark.parametrize("cell", ["nine to five", "9", "25:00-26:00", "09:00-17:00-18:00"])
def test_working_hours_rejects_nonsense(cell):
    with pytest.raises(CellProblem) as problem:
        values.working_hours(cell)
    assert problem.value.code == "invalid_working_hours"
    assert cell in problem.value.message


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (datetime.time(9, 0), T(9)),
        (0.375, T(9)),  # Excel stores 09:00 as a fraction of a day
        (0.7291666666, T(17, 30)),
        (datetime.datetime(1899, 12, 30, 8, 15), T(8, 15)),
        (datetime.timedelta(hours=17), T(17)),
        (9, T(9)),
        ("17:30:00", T(17, 30)),
        ("5:15 pm", T(17, 15)),
        ("12am", T(0)),
    ],
)
def test_time_of_day_from_text_and_excel(cell, expected):
    assert values.time_of_day(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Mo-Fr", [1, 2, 3, 4, 5]),
        ("Mon–Fri", [1, 2, 3, 4, 5]),
        ("Ma-Vr", [1, 2, 3, 4, 5]),
        ("1-5", [1, 2, 3, 4, 5]),
        ("Mo,Di,Mi", [1, 2, 3]),
        ("mon, tue, wed", [1, 2, 3]),
        ("Montag bis Donnerstag", [1, 2, 3, 4]),
        ("ma t/m do", [1, 2, 3, 4]),
        ("Di. und Do.", [2, 4]),
        ("wo en vr", [3, 5]),
        ("Sun-Thu", [1, 2, 3, 4, 7]),
        ("Mon-Wed,Fri", [1, 2, 3, 5]),
        ("werkdagen", [1, 2, 3, 4, 5]),
        ("Za Zo", [6, 7]),
    ],
)
def test_working_days(cell, expected):
    assert values.working_days(cell) == expected


@pytest.mark.parametrize("cell", ["Funday", "Mo-Xx", "8", "Mo-"])
def test_working_days_rejects_nonsense(cell):
    with pytest.raises(CellProblem) as problem:
        values.working_days(cell)
    assert problem.value.code == "invalid_working_days"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("de, en", ["de", "en"]),
        ("Deutsch, Englisch", ["de", "en"]),
        ("German; English", ["de", "en"]),
        ("Nederlands", ["nl"]),
        ("Duits en Engels", ["de", "en"]),
        ("de en nl", ["de", "en", "nl"]),
        ("Deutsch und Englisch (fließend)", ["de", "en"]),
        ("English (native), Portuguese C1", ["en", "pt"]),
        ("pt-BR / en_GB", ["pt", "en"]),
        ("Portugiesisch|Spaans|français", ["pt", "es", "fr"]),
        ("EN, en, English", ["en"]),
    ],
)
def test_languages(cell, expected):
    assert values.languages(cell) == expected


def test_unknown_language_names_the_word():
    with pytest.raises(CellProblem) as problem:
        values.languages("Deutsch, Klingon")
    assert problem.value.code == "invalid_languages"
    assert "Klingon" in problem.value.message
    assert "Deutsch" not in problem.value.message


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("en", "en"), ("Deutsch", "de"), ("Nederlands", "nl"), ("Dutch", "nl"), ("DE-de", "de")],
)
def test_message_language(cell, expected):
    assert values.message_language(cell) == expected


def test_message_language_outside_the_three():
    with pytest.raises(CellProblem) as problem:
        values.message_language("fr")
    assert problem.value.code == "invalid_message_language"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2026-12-01", D(2026, 12, 1)),
        ("01.12.2026", D(2026, 12, 1)),
        ("1-12-2026", D(2026, 12, 1)),
        ("01/12/2026", D(2026, 12, 1)),  # day first, as in Germany and the Netherlands
        ("1.12.26", D(2026, 12, 1)),
        ("2026-12-01 00:00:00", D(2026, 12, 1)),
        (datetime.datetime(2026, 12, 1), D(2026, 12, 1)),
        (46357, D(2026, 12, 1)),  # an Excel serial date in an unformatted cell
    ],
)
def test_dates(cell, expected):
    assert values.date(cell) == expected


@pytest.mark.parametrize("cell", ["31.02.2026", "12/31/2026", "next monday", "2026-13-01"])
def test_impossible_dates(cell):
    with pytest.raises(CellProblem) as problem:
        values.date(cell)
    assert problem.value.code == "invalid_date"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("active", "active"), ("Aktiv", "active"), ("gepauzeerd", "paused"), ("Ausgeschieden", "left"),
     ("uit dienst", "left"), ("LEFT", "left")],
)  # fmt: skip
def test_status(cell, expected):
    assert values.status(cell) == expected


def test_unknown_status():
    with pytest.raises(CellProblem) as problem:
        values.status("retired")
    assert problem.value.code == "invalid_status"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("climbing, sourdough", ["climbing", "sourdough"]),
        ("Klettern; Kochen", ["Klettern", "Kochen"]),
        ("a | b |  c  d ", ["a", "b", "c d"]),
        ("Oper\nTanzen", ["Oper", "Tanzen"]),
    ],
)
def test_tags(cell, expected):
    assert values.tags(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Anna@Example.COM ", "anna@example.com"),
        ("Anna Schmidt <anna@example.com>", "anna@example.com"),
        ("mailto:anna@example.com", "anna@example.com"),
    ],
)
def test_email(cell, expected):
    assert values.email(cell) == expected


def test_invalid_email():
    with pytest.raises(CellProblem) as problem:
        values.email("anna(at)example.com")
    assert problem.value.code == "invalid_email"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("Amsterdam", "Europe/Amsterdam"),
        ("New York", "America/New_York"),
        ("São Paulo", "America/Sao_Paulo"),
        ("Mars/Base", "Mars/Base"),  # kept as written; validation explains it
    ],
)
def test_timezone_spellings(cell, expected):
    assert values.timezone(cell) == expected


def test_text_drops_the_point_zero_excel_adds_to_ids():
    assert values.text(12345.0) == "12345"
    assert values.text(" U024  BE7LH ") == "U024 BE7LH"
