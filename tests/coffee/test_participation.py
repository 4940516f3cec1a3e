import datetime

import pytest
from django.core.exceptions import ValidationError

from hallway.coffee.models import CoffeeProfile, Frequency, Participation, ParticipationStatus
from hallway.coffee.services.participation import (
    coffee_profile_update,
    participation_join,
    participation_leave,
    participation_update,
)
from tests.factories import ROUND_START, make_person, make_program

NOW = ROUND_START


def test_join_leave_and_join_again(program, dana):
    joined = participation_join(program=program, person=dana, now=NOW)
    assert joined.status == ParticipationStatus.JOINED
    assert joined.joined_at == NOW
    left = participation_leave(program=program, person=dana, now=NOW + datetime.timedelta(days=1))
    assert left.status == ParticipationStatus.LEFT
    assert left.left_at is not None
    back = participation_join(program=program, person=dana, now=NOW + datetime.timedelta(days=2))
    assert back.status == ParticipationStatus.JOINED
    assert back.left_at is None
    assert Participation.objects.count() == 1


def test_joining_again_ends_an_automatic_pause(program, dana):
    participation = participation_join(program=program, person=dana, now=NOW)
    Participation.objects.filter(pk=participation.pk).update(
        auto_paused_at=NOW, unanswered_intros=3
    )
    back = participation_join(program=program, person=dana, now=NOW)
    assert back.auto_paused_at is None
    assert back.unanswered_intros == 0


def test_leaving_an_opt_out_program_creates_the_row_that_keeps_them_out(program, dana):
    left = participation_leave(program=program, person=dana, now=NOW)
    assert left.status == ParticipationStatus.LEFT


def test_a_program_of_another_organisation_or_an_archived_one_is_refused(globex, program, dana):
    other = make_program(globex, slug="theirs")
    with pytest.raises(ValidationError):
        participation_join(program=other, person=dana, now=NOW)
    program.archived_at = NOW
    program.save()
    with pytest.raises(ValidationError):
        participation_join(program=program, person=dana, now=NOW)


def test_frequency_and_pause(program, dana):
    participation = participation_join(program=program, person=dana, now=NOW)
    until = datetime.date(2026, 4, 1)
    participation_update(
        participation=participation, frequency=Frequency.MONTHLY, paused_until=until
    )
    participation.refresh_from_db()
    assert (participation.frequency, participation.paused_until) == ("monthly", until)
    # Leaving the frequency out keeps it; None as the date ends the pause.
    Participation.objects.filter(pk=participation.pk).update(auto_paused_at=NOW)
    participation.refresh_from_db()
    participation_update(participation=participation, paused_until=None)
    participation.refresh_from_db()
    assert participation.frequency == "monthly"
    assert participation.paused_until is None
    assert participation.auto_paused_at is None
    with pytest.raises(ValidationError) as caught:
        participation_update(participation=participation, frequency="hourly")
    assert "frequency" in caught.value.message_dict


def test_profile_topics_are_cleaned_and_limited(dana, noor):
    profile = coffee_profile_update(
        person=dana,
        ask_me_about=["  climbing ", "Climbing", "", "sour   dough", "jazz,"],
        blocked=[noor],
    )
    assert profile.ask_me_about == ["climbing", "sour dough", "jazz"]
    assert list(profile.blocked.all()) == [noor]
    with pytest.raises(ValidationError) as caught:
        coffee_profile_update(
            person=dana, ask_me_about=[f"topic {i}" for i in range(9)], blocked=[]
        )
    assert "ask_me_about" in caught.value.message_dict
    with pytest.raises(ValidationError):
        coffee_profile_update(person=dana, ask_me_about=["x" * 41], blocked=[])
    assert CoffeeProfile.objects.get(person=dana).ask_me_about == ["climbing", "sour dough", "jazz"]


def test_every_problem_of_a_profile_is_named_at_once(globex, dana):
    stranger = make_person(globex, "Mallory Stone")
    topics = ["x" * 41, "y" * 50, *(f"topic {i}" for i in range(8))]
    with pytest.raises(ValidationError) as caught:
        coffee_profile_update(person=dana, ask_me_about=topics, blocked=[stranger])
    problems = caught.value.message_dict
    assert set(problems) == {"ask_me_about", "blocked"}
    assert len(problems["ask_me_about"]) == 3  # both long topics, and too many of them
    assert not CoffeeProfile.objects.filter(person=dana).exists()


def test_only_people_of_the_same_organisation_can_be_blocked(globex, dana):
    stranger = make_person(globex, "Mallory Stone")
    with pytest.raises(ValidationError) as caught:
        coffee_profile_update(person=dana, ask_me_about=[], blocked=[stranger])
    assert "blocked" in caught.value.message_dict
    with pytest.raises(ValidationError):
        coffee_profile_update(person=dana, ask_me_about=[], blocked=[dana])
    assert not CoffeeProfile.objects.exists()


def test_a_pause_must_end_today_or_later(program, dana):
    participation = participation_join(program=program, person=dana, now=NOW)
    today = NOW.date()
    with pytest.raises(ValidationError) as caught:
        participation_update(
            participation=participation,
            paused_until=today - datetime.timedelta(days=1),
            today=today,
        )
    assert "That day has passed" in caught.value.message_dict["paused_until"][0]
    participation.refresh_from_db()
    assert participation.paused_until is None
    participation_update(participation=participation, paused_until=today, today=today)
    participation.refresh_from_db()
    assert participation.paused_until == today
