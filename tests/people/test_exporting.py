"""people_export_csv: Excel-friendly CSV that imports back with everyone unchanged."""

import csv
import datetime
import io

import pytest
from django.utils import translation

from hallway.people.cell_values import format_working_days
from hallway.people.exporting import people_export_csv, people_template_csv
from hallway.people.importing import people_import_apply, people_import_preview
from hallway.people.models import Person, PersonStatus, Tag
from tests.factories import make_location, make_person, make_team


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, whatever an earlier request left activated."""
    with translation.override("en"):
        yield


def rows_of(content: bytes, delimiter=","):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


@pytest.fixture
def directory(acme, carol, berlin, platform_team):
    """A directory with every kind of value an export has to carry."""
    sales = make_team(acme, "Sales, DACH")
    sao_paulo = make_location(acme, "São Paulo", timezone="America/Sao_Paulo")
    chess = Tag.objects.create(organisation=acme, name="Chess")
    jazz = Tag.objects.create(organisation=acme, name="Jazz")
    carol.interests.add(chess, jazz)
    people = [
        make_person(
            acme, "Ana Lima", email="ana@acme.test", team=sales,
            location=sao_paulo, timezone="America/Sao_Paulo", work_start=datetime.time(8, 30),
            work_end=datetime.time(16, 45), working_days=[1, 2, 3, 5, 6], languages=["pt", "en"],
            manager=carol, start_date=datetime.date(2026, 12, 1), preferred_language="en",
            slack_id="U024BE7LH", department="Sales", job_title="Account executive",
        ),
        make_person(
            acme, "Paul Paused", email="paul@acme.test",
            status=PersonStatus.PAUSED, paused_until=datetime.date(2027, 3, 1),
        ),
        make_person(
            acme, "Lea Left", email="lea@acme.test", status=PersonStatus.LEFT,
            left_on=datetime.date(2025, 6, 30), working_days=[7, 1, 2, 3, 4],
        ),
        make_person(acme, "=HYPERLINK(1)", email="odd@acme.test"),
    ]  # fmt: skip
    people[0].interests.add(jazz)
    return [carol, *people]


def test_export_columns_and_values(acme, directory):
    content = people_export_csv(organisation=acme)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = rows_of(content)
    assert rows[0] == [
        "Name", "Email", "Team", "Department", "Location", "Job title", "Time zone",
        "Working hours", "Working days", "Languages", "Interests", "Manager email",
        "Start date", "Message language", "Slack member ID", "Status", "Paused until", "Left on",
    ]  # fmt: skip
    by_email = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    ana = by_email["ana@acme.test"]
    assert ana["Team"] == "Sales, DACH"
    assert ana["Location"] == "São Paulo"
    assert ana["Working hours"] == "08:30-16:45"
    assert ana["Working days"] == "Mon-Wed,Fri,Sat"
    assert ana["Languages"] == "pt, en"
    assert ana["Interests"] == "Jazz"
    assert ana["Manager email"] == "carol@acme.test"
    assert ana["Start date"] == "2026-12-01"
    assert by_email["carol@acme.test"]["Interests"] == "Chess, Jazz"
    assert by_email["paul@acme.test"]["Paused until"] == "2027-03-01"
    assert by_email["lea@acme.test"]["Status"] == "left"
    assert by_email["odd@acme.test"]["Name"] == "'=HYPERLINK(1)"  # not a formula in Excel
    assert [row[0] for row in rows[1:]] == sorted(row[0] for row in rows[1:])


@pytest.mark.parametrize(("delimiter", "language"), [(",", "en"), (";", "de"), ("\t", "nl")])
def test_round_trip_leaves_everyone_unchanged(acme, directory, delimiter, language):
    with translation.override(language):
        content = people_export_csv(organisation=acme, delimiter=delimiter)
    preview = people_import_preview(organisation=acme, filename="export.csv", content=content)
    assert preview.problems == []
    assert all(preview.mapping.values())  # every exported column is recognised
    assert (preview.would_create, preview.would_update, preview.unchanged) == (0, 0, 5)
    result = people_import_apply(organisation=acme, filename="export.csv", content=content)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)


def test_round_trip_after_an_edit_updates_only_that_person(acme, directory):
    rows = rows_of(people_export_csv(organisation=acme))
    for row in rows[1:]:
        if row[1] == "ana@acme.test":
            row[rows[0].index("Working days")] = "Mo-Fr"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    result = people_import_apply(
        organisation=acme, filename="edited.csv", content=buffer.getvalue().encode()
    )
    assert (result.updated, result.unchanged) == (1, 4)
    assert Person.objects.get(email="ana@acme.test").working_days == [1, 2, 3, 4, 5]


def test_export_is_limited_to_the_organisation(acme, globex, carol):
    make_person(globex, "Gina")
    assert "gina@globex.test" not in people_export_csv(organisation=acme).decode("utf-8-sig")
    # Even a queryset of another organisation's people is scoped.
    foreign = Person.objects.filter(organisation=globex)
    rows = rows_of(people_export_csv(organisation=acme, people_queryset=foreign))
    assert len(rows) == 1


def test_export_of_a_queryset(acme, directory):
    only_left = Person.objects.filter(status=PersonStatus.LEFT)
    rows = rows_of(people_export_csv(organisation=acme, people_queryset=only_left))
    assert [row[1] for row in rows[1:]] == ["lea@acme.test"]


def test_template_imports_cleanly(acme):
    content = people_template_csv()
    assert len(rows_of(content)) == 2
    preview = people_import_preview(organisation=acme, filename="template.csv", content=content)
    assert preview.problems == []
    assert preview.would_create == 1


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ([1, 2, 3, 4, 5], "Mon-Fri"),
        ([1, 2, 4], "Mon,Tue,Thu"),
        ([5, 3, 1], "Mon,Wed,Fri"),
        ([1, 2, 3, 4, 5, 6, 7], "Mon-Sun"),
        ([7], "Sun"),
    ],
)
def test_format_working_days(days, expected):
    assert format_working_days(days) == expected
