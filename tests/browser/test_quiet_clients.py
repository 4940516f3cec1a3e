"""A client gone quiet in a real browser, on a 390 px phone: the owner opens the proposal,
reads the brief, edits the drafted note and sends it; the pages pass axe-core and do not
scroll sideways."""

import datetime

from django.utils import timezone

from hallway.outreach.models import PersonalMessage, ProposalStatus, QuietProposal, Source
from hallway.outreach.services.quiet import quiet_run_due
from hallway.relationships.services.touches import touch_record
from tests.browser.accessibility import assert_accessible, sign_in
from tests.factories import make_company, make_contact


def test_the_owner_answers_a_quiet_client_with_a_note(page, live_server, acme, alice):
    now = timezone.now()
    last = now - datetime.timedelta(days=40)
    company = make_company(
        acme,
        "Lakeshore Outfitters",
        usual_gap_days=14,
        quiet_after_days=28,
        rhythm_basis="touches",
    )
    company.owners.add(alice)
    megan = make_contact(acme, "Megan Brooks", company=company, owners=[alice], language="en")
    touch_record(
        organisation=acme,
        kind="call",
        at=last,
        contacts=[megan],
        by=alice,
        summary="the Rotterdam launch",
    )
    company.refresh_from_db()
    company.quiet_on = (last + datetime.timedelta(days=28)).date()
    company.save()
    assert quiet_run_due(organisation=acme, now=now) == 1

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page.context, alice, live_server.url)
    page.goto("/outreach/quiet/")
    page.get_by_role("heading", name="Quiet clients").wait_for()
    assert_accessible(page, "quiet clients")
    page.get_by_role("link", name="Lakeshore Outfitters").click()
    page.get_by_role("heading", name="Write a short personal note").wait_for()
    assert "Before you talk to Megan Brooks" in page.locator(".brief").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "a quiet client")

    body = page.get_by_label("Your note")
    assert "last time we spoke about the Rotterdam launch" in body.input_value()
    body.fill(body.input_value() + "\n\nAlice")
    page.get_by_role("button", name="Send the note").click()
    page.get_by_text("Your note goes out inside their working hours.").wait_for()

    message = PersonalMessage.objects.get()
    assert message.source == Source.NOTE
    assert message.body.endswith("Alice")
    assert QuietProposal.objects.get().status == ProposalStatus.NOTED
