"""The approval queue on a phone: 390 px without sideways scrolling, accessible; a message
approved with an edit is released with the edited words, a discarded one never is."""

from django.utils import timezone

from hallway.messaging.models import OutboxMessage
from hallway.outreach.models import MessageStatus, PersonalMessage
from hallway.outreach.services.personal import personal_message_draft, personal_messages_release
from tests.browser.accessibility import assert_accessible, sign_in
from tests.factories import make_company, make_contact


def waiting(acme, contact, owner, key, subject):
    return personal_message_draft(
        organisation=acme,
        contact=contact,
        owner=owner,
        source="quiet",
        key=key,
        subject=subject,
        body="Hallo,\n\nwie geht es Ihnen?",
        now=timezone.now(),
        approval=True,
    )


def test_approve_with_an_edit_and_discard_on_a_phone(page, live_server, acme, alice):
    company = make_company(acme, "Lakeshore Outfitters", timezone="Europe/Berlin")
    megan = make_contact(acme, "Megan Brooks", company=company, owners=[alice], language="de")
    tom = make_contact(acme, "Tom Reyes", company=company, owners=[alice], language="nl")
    kept = waiting(acme, megan, alice, "keep", "Kurze Frage")
    dropped = waiting(acme, tom, alice, "drop", "Even bijpraten")

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page.context, alice, live_server.url)
    page.goto("/outreach/")
    page.get_by_role("link", name="2 messages wait for your approval.").click()
    page.get_by_role("heading", name="Approvals", level=1).wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "the approval queue")

    row = page.locator(f"#message-{kept.pk}")
    row.get_by_label("Message").fill("Hallo Megan,\n\nwie lief der Launch in Rotterdam?")
    row.get_by_role("button", name="Approve").click()
    page.get_by_text(
        "Approved: the message to Megan Brooks goes inside their working hours."
    ).wait_for()

    page.locator(f"#message-{dropped.pk}").get_by_role("button", name="Discard").click()
    page.get_by_text("Discarded: the message to Tom Reyes will not be sent.").wait_for()
    page.get_by_text("Nothing waits for approval.").wait_for()
    assert_accessible(page, "the empty approval queue")

    assert PersonalMessage.objects.get(pk=dropped.pk).status == MessageStatus.DISCARDED
    personal_messages_release(organisation=acme, now=timezone.now())
    kept.refresh_from_db()
    assert kept.status == MessageStatus.QUEUED
    outbox = OutboxMessage.objects.get()
    assert outbox.context["body"] == "Hallo Megan,\n\nwie lief der Launch in Rotterdam?"

    tabs = page.get_by_role("navigation", name="Outreach sections")
    tabs.get_by_role("link", name="Messages").click()
    page.get_by_role("heading", name="Your messages", level=1).wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "the messages page")
