"""Signed links: single-purpose, expiring, tamper-proof, single-use; a friendly page that
changes nothing when something is wrong."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from hallway.messaging.links import link_token, link_url
from hallway.messaging.models import LinkResponse, Suppression
from hallway.people.models import PersonStatus


def path_of(url):
    return url.removeprefix("http://127.0.0.1:8000")


def rsvp_url(carol, answer="yes", language="de"):
    return path_of(
        link_url(
            language=language,
            purpose="rsvp",
            organisation_id=carol.organisation_id,
            person_id=carol.pk,
            subject="gathering:7",
            answer=answer,
        )
    )


def unsubscribe_url(acme, address="client@example.com", language="en"):
    return path_of(
        link_url(
            language=language,
            purpose="unsubscribe",
            organisation_id=acme.pk,
            channel="email",
            address=address,
        )
    )


def test_opening_a_link_changes_nothing_until_confirmed(client, carol):
    url = rsvp_url(carol)
    page = client.get(url)
    assert page.status_code == 200
    assert "Kommst du? Deine Antwort: Ja" in page.content.decode()
    assert not LinkResponse.objects.exists()
    assert client.post(url).status_code == 200
    (response,) = LinkResponse.objects.all()
    assert (response.person, response.subject, response.answer) == (carol, "gathering:7", "yes")


def test_a_used_link_cannot_act_again(client, carol):
    url = rsvp_url(carol)
    client.post(url)
    again = client.post(url)
    assert again.status_code == 410
    assert "schon benutzt" in again.content.decode()
    assert LinkResponse.objects.count() == 1
    assert client.get(url).status_code == 410


def test_a_forged_link_gets_a_friendly_page_in_the_persons_language(client, carol):
    forged = reverse(
        "messaging:link", kwargs={"language": "nl", "purpose": "rsvp", "token": "forged:abc:def"}
    )
    page = client.post(forged)
    assert page.status_code == 400
    assert "Deze link werkt niet" in page.content.decode()
    assert not LinkResponse.objects.exists()


def test_an_altered_link_is_refused(client, carol):
    url = rsvp_url(carol, answer="no")
    head, _sep, tail = url.rstrip("/").rpartition("/")
    altered_token = tail[:10] + ("A" if tail[10] != "A" else "B") + tail[11:]
    page = client.post(f"{head}/{altered_token}/")
    assert page.status_code == 400
    assert not LinkResponse.objects.exists()


def test_a_link_for_one_purpose_does_not_work_for_another(client, acme, carol):
    token = link_token(purpose="rsvp", organisation_id=acme.pk, person_id=carol.pk, answer="yes")
    url = reverse("messaging:link", kwargs={"language": "en", "purpose": "pause", "token": token})
    assert client.post(url).status_code == 400
    carol.refresh_from_db()
    assert carol.status == PersonStatus.ACTIVE


def test_an_expired_link_changes_nothing(client, acme):
    with time_machine.travel(datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)):
        url = unsubscribe_url(acme, language="de")
    with time_machine.travel(datetime.datetime(2027, 1, 2, tzinfo=datetime.UTC)):
        page = client.post(url)
    assert page.status_code == 410
    assert "abgelaufen" in page.content.decode()
    assert not Suppression.objects.exists()


def test_unsubscribe_suppresses_the_address_and_can_be_repeated(client, acme):
    url = unsubscribe_url(acme, address="client@example.com")
    assert client.get(url).status_code == 200
    assert not Suppression.objects.exists()
    assert client.post(url).status_code == 200
    assert client.post(url).status_code == 200
    (suppression,) = Suppression.objects.all()
    assert (suppression.organisation, suppression.address) == (acme, "client@example.com")


def test_a_pause_link_pauses_once(client, carol):
    url = path_of(
        link_url(
            language="en",
            purpose="pause",
            organisation_id=carol.organisation_id,
            person_id=carol.pk,
            answer="4",
        )
    )
    with time_machine.travel(datetime.datetime(2026, 5, 4, 10, tzinfo=datetime.UTC)):
        assert client.post(url).status_code == 200
        carol.refresh_from_db()
        assert (carol.status, carol.paused_until) == (
            PersonStatus.PAUSED,
            datetime.date(2026, 6, 1),
        )
        assert client.post(url).status_code == 410


def test_preferences_change_the_language_and_refuse_nonsense(client, carol):
    url = path_of(
        link_url(
            language="de",
            purpose="preferences",
            organisation_id=carol.organisation_id,
            person_id=carol.pk,
        )
    )
    assert client.post(url, {"language": "xx"}).status_code == 410
    carol.refresh_from_db()
    assert carol.preferred_language == "de"
    assert client.post(url, {"language": "nl"}).status_code == 200
    carol.refresh_from_db()
    assert carol.preferred_language == "nl"


def test_a_link_to_someone_removed_since_changes_nothing(client, carol):
    url = rsvp_url(carol)
    carol.delete()
    assert client.post(url).status_code == 410
    assert not LinkResponse.objects.exists()


@pytest.mark.parametrize("purpose", ["rsvp", "met", "pause", "preferences"])
def test_links_about_a_person_need_the_person(acme, client, purpose):
    token = link_token(purpose=purpose, organisation_id=acme.pk)
    url = reverse("messaging:link", kwargs={"language": "en", "purpose": purpose, "token": token})
    assert client.get(url).status_code == 400
