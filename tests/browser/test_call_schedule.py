"""Scheduling a call with a client in a real browser: a member picks the second proposed
time, sends, and the owner's invitation carries the brief. With HALLWAY_SCREENSHOTS=1 it
writes docs/screenshots/call-brief.png (the owner's invitation) and call-schedule.png."""

import datetime
import os
from pathlib import Path

from hallway.messaging.models import OutboxMessage
from hallway.messaging.rendering import outbox_render
from hallway.relationships.models import Detail, ScheduledCall, Visibility
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, make_company, make_contact, make_person, make_touch

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_a_member_schedules_a_call_and_reads_the_brief(page, acme, alice, bob):
    make_person(acme, "Bob Baker", email=bob.email, user=bob, timezone="Europe/Berlin")
    company = make_company(
        acme,
        "Brightside Ltda.",
        timezone="America/Sao_Paulo",
        holiday_region="BR-SP",
        language="de",
        usual_gap_days=30,
        last_order_on=datetime.date.today() - datetime.timedelta(days=41),
    )
    bruna = make_contact(acme, "Bruna Costa", company=company, owners=[bob])
    touch = make_touch(
        acme,
        bruna,
        at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=35),
        by=alice,
    )
    touch.summary = "Two new vacancies in Q1; wants a shortlist by February."
    touch.save()
    Detail.objects.create(
        organisation=acme,
        author=bob,
        contact=bruna,
        text="Ran the São Paulo marathon",
        ask_next_time=True,
        visibility=Visibility.ORGANISATION,
    )

    log_in(page, bob.email, PASSWORD)
    page.goto(f"/relationships/contacts/{bruna.pk}/call/")
    page.get_by_role("heading", name="Schedule a call with Bruna Costa").wait_for()
    choices = page.get_by_role("radio")
    assert choices.count() == 5
    assert choices.first.is_checked()
    assert "for them" in page.locator("fieldset").inner_text()
    assert "Ran the São Paulo marathon" in page.locator(".brief").inner_text()
    if os.environ.get("HALLWAY_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / "call-schedule.png"), full_page=True)
    second = choices.nth(1).get_attribute("value")
    choices.nth(1).check()
    page.get_by_role("button", name="Send the invitations").click()
    page.get_by_text("The invitations are on their way to Bruna Costa").wait_for()

    call = ScheduledCall.objects.get()
    assert call.start.isoformat() == second
    assert "Scheduled calls" in page.locator("main").inner_text()

    mine = OutboxMessage.objects.get(address=bob.email, channel="email")
    html = outbox_render(mine).html
    page.set_content(html)
    text = page.locator("body").inner_text()
    assert "Ran the São Paulo marathon" in text
    assert "camera" in text
    theirs = outbox_render(OutboxMessage.objects.get(address=bruna.email)).html
    assert "marathon" not in theirs
    if os.environ.get("HALLWAY_SCREENSHOTS") == "1":
        page.set_viewport_size({"width": 720, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / "call-brief.png"), full_page=True)
