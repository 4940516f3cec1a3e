"""An organiser in a real browser: create a program, plan a round, read the plan, swap, announce.

With HALLWAY_SCREENSHOTS=1 the second test also writes the plan preview of the demo
organisation to docs/screenshots/coffee-plan-preview.png.
"""

import os
from pathlib import Path

from django.utils import timezone

from hallway.coffee.models import PairingMember, Program, Round, RoundStatus
from hallway.people.models import Person
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, make_person

SCREENSHOT = (
    Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "coffee-plan-preview.png"
)

PEOPLE = [
    # name, team, location, zone, languages, interests
    ("Anouk de Vries", "Platform", "Amsterdam", "Europe/Amsterdam", ["nl", "en"], ["climbing"]),
    ("Bram Jansen", "Sales", "Amsterdam", "Europe/Amsterdam", ["nl", "en"], ["sourdough"]),
    ("Chiara Rossi", "Design", "Lisbon", "Europe/Lisbon", ["it", "en"], ["climbing", "jazz"]),
    ("Daniel Schulz", "Platform", "Berlin", "Europe/Berlin", ["de", "en"], ["jazz"]),
    ("Emma Fischer", "Sales", "Berlin", "Europe/Berlin", ["de", "en"], ["sourdough"]),
    ("Fatima Haddad", "Design", "Berlin", "Europe/Berlin", ["ar", "de", "en"], ["climbing"]),
    ("Gustavo Lima", "Platform", "Lisbon", "Europe/Lisbon", ["pt", "en"], ["surfing"]),
    ("Hanna Berg", "Sales", "Lisbon", "Europe/Lisbon", ["sv", "en"], ["surfing", "jazz"]),
]


def directory(organisation) -> list[Person]:
    return [
        make_person(
            organisation,
            name,
            team=team,
            location=place,
            timezone=zone,
            languages=languages,
            interests=interests,
        )
        for name, team, place, zone, languages, interests in PEOPLE
    ]


def test_organiser_creates_plans_swaps_and_announces(page, alice, acme):
    directory(acme)
    log_in(page, "alice@acme.test", PASSWORD)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Coffee").click()
    page.get_by_role("link", name="New program").click()
    page.get_by_label("Name", exact=True).fill("Coffee across Acme")
    page.get_by_label("Opt-out: everyone in the audience takes part unless they leave").check()
    page.get_by_label("Cadence").select_option(label="Every 2 weeks")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Coffee across Acme").wait_for()
    program = Program.objects.get(organisation=acme)
    assert program.slug == "coffee-across-acme"

    page.get_by_role("button", name="Plan the next round").click()
    page.get_by_text("Check it, then announce it.").wait_for()
    round_ = Round.objects.get(program=program)
    assert round_.status == RoundStatus.PLANNED
    groups = page.locator("tr.group")
    assert groups.count() == 4
    reasons = page.locator("td.reasons").all_inner_texts()
    assert all("never met" in text for text in reasons), reasons
    assert any("different teams" in text for text in reasons), reasons
    assert "Suggested time (Europe/Berlin)" in page.content()

    # Swap: one person of the first group with one of the second.
    first = groups.nth(0).locator("input[name=people]").first
    second = groups.nth(1).locator("input[name=people]").first
    first_id, second_id = int(first.get_attribute("value")), int(second.get_attribute("value"))
    first.check()
    second.check()
    page.get_by_role("button", name="Swap the two chosen people").click()
    page.get_by_text("Swapped").wait_for()
    together = {
        frozenset(PairingMember.objects.filter(pairing=pairing).values_list("person_id", flat=True))
        for pairing in round_.pairings.all()
    }
    moved = next(group for group in together if first_id in group)
    assert second_id not in moved
    assert len(together) == 4

    page.get_by_role("link", name="Announce").click()
    page.get_by_text("8 people in 4 groups get an intro now.").wait_for()
    page.get_by_role("button", name="Announce now").click()
    page.get_by_text("the intros are on their way").wait_for()
    round_.refresh_from_db()
    assert round_.status == RoundStatus.ANNOUNCED
    assert page.get_by_role("button", name="Swap the two chosen people").count() == 0


def test_plan_preview_of_the_demo_organisation(page, db):
    """The preview as a realistic organisation sees it (and the screenshot of it)."""
    from hallway.demo.data import DEMO_PASSWORD
    from hallway.demo.seed import demo_seed

    summary = demo_seed(today=timezone.localdate())
    organisation = summary.organisation
    program = Program.objects.get(organisation=organisation, slug="coffee")
    page.set_viewport_size({"width": 1280, "height": 1000})
    log_in(page, "organiser@demo.hallway.test", DEMO_PASSWORD)
    page.goto(f"/coffee/programs/{program.pk}/")
    page.get_by_role("link", name="Review round").click()
    page.locator("tr.group").first.wait_for()
    assert page.locator("td.reasons").first.inner_text() != "—"
    assert page.get_by_role("heading", name="Not paired this round").is_visible()
    if os.environ.get("HALLWAY_SCREENSHOTS") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT))
