import pytest
from django.urls import reverse

from tests.factories import make_person


def test_signed_out_visitor_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_home_shows_the_organisation(alice_client, carol):
    response = alice_client.get(reverse("home"))
    assert response.status_code == 200
    assert b"Acme" in response.content


def test_login_with_email_and_password(client, alice):
    response = client.post(
        reverse("accounts:login"),
        {"username": "ALICE@acme.test", "password": "correct-horse-battery"},
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_the_navigation_shows_only_what_is_installed_and_allowed(client, alice, bob):
    client.force_login(alice)
    admin = client.get(reverse("home")).content.decode()
    client.force_login(bob)
    member = client.get(reverse("home")).content.decode()
    for entry in (
        "Coffee",
        "Gatherings",
        "New hires",
        "Rituals",
        "Projects",
        "Outreach",
        "People",
        "Insights",
        "Settings",
    ):
        assert f">{entry}</a>" in admin
    for entry in (
        "Coffee",
        "Rituals",
        "Projects",
        "People",
        "Relationships",
        "Outreach",
        "Settings",
    ):
        assert f">{entry}</a>" in member
    assert ">Insights</a>" not in member
    assert ">New hires</a>" not in member


@pytest.mark.parametrize(
    ("url", "section"),
    [
        ("/people/", "People"),
        ("/people/import/", "People"),
        ("/accounts/settings/profile/", "Settings"),
        ("/coffee/programs/", "Coffee"),
        ("/onboarding/", "New hires"),
        ("/messages/outbox/", "Settings"),
        ("/coffee/insights/", "Insights"),
        ("/projects/", "Projects"),
        ("/outreach/", "Outreach"),
    ],
)
def test_navigation_marks_the_current_section(alice_client, url, section):
    html = alice_client.get(url).content.decode()
    assert f'aria-current="page">{section}</a>' in html
    others = {"Coffee", "New hires", "Projects", "Outreach", "People", "Insights", "Settings"}
    for other in others - {section}:
        assert f'aria-current="page">{other}</a>' not in html


def test_home_lists_who_starts_soon_and_where_people_are(alice_client, acme, carol, berlin):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    make_person(acme, "Nina Neu", start_date=today + datetime.timedelta(days=10), location=berlin)
    make_person(acme, "Olaf Alt", start_date=today - datetime.timedelta(days=400))
    html = alice_client.get(reverse("home")).content.decode()
    starters = html.split('id="starters-heading"')[1].split("</section>")[0]
    assert "Nina Neu" in starters
    assert "Olaf Alt" not in starters
    places = html.split('id="places-heading"')[1].split("</section>")[0]
    assert "Berlin" in places
    assert "<time datetime=" in places
