import datetime

import pytest
from django.core.exceptions import ValidationError

from hallway.coffee.models import Outcome, PairingMember, Participation, RoundStatus
from hallway.coffee.selectors.feedback import no_shows
from hallway.coffee.services.feedback import feedback_record
from tests.coffee.factories import ROUND_START, make_round

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
    for number, (dana_says, noor_says) in enumerate(
        [("missed", "missed"), ("", "met"), ("met", "met")], start=1
    ):
        round = make_round(
            program,
            [[dana, noor], [eli, frank]],
            status=RoundStatus.CLOSED,
            starts_at=ROUND_START + datetime.timedelta(days=14 * number),
            number=number,
        )
        for person, outcome in ((dana, dana_says), (noor, noor_says), (eli, "met")):
            PairingMember.objects.filter(pairing__round=round, person=person).update(
                outcome=outcome
            )
    with django_assert_max_num_queries(3):
        found = no_shows(program=program)
    assert [(row.person, row.missed, row.unanswered) for row in found] == [
        (frank, 0, 3),
        (dana, 1, 1),
    ]
