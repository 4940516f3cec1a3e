import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hallway.absences.models import Holiday
from hallway.coffee import organiser_views, reasons
from hallway.coffee.models import (
    JoinMode,
    Outcome,
    PairingMember,
    ParticipationStatus,
    Program,
    RoundStatus,
)
from hallway.coffee.selectors import organiser as organiser_selectors
from hallway.coffee.services.programs import program_create
from hallway.core.timezones import organisation_today
from hallway.messaging.channel_setup import channel_email, channel_save
from hallway.messaging.models import OutboxMessage
from hallway.people.models import PersonStatus, Tag
from tests.factories import join, make_person, make_round_of_pairs


@pytest.fixture
def program(acme, alice):
    return program_create(organisation=acme, created_by=alice, name="Coffee across Acme")


@pytest.fixture
def calls(monkeypatch):
    """Stand-ins for the planning and announcing services that record each call."""

    class Calls(list):
        pass

    seen = Calls()

    def record(name, result=None):
        def call(**kwargs):
            seen.append((name, kwargs))
            if isinstance(result, Exception):
                raise result
            return result(**kwargs) if callable(result) else result

        return call

    planning = SimpleNamespace(round_plan=record("plan"))
    plan_edits = SimpleNamespace(
        round_replan=record("replan"),
        pairing_swap=record("swap"),
        pairing_lock=record("lock"),
        round_remove_person=record("remove"),
        swap_repeats=lambda **kwargs: [],
    )
    announcing = SimpleNamespace(round_announce=record("announce"), round_close=record("close"))
    monkeypatch.setattr(organiser_views, "planning", planning)
    monkeypatch.setattr(organiser_views, "announcing", announcing)
    monkeypatch.setattr(organiser_views, "plan_edits", plan_edits)
    monkeypatch.setattr(
        organiser_selectors, "next_round_date", lambda **kwargs: datetime.date(2030, 1, 7)
    )
    seen.planning = planning  # type: ignore[attr-defined]
    seen.plan_edits = plan_edits  # type: ignore[attr-defined]
    seen.announcing = announcing  # type: ignore[attr-defined]
    seen.record = record  # type: ignore[attr-defined]
    return seen


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_members_do_not_see_organiser_pages(bob_client, program):
    assert bob_client.get(reverse("coffee:programs")).status_code == 404
    assert bob_client.get(reverse("coffee:program", args=[program.pk])).status_code == 404
    # The navigation's Coffee takes them to their own page instead.
    response = bob_client.get(reverse("coffee:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("coffee:my_coffee")


def test_coffee_in_the_navigation_leads_organisers_to_programs(alice_client):
    response = alice_client.get(reverse("coffee:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("coffee:programs")
    html = alice_client.get(reverse("coffee:programs")).content.decode()
    assert 'aria-current="page">Coffee</a>' in html


def test_programs_list_shows_figures(alice_client, acme, program, calls):
    round_ = make_round_of_pairs(program, pairs=4, status=RoundStatus.CLOSED)
    members = list(PairingMember.objects.filter(pairing__round=round_).order_by("pairing", "id"))
    members[0].outcome = Outcome.MET
    members[0].save()
    html = alice_client.get(reverse("coffee:programs")).content.decode()
    assert "Coffee across Acme" in html
    assert "25 %" in html  # one of four pairings met
    assert "Mon 7 Jan 2030" in html  # next round date from the planning service


def _program_with_rounds(acme, alice, name, pairs, first):
    """A program with a closed round and an open one (numbers from `first`: make_round names
    its people after the number)."""
    program = program_create(organisation=acme, created_by=alice, name=name)
    make_round_of_pairs(program, pairs=pairs, number=first, status=RoundStatus.CLOSED)
    make_round_of_pairs(program, pairs=2, number=first + 1, status=RoundStatus.PLANNED)
    return program


def test_meeting_rate_is_a_dash_until_somebody_answers(alice_client, program, calls):
    round_ = make_round_of_pairs(program, pairs=4, status=RoundStatus.CLOSED)
    assert organiser_selectors.round_figures([round_.pk])[round_.pk].meeting_rate is None
    listed = alice_client.get(reverse("coffee:programs")).content.decode()
    assert "0 %" not in listed
    page = alice_client.get(reverse("coffee:program", args=[program.pk])).content.decode()
    assert "0 %" not in page


def test_programs_list_queries_do_not_grow(alice_client, acme, alice):
    # The real next-round dates: each program has an open round, which gives its date.
    _program_with_rounds(acme, alice, "First", pairs=10, first=1)
    one = queries(alice_client, reverse("coffee:programs"))
    _program_with_rounds(acme, alice, "Second", pairs=30, first=3)
    _program_with_rounds(acme, alice, "Third", pairs=5, first=5)
    assert queries(alice_client, reverse("coffee:programs")) == one


def test_programs_overview_counts_participants_like_the_program_page(
    acme, alice, carol, platform_team, berlin
):
    lone = make_person(acme, "Lone", interests=["Chess"])
    make_person(acme, "Gone", status=PersonStatus.LEFT)
    tag = Tag.objects.get(organisation=acme, name="Chess")
    carol.interests.add(tag)
    opt_out = {"join_mode": JoinMode.OPT_OUT}
    whole = program_create(organisation=acme, created_by=alice, name="Whole", **opt_out)
    join(whole, lone, status=ParticipationStatus.LEFT)
    by_team = program_create(
        organisation=acme, created_by=alice, name="Team", audience_teams=[platform_team], **opt_out
    )
    by_tag = program_create(
        organisation=acme,
        created_by=alice,
        name="Tag",
        audience_tags=[tag],
        exclude_people=[carol],
        **opt_out,
    )
    opt_in = program_create(
        organisation=acme, created_by=alice, name="Opt in", join_mode=JoinMode.OPT_IN
    )
    join(opt_in, carol)
    join(opt_in, lone, status=ParticipationStatus.LEFT)
    summaries = organiser_selectors.programs_overview(
        organisation=acme, today=datetime.date(2030, 1, 1)
    )
    counted = {summary.program.name: summary.participants for summary in summaries}
    expected = {
        program.name: organiser_selectors.participant_count(program)
        for program in (whole, by_team, by_tag, opt_in)
    }
    assert counted == expected
    assert counted == {"Whole": 1, "Team": 1, "Tag": 1, "Opt in": 1}


def test_create_a_program(alice_client, acme, platform_team, carol):
    response = alice_client.post(
        reverse("coffee:program_new"),
        {
            "name": "Leaders' lunch",
            "slug": "",
            "description": "Once a month.",
            "audience_teams": [platform_team.pk],
            "include_people": "CAROL@acme.test",
            "exclude_people": "",
            "join_mode": "opt_out",
            "cadence": "monthly",
            "weekday": "3",
            "hour": "12",
            "first_round_on": "2030-01-01",
            "group_size": "3",
            "team_preference": "different",
            "location_preference": "any",
            "require_shared_language": "on",
            "min_overlap_minutes": "60",
            "avoid_repeat_days": "90",
            "meeting_minutes": "45",
            "starter_theme": "work",
            "channels": [channel_email(acme).pk],
        },
    )
    program = Program.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("coffee:program", args=[program.pk])
    assert (program.slug, program.cadence, program.group_size, program.weekday) == (
        "leaders-lunch", "monthly", 3, 3,
    )  # fmt: skip
    assert list(program.include_people.all()) == [carol]
    page = alice_client.get(response["Location"]).content.decode()
    assert "Leaders&#x27; lunch" in page
    assert "Platform" in page


def test_today_is_the_organisations_day(alice_client, alice, acme):
    acme.timezone = "Pacific/Auckland"
    acme.save()
    alice.timezone = "UTC"  # the organiser's own zone is not the one rounds run in
    alice.save()
    # 20:00 UTC on 31 December is already New Year's Day in Auckland.
    with time_machine.travel(datetime.datetime(2025, 12, 31, 20, tzinfo=datetime.UTC), tick=False):
        form = alice_client.get(reverse("coffee:program_new")).content.decode()
    assert 'value="2026-01-01"' in form


def test_form_shows_errors_and_saves_nothing(alice_client, acme, program):
    form = alice_client.get(reverse("coffee:program_new"))
    assert form.status_code == 200
    response = alice_client.post(
        reverse("coffee:program_new"),
        {
            "name": "Again",
            "slug": program.slug,
            "include_people": "nobody@acme.test",
            "join_mode": "opt_in",
            "cadence": "weekly",
            "weekday": "1",
            "hour": "9",
            "first_round_on": "2030-01-01",
            "group_size": "2",
            "team_preference": "any",
            "location_preference": "any",
            "min_overlap_minutes": "10",
            "avoid_repeat_days": "90",
            "meeting_minutes": "30",
            "starter_theme": "mixed",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nobody in the directory has the address nobody@acme.test." in html
    assert Program.objects.count() == 1


def test_every_problem_of_the_program_form_shows_at_once(alice_client, program, carol):
    response = alice_client.post(
        reverse("coffee:program_new"),
        {
            "name": "",  # the form's problems …
            "weekday": "9",
            "slug": program.slug,  # … and the service's, together
            "include_people": carol.email,
            "exclude_people": carol.email,
            "join_mode": "opt_in",
            "cadence": "weekly",
            "hour": "9",
            "first_round_on": "2030-01-01",
            "group_size": "2",
            "team_preference": "any",
            "location_preference": "any",
            "min_overlap_minutes": "10",
            "avoid_repeat_days": "90",
            "meeting_minutes": "30",
            "starter_theme": "mixed",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {
        "name",
        "weekday",
        "slug",
        "exclude_people",
        "min_overlap_minutes",
        "channels",
    }
    assert errors["name"] == ["This field is required."]  # said once, by the form
    assert Program.objects.count() == 1


def test_service_errors_appear_next_to_the_fields(alice_client, program):
    data = {
        "name": "Coffee across Acme",
        "slug": "coffee-across-acme",
        "join_mode": "opt_in",
        "cadence": "weekly",
        "weekday": "1",
        "hour": "9",
        "first_round_on": "2030-01-01",
        "group_size": "2",
        "team_preference": "any",
        "location_preference": "any",
        "min_overlap_minutes": "10",
        "avoid_repeat_days": "90",
        "meeting_minutes": "30",
        "starter_theme": "mixed",
    }
    response = alice_client.post(reverse("coffee:program_edit", args=[program.pk]), data)
    html = response.content.decode()
    assert "room for a meeting of 30 minutes" in html
    assert "Choose at least one channel to introduce people through." in html
    slack = channel_save(
        organisation=program.organisation,
        kind="slack",
        name="Slack",
        values={"bot_token": "xoxb-1", "signing_secret": "s"},
    )
    assert (
        " Slack</label>"
        in alice_client.get(reverse("coffee:program_edit", args=[program.pk])).content.decode()
    )
    data.update(min_overlap_minutes="60", channels=[slack.pk], hour="15")
    response = alice_client.post(reverse("coffee:program_edit", args=[program.pk]), data)
    assert response.status_code == 302
    program.refresh_from_db()
    assert (program.hour, list(program.channels.all())) == (15, [slack])


def test_program_page(alice_client, acme, program, calls, berlin):
    # The organisation's today, not the server's: Berlin is a day ahead late in the UTC evening.
    today = organisation_today(acme, timezone.now())
    Holiday.objects.create(organisation=acme, date=today, name="Founders' day")
    round_ = make_round_of_pairs(program, pairs=3, status=RoundStatus.CLOSED)
    html = alice_client.get(reverse("coffee:program", args=[program.pk])).content.decode()
    assert "Round 1" in html
    assert reverse("coffee:round", args=[round_.pk]) in html
    assert "Founders&#x27; day" in html
    assert "Plan the next round" in html


def test_program_page_lists_repeated_no_shows(alice_client, acme, program, calls):
    first = make_round_of_pairs(program, pairs=2, status=RoundStatus.CLOSED, left_out=0)
    people = [member.person for member in PairingMember.objects.filter(pairing__round=first)]
    second = make_round_of_pairs(
        program, pairs=2, number=2, status=RoundStatus.CLOSED, left_out=0, people=people
    )
    PairingMember.objects.filter(pairing__round__in=[first, second]).update(outcome=Outcome.MET)
    absent = people[0]
    PairingMember.objects.filter(pairing__round=first, person=absent).update(outcome=Outcome.MISSED)
    PairingMember.objects.filter(pairing__round=second, person=absent).update(outcome="")
    # Their partners did not meet them either.
    PairingMember.objects.filter(pairing__members__person=absent).exclude(person=absent).update(
        outcome=Outcome.NOT_YET
    )
    html = alice_client.get(reverse("coffee:program", args=[program.pk])).content.decode()
    section = html.split('id="noshows-heading"')[1].split("</section>")[0]
    assert absent.name in section
    assert "1 couldn't make it · 1 no answer" in section
    assert people[1].name not in section


def test_program_page_queries_do_not_grow(alice_client, program, calls):
    make_round_of_pairs(program, pairs=10, status=RoundStatus.CLOSED)
    few = queries(alice_client, reverse("coffee:program", args=[program.pk]))
    make_round_of_pairs(program, pairs=60, number=2, status=RoundStatus.CLOSED)
    make_round_of_pairs(program, pairs=5, number=3, status=RoundStatus.CLOSED)
    assert queries(alice_client, reverse("coffee:program", args=[program.pk])) == few


def test_plan_preview_shows_groups_reasons_slot_and_left_out(alice_client, acme, program):
    round_ = make_round_of_pairs(program, pairs=3, left_out=1)
    html = alice_client.get(reverse("coffee:round", args=[round_.pk])).content.decode()
    assert "never met · different teams · 2 h weekly overlap · both like climbing" in html
    assert "R1X Person 0000" in html
    assert "Platform · Berlin" in html
    assert "odd one out (priority next round)" in html
    slot = round_.pairings.first().slot_start.astimezone(datetime.UTC)
    # Alice has no directory entry: the organisation's zone (Berlin) is hers.
    assert f"{(slot + datetime.timedelta(hours=1)).strftime('%H:%M')}" in html
    assert "Suggested time (Europe/Berlin)" in html
    assert "Swap the two chosen people" in html


def test_plan_preview_queries_do_not_grow(alice_client, program):
    small = make_round_of_pairs(program, pairs=10)
    large = make_round_of_pairs(program, pairs=60, number=2)
    assert queries(alice_client, reverse("coffee:round", args=[small.pk])) == queries(
        alice_client, reverse("coffee:round", args=[large.pk])
    )


def test_plan_preview_pages_and_search(alice_client, program):
    round_ = make_round_of_pairs(program, pairs=60, left_out=0)
    url = reverse("coffee:round", args=[round_.pk])
    html = alice_client.get(url).content.decode()
    assert "Page 1 of 2" in html
    assert "R1X Person 0119" not in html
    html = alice_client.get(url, {"q": "person 0119"}).content.decode()
    assert "R1X Person 0119" in html
    assert "R1X Person 0118" in html
    assert "R1X Person 0000" not in html
    partial = alice_client.get(url, {"q": "0119"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial
    assert "R1X Person 0119" in partial


def test_announced_round_has_no_planning_actions(alice_client, program):
    round_ = make_round_of_pairs(program, pairs=2, status=RoundStatus.ANNOUNCED)
    html = alice_client.get(reverse("coffee:round", args=[round_.pk])).content.decode()
    assert "Swap the two chosen people" not in html
    assert "Close the round" in html


def test_plan_next_round(alice_client, program, calls):
    round_ = make_round_of_pairs(program, pairs=2)
    calls.planning.round_plan = calls.record("plan", SimpleNamespace(round=round_))
    response = alice_client.post(reverse("coffee:round_plan", args=[program.pk]))
    assert response["Location"] == reverse("coffee:round", args=[round_.pk])
    assert calls[0][0] == "plan"
    assert calls[0][1]["program"] == program


def test_plan_with_nobody_to_pair(alice_client, program, calls):
    calls.planning.round_plan = calls.record("plan", SimpleNamespace(round=None))
    response = alice_client.post(reverse("coffee:round_plan", args=[program.pk]), follow=True)
    assert "Nobody could be paired" in response.content.decode()


def test_swap_two_people(alice_client, program, calls):
    round_ = make_round_of_pairs(program, pairs=2)
    first, second = (
        PairingMember.objects.filter(pairing__round=round_)
        .order_by("id")
        .values_list("person_id", flat=True)[index]
        for index in (0, 2)
    )
    response = alice_client.post(
        reverse("coffee:round_swap", args=[round_.pk]),
        {"people": [first, second], "return_query": "q=person&page=1"},
    )
    assert response["Location"] == reverse("coffee:round", args=[round_.pk]) + "?q=person&page=1"
    name, kwargs = calls[0]
    assert name == "swap"
    assert (kwargs["round"], kwargs["first"].pk, kwargs["second"].pk) == (round_, first, second)


def test_swap_needs_two_people(alice_client, program, calls):
    round_ = make_round_of_pairs(program, pairs=2)
    person = PairingMember.objects.filter(pairing__round=round_).first().person_id
    response = alice_client.post(
        reverse("coffee:round_swap", args=[round_.pk]), {"people": [person]}, follow=True
    )
    assert "Choose exactly two people" in response.content.decode()
    twice = alice_client.post(
        reverse("coffee:round_swap", args=[round_.pk]), {"people": [person, person]}, follow=True
    )
    assert "Choose exactly two people" in twice.content.decode()
    unreadable = alice_client.post(
        reverse("coffee:round_swap", args=[round_.pk]), {"people": ["x", "y"]}, follow=True
    )
    assert "The selection could not be read" in unreadable.content.decode()
    assert calls == []


def test_service_refusal_is_shown(alice_client, program, calls):
    round_ = make_round_of_pairs(program, pairs=2)
    calls.plan_edits.pairing_swap = calls.record(
        "swap", ValidationError("Both people are in the same pairing; nothing to swap.")
    )
    people = PairingMember.objects.filter(pairing__round=round_).values_list("person_id", flat=True)
    response = alice_client.post(
        reverse("coffee:round_swap", args=[round_.pk]), {"people": list(people)[:2]}, follow=True
    )
    assert "nothing to swap" in response.content.decode()


def test_lock_remove_replan_announce_close(alice_client, program, calls):
    round_ = make_round_of_pairs(program, pairs=2)
    pairing = round_.pairings.first()
    person = pairing.members.first().person
    alice_client.post(reverse("coffee:pairing_lock", args=[pairing.pk]), {"locked": "1"})
    remove = reverse("coffee:round_remove", args=[round_.pk])
    asked = alice_client.post(remove, {"person": person.pk})
    assert f"Take {person.name} out of this round?" in asked.content.decode()
    assert calls == [("lock", calls[0][1])]  # asking changed nothing
    alice_client.post(remove, {"person": person.pk, "confirm": "1"})
    alice_client.post(reverse("coffee:round_replan", args=[round_.pk]))
    confirm = alice_client.get(reverse("coffee:round_announce", args=[round_.pk]))
    assert "4 people in 2 groups get an intro now." in confirm.content.decode()
    alice_client.post(reverse("coffee:round_announce", args=[round_.pk]))
    alice_client.post(reverse("coffee:round_close", args=[round_.pk]))
    assert [name for name, _ in calls] == ["lock", "remove", "replan", "announce", "close"]
    assert calls[0][1] == {"pairing": pairing, "locked": True}
    assert calls[1][1] == {"round": round_, "person": person}


def test_removing_asks_and_can_be_undone_until_the_round_is_announced(alice_client, program):
    round_ = make_round_of_pairs(program, pairs=2, left_out=0)
    person = round_.pairings.first().members.first().person
    remove = reverse("coffee:round_remove", args=[round_.pk])
    alice_client.post(remove, {"person": person.pk})
    assert not round_.left_out.exists()  # only asked
    alice_client.post(remove, {"person": person.pk, "confirm": "1"})
    assert round_.left_out.get(person=person).reason == reasons.REMOVED
    page = alice_client.get(reverse("coffee:round", args=[round_.pk])).content.decode()
    assert "Put back" in page
    alice_client.post(reverse("coffee:round_put_back", args=[round_.pk]), {"person": person.pk})
    assert round_.left_out.get(person=person).reason == reasons.PUT_BACK
    # Removed people hear nothing from Hallway about it; the announcement counts them out.
    alice_client.post(remove, {"person": person.pk, "confirm": "1"})
    confirm = alice_client.get(reverse("coffee:round_announce", args=[round_.pk])).content
    assert b"1 person hears why they sit out this round." in confirm  # only the partner
    alice_client.post(reverse("coffee:round_announce", args=[round_.pk]))
    assert not OutboxMessage.objects.filter(message_type="coffee_left_out", person=person).exists()
    # Announced: no putting back any more.
    again = alice_client.post(
        reverse("coffee:round_put_back", args=[round_.pk]), {"person": person.pk}, follow=True
    )
    assert round_.left_out.get(person=person).reason == reasons.REMOVED
    assert "Put back" not in again.content.decode()


def test_announce_confirmation_counts_only_those_told(alice_client, program):
    round_ = make_round_of_pairs(program, pairs=2, left_out=3)
    paused = round_.left_out.order_by("id").first()
    paused.reason = reasons.PAUSED
    paused.save()
    confirm = alice_client.get(reverse("coffee:round_announce", args=[round_.pk]))
    assert "2 people hear why they sit out this round." in confirm.content.decode()


def test_actions_are_post_only(alice_client, program):
    round_ = make_round_of_pairs(program, pairs=1)
    for name in ("round_swap", "round_remove", "round_replan", "round_close"):
        assert alice_client.get(reverse(f"coffee:{name}", args=[round_.pk])).status_code == 405


def test_archive_and_restore(alice_client, program, calls):
    alice_client.post(reverse("coffee:program_archive", args=[program.pk]), {"archived": "1"})
    program.refresh_from_db()
    assert program.archived_at is not None
    link = f'href="{reverse("coffee:program", args=[program.pk])}"'
    assert link not in alice_client.get(reverse("coffee:programs")).content.decode()
    listed = alice_client.get(reverse("coffee:programs"), {"archived": "1"}).content.decode()
    assert link in listed
    alice_client.post(reverse("coffee:program_archive", args=[program.pk]), {"archived": "0"})
    program.refresh_from_db()
    assert program.archived_at is None


def test_program_page_shows_ten_rounds_a_page(alice_client, program, calls):
    people = None
    for number in range(1, 13):
        round_ = make_round_of_pairs(
            program, pairs=1, number=number, status=RoundStatus.CLOSED, people=people
        )
        people = [member.person for member in PairingMember.objects.filter(pairing__round=round_)]
        people += [entry.person for entry in round_.left_out.all()]
    url = reverse("coffee:program", args=[program.pk])
    html = alice_client.get(url).content.decode()
    assert ">Round 12</a>" in html
    assert ">Round 2</a>" not in html
    assert "Older rounds" in html
    older = alice_client.get(url, {"page": 2}).content.decode()
    assert ">Round 2</a>" in older
    assert "Newer rounds" in older


def test_no_shows_ranked_and_cut_in_the_database(program):
    from hallway.coffee.selectors.feedback import no_shows

    first = make_round_of_pairs(program, pairs=4, status=RoundStatus.CLOSED, left_out=0)
    people = [member.person for member in PairingMember.objects.filter(pairing__round=first)]
    rounds = [first] + [
        make_round_of_pairs(
            program, pairs=4, number=n, status=RoundStatus.CLOSED, left_out=0, people=people
        )
        for n in (2, 3)
    ]
    # Nobody answers in the first pairing; in the second only one says "couldn't make it".
    PairingMember.objects.filter(pairing__round__in=rounds).update(outcome=Outcome.MET)
    for round_ in rounds:
        pairings = list(round_.pairings.order_by("id"))
        PairingMember.objects.filter(pairing=pairings[0]).update(outcome="")
        PairingMember.objects.filter(pairing=pairings[1]).update(outcome=Outcome.NOT_YET)
        PairingMember.objects.filter(pairing=pairings[1], person=people[2]).update(
            outcome=Outcome.MISSED
        )
    everyone = no_shows(program=program)
    assert len(everyone) == 3  # "not yet" is no no-show
    assert [n.total for n in everyone] == sorted((n.total for n in everyone), reverse=True)
    shown = no_shows(program=program, limit=2)
    assert [(n.person, n.missed, n.unanswered) for n in shown] == [
        (n.person, n.missed, n.unanswered) for n in everyone[:2]
    ]
    assert [n.total for n in no_shows(program=program, limit=3)] == [n.total for n in everyone]
