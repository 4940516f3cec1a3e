"""Reading files as Excel and friends write them: encodings, separators, XLSX, broken files."""

import codecs
import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from django.utils import translation

from hallway.people.importing.reading import FileProblem, read_table, sniff_delimiter

FILES = Path(__file__).parent / "files"
UMLAUTS = "Jürgen Größe-Weiß, Renée, Søren, Ærø: ä ö ü ß é"


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, whatever an earlier request left activated."""
    with translation.override("en"):
        yield


def read(content: bytes, max_rows: int = 100):
    return read_table(content=content, max_rows=max_rows)


def values_of(table):
    return [row.cells for row in table.rows]


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (f"name;email\n{UMLAUTS};j@x.test\n".encode(), "utf-8"),
        (codecs.BOM_UTF8 + f"name;email\n{UMLAUTS};j@x.test\n".encode(), "utf-8-sig"),
        (f"name;email\r\n{UMLAUTS};j@x.test\r\n".encode("cp1252"), "cp1252"),
        (f"name\temail\r\n{UMLAUTS}\tj@x.test\r\n".encode("utf-16"), "utf-16"),
        (f"name,email\n{UMLAUTS.replace(',', '')},j@x.test\n".encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_encodings(encoded, encoding):
    table = read(encoded)
    assert table.encoding == encoding
    assert table.columns == ["name", "email"]
    assert table.rows[0].cells[0].startswith("Jürgen Größe-Weiß")
    assert "ä ö ü ß é" in table.rows[0].cells[0]


def test_latin1_bytes_that_cp1252_does_not_define_still_read():
    content = "name;email\nA\x81B;a@x.test\n".encode("latin-1")
    table = read(content)
    assert table.encoding == "latin-1"
    assert table.rows[0].cells == ["A\x81B", "a@x.test"]


def test_utf8_bom_with_broken_bytes_is_a_clear_problem():
    with pytest.raises(FileProblem) as problem:
        read(codecs.BOM_UTF8 + b"name;email\n\xff\xfe\xfa;x\n")
    assert problem.value.code == "unknown_encoding"
    assert "UTF-8" in problem.value.message


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("name;email;interests\nA;a@x.test;x, y\nB;b@x.test;z\n", ";"),
        ('name,email,interests\nA,a@x.test,x\nB,b@x.test,"y; z"\n', ","),
        ("name\temail\nA\ta@x.test\n", "\t"),
        # One data line full of commas must not outvote the header's semicolons.
        ("name;email;note\nA;a@x.test;one, two, three, four, five\n", ";"),
        ("email\na@x.test\n", ","),
    ],
)
def test_delimiter_is_sniffed(text, delimiter):
    assert sniff_delimiter(text) == delimiter


def test_excel_separator_hint_line():
    table = read(b"sep=|\r\nname|email\r\nA, B|a@x.test\r\n")
    assert table.delimiter == "|"
    assert table.columns == ["name", "email"]
    assert table.header_row == 1  # Excel hides the hint line
    assert table.rows[0].cells == ["A, B", "a@x.test"]
    assert table.rows[0].number == 2


def test_quoted_fields_with_delimiters_and_line_breaks_stay_one_row():
    content = (
        b'name;email;interests\r\n"Meyer; Carol";c@x.test;"Oper\r\nTanzen"\r\nDan;d@x.test;x\r\n'
    )
    table = read(content)
    assert values_of(table) == [["Meyer; Carol", "c@x.test", "Oper\r\nTanzen"],
                                ["Dan", "d@x.test", "x"]]  # fmt: skip
    # Row numbers are what a spreadsheet shows: the quoted line break does not count.
    assert [row.number for row in table.rows] == [2, 3]


def test_row_numbers_count_blank_lines_and_blank_rows_are_counted_not_kept():
    table = read(b"\nname;email\nA;a@x.test\n;\nB;b@x.test\n;;\n\n")
    assert table.header_row == 2
    assert [row.number for row in table.rows] == [3, 5]
    assert table.blank_rows == 1  # trailing blank rows are not counted: nobody sees them


def test_unquoted_separator_in_a_value_is_flagged():
    table = read(b"name;email\nA;a@x.test;stray value\nB;b@x.test;\n")
    assert table.rows[0].extra_values == 1
    assert table.rows[1].extra_values == 0


def test_empty_and_duplicate_headings_get_names():
    table = read(b"Email;;Email;Name;;\na@x.test;note;b@x.test;A;;\n")
    assert table.columns == ["Email", "[B]", "Email (2)", "Name"]
    assert table.rows[0].cells == ["a@x.test", "note", "b@x.test", "A"]


def test_formula_guard_from_our_export_is_removed():
    table = read(b"name;email\n'=HYPERLINK(1);a@x.test\n't Hart;t@x.test\n")
    assert table.rows[0].cells[0] == "=HYPERLINK(1)"
    assert table.rows[1].cells[0] == "'t Hart"  # a Dutch name, not a guard


def test_sample_files_from_excel():
    german = read((FILES / "german_excel_cp1252.csv").read_bytes())
    assert german.delimiter == ";"
    assert german.columns[:3] == ["Vorname", "Nachname", "E-Mail-Adresse"]
    assert german.rows[0].cells[:2] == ["Jürgen", "Müller"]
    assert german.rows[2].cells[4] == "Vertrieb; Außendienst"
    dutch = read((FILES / "dutch_excel_utf8_bom.csv").read_bytes())
    assert dutch.encoding == "utf-8-sig"
    assert dutch.columns[0] == "Voornaam"  # no BOM glued to the first heading
    unicode_text = read((FILES / "unicode_text_utf16.txt").read_bytes())
    assert unicode_text.delimiter == "\t"
    assert unicode_text.rows[1].cells[0] == "Łukasz Żółć"


def xlsx(rows, *, sheet_before=None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if sheet_before is not None:
        sheet.append(sheet_before)
        sheet = workbook.create_sheet("Second")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_keeps_dates_times_and_numbers_native():
    content = xlsx(
        [
            ["Name", "Email", "Start date", "Work start", "Slack"],
            ["Anna", "anna@x.test", datetime.date(2026, 12, 1), datetime.time(9, 0), 12345],
            [None, None, None, None, None],
            ["Ben", "ben@x.test", None, 0.375, "U02"],
        ]
    )
    table = read(content)
    assert table.kind == "xlsx"
    assert table.columns == ["Name", "Email", "Start date", "Work start", "Slack"]
    assert table.rows[0].cells[2] == datetime.datetime(2026, 12, 1)
    assert table.rows[0].cells[3] == datetime.time(9, 0)
    assert table.rows[0].cells[4] == 12345
    assert [row.number for row in table.rows] == [2, 4]
    assert table.blank_rows == 1


def test_xlsx_reads_the_first_sheet():
    content = xlsx([["Other"]], sheet_before=["Name", "Email"])
    assert read(content).columns == ["Name", "Email"]


def test_xlsx_named_csv_is_still_read_as_a_workbook():
    assert read(xlsx([["Name", "Email"], ["A", "a@x.test"]])).rows[0].cells == ["A", "a@x.test"]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ((FILES / "not_a_spreadsheet.csv").read_bytes(), "not_a_spreadsheet"),
        (b"PK\x03\x04" + b"\x00" * 200, "invalid_xlsx"),
        (xlsx([["Name"]])[:300], "invalid_xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "xls_not_supported"),
        (bytes(range(256)) * 20, "not_a_spreadsheet"),
        (b"", "empty_file"),
        (b" \r\n\r\n", "empty_file"),
        (b";;;\n;;;\n", "no_header"),
    ],
)
def test_unreadable_files_are_a_clear_problem(content, code):
    with pytest.raises(FileProblem) as problem:
        read(content)
    assert problem.value.code == code
    assert problem.value.message


def test_too_many_rows_stops_early():
    content = b"name;email\n" + b"".join(b"P%d;p%d@x.test\n" % (i, i) for i in range(11))
    assert len(read(content, max_rows=11).rows) == 11
    with pytest.raises(FileProblem) as problem:
        read(content, max_rows=10)
    assert problem.value.code == "too_many_rows"
    assert "10" in problem.value.message


def test_blank_rows_count_towards_the_limit():
    content = b"name;email\nA;a@x.test\n;\n;\n;\nB;b@x.test\n"
    assert len(read(content, max_rows=5).rows) == 2
    with pytest.raises(FileProblem) as problem:
        read(content, max_rows=4)
    assert problem.value.code == "too_many_rows"
    assert "empty rows count too" in problem.value.message


def test_random_bytes_named_xlsx_are_not_a_valid_excel_file():
    import os

    with pytest.raises(FileProblem) as problem:
        read_table(content=os.urandom(4096), max_rows=10, filename="people.xlsx")
    assert problem.value.code == "invalid_xlsx"
    assert "This is not a valid Excel file" in problem.value.message
    assert "people.xlsx" in problem.value.message
