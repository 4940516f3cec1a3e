"""The round plan for keyboards and phones: a swap in fewer than 20 key presses, and the
plan readable at 390 px without sideways scrolling.

With HALLWAY_SCREENSHOTS=1 the phone test also writes docs/screenshots/round-plan-390.png.
"""

import os
from pathlib import Path

import pytest

from hallway.coffee.models import PairingMember
from tests.browser.conftest import log_in
from tests.browser.test_coffee_organiser import directory
from tests.factories import PASSWORD, make_program, make_round

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "round-plan-390.png"
MAX_KEY_PRESSES = 20
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def planned(acme):
    people = directory(acme)
    program = make_program(acme, name="Coffee across Acme")
    groups = [people[index : index + 2] for index in range(0, len(people), 2)]
    return make_round(
        program,
        groups,
        reasons=("never_met", "different_team", "overlap_minutes:120", "shared_language:en"),
    )


def partners(round_):
    return {
        frozenset(PairingMember.objects.filter(pairing=pairing).values_list("person_id", flat=True))
        for pairing in round_.pairings.all()
    }


def test_a_swap_with_the_keyboard_alone(page, alice, planned):
    log_in(page, "alice@acme.test", PASSWORD)
    page.goto(f"/coffee/rounds/{planned.pk}/")
    page.locator("tr.group").first.wait_for()
    # The swap bar lists the groups in the plan's order: a pair, then the next pair.
    options = page.eval_on_selector_all("#swap-first option", "els => els.map((e) => e.value)")
    first, second_partner = int(options[1]), int(options[4])
    presses = 0

    def press(key: str) -> None:
        nonlocal presses
        page.keyboard.press(key)
        presses += 1

    def focused() -> str:
        return str(page.evaluate("document.activeElement.id || document.activeElement.className"))

    press("Tab")
    assert focused() == "skip-link"
    press("Enter")  # to the page's content
    while focused() != "swap-first" and presses < MAX_KEY_PRESSES:
        press("Tab")
    press("ArrowDown")  # the first person of the first group
    press("Tab")
    for _ in range(3):  # past the first group's two people to the second group's first
        press("ArrowDown")
    press("Tab")
    press("Enter")
    page.get_by_text("Swapped").wait_for()

    assert presses < MAX_KEY_PRESSES, presses
    # The first group's first person and the second group's first person changed places.
    moved = next(group for group in partners(planned) if first in group)
    assert moved == {first, second_partner}


def test_the_plan_fits_a_phone(chromium, live_server, alice, planned):
    context = chromium.new_context(base_url=live_server.url, locale="en-GB", viewport=PHONE)
    page = context.new_page()
    try:
        log_in(page, "alice@acme.test", PASSWORD)
        page.goto(f"/coffee/rounds/{planned.pk}/")
        page.locator("tr.group").first.wait_for()
        # The plan itself (its swap bar, table and the people left out) needs no sideways
        # scrolling, whatever the page's header does.
        plan = page.evaluate(
            """() => {
                const groups = document.getElementById("groups");
                const widest = Math.max(...[...groups.querySelectorAll("*")].map(
                    (element) => element.getBoundingClientRect().right));
                return {scroll: groups.scrollWidth, client: groups.clientWidth,
                        widest: widest, viewport: window.innerWidth};
            }"""
        )
        assert plan["scroll"] <= plan["client"], plan
        assert plan["widest"] <= plan["viewport"], plan
        if os.environ.get("HALLWAY_SCREENSHOTS") == "1":
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        # The whole page too, once the header fits (it collapses into a menu at this width).
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            header = page.evaluate(
                "Math.max(...[...document.querySelectorAll('header *')]"
                ".map((e) => e.getBoundingClientRect().right)) - window.innerWidth"
            )
            assert header > 0, f"the page overflows by {overflow}px, not because of the header"
    finally:
        context.close()


def test_focus_is_never_hidden_behind_the_sticky_swap_button(page, alice, planned):
    """Tabbing through the plan's rows scrolls each control clear of the button that stays
    at the bottom of the window (WCAG 2.4.11)."""
    page.set_viewport_size({"width": 1000, "height": 500})
    log_in(page, "alice@acme.test", PASSWORD)
    page.goto(f"/coffee/rounds/{planned.pk}/")
    page.locator("#swap-first").focus()
    hidden = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focus = page.evaluate(
            """() => {
                const focused = document.activeElement;
                const bar = document.querySelector(".swap-actions").getBoundingClientRect();
                return {inBar: focused.closest(".swap-actions") !== null,
                        name: focused.textContent.trim() || focused.id,
                        below: focused.getBoundingClientRect().bottom - bar.top};
            }"""
        )
        if focus["inBar"]:
            break
        if focus["below"] > 0:
            hidden.append(focus)
    else:
        pytest.fail("never reached the swap button")
    assert hidden == []
