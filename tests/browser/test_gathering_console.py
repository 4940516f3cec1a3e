"""The host console in a browser: the host starts round 1, a latecomer joins the smallest
room, round 2 starts; the page reads at 390 px without sideways scrolling and axe finds
no serious problem."""

import pytest

from hallway.gatherings.models import BreakoutRoom
from hallway.gatherings.services.breakouts import breakouts_plan
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import log_in
from tests.factories import PASSWORD
from tests.gatherings.test_breakouts import party

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def planned(acme, alice):
    gathering, _ = party(acme, 8, hosts=0, seniors=0)  # all eight said yes
    gathering.hosts.add(alice)
    breakouts_plan(gathering=gathering, rounds=3, size=3)  # rooms of 3, 3 and 2
    return gathering


def test_the_host_runs_the_rounds_and_places_a_latecomer(page, alice, planned):
    page.set_viewport_size(PHONE)
    log_in(page, "alice@acme.test", PASSWORD)
    page.goto(f"/gatherings/{planned.pk}/")
    page.get_by_role("link", name="Open the host console").click()
    page.get_by_role("heading", name="Host console").wait_for()
    assert page.get_by_role("timer").inner_text() == "No round has started yet."

    page.get_by_role("button", name="Start round 1").click()
    page.get_by_role("heading", name="Round 1 of 3").wait_for()
    assert "12 minutes left" in page.get_by_role("timer").inner_text()
    small = BreakoutRoom.objects.get(gathering=planned, round_number=1, number=3)
    assert small.members.count() == 2

    page.get_by_label("Not on the list: their email address").fill("late@example.test")
    page.get_by_role("button", name="Add and place").click()
    page.get_by_text("Late joins round 1 room 3").wait_for()
    room = page.get_by_role("heading", name="Room 3").first.locator("xpath=..")
    assert "Late" in room.inner_text()
    assert small.members.count() == 3
    assert_accessible(page, "host console, with its flash message")

    page.get_by_role("button", name="Start round 2").click()
    page.get_by_role("heading", name="Round 2 of 3").wait_for()
    page.get_by_role("button", name="Start round 3").wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    planned.refresh_from_db()
    assert planned.current_round == 2
