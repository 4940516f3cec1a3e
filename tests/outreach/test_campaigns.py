"""Shared articles: validated drafts, a preview of who gets what, sending once, the
click-through link, and the figures."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from hallway.messaging.models import OutboxMessage, Suppression
from hallway.messaging.models import Status as OutboxStatus
from hallway.messaging.services import suppression_add
from hallway.outreach.models import (
    CampaignSend,
    CampaignStatus,
    MessageStatus,
    PersonalMessage,
    SendKind,
    Source,
)
from hallway.outreach.selectors.campaigns import campaign_figures
from hallway.outreach.services.campaigns import (
    CampaignFields,
    campaign_click,
    campaign_preview,
    campaign_save,
    campaign_send,
    intro_for,
)
from hallway.relationships.models import Contact, Direction, LegalBasis, TouchKind
from tests.factories import make_touch
from tests.outreach.campaign_helpers import (
    MONDAY_EARLY,
    article,
    clients_segment,
    consenting,
    lakeshore,
)

DAY = datetime.timedelta(days=1)


@pytest.fixture
def people(acme, alice, bob):
    company = lakeshore(acme)
    return {
        "megan": consenting(acme, "Megan Brooks", company=company, owners=[alice], language="de"),
        "nina": consenting(acme, "Nina Noconsent", owners=[alice], legal_basis="", consent_on=None),
        "ulla": consenting(acme, "Ulla Unsub", owners=[alice]),
        "tom": consenting(acme, "Tom Touched", owners=[bob]),
        "karl": consenting(acme, "Karl Key", owners=[bob], cadence_days=30, language="nl"),
        "olga": consenting(acme, "Olga Orphan", cadence_days=30),
        "adam": consenting(acme, "Adam Noaddress", email=""),
        "sam": consenting(acme, "Sam Sent", owners=[alice]),
        "paul": consenting(acme, "Paul Prospect", kind="prospect"),
    }


def test_a_draft_is_checked_all_at_once(acme, globex):
    foreign = clients_segment(globex)
    with pytest.raises(ValidationError) as caught:
        campaign_save(
            organisation=acme,
            values=CampaignFields(
                title="",
                url="javascript:alert(1)",
                intros={"en": "Hi {frist_name}", "fr": "Salut"},
                segment=foreign,
                skip_touched_days=-1,
            ),
        )
    assert set(caught.value.message_dict) == {
        "title",
        "url",
        "intro_en",
        "intros",
        "segment",
        "skip_touched_days",
    }


def test_an_intro_in_one_language_is_needed(acme):
    with pytest.raises(ValidationError) as caught:
        article(acme, clients_segment(acme), intros={"en": "  ", "de": ""})
    assert "intros" in caught.value.message_dict


def test_the_intro_follows_the_contacts_language():
    intros = {"en": "Hi", "nl": "Hoi"}
    assert intro_for(intros, "nl") == ("nl", "Hoi")
    assert intro_for(intros, "de") == ("en", "Hi")
    assert intro_for({"nl": "Hoi"}, "de") == ("nl", "Hoi")


def test_the_preview_says_who_gets_what_and_why(acme, alice, bob, people):
    suppression_add(organisation=acme, channel="email", address="ULLA.unsub@client.test")
    # touch_record keeps `last_touch_at`; the factory writes the touch alone.
    make_touch(acme, people["tom"], at=MONDAY_EARLY - 3 * DAY)
    Contact.objects.filter(pk=people["tom"].pk).update(last_touch_at=MONDAY_EARLY - 3 * DAY)
    earlier = article(acme, clients_segment(acme, name="Earlier"), title="Earlier")
    CampaignSend.objects.create(
        organisation=acme,
        campaign=earlier,
        contact=people["sam"],
        kind=SendKind.MAIL,
        created_at=MONDAY_EARLY - 10 * DAY,
    )
    campaign = article(acme, clients_segment(acme))
    plan = campaign_preview(campaign=campaign, now=MONDAY_EARLY)
    assert [row.contact.name for row in plan.mail] == ["Megan Brooks"]
    assert [(row.contact.name, row.owner) for row in plan.notes] == [("Karl Key", bob)]
    assert {row.contact.name: row.reason for row in plan.skipped} == {
        "Adam Noaddress": "no_address",
        "Nina Noconsent": "no_consent",
        "Olga Orphan": "no_owner",
        "Sam Sent": "recent_send",
        "Tom Touched": "touched",
        "Ulla Unsub": "unsubscribed",
    }
    assert plan.as_json()["counts"]["skipped_by_reason"]["touched"] == 1
    # With the windows at 0 days, a touch or an earlier article skips nobody.
    campaign.skip_touched_days = campaign.skip_sent_days = 0
    names = [row.contact.name for row in campaign_preview(campaign=campaign, now=MONDAY_EARLY).mail]
    assert names == ["Megan Brooks", "Sam Sent", "Tom Touched"]


def test_sending_drafts_a_personal_message_per_recipient_once(acme, alice, bob, people):
    campaign = article(acme, clients_segment(acme))
    report = campaign_send(campaign=campaign, by=alice, now=MONDAY_EARLY)
    assert (report.mail, report.notes, report.skipped) == (4, 1, 3)
    campaign.refresh_from_db()
    assert (campaign.status, campaign.sent_at) == (CampaignStatus.SENT, MONDAY_EARLY)
    mail = PersonalMessage.objects.get(key=f"campaign:{campaign.pk}:{people['megan'].pk}")
    assert (mail.source, mail.marketing, mail.status) == (
        Source.CAMPAIGN,
        True,
        MessageStatus.SCHEDULED,
    )
    assert mail.owner == alice
    assert mail.language == "de"
    assert mail.subject == "Hiring in 2027"
    send = CampaignSend.objects.get(campaign=campaign, contact=people["megan"])
    assert send.message == mail
    assert mail.body.startswith("Hallo Megan, das hat mich an Lakeshore denken lassen.")
    assert f"/outreach/r/{send.token}/" in mail.body
    assert "https://blog.acme.test" not in mail.body  # only the counting link
    note = PersonalMessage.objects.get(key=f"campaign:{campaign.pk}:note:{people['karl'].pk}")
    assert (note.source, note.status, note.owner) == (Source.NOTE, MessageStatus.PENDING, bob)
    assert note.language == "en"  # no Dutch intro: the English one
    assert "Hi Karl" in note.body
    with pytest.raises(ValidationError):
        campaign_send(campaign=campaign, by=alice, now=MONDAY_EARLY)
    assert PersonalMessage.objects.count() == 5
    with pytest.raises(ValidationError):
        campaign_save(
            organisation=acme,
            values=CampaignFields(title="x", url="https://x.test", intros={"en": "x"}),
            campaign=campaign,
        )


def test_a_click_is_counted_and_redirected(acme, alice, people):
    campaign = article(acme, clients_segment(acme))
    campaign_send(campaign=campaign, by=alice, now=MONDAY_EARLY)
    send = CampaignSend.objects.get(contact=people["megan"])
    assert campaign_click(token=send.token, now=MONDAY_EARLY + DAY) == campaign.url
    assert campaign_click(token=send.token, now=MONDAY_EARLY + 2 * DAY) == campaign.url
    send.refresh_from_db()
    assert (send.clicks, send.clicked_at) == (2, MONDAY_EARLY + DAY)
    assert campaign_click(token="nope", now=MONDAY_EARLY) is None
    assert campaign_figures(campaign=campaign).clicked == 1


def test_the_figures_follow_what_happened(acme, alice, people):
    campaign = article(acme, clients_segment(acme))
    campaign_send(campaign=campaign, by=alice, now=MONDAY_EARLY)
    sent_at = MONDAY_EARLY + datetime.timedelta(hours=3)
    for name, status in (("megan", OutboxStatus.SENT), ("tom", OutboxStatus.SENT)):
        message = PersonalMessage.objects.get(contact=people[name], source=Source.CAMPAIGN)
        outbox = OutboxMessage.objects.create(
            organisation=acme,
            channel="email",
            address=people[name].email,
            idempotency_key=f"test:{name}",
            message_type="outreach_personal",
            status=status,
            sent_at=sent_at,
        )
        PersonalMessage.objects.filter(pk=message.pk).update(
            outbox_id=outbox.pk, status=MessageStatus.SENT, sent_at=sent_at
        )
    failed = PersonalMessage.objects.get(contact=people["sam"], source=Source.CAMPAIGN)
    outbox = OutboxMessage.objects.create(
        organisation=acme,
        channel="email",
        address=people["sam"].email,
        idempotency_key="test:sam",
        message_type="outreach_personal",
        status=OutboxStatus.SUPPRESSED,
    )
    PersonalMessage.objects.filter(pk=failed.pk).update(
        outbox_id=outbox.pk, status=MessageStatus.FAILED
    )
    # Megan answers within two weeks; Tom's answer came before the mail and does not count.
    reply = make_touch(acme, people["megan"], at=sent_at + 2 * DAY, kind=TouchKind.EMAIL)
    reply.direction = Direction.INBOUND
    reply.save()
    early = make_touch(acme, people["tom"], at=sent_at - DAY, kind=TouchKind.EMAIL)
    early.direction = Direction.INBOUND
    early.save()
    Suppression.objects.create(
        organisation=acme,
        channel="email",
        address=people["tom"].email,
        created_at=sent_at + DAY,
    )
    figures = campaign_figures(campaign=campaign)
    assert figures.as_json() == {
        "recipients": 4,
        "sent": 2,
        "delivered": 2,
        "failed": 1,
        "blocked": 0,
        "clicked": 0,
        "clicks": 0,
        "replies": 1,
        "unsubscribes": 1,
        "notes_drafted": 1,
        "notes_sent": 0,
        "skipped": 3,
        "skipped_by_reason": {
            "no_address": 1,
            "unsubscribed": 0,
            "no_consent": 1,
            "touched": 0,
            "recent_send": 0,
            "no_owner": 1,
        },
    }


def test_consent_withdrawn_before_release_stops_the_mail(acme, alice, people):
    from hallway.outreach.services.personal import personal_messages_release

    campaign = article(acme, clients_segment(acme))
    campaign_send(campaign=campaign, by=alice, now=MONDAY_EARLY)
    megan = people["megan"]
    megan.legal_basis = LegalBasis.LEGITIMATE_INTEREST
    megan.save()
    personal_messages_release(organisation=acme, now=MONDAY_EARLY)
    message = PersonalMessage.objects.get(contact=megan, source=Source.CAMPAIGN)
    assert (message.status, message.problem) == (MessageStatus.CANCELLED, "no_consent")
    assert campaign_figures(campaign=campaign).blocked == 1


def test_the_command_lists_previews_and_sends_once(acme, alice, people):
    import json
    from io import StringIO

    from django.core.management import CommandError, call_command

    campaign = article(acme, clients_segment(acme))

    def run(*args):
        out = StringIO()
        call_command("campaign", *args, "--org", acme.slug, "--json", stdout=out)
        return json.loads(out.getvalue())

    assert run("preview", str(campaign.pk))["counts"]["notes"] == 1
    out = StringIO()
    call_command("campaign", "preview", str(campaign.pk), "--org", acme.slug, stdout=out)
    assert "note\tKarl Key\tbob@acme.test" in out.getvalue()
    assert "skipped\tNina Noconsent\tno_consent" in out.getvalue()
    sent = run("send", str(campaign.pk))
    assert sent["status"] == "sent"
    assert sent["figures"]["recipients"] == 4
    assert [row["id"] for row in run("list")] == [campaign.pk]
    out = StringIO()
    call_command("campaign", "list", "--org", acme.slug, stdout=out)
    assert "0/4 sent, 0 delivered" in out.getvalue()
    with pytest.raises(CommandError) as caught:
        run("send", str(campaign.pk))
    assert caught.value.returncode == 2
    with pytest.raises(CommandError):
        run("preview", "999999")
