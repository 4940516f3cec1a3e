import pytest
from django.core.management import CommandError, call_command

from hallway.messaging.models import OutboxMessage, Status
from hallway.messaging.services import Recipient


def test_send_test_goes_through_the_outbox_to_the_smtp_server(smtp_server, acme, capsys):
    call_command("send_test", "--org", "acme", "--to", "ann@example.com")
    (mail,) = smtp_server
    message = OutboxMessage.objects.get()
    assert (message.status, message.transactional) == (Status.SENT, True)
    assert mail["Message-ID"] == message.external_id
    assert "Sent message" in capsys.readouterr().out


def test_send_test_sends_only_its_own_message(smtp_server, enqueue, acme):
    enqueue("other")
    call_command("send_test", "--org", "acme", "--to", "ann@example.com")
    assert len(smtp_server) == 1
    assert OutboxMessage.objects.get(idempotency_key="other").status == Status.QUEUED


@pytest.mark.parametrize(
    "args",
    [
        ["--org", "nope", "--to", "ann@example.com"],
        ["--org", "acme", "--to", "not-an-address"],
        ["--org", "acme", "--to", "ann@example.com", "--language", "fr"],
    ],
)
def test_send_test_refuses_bad_input_with_exit_2(acme, args):
    with pytest.raises(CommandError) as caught:
        call_command("send_test", *args)
    assert caught.value.returncode == 2
    assert not OutboxMessage.objects.exists()


def test_send_test_reports_a_failure_with_exit_1(acme, settings):
    from tests.conftest import _free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _free_port()
    with pytest.raises(CommandError) as caught:
        call_command("send_test", "--org", "acme", "--to", "ann@example.com")
    assert caught.value.returncode == 1


def test_outbox_lists_and_filters_by_status(enqueue, capsys):
    sent = enqueue("a")
    sent.status = Status.SENT
    sent.save()
    enqueue(
        "b",
        recipient=Recipient(address="queued@example.com"),
    )
    call_command("outbox")
    out = capsys.readouterr().out
    assert "someone@example.com" in out
    assert "queued@example.com" in out
    call_command("outbox", "--status", "queued", "--org", "acme")
    out = capsys.readouterr().out
    assert "queued@example.com" in out
    assert "someone@example.com" not in out
    assert "1 of 1 message(s)" in out


@pytest.mark.parametrize("args", [["--status", "lost"], ["--org", "nope"], ["--limit", "0"]])
def test_outbox_refuses_bad_input_with_exit_2(db, args):
    with pytest.raises(CommandError) as caught:
        call_command("outbox", *args)
    assert caught.value.returncode == 2
