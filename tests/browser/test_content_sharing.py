"""An organiser shares an article in a real browser: saves a segment while its live count
updates, writes the article, previews who gets what, sends it once, and reads its
figures. Every page passes axe and fits a 390 px phone. With HALLWAY_SCREENSHOTS=1 it
writes docs/screenshots/outreach-campaign-figures.png."""

import datetime
import os
from pathlib import Path

from django.utils import timezone

from hallway.accounts.models import Role
from hallway.messaging.models import OutboxMessage
from hallway.messaging.models import Status as OutboxStatus
from hallway.outreach.models import Campaign, CampaignSend, MessageStatus, PersonalMessage
from hallway.outreach.services.campaigns import campaign_click
from tests.browser.accessibility import assert_accessible, sign_in
from tests.factories import make_user
from tests.outreach.campaign_helpers import consenting, lakeshore

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _checked(page, name: str) -> None:
    assert_accessible(page, name)
    url = page.url
    page.set_viewport_size(PHONE)
    page.goto(url)
    assert page.evaluate(PAGE_OVERFLOW) == 0, url
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)


def test_an_organiser_shares_an_article_and_reads_its_figures(page, acme, live_server):
    olga = make_user("olga@acme.test", acme, Role.ORGANISER, first_name="Olga", last_name="Ops")
    company = lakeshore(acme)
    for name in ("Megan Brooks", "Tyler Reed", "Ana Lima"):
        consenting(acme, name, company=company, owners=[olga])
    consenting(acme, "Karl Key", company=company, owners=[olga], cadence_days=30)
    consenting(acme, "Nina Noconsent", company=company, legal_basis="", consent_on=None)
    sign_in(page.context, olga, live_server.url)
    # The first page of a fresh live server on a busy machine may take a while.
    page.goto("/outreach/segments/new/", timeout=60_000)
    page.get_by_label("Name", exact=True).fill("Retail clients")
    page.get_by_label("Client contact").check()
    page.get_by_label("Company industries").fill("retail")
    # The count under the form follows the filters without a reload (consent is ticked
    # at first: only those contacts get an article anyway).
    page.get_by_text("4 contacts match now.").wait_for()
    page.get_by_label("Only contacts who consented to marketing").uncheck()
    page.get_by_text("5 contacts match now.").wait_for()
    page.get_by_label("Only contacts who consented to marketing").check()
    page.get_by_text("4 contacts match now.").wait_for()
    _checked(page, "new segment")
    page.get_by_label("Name", exact=True).fill("Retail clients")
    page.get_by_label("Client contact").check()
    page.get_by_label("Company industries").fill("retail")
    page.get_by_label("Only contacts who consented to marketing").uncheck()
    page.get_by_role("button", name="Create").click()
    page.get_by_text("Saved the segment Retail clients.").wait_for()

    page.goto("/outreach/content/")
    _checked(page, "content list")
    page.get_by_role("link", name="New article to share").click()
    page.get_by_label("Title").fill("Hiring in 2027")
    page.get_by_label("Link").fill("https://blog.acme.test/hiring-2027")
    page.get_by_label("Introduction (English)").fill("Hi {first_name}, this made me think of you.")
    page.get_by_label("Segment", exact=True).select_option(label="Retail clients")
    _checked(page, "new article")
    page.get_by_label("Title").fill("Hiring in 2027")
    page.get_by_label("Link").fill("https://blog.acme.test/hiring-2027")
    page.get_by_label("Introduction (English)").fill("Hi {first_name}, this made me think of you.")
    page.get_by_label("Segment", exact=True).select_option(label="Retail clients")
    page.get_by_role("button", name="Save and preview").click()

    page.get_by_role("heading", name="Preview: Hiring in 2027").wait_for()
    page.get_by_text("No consent to marketing").wait_for()
    _checked(page, "preview")
    page.get_by_role("link", name="Send…").click()
    _checked(page, "send")
    page.get_by_role("button", name="Send now").click()
    page.get_by_text("3 mails go out").wait_for()
    campaign = Campaign.objects.get(organisation=acme)

    # As if the outbox had delivered two and one reader clicked.
    now = timezone.now()
    for message in PersonalMessage.objects.filter(source="campaign").order_by("pk")[:2]:
        outbox = OutboxMessage.objects.create(
            organisation=acme,
            channel="email",
            address=message.contact.email,
            idempotency_key=f"browser:{message.pk}",
            message_type="outreach_personal",
            status=OutboxStatus.SENT,
            sent_at=now - datetime.timedelta(hours=1),
        )
        PersonalMessage.objects.filter(pk=message.pk).update(
            outbox_id=outbox.pk, status=MessageStatus.SENT, sent_at=outbox.sent_at
        )
    campaign_click(token=CampaignSend.objects.filter(kind="mail").first().token, now=now)
    page.goto(f"/outreach/content/{campaign.pk}/")
    figures = page.get_by_role("group", name="Figures")
    assert "2 sent" in " ".join(figures.inner_text().split())
    page.get_by_role("table").get_by_text("Nina Noconsent").wait_for()
    _checked(page, "article figures")
    if os.environ.get("HALLWAY_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "outreach-campaign-figures.png"), full_page=True)
