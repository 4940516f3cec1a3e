"""The personal coffee page: by signed link without a login, and as "My coffee"."""

import datetime
from urllib.parse import urlsplit

import pytest
import time_machine
from django.urls import reverse

from hallway.coffee.links import personal_url
from hallway.coffee.models import CoffeeProfile, JoinMode, Participation, ParticipationStatus
from tests.factories import join, make_person, make_program

# Monday 9 March 2026; the program's first round is on Monday 16 March.
TODAY = datetime.datetime(2026, 3, 9, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def opt_in(program):
    program.join_mode = JoinMode.OPT_IN
    program.weekday = 1
    program.save()
    return program


def link_of(person, language="en"):
    return urlsplit(
        personal_url(organisation_id=person.organisation_id, person_id=person.pk, language=language)
    ).path


def test_the_link_shows_the_page_and_changes_nothing(
    client, opt_in, dana, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        page = client.get(link_of(dana))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Coffee across Acme" in text
    assert "Join" in text
    assert 'name="viewport"' in text
    assert not Participation.objects.exists()


def test_joining_shows_the_next_match(client, opt_in, dana):
    url = link_of(dana)
    response = client.post(url, {"action": "join", "program": opt_in.pk})
    assert response.status_code == 302
    assert response.url == url
    assert Participation.objects.get(person=dana).status == ParticipationStatus.JOINED
    page = client.get(url).content.decode()
    assert "You take part in Coffee across Acme." in page
    assert "Your next match: Monday 16 March 2026 in Coffee across Acme" in page


def test_pausing_moves_the_next_match(client, opt_in, dana):
    url = link_of(dana)
    client.post(url, {"action": "join", "program": opt_in.pk})
    prefix = f"p{opt_in.pk}"
    client.post(
        url,
        {
            "action": "participation",
            "program": opt_in.pk,
            f"{prefix}-frequency": "every_other_round",
            f"{prefix}-paused_until": "2026-03-20",
        },
    )
    participation = Participation.objects.get(person=dana)
    assert participation.frequency == "every_other_round"
    assert participation.paused_until == datetime.date(2026, 3, 20)
    assert "Monday 30 March 2026" in client.get(url).content.decode()


def test_bad_input_is_shown_and_changes_nothing(client, opt_in, dana):
    url = link_of(dana)
    client.post(url, {"action": "join", "program": opt_in.pk})
    prefix = f"p{opt_in.pk}"
    response = client.post(
        url,
        {"action": "participation", "program": opt_in.pk, f"{prefix}-frequency": "hourly"},
    )
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert Participation.objects.get(person=dana).frequency == "every_round"


def test_an_automatic_pause_offers_coming_back(client, opt_in, dana):
    join(opt_in, dana, auto_paused_at=TODAY, unanswered_intros=3)
    url = link_of(dana)
    assert "Take part again" in client.get(url).content.decode()
    client.post(url, {"action": "resume", "program": opt_in.pk})
    participation = Participation.objects.get(person=dana)
    assert participation.auto_paused_at is None
    assert participation.unanswered_intros == 0


def test_leaving(client, program, dana):
    program.join_mode = JoinMode.OPT_OUT
    program.save()
    url = link_of(dana)
    assert "Your next match" in client.get(url).content.decode()  # opt-out: already in
    client.post(url, {"action": "leave", "program": program.pk})
    assert Participation.objects.get(person=dana).status == ParticipationStatus.LEFT
    assert "Join" in client.get(url).content.decode()


def test_topics_and_blocked_people(client, program, dana, noor, eli):
    url = link_of(dana)
    client.post(
        url,
        {"action": "profile", "ask_me_about": "climbing, jazz, , Jazz", "block_email": noor.email},
    )
    profile = CoffeeProfile.objects.get(person=dana)
    assert profile.ask_me_about == ["climbing", "jazz"]
    assert list(profile.blocked.all()) == [noor]
    page = client.get(url).content.decode()
    assert "Allow Noor de Vries again" in page
    client.post(
        url,
        {
            "action": "profile",
            "ask_me_about": "climbing",
            "unblock": [noor.pk],
            "block_email": eli.email,
        },
    )
    assert list(CoffeeProfile.objects.get(person=dana).blocked.all()) == [eli]


def test_someone_outside_the_organisation_cannot_be_blocked(client, globex, program, dana):
    stranger = make_person(globex, "Mallory Stone", email="mallory@globex.test")
    response = client.post(
        link_of(dana), {"action": "profile", "ask_me_about": "", "block_email": stranger.email}
    )
    assert response.status_code == 400
    assert "Nobody with this address is in the directory." in response.content.decode()
    assert not CoffeeProfile.objects.exists()


def test_another_organisations_program_is_a_404(client, globex, dana):
    theirs = make_program(globex, slug="theirs")
    response = client.post(link_of(dana), {"action": "join", "program": theirs.pk})
    assert response.status_code == 404
    assert not Participation.objects.exists()


def test_the_page_speaks_the_links_language(client, program, dana):
    page = client.get(link_of(dana, "de")).content.decode()
    assert "<h1>Mein Kaffee</h1>" in page
    assert "Du machst noch nicht mit." in page


def test_forged_or_expired_links_get_a_friendly_page_and_change_nothing(client, program, dana):
    url = link_of(dana)
    forged = url.replace("/me/en/", "/me/en/x")
    response = client.post(forged, {"action": "leave", "program": program.pk})
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    with time_machine.travel(TODAY + datetime.timedelta(days=121)):
        expired = client.post(url, {"action": "leave", "program": program.pk})
    assert expired.status_code == 410
    assert not Participation.objects.exists()


def test_my_coffee_is_the_same_page_for_a_linked_user(bob_client, bob, program, dana):
    dana.user = bob
    dana.save()
    page = bob_client.get(reverse("coffee:my_coffee"))
    assert page.status_code == 200
    assert "Coffee across Acme" in page.content.decode()
    response = bob_client.post(
        reverse("coffee:my_coffee"), {"action": "leave", "program": program.pk}
    )
    assert response.status_code == 302
    assert Participation.objects.get(person=dana).status == ParticipationStatus.LEFT


def test_my_coffee_without_a_directory_entry_explains_why(bob_client):
    page = bob_client.get(reverse("coffee:my_coffee"))
    assert page.status_code == 200
    assert "not linked" in page.content.decode()


def test_my_coffee_needs_a_login(client):
    assert client.get(reverse("coffee:my_coffee")).status_code == 302


def test_a_personal_token_on_the_generic_link_page_is_refused(client, program, dana):
    from hallway.coffee.links import PERSONAL as purpose
    from hallway.messaging.links import link_token

    token = link_token(
        purpose=purpose.name, organisation_id=dana.organisation_id, person_id=dana.pk
    )
    path = reverse(
        "messaging:link", kwargs={"language": "en", "purpose": purpose.name, "token": token}
    )
    assert client.get(path).status_code == 400
    assert client.post(path).status_code == 400
    assert not Participation.objects.exists()


def test_a_changed_form_cannot_join_an_opt_in_program(client, opt_in, dana):
    prefix = f"p{opt_in.pk}"
    for action in ("participation", "resume"):
        response = client.post(
            link_of(dana),
            {"action": action, "program": opt_in.pk, f"{prefix}-frequency": "every_round"},
            follow=True,
        )
        assert "Join this program first." in response.content.decode()
    assert not Participation.objects.exists()


def test_a_pause_that_ends_in_the_past_is_refused(client, opt_in, dana):
    url = link_of(dana)
    client.post(url, {"action": "join", "program": opt_in.pk})
    prefix = f"p{opt_in.pk}"
    response = client.post(
        url,
        {
            "action": "participation",
            "program": opt_in.pk,
            f"{prefix}-frequency": "every_round",
            f"{prefix}-paused_until": "2026-03-01",  # before the module's today
        },
    )
    assert response.status_code == 400
    assert "That day has passed" in response.content.decode()
    assert Participation.objects.get(person=dana).paused_until is None
