"""The stand-ups' pages: the list for members, create and change for organisers and the
owner, the page of one stand-up with its digest, and resolving a blocker."""

import datetime

from django.urls import reverse

from hallway.accounts.models import Role
from hallway.rituals.models import CheckIn, StandUp
from hallway.rituals.services.standups import checkin_answer
from hallway.rituals.services.standups_run import standups_run_due
from tests.factories import make_membership, make_person, make_user
from tests.rituals.standup_helpers import MONDAY, at, make_standup, team_across_zones


def _form(team, **changes):
    data = {
        "name": "Platform daily",
        "mode": "async",
        "circle_kind": "team",
        "circle_team": team.pk,
        "cadence": "daily",
        "weekday": "MO",
        "starts_on": "2027-03-01",
        "ask_at": "09:00",
        "reminder_minutes": "90",
        "cutoff_minutes": "180",
        "ask_mood": "on",
        "ask_small_talk": "on",
        "video_minutes": "15",
        "active": "on",
    }
    data.update(changes)
    return data


def test_rituals_leads_to_the_stand_ups(alice_client):
    response = alice_client.get(reverse("rituals:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("rituals:standups")


def test_an_admin_creates_a_stand_up(alice_client, acme, alice):
    team, _carol, _bruna = team_across_zones(acme)
    response = alice_client.post(reverse("rituals:standup_new"), _form(team))
    standup = StandUp.objects.get()
    assert response.status_code == 302
    assert standup.rule == "FREQ=DAILY"
    assert standup.owner == alice
    page = alice_client.get(reverse("rituals:standups"))
    assert "Platform daily" in page.content.decode()


def test_weekly_preset_and_a_bad_rule(alice_client, acme):
    team, _carol, _bruna = team_across_zones(acme)
    alice_client.post(reverse("rituals:standup_new"), _form(team, cadence="biweekly", weekday="TH"))
    assert StandUp.objects.get().rule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"
    response = alice_client.post(
        reverse("rituals:standup_new"),
        _form(team, name="Other", cadence="custom", rule="FREQ=HOURLY"),
    )
    assert response.status_code == 200
    assert StandUp.objects.count() == 1
    assert (
        "at most daily" in response.content.decode().lower() or "daily" in response.content.decode()
    )


def test_members_read_but_do_not_create_or_change(bob_client, acme):
    team, _carol, _bruna = team_across_zones(acme)
    standup = make_standup(acme, team=team)
    assert bob_client.get(reverse("rituals:standups")).status_code == 200
    assert bob_client.get(reverse("rituals:standup", kwargs={"pk": standup.pk})).status_code == 200
    assert bob_client.get(reverse("rituals:standup_new")).status_code == 403
    edit = reverse("rituals:standup_edit", kwargs={"pk": standup.pk})
    assert bob_client.post(edit, _form(team, name="Mine")).status_code == 403


def test_the_owner_may_change_it(client, acme):
    team, _carol, _bruna = team_across_zones(acme)
    lead = make_user("lead@acme.example")
    make_membership(lead, acme, Role.MEMBER)
    standup = make_standup(acme, team=team, by=lead)
    client.force_login(lead)
    edit = reverse("rituals:standup_edit", kwargs={"pk": standup.pk})
    assert client.post(edit, _form(team, name="Renamed")).status_code == 302
    standup.refresh_from_db()
    assert standup.name == "Renamed"


def _answered_day(acme):
    team, carol, bruna = team_across_zones(acme)
    dirk = make_person(acme, "Dirk de Vries", team=team)
    standup = make_standup(acme, team=team)
    standups_run_due(organisation=acme, now=at(MONDAY, 8, 0))
    standups_run_due(organisation=acme, now=at(MONDAY, 12, 0))
    for person, mood, blockers in ((carol, 4, "Staging is down"), (dirk, 2, ""), (bruna, 5, "")):
        checkin_answer(
            checkin=CheckIn.objects.get(person=person),
            yesterday="Yesterday's work",
            today=f"Today for {person.name}",
            blockers=blockers,
            mood=mood,
            now=at(MONDAY, 8, 30),
        )
    return standup, carol


def test_the_page_shows_answers_blockers_and_a_mood_average_of_three(alice_client, acme):
    standup, carol = _answered_day(acme)
    page = alice_client.get(reverse("rituals:standup", kwargs={"pk": standup.pk})).content.decode()
    assert "Today for Carol Meyer" in page
    assert "Staging is down" in page
    assert "Team mood: 3.7 of 5" in page
    checkin = CheckIn.objects.get(person=carol)
    assert f'id="checkin-{checkin.pk}"' in page  # a place per answer for actions


def test_no_mood_below_three_answers(alice_client, acme):
    team, carol, _bruna = team_across_zones(acme)
    standup = make_standup(acme, team=team)
    standups_run_due(organisation=acme, now=at(MONDAY, 8, 0))
    checkin_answer(
        checkin=CheckIn.objects.get(person=carol),
        yesterday="a",
        today="b",
        blockers="",
        mood=1,
        now=at(MONDAY, 8, 30),
    )
    page = alice_client.get(reverse("rituals:standup", kwargs={"pk": standup.pk})).content.decode()
    assert "Team mood" not in page


def test_resolving_a_blocker(client, alice, bob, acme):
    _standup, carol = _answered_day(acme)
    checkin = CheckIn.objects.get(person=carol)
    url = reverse("rituals:standup_blocker", kwargs={"pk": checkin.pk})
    client.force_login(bob)
    assert client.post(url).status_code == 403  # neither the person nor an organiser
    client.force_login(alice)
    response = client.post(url, {"resolved": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Open again" in response.content.decode()
    checkin.refresh_from_db()
    assert checkin.blocker_resolved_at is not None


def test_the_person_resolves_their_own_blocker(bob_client, acme, bob):
    _standup, carol = _answered_day(acme)
    carol.user = bob
    carol.save()
    checkin = CheckIn.objects.get(person=carol)
    url = reverse("rituals:standup_blocker", kwargs={"pk": checkin.pk})
    assert bob_client.post(url, {"resolved": "1"}).status_code == 302
    checkin.refresh_from_db()
    assert checkin.blocker_resolved_at is not None


def test_earlier_dates(alice_client, acme):
    standup, _carol = _answered_day(acme)
    tuesday = MONDAY + datetime.timedelta(days=1)
    standups_run_due(organisation=acme, now=at(tuesday, 8, 0))
    url = reverse("rituals:standup", kwargs={"pk": standup.pk})
    latest = alice_client.get(url).content.decode()
    assert "Today for Carol Meyer" not in latest  # Tuesday: nobody answered yet
    earlier = alice_client.get(url, {"date": MONDAY.isoformat()}).content.decode()
    assert "Today for Carol Meyer" in earlier


def test_german_page(alice_client, acme):
    standup, _carol = _answered_day(acme)
    page = alice_client.get(
        reverse("rituals:standup", kwargs={"pk": standup.pk}), HTTP_ACCEPT_LANGUAGE="de"
    )
    assert page.status_code == 200


def test_a_win_goes_to_the_gong_once(client, alice, bob, acme):
    """The one-click "send the win to the gong": the person themselves, the owner or an
    organiser; once per answer; the celebration credits the person and their team."""
    from hallway.rituals.models import Celebration, CelebrationSource

    standup, carol = _answered_day(acme)
    checkin = CheckIn.objects.get(person=carol)
    url = reverse("rituals:standup_win", kwargs={"pk": checkin.pk})
    page = reverse("rituals:standup", kwargs={"pk": standup.pk})
    client.force_login(bob)
    assert "win to the gong" not in client.get(page).content.decode()
    assert client.post(url).status_code == 403  # neither the person nor an organiser
    assert not Celebration.objects.exists()

    client.force_login(alice)
    assert (
        'Send the win to the gong<span class="visually-hidden"> (Carol Meyer)</span>'
        in client.get(page).content.decode()
    )
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "On the wall of wins" in response.content.decode()
    celebration = Celebration.objects.get()
    assert celebration.source == CelebrationSource.STANDUP
    assert celebration.kind == "win"
    assert celebration.title == "Yesterday's work"
    assert list(celebration.people.all()) == [carol]
    assert celebration.team == carol.team
    assert client.post(url).status_code == 302  # again: the same celebration, no second
    assert Celebration.objects.count() == 1
    assert "On the wall of wins" in client.get(page).content.decode()


def test_an_answer_without_a_win_cannot_ring(alice_client, acme):
    team, carol, _bruna = team_across_zones(acme)
    make_standup(acme, team=team)
    standups_run_due(organisation=acme, now=at(MONDAY, 8, 0))
    checkin = CheckIn.objects.get(person=carol)  # asked, not answered
    url = reverse("rituals:standup_win", kwargs={"pk": checkin.pk})
    response = alice_client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert "no win" in response.content.decode()
