"""The organiser's round page in a German and a Dutch browser: dates in each language's own
form. With HALLWAY_SCREENSHOTS=1 it also writes docs/screenshots/round-de.png.

The UI language comes from the browser's Accept-Language (Chromium sends its locale) while
the user has not chosen one in their profile; a chosen one wins from the next sign-in on.
"""

import datetime
import os
from pathlib import Path

import pytest

from hallway.coffee.models import Round
from tests.browser.test_coffee_organiser import directory
from tests.factories import PASSWORD, join, make_program, make_round

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "round-de.png"

# Monday 28 December 2026, 08:00 UTC: the round; it ends two weeks later.
MONDAY = datetime.datetime(2026, 12, 28, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def round_(alice, acme):
    people = directory(acme)
    program = make_program(acme)
    join(program, *people)
    return make_round(
        program,
        [people[index : index + 2] for index in range(0, len(people), 2)],
        starts_at=MONDAY,
        slot_offset=datetime.timedelta(days=2, hours=5),  # Wednesday 13:00 UTC, 14:00 Berlin
    )


def sign_in(chromium, live_server, locale: str):
    """A browser whose UI language is `locale`'s, signed in as Alice through the form
    (whatever language its labels are in)."""
    context = chromium.new_context(base_url=live_server.url, locale=locale)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill("alice@acme.test")
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/")
    return context, page


@pytest.mark.parametrize(
    ("locale", "language", "round_day", "meet_by", "slot", "heading"),
    [
        (
            "de-DE",
            "de",
            "Montag, 28. Dezember 2026",
            "Mo., 11. Jan.",
            "Mi., 30. Dez. 14:00–14:30",
            "Runde 1",
        ),
        (
            "nl-NL",
            "nl",
            "maandag 28 december 2026",
            "ma 11 jan.",
            "wo 30 dec. 14:00–14:30",
            "Ronde 1",
        ),
    ],
)
def test_the_round_page_writes_dates_in_the_browsers_language(
    chromium, live_server, round_: Round, locale, language, round_day, meet_by, slot, heading
):
    context, page = sign_in(chromium, live_server, locale)
    try:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"/coffee/rounds/{round_.pk}/")
        assert page.locator("html").get_attribute("lang") == language
        page.get_by_role("heading", level=1, name=heading).wait_for()
        text = page.locator("main").inner_text()
        assert round_day in text
        assert meet_by in text
        assert slot in text
        # Machines still read ISO: the slot's <time datetime>.
        assert page.locator('time[datetime^="2026-12-30T14:00"]').count() == 4
        if language == "de" and os.environ.get("HALLWAY_SCREENSHOTS"):
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            # A window as tall as the page: the sticky swap bar then sits below the groups
            # instead of over one of them, as a full-page capture would draw it.
            height = page.evaluate("document.documentElement.scrollHeight")
            page.set_viewport_size({"width": 1280, "height": height})
            page.screenshot(path=str(SCREENSHOT))
    finally:
        context.close()
