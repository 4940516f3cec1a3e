"""The kickoff: a time inside everyone's hours (or who pays the price), and one iMIP
invitation per member in their language, moved with SEQUENCE + 1."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from hallway.absences.models import OutOfOffice
from hallway.engine.slots import within_working_hours
from hallway.messaging.models import OutboxMessage
from hallway.messaging.rendering import outbox_render
from hallway.projects.kickoff_messages import KICKOFF
from hallway.projects.models import Project, RosterMember, Side
from hallway.projects.selectors.roster import member_participant
from hallway.projects.services.kickoff import kickoff_proposal, kickoff_schedule
from hallway.projects.services.roster import RoleFields, roster_add
from tests.factories import make_contact, make_person

NOW = datetime.datetime(2026, 12, 7, 8, 0, tzinfo=datetime.UTC)  # a Monday


def _inside_everyone(project, start, minutes):
    return all(
        within_working_hours(member_participant(m, project.organisation), start, minutes)
        for m in RosterMember.objects.filter(project=project)
    )


def test_a_time_inside_everyones_hours_in_berlin_new_york_and_amsterdam(acme, project, roster):
    proposal = kickoff_proposal(project=project, now=NOW, minutes=60)
    best = proposal.best
    assert best is not None
    assert best.suits_everyone
    assert _inside_everyone(project, best.start, 60)
    assert NOW + datetime.timedelta(hours=24) <= best.start < NOW + datetime.timedelta(days=15)
    # Berlin's afternoon is New York's morning.
    assert 9 <= best.start.astimezone(ZoneInfo("America/New_York")).hour < 11
    assert len(proposal.options) > 1


def test_no_time_on_a_day_someone_is_away(acme, project, roster):
    first = kickoff_proposal(project=project, now=NOW, minutes=60).best
    jonas = roster[0][0].person
    day = first.start.astimezone(ZoneInfo("Europe/Berlin")).date()
    OutOfOffice.objects.create(organisation=acme, person=jonas, first_day=day, last_day=day)
    proposal = kickoff_proposal(project=project, now=NOW, minutes=60)
    for option in proposal.options:
        assert option.start.astimezone(ZoneInfo("Europe/Berlin")).date() != day


def test_an_impossible_roster_says_who_pays_the_price(acme, client_company):
    project = Project.objects.create(
        organisation=acme, name="Pacific", company=client_company, starts_on=NOW.date()
    )
    for name, zone in (("Kenji Sato", "Asia/Tokyo"), ("Ava Moore", "America/Los_Angeles")):
        roster_add(
            project=project,
            side=Side.OURS,
            person=make_person(acme, name, timezone=zone),
            joined_on=NOW.date(),
        )
    roster_add(
        project=project,
        side=Side.CLIENT,
        contact=make_contact(acme, "Lena Vogel", timezone="Europe/Berlin"),
        values=RoleFields(role="Sponsor"),
        joined_on=NOW.date(),
    )
    best = kickoff_proposal(project=project, now=NOW, minutes=60).best
    assert best is not None
    assert not best.suits_everyone
    assert best.pays
    for item in best.pays:
        assert item.minutes > 0 or item.day_off
        assert item.local_start.tzinfo is not None
        local = best.start.astimezone(ZoneInfo(item.timezone))
        assert item.local_start == local
        assert item.member.name in {"Kenji Sato", "Ava Moore", "Lena Vogel"}
    # Two of the three are inside their hours at the best compromise.
    assert len(best.pays) == 1


def test_the_invitation_goes_to_everyone_in_their_language(acme, project, roster):
    megan = roster[1][0]
    megan.contact.language = "de"
    megan.contact.save()
    start = kickoff_proposal(project=project, now=NOW, minutes=60).best.start
    kickoff_schedule(project=project, start=start, minutes=60, agenda="", now=NOW)
    members = list(RosterMember.objects.filter(project=project))
    invites = list(OutboxMessage.objects.filter(message_type=KICKOFF))
    assert sorted(m.address for m in invites) == sorted(m.email for m in members)
    uids = {m.context["calendar"]["uid"] for m in invites}
    assert len(uids) == 1
    assert {m.context["calendar"]["sequence"] for m in invites} == {0}
    assert {m.context["calendar"]["method"] for m in invites} == {"REQUEST"}
    by_address = {m.address: m for m in invites}
    assert by_address[megan.email].language == "de"
    assert by_address[roster[0][0].email].language == "en"
    assert all(m.welcomed_at == NOW for m in members)
    text = outbox_render(by_address[roster[0][0].email]).text
    assert "Welcome and a round of introductions" in text
    assert "Megan Brooks" in text
    assert "Who is who" in text
    assert "/projects/card/" in text
    assert "/projects/about/en/" in text
    assert by_address[roster[0][0].email].context["calendar"]["video_url"].startswith("http")
    project.refresh_from_db()
    assert project.kickoff_at == start
    assert project.kickoff_sequence == 1


def test_a_new_time_reaches_everyone_as_the_next_sequence(acme, project, roster):
    options = kickoff_proposal(project=project, now=NOW, minutes=60).options
    kickoff_schedule(project=project, start=options[0].start, minutes=60, agenda="", now=NOW)
    kickoff_schedule(
        project=project, start=options[1].start, minutes=45, agenda="1. Hello", now=NOW
    )
    moved = OutboxMessage.objects.filter(message_type=KICKOFF, context__calendar__sequence=1)
    assert moved.count() == RosterMember.objects.filter(project=project).count()
    first = moved.first()
    assert first.context["rescheduled"] is True
    assert first.context["agenda"] == "1. Hello"
    assert first.context["calendar"]["start"] == options[1].start.isoformat()


def test_a_kickoff_in_the_past_is_refused(project, roster):
    with pytest.raises(ValidationError) as caught:
        kickoff_schedule(
            project=project, start=NOW - datetime.timedelta(hours=1), minutes=5, agenda="", now=NOW
        )
    assert set(caught.value.message_dict) == {"start", "minutes"}
    assert not OutboxMessage.objects.exists()


def test_the_kickoff_page(alice_client, project, roster):
    response = alice_client.get(f"/projects/{project.pk}/kickoff/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Plan the kickoff" in html
    assert "Nobody yet." in html
    choice = response.context["proposal"].options[1].start.isoformat()
    response = alice_client.post(
        f"/projects/{project.pk}/kickoff/", {"start": choice, "minutes": 60, "agenda": ""}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.kickoff_at.isoformat() == choice
    html = alice_client.get(f"/projects/{project.pk}/kickoff/").content.decode()
    assert "When it is" in html
    assert "Move the kickoff" in html


def test_another_time_typed_in(alice_client, project, roster):
    response = alice_client.post(
        f"/projects/{project.pk}/kickoff/",
        {"start": "other", "other": "2026-12-15T16:00", "minutes": 60, "agenda": "Hi"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    # In the viewer's zone (alice's: the organisation's, Berlin).
    assert project.kickoff_at == datetime.datetime(2026, 12, 15, 15, 0, tzinfo=datetime.UTC)
    response = alice_client.post(
        f"/projects/{project.pk}/kickoff/", {"start": "other", "minutes": 60}
    )
    assert response.status_code == 400


def test_only_organisers_plan_the_kickoff(bob_client, mallory_client, project):
    assert bob_client.get(f"/projects/{project.pk}/kickoff/").status_code == 404
    assert mallory_client.get(f"/projects/{project.pk}/kickoff/").status_code == 404
