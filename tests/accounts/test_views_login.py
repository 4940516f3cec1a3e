from django.urls import reverse

from tests.factories import PASSWORD, make_user


def log_in(client, email="bob@acme.test", password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password, **extra}
    )


def test_login_sets_the_users_language(settings, client, bob):
    bob.language = "nl"
    bob.save()
    response = log_in(client)
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"
    home = client.get(reverse("home"))
    assert home.headers["Content-Language"] == "nl"
    assert b'<html lang="nl">' in home.content


def test_login_without_a_language_leaves_the_browsers_choice(settings, client, bob):
    response = log_in(client, HTTP_ACCEPT_LANGUAGE="de")
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    home = client.get(reverse("home"), headers={"Accept-Language": "de"})
    assert home.headers["Content-Language"] == "de"


def test_wrong_password_is_refused(client, bob):
    response = log_in(client, password="wrong")
    assert response.status_code == 200
    assert b'role="alert"' in response.content
    assert "_auth_user_id" not in client.session


def test_a_user_without_a_password_cannot_log_in(client, db):
    make_user("new-owner@example.com", password=None)
    response = log_in(client, email="new-owner@example.com", password="anything-at-all")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout(bob_client):
    response = bob_client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("accounts:login")
    assert bob_client.get(reverse("home")).status_code == 302
