from django.urls import reverse

URL = reverse("accounts:settings_profile")


def test_profile_is_saved_and_sets_the_language_cookie(settings, bob_client, bob):
    response = bob_client.post(
        URL,
        {
            "first_name": "Robert",
            "last_name": "Baker",
            "language": "de",
            "timezone": "Asia/Kolkata",
        },
    )
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    bob.refresh_from_db()
    assert (bob.first_name, bob.last_name, bob.language, bob.timezone) == (
        "Robert",
        "Baker",
        "de",
        "Asia/Kolkata",
    )
    page = bob_client.get(URL)
    assert page.headers["Content-Language"] == "de"
    assert b'<html lang="de">' in page.content
    assert b"Asia/Kolkata" in page.content


def test_blank_language_forgets_the_cookie(settings, bob_client, bob):
    bob_client.post(URL, {"first_name": "Bob", "language": "de", "timezone": ""})
    response = bob_client.post(URL, {"first_name": "Bob", "language": "", "timezone": ""})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""
    bob.refresh_from_db()
    assert (bob.language, bob.timezone) == ("", "")


def test_invalid_time_zone_and_language_change_nothing(bob_client, bob):
    response = bob_client.post(
        URL, {"first_name": "Changed", "language": "fr", "timezone": "Moon/Base"}
    )
    assert response.status_code == 200
    assert "“Moon/Base” is not a known IANA time zone".encode() in response.content
    assert b"Select a valid choice" in response.content
    bob.refresh_from_db()
    assert (bob.first_name, bob.language, bob.timezone) == ("Bob", "", "")


def test_the_organisation_default_is_offered(bob_client, acme):
    acme.language = "nl"
    acme.save()
    page = bob_client.get(URL)
    assert b"Same as the organisation (Dutch)" in page.content


def test_password_change(bob_client, bob):
    url = reverse("accounts:settings_password")
    wrong = bob_client.post(
        url,
        {
            "old_password": "nope",
            "new_password1": "new-pass-phrase-9",
            "new_password2": "new-pass-phrase-9",
        },
    )
    assert wrong.status_code == 200
    bob.refresh_from_db()
    assert bob.check_password("correct-horse-battery")
    response = bob_client.post(
        url,
        {
            "old_password": "correct-horse-battery",
            "new_password1": "new-pass-phrase-9",
            "new_password2": "new-pass-phrase-9",
        },
    )
    assert response.status_code == 302
    bob.refresh_from_db()
    assert bob.check_password("new-pass-phrase-9")
    # Still signed in after the change.
    page = bob_client.get(url)
    assert page.status_code == 200
    assert b"Your password has been changed." in page.content
