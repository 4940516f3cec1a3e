"""Files made to exhaust memory: each is refused with a clear error, by the CLI and the API,
and reading any of them stays far below 200 MB and 10 s."""

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from hallway.people.models import Person
from tests.api.conftest import assert_error, olga, olga_api  # noqa: F401 - fixtures
from tests.api.test_imports import upload

MEMORY_BOUND_MB = 200
TIME_BOUND_S = 10


def blank_rows_csv() -> bytes:
    """A 500-column header and 150,000 blank lines: 152 KB."""
    header = ",".join(f"c{i}" for i in range(500))
    return (header + "\n" + "\n" * 150_000).encode()


def xlsx(build) -> bytes:
    workbook = openpyxl.Workbook()
    build(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def last_row_xlsx() -> bytes:
    """A header, one person, and a cell in the sheet's last row (1,048,576) and column."""

    def build(sheet):
        sheet.append(["Name", "Email"])
        sheet.append(["Anna", "anna@acme.test"])
        sheet.cell(row=1_048_576, column=16_384, value="x")

    return xlsx(build)


def zip_bomb_xlsx(megabytes: int) -> bytes:
    """A real workbook whose sheet is padded with whitespace that compresses ~1000 times."""
    content = xlsx(lambda sheet: sheet.append(["Name", "Email"]))
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (megabytes << 20))
            bomb.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def huge_cell_csv() -> bytes:
    return b"Name,Email\n" + b"A" * 200_000 + b",a@acme.test\n"


BOMBS = {
    "blank-rows.csv": (blank_rows_csv, "too_many_rows", "more than 20,000 rows"),
    "last-row.xlsx": (last_row_xlsx, "too_many_rows", "more than 20,000 rows"),
    "zip-bomb.xlsx": (lambda: zip_bomb_xlsx(200), "xlsx_too_large", "would unpack to 200 MB"),
    "small-zip-bomb.xlsx": (lambda: zip_bomb_xlsx(20), "xlsx_too_large", "possible zip bomb"),
    "huge-cell.csv": (huge_cell_csv, "cell_too_long", "more than 32,767 characters"),
}
# A workbook's huge cell is a zip bomb of its own (the upload limit leaves no room for an
# incompressible one), and openpyxl cuts cells at Excel's 32,767 characters.


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def bomb_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bombs")
    for name, (make, _code, _message) in BOMBS.items():
        (folder / name).write_bytes(make())
    return folder


@pytest.mark.parametrize("name", BOMBS)
def test_the_cli_refuses_each_bomb_and_writes_nothing(name, bomb_files, acme):
    _make, _code, message = BOMBS[name]
    errors = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_people", str(bomb_files / name), "--org", acme.slug, stderr=errors)
    assert message in errors.getvalue()
    assert error.value.returncode == 2
    assert not Person.objects.filter(email="anna@acme.test").exists()


@pytest.mark.parametrize("name", BOMBS)
def test_the_api_refuses_each_bomb_and_writes_nothing(name, bomb_files, olga_api):  # noqa: F811
    _make, code, message = BOMBS[name]
    response = upload(olga_api, (bomb_files / name).read_bytes(), filename=name, dry_run="false")
    error = assert_error(response, 422, "validation_error")
    assert [detail["code"] for detail in error["details"]] == [code]
    assert message in error["details"][0]["message"]
    assert not Person.objects.filter(email="anna@acme.test").exists()


READ_AND_MEASURE = """
import json, sys, time, tracemalloc
import django
django.setup()
from hallway.people.importing.reading import FileProblem, read_table
content = open(sys.argv[1], "rb").read()

def read():
    try:
        read_table(content=content, max_rows=20_000, filename=sys.argv[1])
    except FileProblem as problem:
        return problem.code

started = time.perf_counter()
code = read()
seconds = time.perf_counter() - started
tracemalloc.start()  # a second read, for the peak of what reading allocates
read()
peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
print(json.dumps({"code": code, "seconds": seconds, "peak_mb": peak_mb}))
"""


@pytest.mark.parametrize("name", BOMBS)
def test_reading_each_bomb_stays_within_memory_and_time(name, bomb_files):
    """In a fresh process: the reader that the web, the API and the CLI share."""
    _make, code, _message = BOMBS[name]
    done = subprocess.run(
        [sys.executable, "-c", READ_AND_MEASURE, str(bomb_files / name)],
        capture_output=True,
        text=True,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "hallway.config.settings", **_environment()},
        cwd=Path(__file__).resolve().parents[2],
    )
    measured = json.loads(done.stdout)
    assert measured["code"] == code
    assert measured["peak_mb"] < MEMORY_BOUND_MB, measured
    assert measured["seconds"] < TIME_BOUND_S, measured


def _environment():
    return {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
