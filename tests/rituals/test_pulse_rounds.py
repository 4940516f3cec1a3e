"""The pulse's rounds: asking at each person's local time, people away, one reminder, the
idempotent job, answers through the service, the cut-off."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hallway.absences.models import OutOfOffice
from hallway.messaging.models import OutboxMessage
from hallway.rituals.models import (
    CircleKind,
    Pulse,
    PulseInvite,
    PulseQuestion,
    PulseResponse,
    PulseRound,
)
from hallway.rituals.services.pulse import pulse_rule, pulse_save
from hallway.rituals.services.pulse_rounds import (
    pulse_answer,
    pulse_answer_of,
    pulse_round_close,
    pulse_run_due,
)
from tests.factories import make_person, make_team

UTC = dt.UTC
# Tuesday 3 March 2026; Berlin is UTC+1, so 10:00 there is 09:00 UTC.
DAY = dt.date(2026, 3, 3)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=UTC)


def make_pulse(organisation, **fields) -> Pulse:
    values = {
        "organisation": organisation,
        "name": "Weekly pulse",
        "circle_kind": CircleKind.EVERYONE,
        "starts_on": DAY,
        "timezone": "Europe/Berlin",
    }
    values.update(fields)
    return pulse_save(pulse=Pulse(**values))


def answer_all(round: PulseRound, person, value: int = 4, comment: str = "", now=None) -> None:
    pulse_answer(
        round=round,
        person=person,
        values=dict.fromkeys(round.question_ids, value),
        comment=comment,
        now=now or at(round.day, 12),
    )


@pytest.fixture
def team(acme):
    return make_team(acme, "Platform", department="Engineering")


@pytest.fixture
def people(acme, team):
    berlin = [
        make_person(acme, f"Berliner {i}", team=team, department="Engineering") for i in range(5)
    ]
    tokyo = make_person(acme, "Yuki", timezone="Asia/Tokyo", team=team, department="Engineering")
    return [*berlin, tokyo]


def test_the_rule_follows_the_cadence(acme):
    pulse = make_pulse(acme)
    assert pulse_rule(pulse) == "FREQ=WEEKLY;BYDAY=TU"
    pulse.cadence, pulse.weekday = "fortnightly", 5
    assert pulse_rule(pulse) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"
    pulse.cadence = "monthly"
    assert pulse_rule(pulse) == "FREQ=MONTHLY;BYDAY=1FR"


def test_a_new_pulse_has_the_default_questions_in_the_bank_order(acme):
    pulse = make_pulse(acme)
    keys = list(pulse.questions.values_list("key", flat=True))
    assert keys == ["workload", "connection", "manager_support", "remote", "enps"]


def test_each_person_is_asked_at_their_own_local_time(acme, people):
    make_pulse(acme)
    # 01:30 UTC is 10:30 in Tokyo and 02:30 in Berlin: only Yuki is asked.
    summary = pulse_run_due(organisation=acme, now=at(DAY, 1, 30))
    assert summary.opened == 1
    assert summary.asked == 1
    assert set(PulseInvite.objects.values_list("person__name", flat=True)) == {"Yuki"}
    summary = pulse_run_due(organisation=acme, now=at(DAY, 9, 5))
    assert summary.asked == 5
    assert OutboxMessage.objects.filter(template="pulse_ask").count() == 6


def test_running_twice_asks_nobody_twice(acme, people):
    make_pulse(acme)
    pulse_run_due(organisation=acme, now=at(DAY, 9, 5))
    again = pulse_run_due(organisation=acme, now=at(DAY, 9, 6))
    assert again.asked == 0
    assert again.opened == 0
    assert PulseInvite.objects.count() == 6
    assert OutboxMessage.objects.filter(template="pulse_ask").count() == 6


def test_people_away_are_not_asked_nor_counted(acme, people):
    OutOfOffice.objects.create(
        organisation=acme, person=people[0], first_day=DAY, last_day=DAY + dt.timedelta(days=5)
    )
    people[1].status, people[1].paused_until = "paused", DAY + dt.timedelta(days=9)
    people[1].save()
    make_pulse(acme)
    summary = pulse_run_due(organisation=acme, now=at(DAY, 9, 5))
    assert summary.away == 2
    assert summary.asked == 4
    asked = OutboxMessage.objects.filter(template="pulse_ask")
    assert people[0].pk not in set(asked.values_list("person_id", flat=True))
    round = PulseRound.objects.get()
    with pytest.raises(ValidationError, match="not asked"):
        answer_all(round, people[0])


def test_one_reminder_before_the_cut_off_to_those_who_have_not_answered(acme, people):
    make_pulse(acme)
    pulse_run_due(organisation=acme, now=at(DAY, 9, 5))
    round = PulseRound.objects.get()
    answer_all(round, people[0])
    # The reminder is on the last day before the cut-off (Thursday), at 10:00 local.
    assert pulse_run_due(organisation=acme, now=at(DAY + dt.timedelta(days=1), 12)).reminded == 0
    summary = pulse_run_due(organisation=acme, now=at(DAY + dt.timedelta(days=2), 9, 5))
    assert summary.reminded == 5  # Yuki (10:00 in Tokyo) and the four in Berlin
    assert pulse_run_due(organisation=acme, now=at(DAY + dt.timedelta(days=2), 9, 6)).reminded == 0
    reminded = set(
        OutboxMessage.objects.filter(template="pulse_reminder").values_list("person_id", flat=True)
    )
    assert people[0].pk not in reminded
    assert len(reminded) == 5


def test_the_questions_take_turns(acme, people):
    pulse = make_pulse(acme, questions_per_round=2)
    ids = list(pulse.questions.order_by("position").values_list("pk", flat=True))
    for week in range(3):
        pulse_run_due(organisation=acme, now=at(DAY + dt.timedelta(weeks=week), 9, 5))
    rounds = list(PulseRound.objects.order_by("day"))
    assert [r.question_ids for r in rounds] == [ids[0:2], ids[2:4], [ids[4], ids[0]]]


def test_answers_can_be_changed_until_the_cut_off_and_count_once(acme, people):
    make_pulse(acme)
    pulse_run_due(organisation=acme, now=at(DAY, 9, 5))
    round = PulseRound.objects.get()
    answer_all(round, people[0], value=2, comment="Too many meetings")
    answer_all(round, people[0], value=5, comment="Better now")
    assert PulseResponse.objects.count() == 1
    answers, comment = pulse_answer_of(round=round, person=people[0], now=at(DAY, 13))
    assert set(answers.values()) == {5}
    assert comment == "Better now"
    # Someone else cannot see them.
    assert pulse_answer_of(round=round, person=people[1], now=at(DAY, 13)) == ({}, "")


def test_answers_are_refused_after_the_cut_off_and_out_of_range(acme, people):
    make_pulse(acme)
    pulse_run_due(organisation=acme, now=at(DAY, 9, 5))
    round = PulseRound.objects.get()
    with pytest.raises(ValidationError, match="from 1 to 5"):
        answer_all(round, people[0], value=9)
    with pytest.raises(ValidationError, match="every question"):
        pulse_answer(round=round, person=people[0], values={}, comment="", now=at(DAY, 12))
    with pytest.raises(ValidationError, match="closed"):
        answer_all(round, people[0], now=round.closes_at)


def test_the_job_closes_rounds_after_the_cut_off(acme, people):
    make_pulse(acme)
    pulse_run_due(organisation=acme, now=at(DAY, 9, 5))
    round = PulseRound.objects.get()
    for person in people[:3]:
        answer_all(round, person)
    summary = pulse_run_due(organisation=acme, now=round.closes_at)
    assert summary.closed == 1
    round.refresh_from_db()
    assert round.closed
    assert round.secret == ""
    assert (round.asked_count, round.answered_count, round.away_count) == (6, 3, 0)
    assert pulse_round_close(round=round).closed  # idempotent


def test_an_anonymous_pulse_with_answers_stays_anonymous(acme, people):
    pulse = make_pulse(acme)
    pulse_run_due(organisation=acme, now=at(DAY, 9, 5))
    answer_all(PulseRound.objects.get(), people[0])
    pulse.refresh_from_db()
    assert pulse.anonymity_locked
    pulse.anonymous = False
    with pytest.raises(ValidationError) as caught:
        pulse_save(pulse=pulse)
    assert "anonymous" in caught.value.message_dict


def test_the_database_refuses_to_unlock_a_locked_anonymous_pulse(acme, people):
    from django.db import IntegrityError, transaction

    pulse = make_pulse(acme)
    Pulse.objects.filter(pk=pulse.pk).update(anonymity_locked=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Pulse.objects.filter(pk=pulse.pk).update(anonymous=False)


def test_a_named_pulse_keeps_answers_with_the_person(acme, people):
    make_pulse(acme, anonymous=False)
    pulse_run_due(organisation=acme, now=at(DAY, 9, 5))
    round = PulseRound.objects.get()
    answer_all(round, people[0], value=3, comment="Fine")
    pulse_round_close(round=round)
    invite = PulseInvite.objects.get(person=people[0])
    assert invite.answered
    assert set(invite.named_answers.values()) == {3}
    assert invite.named_comment == "Fine"


def test_a_custom_question_joins_the_rotation(acme, people):
    from hallway.rituals.services.pulse import pulse_question_add, pulse_question_toggle

    pulse = make_pulse(acme, questions_per_round=10)
    mine = pulse_question_add(pulse=pulse, text="Did you learn something?", kind="agree")
    pulse_question_toggle(question=PulseQuestion.objects.get(key="enps"), active=False)
    pulse_run_due(organisation=acme, now=at(DAY, 9, 5))
    round = PulseRound.objects.get()
    assert mine.pk in round.question_ids
    assert PulseQuestion.objects.get(key="enps").pk not in round.question_ids
