"""The sequence pages in a real browser: accessible, usable at 390 px, and the step editor's
preview follows what is typed. With HALLWAY_SCREENSHOTS=1 it writes
docs/screenshots/outreach-sequence-editor.png (a sequence's steps) and
docs/screenshots/outreach-sequence-step.png (a message step with its preview)."""

import os
from pathlib import Path

from hallway.outreach.services.enrollments import enrollment_start
from hallway.outreach.services.sequence_rules import StepFields
from tests.browser.accessibility import assert_accessible, sign_in
from tests.factories import make_company, make_contact
from tests.outreach.seq_helpers import MONDAY, make_sequence, message

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url


def test_sequence_editor_and_preview(page, live_server, acme, alice):
    company = make_company(acme, "Lakeshore Outfitters")
    megan = make_contact(acme, "Megan Brooks", company=company, owners=[alice])
    german = {"subject": "Wie läuft es, {first_name}?", "body": "Hallo {first_name}, …"}
    sequence = make_sequence(
        acme,
        "After the first week",
        description="A check-in with new contractors, then a call.",
        trigger="placement_start",
        goal="meeting",
        approval=True,
        steps=[
            message(subject="How is {company}, {first_name}?", wait=7, de=german),
            StepFields(kind="wait", wait_days=14),
            StepFields(kind="condition", condition="no_reply", on_false="leave"),
            StepFields(kind="task", task_title="Call {first_name}"),
        ],
    )
    enrollment_start(sequence=sequence, contact=megan, owner=None, reason="by hand", now=MONDAY)
    sign_in(page.context, alice, live_server.url)
    page.set_default_timeout(30_000)  # a busy machine

    page.goto("/outreach/sequences/")
    page.get_by_role("link", name="After the first week").wait_for()
    assert_accessible(page, "sequences")
    page.goto(f"/outreach/sequences/{sequence.pk}/")
    page.get_by_role("heading", name="Steps").wait_for()
    assert_accessible(page, "sequence editor")
    if os.environ.get("HALLWAY_SCREENSHOTS") == "1":
        page.set_viewport_size({"width": 900, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / "outreach-sequence-editor.png"), full_page=True)

    page.goto(f"/outreach/sequences/{sequence.pk}/steps/new/")
    page.get_by_role("group", name="English").get_by_label("Subject").fill(
        "Two weeks in, {first_name}"
    )
    page.get_by_role("group", name="English").get_by_label("Message").fill(
        "Hi {first_name}, how are things at {company}?"
    )
    preview = page.locator("#preview")
    preview.get_by_text("Two weeks in, Megan").wait_for()
    assert "how are things at Lakeshore Outfitters?" in preview.inner_text()
    assert_accessible(page, "new step")
    if os.environ.get("HALLWAY_SCREENSHOTS") == "1":
        page.screenshot(path=str(SCREENSHOTS / "outreach-sequence-step.png"), full_page=True)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Step saved.").wait_for()
    assert sequence.steps.count() == 5

    page.set_viewport_size({"width": 390, "height": 800})
    for url in (
        "/outreach/sequences/",
        f"/outreach/sequences/{sequence.pk}/",
        f"/outreach/sequences/{sequence.pk}/steps/new/",
        f"/outreach/sequences/{sequence.pk}/enrollments/",
        f"/outreach/sequences/{sequence.pk}/edit/",
    ):
        page.goto(url)
        assert_accessible(page, f"{url} at 390 px")
        fits(page)
