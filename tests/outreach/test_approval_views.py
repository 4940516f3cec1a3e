"""The approval queue: a person reads, edits, approves or discards what outreach drafted in
their name; admins may decide on everyone's; nobody else, and never another organisation."""

import datetime

import pytest
from django.urls import reverse

from hallway.messaging.models import OutboxMessage
from hallway.messaging.services import suppression_add
from hallway.outreach.models import Enrollment, MessageStatus, PersonalMessage, Sequence
from hallway.outreach.services.personal import personal_message_draft, personal_messages_release
from tests.factories import make_company, make_contact

UTC = datetime.UTC
MONDAY_EARLY = datetime.datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
QUEUE = reverse("outreach:approvals")


@pytest.fixture
def megan(acme, alice):
    company = make_company(acme, "Lakeshore", timezone="Europe/Berlin")
    return make_contact(acme, "Megan Brooks", company=company, owners=[alice], language="de")


@pytest.fixture
def tom(acme, bob):
    return make_contact(acme, "Tom Reyes", owners=[bob], language="nl")


def waiting(organisation, contact, owner, key, **fields):
    return personal_message_draft(
        organisation=organisation,
        contact=contact,
        owner=owner,
        source=fields.pop("source", "quiet"),
        key=key,
        subject=fields.pop("subject", "Catching up"),
        body=fields.pop("body", "Hallo,\n\nwie geht es?"),
        now=fields.pop("now", MONDAY_EARLY),
        approval=True,
        **fields,
    )


def decide(client, message, decision, **fields):
    data = {"decision": decision}
    data[f"m{message.pk}-subject"] = fields.get("subject", message.subject)
    data[f"m{message.pk}-body"] = fields.get("body", message.body)
    return client.post(reverse("outreach:approval_decide", args=[message.pk]), data)


def test_the_queue_lists_my_waiting_messages_oldest_first(
    alice_client, acme, alice, bob, megan, tom, time_machine
):
    time_machine.move_to(MONDAY_EARLY)
    later = waiting(
        acme, megan, alice, "a2", subject="Second", now=MONDAY_EARLY + datetime.timedelta(hours=1)
    )
    first = waiting(acme, megan, alice, "a1", subject="First")
    waiting(acme, tom, bob, "b1", subject="Bob's own")
    response = alice_client.get(QUEUE)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("First") < page.index("Second")
    assert "Bob&#x27;s own" not in page
    assert "Bob's own" not in page
    assert [row.message.pk for row, _form in response.context["rows"]] == [first.pk, later.pk]
    assert reverse("relationships:contact", args=[megan.pk]) in page
    assert "Lakeshore" in page
    assert "Quiet client" in page
    assert "in DE" in page
    # 09:00 in Berlin, Monday 7 December: inside Megan's hours.
    assert response.context["rows"][0][0].goes_at.hour == 8


def test_a_sequence_message_names_its_sequence(alice_client, acme, alice, megan):
    sequence = Sequence.objects.create(organisation=acme, name="Winter check-in")
    enrollment = Enrollment.objects.create(
        organisation=acme, sequence=sequence, contact=megan, owner=alice
    )
    waiting(acme, megan, alice, "s1", source="sequence", ref=f"enrollment:{enrollment.pk}:step:1")
    assert "Sequence: Winter check-in" in alice_client.get(QUEUE).content.decode()


def test_an_unsubscribed_contact_is_flagged(alice_client, acme, alice, megan):
    suppression_add(organisation=acme, channel="email", address=megan.email)
    waiting(acme, megan, alice, "u1")
    assert "unsubscribed — will not be sent" in alice_client.get(QUEUE).content.decode()


def test_approve_with_an_edit(alice_client, acme, alice, megan):
    message = waiting(acme, megan, alice, "e1")
    response = decide(
        alice_client, message, "approve", subject="  Kurz  gefragt ", body="Hallo Megan!\n"
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.status, message.subject, message.body) == (
        MessageStatus.SCHEDULED,
        "Kurz gefragt",
        "Hallo Megan!",
    )
    assert message.decided_by == alice
    personal_messages_release(organisation=acme, now=MONDAY_EARLY)
    message.refresh_from_db()
    assert OutboxMessage.objects.get(pk=message.outbox_id).context["body"] == "Hallo Megan!"


def test_an_empty_subject_is_refused_and_nothing_changes(alice_client, acme, alice, megan):
    message = waiting(acme, megan, alice, "e2")
    response = decide(alice_client, message, "approve", subject="")
    assert response.status_code == 400
    assert response.context["rows"][0][1].errors
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING


def test_discard(alice_client, acme, alice, megan):
    message = waiting(acme, megan, alice, "d1")
    assert decide(alice_client, message, "discard").status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.DISCARDED
    assert personal_messages_release(organisation=acme, now=MONDAY_EARLY).queued == 0


def test_a_decided_message_cannot_be_approved_again(alice_client, acme, alice, megan):
    message = waiting(acme, megan, alice, "d2")
    decide(alice_client, message, "discard")
    response = decide(alice_client, message, "approve")
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.DISCARDED


def test_approve_all_shown_takes_every_rows_words(alice_client, acme, alice, megan):
    one = waiting(acme, megan, alice, "b1")
    two = waiting(acme, megan, alice, "b2")
    response = alice_client.post(
        QUEUE,
        {
            "decision": "approve_all",
            "shown": [one.pk, two.pk],
            f"m{one.pk}-subject": "One",
            f"m{one.pk}-body": "Body one",
            f"m{two.pk}-subject": "Two",
            f"m{two.pk}-body": "Body two",
        },
    )
    assert response.status_code == 302
    assert sorted(
        PersonalMessage.objects.filter(status=MessageStatus.SCHEDULED).values_list(
            "subject", "body"
        )
    ) == [("One", "Body one"), ("Two", "Body two")]


def test_a_member_cannot_decide_on_someone_elses_message(bob_client, acme, alice, megan):
    message = waiting(acme, megan, alice, "x1")
    assert decide(bob_client, message, "approve").status_code == 403
    # …nor through the bulk action: it only takes the member's own.
    bob_client.post(
        QUEUE, {"shown": [message.pk], f"m{message.pk}-subject": "S", f"m{message.pk}-body": "B"}
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING


def test_a_member_cannot_see_everyones_queue(bob_client, acme, alice, megan):
    waiting(acme, megan, alice, "x2", subject="Alice's note")
    response = bob_client.get(QUEUE + "?everyone=1")
    assert response.context["rows"] == []
    assert not response.context["everyone"]


def test_an_admin_decides_on_everyones(client, acme, alice, bob, tom):
    client.force_login(alice)
    message = waiting(acme, tom, bob, "y1", subject="Bob's note")
    assert alice_client_sees(client, "Bob") is False
    response = client.get(QUEUE + "?everyone=1")
    assert [row.message.pk for row, _form in response.context["rows"]] == [message.pk]
    assert decide(client, message, "approve").status_code == 302
    message.refresh_from_db()
    assert (message.status, message.decided_by) == (MessageStatus.SCHEDULED, alice)


def alice_client_sees(client, subject_part):
    rows = client.get(QUEUE).context["rows"]
    return any(subject_part in row.message.subject for row, _form in rows)


def test_another_organisations_message_is_404(mallory_client, acme, alice, megan):
    message = waiting(acme, megan, alice, "z1")
    assert decide(mallory_client, message, "approve").status_code == 404
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING


def test_the_history_shows_status_and_why(alice_client, acme, alice, megan):
    suppression_add(organisation=acme, channel="email", address=megan.email)
    personal_message_draft(
        organisation=acme,
        contact=megan,
        owner=alice,
        source="sequence",
        key="h1",
        subject="Blocked one",
        body="Text",
        now=MONDAY_EARLY,
    )
    personal_messages_release(organisation=acme, now=MONDAY_EARLY)
    waiting(acme, megan, alice, "h2", subject="Still waiting")
    response = alice_client.get(reverse("outreach:messages"))
    page = response.content.decode()
    assert "Blocked one" in page
    assert "Cancelled" in page
    assert "the address unsubscribed" in page
    assert "Still waiting" not in page
    assert "One message waits for your approval." in page


def test_the_today_page_links_the_queue(alice_client, acme, alice, megan):
    waiting(acme, megan, alice, "t1")
    page = alice_client.get(reverse("outreach:home")).content.decode()
    assert "One message waits for your approval." in page
    assert f'href="{QUEUE}"' in page


def test_the_tabs(alice_client):
    page = alice_client.get(QUEUE).content.decode()
    for name in ("outreach:home", "outreach:approvals", "outreach:messages", "outreach:signature"):
        assert f'href="{reverse(name)}"' in page


def test_end_to_end_the_queue_holds_a_message_until_approved(
    alice_client, acme, alice, megan, smtp_server, time_machine
):
    """Real SMTP: nothing leaves while the message waits; once approved with an edit it
    goes in Alice's name, her address to reply to, her signature under the edited words."""
    from hallway.messaging.delivery import outbox_deliver_due
    from hallway.outreach.models import SenderProfile

    alice.first_name, alice.last_name = "Alice", "Archer"
    alice.save()
    SenderProfile.objects.create(
        organisation=acme, user=alice, signature="Alice Archer\nAcme Recruiting"
    )
    time_machine.move_to(MONDAY_EARLY)
    message = waiting(acme, megan, alice, "e2e", body="Hallo Megan,\n\nwie geht es?")
    # Inside Megan's hours, still waiting: nothing is released, nothing delivered.
    time_machine.move_to(datetime.datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    assert (
        personal_messages_release(
            organisation=acme, now=datetime.datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
        ).queued
        == 0
    )
    outbox_deliver_due(worker="test")
    assert smtp_server == []

    response = decide(
        alice_client,
        message,
        "approve",
        subject="Kurz gefragt",
        body="Hallo Megan,\r\n\r\nwie lief der Launch in Rotterdam?",
    )
    assert response.status_code == 302
    now = datetime.datetime(2026, 12, 7, 9, 1, tzinfo=UTC)
    assert personal_messages_release(organisation=acme, now=now).queued == 1
    time_machine.move_to(datetime.datetime(2026, 12, 7, 9, 2, tzinfo=UTC))
    outbox_deliver_due(worker="test")
    [mail] = smtp_server
    assert mail["Subject"] == "Kurz gefragt"
    assert mail["From"].addresses[0].display_name == "Alice Archer"
    assert mail["Reply-To"] == alice.email
    text = mail.get_body(("plain",)).get_content()
    assert "Hallo Megan,\n\nwie lief der Launch in Rotterdam?" in text.replace("\r\n", "\n")
    assert "wie geht es?" not in text
    assert "Acme Recruiting" in text
