"""Contractor care's services: the check-in plan, asking what is due, and answers that are
touches and tasks for the owner, with the client's rating stored apart and nameless."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from hallway.outreach.models import (
    CheckIn,
    ClientRating,
    MessageStatus,
    OwnerTask,
    PersonalMessage,
    PlacementStatus,
)
from hallway.outreach.services.care import (
    care_run_due,
    check_in_answer,
    check_in_plan,
    placement_end,
    placement_record,
    placement_update,
)
from hallway.relationships.models import Direction, Touch, TouchSource
from tests.outreach.care_helpers import NOW, UTC, client_of, contractor_of, place

D = datetime.date


def test_the_default_plan_for_a_three_month_placement():
    plan = check_in_plan(D(2026, 1, 1), D(2026, 4, 1))  # 90 days
    assert plan == {
        "day_30": D(2026, 1, 31),
        "halfway": D(2026, 2, 15),  # day 45 falls on the same day: kept once
        "day_60": D(2026, 3, 2),
        "before_end": D(2026, 3, 18),
    }


def test_a_long_placement_gets_all_five_and_an_open_one_three():
    assert list(check_in_plan(D(2026, 1, 1), D(2026, 12, 31))) == [
        "day_30",
        "day_45",
        "day_60",
        "halfway",
        "before_end",
    ]
    assert list(check_in_plan(D(2026, 1, 1), None)) == ["day_30", "day_45", "day_60"]


def test_check_ins_past_the_end_or_within_a_week_of_another_are_skipped():
    # 40 days: day 45 and 60 are past the end; halfway (21 Jan) and day 30 (31 Jan) are
    # within a week of two weeks before the end (27 Jan): only the end's is kept.
    assert check_in_plan(D(2026, 1, 1), D(2026, 2, 10)) == {"before_end": D(2026, 1, 27)}


def test_recording_plans_the_check_ins_and_is_idempotent_by_external_id(acme, alice):
    placement = place(acme, alice, ends_on=D(2027, 9, 30), external_id="pl-1")
    assert placement.check_ins.count() == 5
    again = place(acme, alice, ends_on=D(2027, 9, 30), external_id="pl-1")
    assert again.pk == placement.pk
    assert CheckIn.objects.count() == 5


def test_the_end_must_be_after_the_start_and_everything_from_this_organisation(acme, globex, alice):
    with pytest.raises(ValidationError) as caught:
        place(acme, alice, starts_on=D(2026, 10, 1), ends_on=D(2026, 10, 1))
    assert "ends_on" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        placement_record(
            organisation=acme,
            contractor=contractor_of(globex),
            company=client_of(acme),
            starts_on=D(2026, 10, 1),
            ends_on=None,
            owner=alice,
            now=NOW,
        )
    assert "contractor" in caught.value.message_dict


def test_new_dates_move_only_the_check_ins_not_asked_yet(acme, alice):
    placement = place(acme, alice, starts_on=D(2026, 10, 1), ends_on=D(2027, 6, 30))
    first = placement.check_ins.get(kind="day_30")
    first.sent_at = NOW
    first.save()
    placement_update(placement=placement, now=NOW, starts_on=D(2026, 10, 15))
    first.refresh_from_db()
    assert first.due_on == D(2026, 10, 31)  # asked: stays
    assert placement.check_ins.get(kind="day_45").due_on == D(2026, 11, 29)
    placement_update(placement=placement, now=NOW, ends_on_cleared=True)
    assert set(placement.check_ins.values_list("kind", flat=True)) == {"day_30", "day_45", "day_60"}


def test_ending_drops_the_check_ins_after_it(acme, alice):
    placement = place(acme, alice, starts_on=D(2026, 10, 1), ends_on=D(2027, 6, 30))
    placement_end(placement=placement, ended_on=D(2026, 11, 20), now=NOW)
    assert placement.status == PlacementStatus.ENDED
    assert list(placement.check_ins.values_list("kind", flat=True)) == ["day_30", "day_45"]


def test_a_due_check_in_is_drafted_in_the_contractors_language_once(acme, alice):
    placement = place(acme, alice, starts_on=D(2026, 10, 1), ends_on=D(2027, 6, 30))
    # On 7 December day 30 (31 Oct) and day 45 (15 Nov) and 60 (30 Nov) are all due:
    # only the latest is asked, the older ones are dropped.
    assert care_run_due(organisation=acme, now=NOW) == 1
    assert care_run_due(organisation=acme, now=NOW) == 0
    message = PersonalMessage.objects.get()
    check_in = placement.check_ins.get(kind="day_60")
    assert message.key == f"check-in:{check_in.pk}"
    assert message.source == "check_in"
    assert message.language == "de"
    assert message.owner == alice
    assert message.status == MessageStatus.SCHEDULED
    assert message.subject == "Wie läuft es bei Brightside GmbH?"
    assert "/outreach/check-in/de/" in message.body
    assert "Lena" in message.body
    assert set(placement.check_ins.values_list("kind", flat=True)) == {
        "day_60",
        "halfway",
        "before_end",
    }
    check_in.refresh_from_db()
    assert check_in.sent_at == NOW


def test_due_means_today_in_the_contractors_zone(acme, alice):
    contractor = contractor_of(acme, language="nl", timezone="Pacific/Auckland")
    place(acme, alice, contractor=contractor, starts_on=D(2026, 11, 7))  # day 30: 7 Dec
    late_sunday = datetime.datetime(2026, 12, 6, 10, 0, tzinfo=UTC)  # 23:00 Sunday in Auckland
    assert care_run_due(organisation=acme, now=late_sunday) == 0
    monday_there = datetime.datetime(2026, 12, 6, 11, 30, tzinfo=UTC)
    assert care_run_due(organisation=acme, now=monday_there) == 1
    assert PersonalMessage.objects.get().subject == "Hoe gaat het bij Brightside GmbH?"


def test_an_ended_placement_asks_nothing(acme, alice):
    placement = place(acme, alice, starts_on=D(2026, 10, 1))
    placement.status = PlacementStatus.ENDED
    placement.save()
    assert care_run_due(organisation=acme, now=NOW) == 0


def asked(acme, alice, **kw):
    placement = place(acme, alice, starts_on=D(2026, 10, 1), ends_on=D(2027, 6, 30), **kw)
    care_run_due(organisation=acme, now=NOW)
    return placement.check_ins.exclude(sent_at=None).get()


def test_an_answer_is_a_touch_and_a_task_for_the_owner(acme, alice):
    check_in = asked(acme, alice)
    check_in_answer(check_in=check_in, score=4, comment="All good", wants_call=False, now=NOW)
    check_in.refresh_from_db()
    assert (check_in.score, check_in.comment, check_in.answered_at) == (4, "All good", NOW)
    touch = Touch.objects.get(source=TouchSource.OUTREACH)
    assert (touch.kind, touch.direction, touch.by, touch.external_id) == (
        "message",
        Direction.INBOUND,
        None,
        f"check-in:{check_in.pk}",
    )
    assert touch.summary == "Answered a check-in"  # the score is for the owner only
    (task,) = OwnerTask.objects.all()
    assert (task.kind, task.owner) == ("feedback", alice)
    assert "All good" in task.detail
    # Changing the answer records no second touch and reopens the same task.
    task.done_at = NOW
    task.save()
    check_in_answer(check_in=check_in, score=5, comment="Even better", wants_call=False, now=NOW)
    assert Touch.objects.filter(source=TouchSource.OUTREACH).count() == 1
    task.refresh_from_db()
    assert task.done_at is None
    assert "Even better" in task.detail


@pytest.mark.parametrize(("score", "wants_call"), [(2, False), (1, False), (4, True)])
def test_a_low_score_or_asking_for_a_call_opens_a_call_task_due_today(
    acme, alice, score, wants_call
):
    check_in = asked(acme, alice)
    check_in_answer(check_in=check_in, score=score, comment="", wants_call=wants_call, now=NOW)
    call = OwnerTask.objects.get(kind="call")
    assert call.due_on == D(2026, 12, 7)
    assert call.owner == alice


def test_a_good_score_opens_no_call(acme, alice):
    check_in = asked(acme, alice)
    check_in_answer(check_in=check_in, score=3, comment="", wants_call=False, now=NOW)
    assert not OwnerTask.objects.filter(kind="call").exists()


def test_the_client_rating_is_stored_without_the_person_once_a_quarter(acme, alice):
    check_in = asked(acme, alice)
    check_in_answer(
        check_in=check_in,
        score=4,
        comment="",
        wants_call=False,
        rating_score=2,
        rating_comment="Meetings all day",
        now=NOW,
    )
    rating = ClientRating.objects.get()
    assert (rating.score, rating.comment, rating.quarter) == (2, "Meetings all day", D(2026, 10, 1))
    assert rating.company == check_in.placement.company
    field_names = {field.name for field in ClientRating._meta.get_fields()}
    assert not field_names & {"contact", "contractor", "placement", "check_in", "created_at"}
    check_in.refresh_from_db()
    assert check_in.rated_client
    # Again (the same or another check-in of the placement, this quarter): not stored.
    check_in_answer(
        check_in=check_in, score=4, comment="", wants_call=False, rating_score=5, now=NOW
    )
    assert ClientRating.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"score": None}, "score"),
        ({"score": 6}, "score"),
        ({"rating_score": 0}, "rating_score"),
        ({"rating_comment": "no score"}, "rating_score"),
    ],
)
def test_bad_answers_change_nothing(acme, alice, fields, field):
    check_in = asked(acme, alice)
    values = {"score": 3, "comment": "", "wants_call": False, **fields}
    with pytest.raises(ValidationError) as caught:
        check_in_answer(check_in=check_in, now=NOW, **values)
    assert field in caught.value.message_dict
    assert not Touch.objects.exists()
    assert not ClientRating.objects.exists()
