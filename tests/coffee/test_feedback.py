import datetime

import pytest
from django.core.exceptions import ValidationError

from hallway.coffee.models import Outcome, PairingMember, Participation, RoundStatus
from hallway.coffee.selectors.feedback import no_shows
from hallway.coffee.services.feedback import feedback_record
from tests.factories import ROUND_START, make_round

NOW = ROUND_START + datetime.timedelta(days=4)


@pytest.fixture
def member(program, members):
    dana, noor, *_rest = members
    round = make_round(program, [[dana, noor]], status=RoundStatus.ANNOUNCED)
    return PairingMember.objects.get(pairing__round=round, person=dana)


def test_an_answer_is_recorded_with_rating_and_comment(member):
    feedback_record(member=member, outcome=Outcome.MET, rating=5, comment="  Lovely chat ", now=NOW)
    member.refresh_from_db()
    assert (member.outcome, member.rating, member.comment) == ("met", 5, "Lovely chat")
    assert member.answered_at == NOW


def test_answering_again_replaces_the_answer(member):
    feedback_record(member=member, outcome=Outcome.NOT_YET, now=NOW)
    later = NOW + datetime.timedelta(days=2)
    feedback_record(member=member, outcome=Outcome.MET, rating=4, now=later)
    member.refresh_from_db()
    assert (member.outcome, member.rating, member.answered_at) == ("met", 4, later)


def test_an_answer_resets_the_unanswered_count(program, member):
    Participation.objects.filter(program=program, person=member.person).update(unanswered_intros=2)
    feedback_record(member=member, outcome=Outcome.MISSED, now=NOW)
    assert Participation.objects.get(program=program, person=member.person).unanswered_intros == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"outcome": "maybe"}, "outcome"),
        ({"outcome": "met", "rating": 0}, "rating"),
        ({"outcome": "met", "rating": 6}, "rating"),
        ({"outcome": "missed", "rating": 3}, "rating"),
        ({"outcome": "met", "comment": "x" * 2001}, "comment"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(member, fields, field):
    with pytest.raises(ValidationError) as caught:
        feedback_record(member=member, now=NOW, **fields)
    assert field in caught.value.message_dict
    member.refresh_from_db()
    assert member.outcome == ""
    assert member.answered_at is None


def test_no_shows_lists_people_who_missed_or_ignored_two_recent_rounds(
    program, members, django_assert_max_num_queries
):
    dana, noor, eli, frank = members
    # Round 2: Noor says they met, so Dana's silence is not a no-show.
    for number, (dana_says, noor_says, eli_says) in enumerate(
        [("missed", "missed", "met"), ("", "met", ""), ("", "", "")], start=1
    ):
        round = make_round(
            program,
            [[dana, noor], [eli, frank]],
            status=RoundStatus.CLOSED,
            starts_at=ROUND_START + datetime.timedelta(days=14 * number),
            number=number,
        )
        for person, outcome in ((dana, dana_says), (noor, noor_says), (eli, eli_says)):
            PairingMember.objects.filter(pairing__round=round, person=person).update(
                outcome=outcome
            )
    with django_assert_max_num_queries(3):
        found = no_shows(program=program)
    assert [(row.person, row.missed, row.unanswered) for row in found] == [
        (dana, 1, 1),
        (eli, 0, 2),
        (frank, 0, 2),
        (noor, 1, 1),
    ]


@pytest.mark.parametrize(
    ("answers", "paired_again"),
    [(("missed", "not_yet"), True), (("met", "missed"), False), (("", ""), False)],
)
def test_a_pair_that_did_not_meet_is_paired_again_next_round(
    program, dana, noor, answers, paired_again
):
    """History from feedback: "missed" / "not yet" without any "met" lets the engine pair
    the two again inside the repeat window; a meeting that happened (or no answer) does not."""
    from hallway.coffee.models import Cadence, LeftOut
    from hallway.coffee.services.announcing import round_announce, round_close
    from hallway.coffee.services.planning import round_plan
    from hallway.messaging.delivery import outbox_deliver_due
    from tests.factories import join

    program.cadence = Cadence.WEEKLY
    program.weekday = 2
    program.first_round_on = datetime.date(2026, 3, 3)
    # A missed meeting blocks a repeat for a third of the window (10 days), one that
    # happened for all of it.
    program.avoid_repeat_days = 30
    program.save()
    join(program, dana, noor)
    start = datetime.datetime(2026, 3, 3, 8, 0, tzinfo=datetime.UTC)
    first = round_plan(program=program, now=start).round
    round_announce(round=first, now=start)
    outbox_deliver_due(worker="test")  # they got their intros
    for person, outcome in zip((dana, noor), answers, strict=True):
        if outcome:
            feedback_record(
                member=PairingMember.objects.get(pairing__round=first, person=person),
                outcome=outcome,
                now=start + datetime.timedelta(days=2),
            )
    round_close(round=first, now=first.ends_at)
    # Two weeks later (they skipped a week): 15 days after the first round's due date.
    second = round_plan(program=program, now=first.ends_at + datetime.timedelta(days=14)).round
    assert second.pk != first.pk
    pairings = list(second.pairings.all())
    if paired_again:
        (pairing,) = pairings
        assert "last_meeting_missed" in pairing.reasons
    else:
        assert pairings == []
        assert set(LeftOut.objects.filter(round=second).values_list("reason", flat=True)) == {
            "all_partners_met_recently"
        }
