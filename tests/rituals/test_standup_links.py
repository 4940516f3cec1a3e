"""The answer link: a one-page form, answers changeable until the cut-off and refused after,
and a forged or other organisation's link changes nothing."""

from urllib.parse import urlparse

import pytest
import time_machine

from hallway.messaging.links import link_url
from hallway.messaging.models import OutboxMessage
from hallway.rituals.models import CheckIn, CheckInStatus
from hallway.rituals.services.standups_run import standups_run_due
from hallway.rituals.standup_links import answer_url
from tests.factories import make_person
from tests.rituals.standup_helpers import MONDAY, at, make_standup, team_across_zones


def _path(url: str) -> str:
    return urlparse(url).path


@pytest.fixture
def clock():
    with time_machine.travel(at(MONDAY, 7, 0), tick=False) as traveller:
        yield traveller


def _asked(acme):
    team, carol, _bruna = team_across_zones(acme)
    make_standup(acme, team=team)
    standups_run_due(organisation=acme, now=at(MONDAY, 8, 0))
    return CheckIn.objects.get(person=carol)


ANSWERS = {
    "yesterday": "Reviewed the billing migration",
    "today": "Pairing on the import",
    "blockers": "Waiting for staging credentials",
    "mood": "4",
    "small_talk": "Pasta",
}


def test_the_link_in_the_question_opens_the_form_and_saves_answers(client, acme, clock):
    checkin = _asked(acme)
    url = OutboxMessage.objects.get(template="rituals_standup_ask").context["answer_url"]
    clock.move_to(at(MONDAY, 8, 30))
    page = client.get(_path(url))
    assert page.status_code == 200
    assert "What did you do yesterday?" in page.content.decode()
    assert 'name="mood"' in page.content.decode()
    done = client.post(_path(url), ANSWERS)
    assert done.status_code == 200
    checkin.refresh_from_db()
    assert checkin.status == CheckInStatus.ANSWERED
    assert checkin.today == "Pairing on the import"
    assert checkin.blocked
    assert checkin.mood == 4


def test_answers_change_until_the_cutoff_and_are_refused_after(client, acme, clock):
    checkin = _asked(acme)
    url = _path(answer_url(checkin=checkin, language="en"))
    clock.move_to(at(MONDAY, 8, 30))
    client.post(url, ANSWERS)
    clock.move_to(at(MONDAY, 10, 59))
    page = client.get(url)
    assert "Pairing on the import" in page.content.decode()  # the answers so far
    client.post(url, {**ANSWERS, "today": "Fixing the import", "blockers": "none"})
    checkin.refresh_from_db()
    assert checkin.today == "Fixing the import"
    assert not checkin.blocked
    clock.move_to(at(MONDAY, 11, 0))
    late = client.post(url, {**ANSWERS, "today": "Too late"})
    opened = client.get(url)
    assert late.status_code == 410
    assert "closed at" in late.content.decode()
    assert opened.status_code == 410
    checkin.refresh_from_db()
    assert checkin.today == "Fixing the import"


def test_german_answer_page(client, acme, clock):
    checkin = _asked(acme)
    url = _path(answer_url(checkin=checkin, language="de"))
    clock.move_to(at(MONDAY, 8, 30))
    page = client.get(url)
    assert page.status_code == 200
    assert 'lang="de"' in page.content.decode()


def test_a_forged_link_changes_nothing(client, acme, clock):
    checkin = _asked(acme)
    url = _path(answer_url(checkin=checkin, language="en"))
    forged = url.rstrip("/")[:-3] + "abc/"
    clock.move_to(at(MONDAY, 8, 30))
    response = client.post(forged, ANSWERS)
    assert response.status_code == 400
    checkin.refresh_from_db()
    assert checkin.status == CheckInStatus.PENDING


def test_another_persons_or_organisations_link_changes_nothing(client, acme, globex, clock):
    checkin = _asked(acme)
    intruder = make_person(globex, "Mallory Evil")
    other_org = link_url(
        language="en",
        purpose="standup_answer",
        organisation_id=globex.pk,
        person_id=intruder.pk,
        subject=f"checkin-{checkin.pk}",
    )
    colleague = make_person(acme, "Bob Other")
    other_person = link_url(
        language="en",
        purpose="standup_answer",
        organisation_id=acme.pk,
        person_id=colleague.pk,
        subject=f"checkin-{checkin.pk}",
    )
    clock.move_to(at(MONDAY, 8, 30))
    for url in (other_org, other_person):
        response = client.post(_path(url), ANSWERS)
        assert response.status_code == 410
    checkin.refresh_from_db()
    assert checkin.status == CheckInStatus.PENDING
    assert checkin.today == ""
