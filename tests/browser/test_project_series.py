"""A project's meeting rhythm in a real browser: the series pages are accessible (also at
390 px), and the weekly invitation reads well. With HALLWAY_SCREENSHOTS=1 it writes
docs/screenshots/projects-weekly-invite.png (the client's invitation, with the small-talk
opener first and the holidays left out)."""

import datetime
import os
from pathlib import Path

from django.utils import timezone

from hallway.messaging.models import OutboxMessage
from hallway.messaging.rendering import outbox_render
from hallway.projects.models import SeriesKind
from hallway.projects.services.series import SeriesFields, series_create, series_rule
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import log_in
from tests.factories import PASSWORD
from tests.projects.conftest import client_company, project, roster  # noqa: F401  (fixtures)

SCREENSHOT = (
    Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "projects-weekly-invite.png"
)


def test_series_pages_and_the_weekly_invite(page, project, roster, alice):  # noqa: F811
    _ours, theirs = roster
    series = series_create(
        project=project,
        values=SeriesFields(
            name="Weekly with Lakeshore",
            kind=SeriesKind.WEEKLY,
            rule=series_rule("weekly", "TH"),
            starts_on=timezone.localdate(),
            at=datetime.time(16, 0),
            minutes=45,
            agenda="Checkout: open questions\nLaunch plan, next steps",
            with_checkins=True,
        ),
        by=alice,
        now=timezone.now(),
    )
    log_in(page, alice.email, PASSWORD)
    page.goto(f"/projects/{project.pk}/series/")
    page.get_by_role("heading", name="The meeting rhythm").wait_for()
    assert "Weekly on Thursday" in page.locator("main").inner_text()
    assert_accessible(page, "series list")
    page.goto(f"/projects/series/{series.pk}/")
    page.get_by_role("heading", name="Did it take place?").wait_for()
    assert_accessible(page, "series")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"/projects/{project.pk}/series/new/")
    page.get_by_role("heading", name="New meeting series").wait_for()
    assert_accessible(page, "new series at 390 px")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390

    message = OutboxMessage.objects.get(message_type="projects_series", address=theirs[0].email)
    page.set_content(outbox_render(message).html)
    text = page.locator("body").inner_text()
    assert "A few minutes of small talk first:" in text
    assert "No meeting on" in text
    if os.environ.get("HALLWAY_SCREENSHOTS") == "1":
        page.set_viewport_size({"width": 720, "height": 900})
        page.screenshot(path=str(SCREENSHOT), full_page=True)
