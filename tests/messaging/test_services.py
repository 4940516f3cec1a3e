import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hallway.messaging.models import OutboxMessage, Status
from hallway.messaging.services import (
    Outgoing,
    Recipient,
    message_cancel,
    message_enqueue,
    message_enqueue_many,
    message_resend,
    suppression_add,
)


def test_same_key_twice_is_a_no_op(enqueue, carol):
    first = enqueue("coffee:1:carol", person=carol)
    second = enqueue("coffee:1:carol", person=carol, context={"recipient_name": "changed"})

    assert second.pk == first.pk
    assert OutboxMessage.objects.count() == 1
    second.refresh_from_db()
    assert second.context == {"recipient_name": "Carol Meyer"}


def test_the_same_key_in_another_organisation_is_another_message(enqueue, globex):
    enqueue("welcome")
    enqueue("welcome", organisation=globex)
    assert OutboxMessage.objects.count() == 2


def test_a_person_brings_language_zone_and_address(enqueue, carol):
    message = enqueue("k", person=carol)
    assert (message.address, message.language, message.timezone) == (
        "carol@acme.test",
        "de",
        "Europe/Berlin",
    )
    assert (message.status, message.person, message.transactional) == (Status.QUEUED, carol, True)


def test_bad_input_names_every_problem_and_writes_nothing(acme):
    with pytest.raises(ValidationError) as caught:
        message_enqueue(
            organisation=acme,
            recipient=Recipient(address=" ", language="fr", timezone="Mars/Olympus"),
            channel="pigeon",
            message_type="nonsense",
            context={"when": object()},
            idempotency_key="",
        )
    assert set(caught.value.message_dict) == {
        "channel",
        "message_type",
        "address",
        "language",
        "timezone",
        "idempotency_key",
        "context",
    }
    assert not OutboxMessage.objects.exists()


def test_a_person_of_another_organisation_is_refused(globex, carol):
    with pytest.raises(ValidationError) as caught:
        message_enqueue(
            organisation=globex,
            recipient=Recipient.for_person(carol),
            channel="email",
            message_type="test",
            context={},
            idempotency_key="k",
        )
    assert "person" in caught.value.message_dict


def test_a_type_only_goes_out_on_its_channels(enqueue, carol):
    with pytest.raises(ValidationError) as caught:
        enqueue("k", person=carol, channel="slack", message_type="meeting")
    assert "channel" in caught.value.message_dict


def test_cancel_only_what_is_queued(enqueue):
    message = enqueue()
    assert message_cancel(message=message).status == Status.CANCELLED
    assert message_cancel(message=message).status == Status.CANCELLED  # again: no error
    message.status = Status.SENT
    message.save()
    with pytest.raises(ValidationError):
        message_cancel(message=message)


def test_resend_queues_a_failed_message_again(enqueue):
    message = enqueue()
    with pytest.raises(ValidationError):
        message_resend(message=message)  # still queued
    OutboxMessage.objects.filter(pk=message.pk).update(status=Status.FAILED, last_error="x")
    message = message_resend(message=message)
    assert (message.status, message.last_error) == (Status.QUEUED, "")


def test_an_expiry_is_stored_and_must_come_after_the_start(enqueue, acme):
    start = timezone.now() + datetime.timedelta(hours=2)
    message = enqueue("r", not_before=start, expires_at=start + datetime.timedelta(hours=1))
    assert message.expires_at == start + datetime.timedelta(hours=1)
    assert enqueue("plain").expires_at is None
    for key, expires in (
        ("before", start - datetime.timedelta(minutes=1)),
        ("naive", datetime.datetime(2030, 1, 1, 12, 0)),
    ):
        with pytest.raises(ValidationError) as caught:
            enqueue(key, not_before=start, expires_at=expires)
        assert set(caught.value.message_dict) == {"expires_at"}
    with pytest.raises(ValidationError):  # many at once: the same rule
        message_enqueue_many(
            organisation=acme,
            messages=[
                Outgoing(
                    recipient=Recipient(address="a@example.com"),
                    channel="email",
                    message_type="test",
                    context={},
                    idempotency_key="many",
                    expires_at=timezone.now() - datetime.timedelta(minutes=1),
                )
            ],
        )
    assert not OutboxMessage.objects.filter(idempotency_key__in=["before", "naive", "many"])


def test_an_expired_message_is_not_sent_again(enqueue):
    message = enqueue("r", expires_at=timezone.now() + datetime.timedelta(hours=1))
    OutboxMessage.objects.filter(pk=message.pk).update(status=Status.EXPIRED)
    message.refresh_from_db()
    with pytest.raises(ValidationError, match="expired"):
        message_resend(message=message)
    message.refresh_from_db()
    assert message.status == Status.EXPIRED


def test_suppression_is_idempotent_and_case_insensitive_for_email(acme):
    first = suppression_add(organisation=acme, channel="email", address="Ann@Example.com")
    second = suppression_add(organisation=acme, channel="email", address="ann@example.com")
    assert first.pk == second.pk
    assert first.address == "ann@example.com"


def test_many_at_once_skips_keys_already_there(enqueue, acme, carol, bruno):
    first = enqueue("intro-carol", person=carol)
    messages = [
        Outgoing(
            recipient=Recipient.for_person(person),
            channel="email",
            message_type="test",
            context={"recipient_name": person.name},
            idempotency_key=f"intro-{person.name.split()[0].lower()}",
        )
        for person in (carol, bruno)
    ]
    assert message_enqueue_many(organisation=acme, messages=messages) == 1
    assert message_enqueue_many(organisation=acme, messages=messages) == 0
    bruno_message = OutboxMessage.objects.get(idempotency_key="intro-bruno")
    assert (bruno_message.person, bruno_message.language, bruno_message.timezone) == (
        bruno,
        "en",
        "America/Sao_Paulo",
    )
    assert OutboxMessage.objects.get(idempotency_key="intro-carol").pk == first.pk


def test_many_at_once_with_one_bad_message_enqueues_none(acme, carol):
    messages = [
        Outgoing(
            recipient=Recipient.for_person(carol),
            channel="email",
            message_type=kind,
            context={},
            idempotency_key=f"k-{kind}",
        )
        for kind in ("test", "no-such-type")
    ]
    with pytest.raises(ValidationError, match="k-no-such-type"):
        message_enqueue_many(organisation=acme, messages=messages)
    assert not OutboxMessage.objects.exists()


def test_each_message_goes_unless_it_is_bad(acme, carol, bruno):
    """`message_enqueue_each`: one bad message (here an unknown type) is left out and the
    others still go; all good ones go at once."""
    from hallway.messaging.services import message_enqueue_each

    def outgoing(person, kind):
        return Outgoing(
            recipient=Recipient.for_person(person),
            channel="email",
            message_type=kind,
            context={},
            idempotency_key=f"k-{person.pk}-{kind}",
        )

    mixed = [outgoing(carol, "test"), outgoing(carol, "no-such-type"), outgoing(bruno, "test")]
    assert message_enqueue_each(organisation=acme, messages=mixed) == 2
    assert OutboxMessage.objects.count() == 2
    assert message_enqueue_each(organisation=acme, messages=[mixed[0], mixed[2]]) == 2  # again
    assert OutboxMessage.objects.count() == 2
    assert message_enqueue_each(organisation=acme, messages=[]) == 0
