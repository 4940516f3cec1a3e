"""Content sharing's pages: members read, organisers write; a live count under the
segment form; preview, send once, figures; the click-through link without a login."""

import pytest
from django.urls import reverse

from hallway.outreach.models import Campaign, CampaignSend, CampaignStatus, Segment
from hallway.outreach.services.campaigns import campaign_send
from tests.outreach.campaign_helpers import MONDAY_EARLY, article, clients_segment, consenting


@pytest.fixture
def megan(acme, alice):
    return consenting(acme, "Megan Brooks", owners=[alice])


def test_members_read_and_organisers_write(bob_client, acme, megan):
    campaign = article(acme, clients_segment(acme))
    assert bob_client.get(reverse("outreach:campaigns")).status_code == 200
    assert bob_client.get(reverse("outreach:campaign", args=[campaign.pk])).status_code == 200
    assert bob_client.get(reverse("outreach:segments")).status_code == 200
    assert (
        bob_client.get(reverse("outreach:segment", args=[campaign.segment_id])).status_code == 200
    )
    for name in ("outreach:campaign_new", "outreach:segment_new"):
        assert bob_client.get(reverse(name)).status_code == 404
    response = bob_client.post(reverse("outreach:campaign_send", args=[campaign.pk]))
    assert response.status_code == 404
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT


def test_a_segment_is_made_with_a_live_count(alice_client, acme, megan):
    consenting(acme, "Paul Prospect", kind="prospect")
    data = {"name": "Clients", "kinds": ["client"], "consent": "on"}
    live = alice_client.post(reverse("outreach:segment_count"), data, HTTP_HX_REQUEST="true")
    assert live.status_code == 200
    assert b"1 contact matches now." in live.content
    assert b"Megan Brooks" in live.content
    assert b"Paul Prospect" not in live.content
    preview = alice_client.post(reverse("outreach:segment_new"), {**data, "preview": "1"})
    assert b"Megan Brooks" in preview.content
    assert not Segment.objects.exists()
    response = alice_client.post(reverse("outreach:segment_new"), data)
    segment = Segment.objects.get()
    assert response.url == reverse("outreach:segment", args=[segment.pk])
    assert segment.filters == {"kinds": ["client"], "consent": True}
    page = alice_client.get(response.url)
    assert b"Megan Brooks" in page.content


def test_a_used_segment_is_not_deleted(alice_client, acme):
    segment = clients_segment(acme)
    article(acme, segment)
    alice_client.post(reverse("outreach:segment_delete", args=[segment.pk]))
    assert Segment.objects.filter(pk=segment.pk).exists()


def test_write_preview_and_send_an_article(alice_client, acme, megan):
    segment = clients_segment(acme)
    page = alice_client.get(reverse("outreach:campaign_new"))
    assert b"{first_name}" in page.content  # the variables' help
    data = {
        "title": "Hiring in 2027",
        "url": "https://blog.acme.test/2027",
        "intro_en": "Hi {first_name}, thought of you.",
        "segment": segment.pk,
        "skip_touched_days": 14,
        "skip_sent_days": 30,
    }
    bad = alice_client.post(reverse("outreach:campaign_new"), {**data, "intro_en": "Hi {nmae}"})
    assert bad.status_code == 400
    assert b"{nmae}" in bad.content
    response = alice_client.post(reverse("outreach:campaign_new"), data)
    campaign = Campaign.objects.get()
    assert response.url == reverse("outreach:campaign_preview", args=[campaign.pk])
    preview = alice_client.get(response.url)
    assert b"Megan Brooks" in preview.content
    confirm = alice_client.get(reverse("outreach:campaign_send", args=[campaign.pk]))
    assert b"Send now" in confirm.content
    sent = alice_client.post(reverse("outreach:campaign_send", args=[campaign.pk]))
    assert sent.url == reverse("outreach:campaign", args=[campaign.pk])
    assert CampaignSend.objects.filter(campaign=campaign).count() == 1
    # A second POST (a double click) sends nothing more.
    alice_client.post(reverse("outreach:campaign_send", args=[campaign.pk]))
    assert CampaignSend.objects.filter(campaign=campaign).count() == 1
    detail = alice_client.get(reverse("outreach:campaign", args=[campaign.pk]))
    assert b"recipients" in detail.content
    assert b"Megan Brooks" in detail.content
    listing = alice_client.get(reverse("outreach:campaigns"))
    assert b"Hiring in 2027" in listing.content
    assert (
        alice_client.get(reverse("outreach:campaign_edit", args=[campaign.pk])).status_code == 302
    )


def test_the_click_through_needs_no_login(client, acme, alice, megan):
    campaign = article(acme, clients_segment(acme))
    campaign_send(campaign=campaign, by=alice, now=MONDAY_EARLY)
    send = CampaignSend.objects.get()
    response = client.get(reverse("outreach:campaign_click", args=[send.token]))
    assert response.status_code == 302
    assert response["Location"] == campaign.url
    send.refresh_from_db()
    assert send.clicks == 1
    assert client.get(reverse("outreach:campaign_click", args=["unknown"])).status_code == 404
    # Only web addresses are redirected to, whatever found its way into the row.
    Campaign.objects.filter(pk=campaign.pk).update(url="javascript:alert(1)")
    assert client.get(reverse("outreach:campaign_click", args=[send.token])).status_code == 404
