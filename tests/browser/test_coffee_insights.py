"""The insights page with the demo's coffee history, in a real browser; the screenshot in
docs/screenshots/coffee-insights.png comes from here (`HALLWAY_SCREENSHOTS=1`)."""

import datetime
import os
from pathlib import Path

from hallway.demo.data import DEMO_PASSWORD
from hallway.demo.seed import demo_seed
from tests.browser.conftest import log_in

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "coffee-insights.png"


def test_the_organiser_reads_the_insights_of_the_demo(page, db):
    demo_seed(today=datetime.date.today())
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "organiser@demo.hallway.test", DEMO_PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_text("More", exact=True).click()
    nav.get_by_role("link", name="Insights").click()
    page.wait_for_url("**/coffee/insights/")
    assert page.get_by_role("heading", level=1).inner_text() == "Insights: Coffee across Acme"
    charts = page.get_by_role("img")
    assert charts.count() == 6
    assert page.get_by_role("img", name="Connections between teams").is_visible()
    # The numbers behind a chart, without the picture.
    panel = page.locator("section", has=page.get_by_role("heading", name="Meeting rate"))
    panel.get_by_text("Show the numbers").click()
    assert panel.get_by_role("table").get_by_role("row").count() == 8  # header + 7 rounds
    if os.environ.get("HALLWAY_SCREENSHOTS"):
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        panel.get_by_text("Show the numbers").click()  # closed again for the picture
        page.screenshot(path=str(SCREENSHOT), full_page=True)
    # Onboarding progress has its own page, New hires (under "More"), with its chart.
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_text("More", exact=True).click()
    nav.get_by_role("link", name="New hires").click()
    page.wait_for_url("**/onboarding/")
    assert page.get_by_role("img", name="Onboarding progress per new hire").is_visible()
