import datetime

import pytest
from django.core.exceptions import ValidationError

from hallway.absences.models import OutOfOffice
from hallway.coffee import reasons
from hallway.coffee.models import (
    LeftOut,
    Pairing,
    PairingMember,
    Participation,
    RoundStatus,
)
from hallway.coffee.services.announcing import round_announce, round_close, round_remind
from hallway.coffee.services.feedback import feedback_record
from hallway.messaging.models import OutboxMessage
from tests.factories import ROUND_START, join, make_person, make_round

NOW = ROUND_START
MIDDLE = ROUND_START + datetime.timedelta(days=7)
END = ROUND_START + datetime.timedelta(days=14)


@pytest.fixture
def people(acme, program, members):
    extra = [
        make_person(acme, name) for name in ("Gil Amar", "Hana Sato", "Ivo Petrov", "Jo Lindqvist")
    ]
    join(program, *extra)
    return [*members, *extra]


@pytest.fixture
def round(program, people):
    dana, noor, eli, frank, gil, hana, ivo, jo = people
    return make_round(
        program,
        [[dana, noor], [eli, frank]],
        left_out=[
            (gil, "odd_one_out"),
            (hana, reasons.PAUSED),
            (ivo, reasons.SKIPS_THIS_ROUND),
            (jo, reasons.REMOVED),
        ],
    )


def owed(program):
    return dict(
        Participation.objects.filter(program=program).values_list("person__name", "owed_rounds")
    )


def test_announcing_sends_intros_and_tells_who_was_left_out(program, round, people):
    Participation.objects.filter(program=program).update(owed_rounds=1)
    announced = round_announce(round=round, now=NOW)
    assert announced.status == RoundStatus.ANNOUNCED
    assert announced.announced_at == NOW
    keys = set(OutboxMessage.objects.values_list("idempotency_key", flat=True))
    gil = people[4]
    assert keys == {
        *(
            f"coffee:pairing-{m.pairing_id}:person-{m.person_id}:intro"
            for m in PairingMember.objects.filter(pairing__round=round)
        ),
        # Jo, whom the organiser took out, hears nothing from Hallway about it.
        f"coffee:round-{round.pk}:person-{gil.pk}:left-out",
    }
    assert not Pairing.objects.filter(round=round, introduced_at__isnull=True).exists()
    assert set(LeftOut.objects.filter(told_at=NOW).values_list("person__name", flat=True)) == {
        "Gil Amar",
    }
    assert owed(program) == {
        "Dana Fischer": 0,
        "Noor de Vries": 0,
        "Eli Brooks": 0,
        "Frank Olsen": 0,
        "Gil Amar": 2,  # could not be paired: goes first next round
        "Hana Sato": 1,
        "Ivo Petrov": 1,
        "Jo Lindqvist": 1,  # their own (or the organiser's) choice
    }
    notice = OutboxMessage.objects.get(idempotency_key__endswith=f"person-{gil.pk}:left-out")
    assert notice.context["reason"] == "odd_one_out"


def test_announcing_twice_sends_nothing_new_and_counts_once(program, round):
    round_announce(round=round, now=NOW)
    before = OutboxMessage.objects.count()
    again = round_announce(round=round, now=NOW + datetime.timedelta(minutes=15))
    assert again.announced_at == NOW
    assert OutboxMessage.objects.count() == before
    assert owed(program)["Gil Amar"] == 1


def test_an_opt_out_program_gets_participation_rows_when_owed(acme, program, members):
    dana, noor, _eli, _frank = members
    outsider = make_person(acme, "Kim Novak")
    round = make_round(program, [[dana, noor]], left_out=[(outsider, "no_partner_shared_language")])
    round_announce(round=round, now=NOW)
    assert Participation.objects.get(program=program, person=outsider).owed_rounds == 1


def test_only_a_planned_round_can_be_announced(program, members):
    draft = make_round(program, [members[:2]], status=RoundStatus.DRAFT)
    with pytest.raises(ValidationError):
        round_announce(round=draft, now=NOW)
    assert not OutboxMessage.objects.exists()


def test_reminders_go_to_pairings_nobody_answered_once(round, people):
    dana = people[0]
    round_announce(round=round, now=NOW)
    feedback_record(
        member=PairingMember.objects.get(pairing__round=round, person=dana),
        outcome="met",
        now=NOW + datetime.timedelta(days=3),
    )
    assert round_remind(round=round, now=MIDDLE) == 2  # Eli and Frank
    reminded = OutboxMessage.objects.filter(idempotency_key__endswith=":reminder")
    assert {m.person.name for m in reminded} == {"Eli Brooks", "Frank Olsen"}
    assert round_remind(round=round, now=MIDDLE + datetime.timedelta(hours=1)) == 0
    round.refresh_from_db()
    assert round.reminded_at == MIDDLE


def test_closing_counts_unanswered_intros_and_pauses_after_three(program, members):
    dana, noor, eli, frank = members
    Participation.objects.filter(person=dana).update(unanswered_intros=2)
    round = make_round(program, [[dana, noor], [eli, frank]], status=RoundStatus.ANNOUNCED)
    for person in (noor, eli):
        feedback_record(
            member=PairingMember.objects.get(pairing__round=round, person=person),
            outcome="missed" if person == noor else "met",
            now=NOW,
        )
    closed = round_close(round=round, now=END)
    assert closed.status == RoundStatus.CLOSED
    assert closed.closed_at == END
    counts = {
        p.person.name: (p.unanswered_intros, p.auto_paused_at)
        for p in Participation.objects.filter(program=program).select_related("person")
    }
    assert counts == {
        "Dana Fischer": (3, END),
        "Noor de Vries": (0, None),
        "Eli Brooks": (0, None),
        "Frank Olsen": (1, None),
    }
    (notice,) = OutboxMessage.objects.all()
    assert notice.person == dana
    assert notice.message_type == "coffee_paused"
    assert notice.context["personal_url"]
    # Closing again changes nothing.
    round_close(round=round, now=END + datetime.timedelta(hours=1))
    assert Participation.objects.get(person=frank).unanswered_intros == 1
    assert OutboxMessage.objects.count() == 1


def test_only_an_announced_round_can_be_closed(program, members):
    planned = make_round(program, [members[:2]])
    with pytest.raises(ValidationError):
        round_close(round=planned, now=END)


def test_announcing_a_large_round_takes_a_fixed_number_of_queries(
    acme, program, django_assert_max_num_queries
):
    people = [
        make_person(acme, f"Person {i:02d}", email=f"p{i}@acme.test", team=f"Team {i % 3}")
        for i in range(40)
    ]
    round = make_round(
        program,
        [people[i : i + 2] for i in range(0, 38, 2)],
        left_out=[(people[38], "odd_one_out")],
    )
    # A fixed number, however large the round: the program's channels and the holidays
    # for the next round's date are read once.
    with django_assert_max_num_queries(33):
        round_announce(round=round, now=NOW)
    assert OutboxMessage.objects.count() == 39


def test_nobody_away_is_reminded(acme, round, people):
    dana, noor, eli, frank = people[:4]
    round_announce(round=round, now=NOW)
    # Frank went on holiday after the intros went out; Eli is still there.
    OutOfOffice.objects.create(
        organisation=acme,
        person=frank,
        first_day=MIDDLE.date() - datetime.timedelta(days=1),
        last_day=MIDDLE.date() + datetime.timedelta(days=3),
    )
    assert round_remind(round=round, now=MIDDLE) == 3  # Dana, Noor and Eli
    reminded = OutboxMessage.objects.filter(idempotency_key__endswith=":reminder")
    assert {m.person.name for m in reminded} == {dana.name, noor.name, eli.name}


def test_someone_away_for_the_round_is_not_told_nor_owed(acme, program, people):
    dana, noor, eli, _frank = people[:4]
    round = make_round(program, [[dana, noor]], left_out=[(eli, reasons.AWAY)])
    round_announce(round=round, now=NOW)
    keys = set(OutboxMessage.objects.values_list("idempotency_key", flat=True))
    assert not any(f"person-{eli.pk}:" in key for key in keys)
    assert owed(program).get(eli.name, 0) == 0
    assert LeftOut.objects.get(person=eli).told_at is None
