"""The directory in a real browser: live search, bulk actions, import with preview."""

import datetime
from pathlib import Path

from hallway.people.models import Person, PersonStatus
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, make_person

FILES = Path(__file__).resolve().parents[1] / "people" / "files"


def add_people(organisation, names):
    return [make_person(organisation, name, timezone="Europe/Amsterdam") for name in names]


def test_typing_in_search_updates_the_results_and_the_address(page, alice, acme):
    add_people(acme, ["Anouk de Vries", "Bram Jansen", "Chiara Rossi"])
    log_in(page, "alice@acme.test", PASSWORD)
    page.goto("/people/")
    table = page.locator("#results")
    assert table.get_by_role("link", name="Bram Jansen").is_visible()

    page.evaluate("window.hallwayMarker = 'still the same page'")
    page.get_by_role("searchbox", name="Search").fill("anouk")
    page.wait_for_url("**/people/?*q=anouk*")
    table.get_by_role("link", name="Anouk de Vries").wait_for()
    assert table.get_by_role("link", name="Bram Jansen").count() == 0
    assert page.locator("#results-status").inner_text().startswith("1 person found")
    # htmx swapped the results in place: the page (and its script state) was not reloaded.
    assert page.evaluate("window.hallwayMarker") == "still the same page"


def test_pause_two_people_with_a_bulk_action(page, alice, acme):
    anouk, bram, _chiara = add_people(acme, ["Anouk de Vries", "Bram Jansen", "Chiara Rossi"])
    log_in(page, "alice@acme.test", PASSWORD)
    page.goto("/people/")
    page.get_by_label("Select Anouk de Vries").check()
    page.get_by_label("Select Bram Jansen").check()
    page.get_by_label("Action").select_option(label="Pause until a date")
    until = datetime.date.today() + datetime.timedelta(days=30)
    page.get_by_label("Paused until").last.fill(until.isoformat())
    page.get_by_role("button", name="Apply").click()
    page.get_by_role("status").filter(has_text="2").first.wait_for()

    paused = Person.objects.filter(organisation=acme, status=PersonStatus.PAUSED)
    assert set(paused.values_list("pk", flat=True)) == {anouk.pk, bram.pk}
    assert {p.paused_until for p in paused} == {until}


def test_a_broken_file_is_explained_row_by_row_and_a_good_one_imported(page, alice, acme):
    log_in(page, "alice@acme.test", PASSWORD)
    page.goto("/people/import/")
    page.get_by_label("File", exact=True).set_input_files(str(FILES / "broken.csv"))
    page.get_by_role("button", name="Upload and preview").click()
    problems = page.get_by_role("region", name="problems in the rows")
    problems.wait_for()
    text = problems.inner_text()
    for expected in ["Mars/Olympus_Mons", "carla@acme", "ghost@acme.test"]:
        assert expected in text
    assert page.get_by_role("button", name="Import: create").count() == 0
    assert not Person.objects.filter(organisation=acme).exists()

    page.goto("/people/import/")
    page.get_by_label("File", exact=True).set_input_files(str(FILES / "german_excel_cp1252.csv"))
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("button", name="Import: create 3 and update 0").click()
    page.get_by_text("Import done: 3 created").wait_for()
    names = set(Person.objects.filter(organisation=acme).values_list("name", flat=True))
    assert "Jürgen Müller" in names
    assert len(names) == 3


def test_skipping_the_bad_rows_and_downloading_them(page, alice, acme):
    log_in(page, "alice@acme.test", PASSWORD)
    page.goto("/people/import/")
    page.get_by_label("File", exact=True).set_input_files(str(FILES / "broken.csv"))
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("checkbox", name="Import the rows without problems").check()
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_text("3 rows with problems were left out").wait_for()
    assert list(Person.objects.filter(organisation=acme).values_list("email", flat=True)) == [
        "ana@acme.test"
    ]
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the rows left out").click()
    report = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert report.startswith("Row,name,email,")
    assert "Mars/Olympus_Mons" in report
