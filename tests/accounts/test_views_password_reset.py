import datetime as dt

import time_machine
from django.urls import reverse

from tests.accounts.conftest import html_part, link_in, text_part
from tests.factories import make_user

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


@time_machine.travel(dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC), tick=False)
def test_german_user_gets_the_reset_email_in_german(smtp_server, settings, client, bob):
    settings.BASE_URL = "https://hallway.example.org"
    bob.language = "de"
    bob.timezone = "Europe/Berlin"
    bob.save()
    response = request_reset(client, "BOB@acme.test")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    [message] = smtp_server
    assert message["To"] == "bob@acme.test"
    assert message["Content-Language"] == "de"
    assert '<html lang="de">' in html_part(message)
    # Django's own German catalogue formats the expiry date: proof the mail was rendered in German.
    assert "Dezember" in text_part(message)
    assert "Dezember" in html_part(message)
    link = link_in(message, "https://hallway.example.org")
    assert link.startswith("https://hallway.example.org/accounts/password/reset/")
    assert link in html_part(message)


def test_without_own_language_the_organisations_language_is_used(smtp_server, client, bob, acme):
    acme.language = "nl"
    acme.save()
    request_reset(client, "bob@acme.test")
    [message] = smtp_server
    assert message["Content-Language"] == "nl"


def test_without_any_language_the_email_is_english(smtp_server, client, db):
    make_user("loner@example.com")
    request_reset(client, "loner@example.com")
    [message] = smtp_server
    assert message["Content-Language"] == "en"
    assert "Choose a new Hallway password" in message["Subject"]


def test_unknown_email_gets_the_same_answer_and_no_mail(smtp_server, client, bob):
    known = request_reset(client, "bob@acme.test")
    unknown = request_reset(client, "nobody@acme.test")
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    done = client.get(unknown["Location"])
    assert b"Check your inbox" in done.content
    assert [m["To"] for m in smtp_server] == ["bob@acme.test"]


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


def test_a_user_without_a_password_yet_can_ask_for_a_link(smtp_server, client, db):
    make_user("fresh-owner@example.com", password=None)
    request_reset(client, "fresh-owner@example.com")
    assert [m["To"] for m in smtp_server] == ["fresh-owner@example.com"]


def test_inactive_users_get_no_mail(smtp_server, client, bob):
    bob.is_active = False
    bob.save()
    request_reset(client, "bob@acme.test")
    assert smtp_server == []
