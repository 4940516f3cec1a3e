import datetime as dt
import json

import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse

from hallway.accounts import mail
from hallway.accounts.models import Invitation, Membership, Role, User
from hallway.accounts.tokens import token_create
from hallway.messaging.delivery import outbox_deliver_due, outbox_deliver_now
from hallway.messaging.models import OutboxMessage, Status
from tests.accounts.conftest import html_part, link_in, text_part

NEW_PASSWORD = "a-brand-new-passphrase"


def request_reset(client, email):
    return client.post(reverse("accounts:password_reset"), {"email": email})


def test_login_page_links_to_password_reset(client, db):
    response = client.get(reverse("accounts:login"))
    assert reverse("accounts:password_reset").encode() in response.content
    assert b"Forgot your password?" in response.content


def test_reset_page_renders(client, db):
    response = client.get(reverse("accounts:password_reset"))
    assert response.status_code == 200
    assert b'name="email"' in response.content


def recipients(received) -> list[str]:
    return [message["To"].addresses[0].addr_spec for message in received]


@time_machine.travel(dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC), tick=False)
def test_a_reset_mail_is_a_transactional_outbox_message_in_the_users_language(
    smtp_server, settings, client, bob, acme
):
    """A password-reset mail appears in the outbox as transactional and arrives through
    real SMTP in the user's language."""
    settings.BASE_URL = "https://hallway.example.org"
    bob.language = "de"
    bob.timezone = "Europe/Berlin"
    bob.save()
    response = request_reset(client, "BOB@acme.test")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    [row] = OutboxMessage.objects.filter(organisation=acme)
    assert (row.message_type, row.channel, row.address) == ("password_reset", "email", bob.email)
    assert row.transactional
    assert (row.status, row.attempt_count) == (Status.SENT, 1)
    assert (row.language, row.timezone) == ("de", "Europe/Berlin")
    [message] = smtp_server
    assert recipients(smtp_server) == ["bob@acme.test"]
    assert message["Message-ID"] == row.external_id
    assert message["Content-Language"] == "de"
    assert message["Subject"] == "Neues Passwort für Hallway festlegen"
    assert '<html lang="de">' in html_part(message)
    assert "Hallo Bob," in text_part(message)
    # The expiry in the German form (Berlin time, three days on), in both parts.
    assert "Do., 3. Dez. 2026 11:00" in text_part(message)
    assert "Do., 3. Dez. 2026 11:00" in html_part(message)
    # Transactional: no unsubscribe header or link.
    assert message["List-Unsubscribe"] is None
    link = link_in(message, "https://hallway.example.org")
    assert link.startswith("https://hallway.example.org/accounts/password/reset/")
    assert link in html_part(message)


def test_without_own_language_the_organisations_language_is_used(smtp_server, client, bob, acme):
    acme.language = "nl"
    acme.save()
    request_reset(client, "bob@acme.test")
    [message] = smtp_server
    assert message["Content-Language"] == "nl"


def test_a_second_request_is_a_second_mail(smtp_server, settings, client, bob):
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC), tick=False):
        request_reset(client, "bob@acme.test")
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, 5, tzinfo=dt.UTC), tick=False):
        request_reset(client, "bob@acme.test")
    assert recipients(smtp_server) == ["bob@acme.test"] * 2
    first, second = (link_in(message, settings.BASE_URL) for message in smtp_server)
    assert first != second
    assert OutboxMessage.objects.filter(message_type="password_reset").count() == 2


def test_the_same_mail_is_never_sent_twice(smtp_server, bob):
    token = default_token_generator.make_token(bob)
    mail.password_reset_mail_send(user=bob, token=token)
    # Asked again (a retry of the same request), nothing new goes out.
    assert mail.password_reset_mail_send(user=bob, token=token).outcome == mail.Outcome.SENT
    [row] = OutboxMessage.objects.all()
    assert outbox_deliver_now(message=row, worker="again").attempt_count == 1
    assert outbox_deliver_due(worker="worker").sent == 0
    assert len(smtp_server) == 1


def test_with_the_mail_server_down_the_page_is_the_same_and_the_worker_sends_it_later(
    smtp_server, settings, client, bob
):
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there
    response = request_reset(client, "bob@acme.test")
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert b"Check your inbox" in client.get(response["Location"]).content
    [row] = OutboxMessage.objects.all()
    assert (row.status, row.attempt_count, row.transactional) == (Status.QUEUED, 1, True)
    assert row.last_error
    assert smtp_server == []
    # The server is back; a worker retries once the backoff has passed.
    settings.EMAIL_PORT = port
    with time_machine.travel(row.due_at + dt.timedelta(seconds=1)):
        assert outbox_deliver_due(worker="worker").sent == 1
    assert recipients(smtp_server) == ["bob@acme.test"]


def test_an_account_of_no_organisation_gets_the_same_answer_and_no_mail(smtp_server, client, db):
    User.objects.create_user(email="loner@example.com", password="x-long-password-1")
    response = request_reset(client, "loner@example.com")
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert smtp_server == []
    assert not OutboxMessage.objects.exists()


def test_someone_removed_everywhere_but_invited_again_gets_the_link(
    smtp_server, client, alice, acme
):
    User.objects.create_user(email="back@example.com", password="x-long-password-1")
    Invitation.objects.create(organisation=acme, email="back@example.com", invited_by=alice)
    request_reset(client, "back@example.com")
    assert recipients(smtp_server) == ["back@example.com"]
    assert OutboxMessage.objects.get(message_type="password_reset").organisation == acme


def test_unknown_email_gets_the_same_answer_and_no_mail(smtp_server, client, bob):
    known = request_reset(client, "bob@acme.test")
    unknown = request_reset(client, "nobody@acme.test")
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    done = client.get(unknown["Location"])
    assert b"Check your inbox" in done.content
    assert recipients(smtp_server) == ["bob@acme.test"]


def test_admins_see_the_mail_in_the_outbox_but_never_its_link(
    smtp_server, settings, client, bob, alice
):
    request_reset(client, "bob@acme.test")
    row = OutboxMessage.objects.get()
    link = link_in(smtp_server[0], settings.BASE_URL)
    token = token_create(organisation=row.organisation, user=alice, name="t")[1]
    detail = client.get(
        f"/api/v1/outbox/{row.pk}", headers={"Authorization": f"Bearer {token}"}
    ).json()
    assert detail["transactional"] is True
    assert detail["context"]["url"] == "(hidden)"
    assert link.split("/reset/")[1].split("/")[1] not in json.dumps(detail)
    client.force_login(alice)
    page = client.get(reverse("messaging:outbox_detail", args=[row.pk])).content.decode()
    assert "Password link to bob@acme.test" in page
    assert link not in page


def test_the_link_sets_a_new_password_once(smtp_server, settings, client, bob):
    request_reset(client, "bob@acme.test")
    link = link_in(smtp_server[0], settings.BASE_URL)
    path = link.removeprefix(settings.BASE_URL)
    form_page = client.get(path, follow=True)
    assert b"Choose a new password" in form_page.content
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    bob.refresh_from_db()
    assert bob.check_password(NEW_PASSWORD)
    # Used once, the link is dead.
    again = client.get(path, follow=True)
    assert b"This link no longer works" in again.content


def test_weak_passwords_are_refused(smtp_server, settings, client, bob):
    request_reset(client, "bob@acme.test")
    path = link_in(smtp_server[0], settings.BASE_URL).removeprefix(settings.BASE_URL)
    set_password_url = client.get(path, follow=True).redirect_chain[-1][0]
    response = client.post(set_password_url, {"new_password1": "12345", "new_password2": "12345"})
    assert response.status_code == 200
    assert b"errorlist" in response.content
    bob.refresh_from_db()
    assert bob.check_password("correct-horse-battery")


def test_a_user_without_a_password_yet_can_ask_for_a_link(smtp_server, client, acme):
    owner = User.objects.create_user(email="fresh-owner@example.com", password=None)
    Membership.objects.create(user=owner, organisation=acme, role=Role.OWNER)
    request_reset(client, "fresh-owner@example.com")
    assert recipients(smtp_server) == ["fresh-owner@example.com"]


def test_inactive_users_get_no_mail(smtp_server, client, bob):
    bob.is_active = False
    bob.save()
    request_reset(client, "bob@acme.test")
    assert smtp_server == []
