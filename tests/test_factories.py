"""The shared builders give what the tests built on them expect."""

import datetime

from hallway.coffee.models import LeftOut, PairingMember, RoundStatus
from hallway.messaging.models import OutboxMessage
from tests.factories import (
    PASSWORD,
    make_message,
    make_pairing,
    make_person,
    make_program,
    make_round,
    make_round_of_pairs,
    make_user,
)


def test_emails_are_the_first_name_and_stay_unique(acme, globex):
    first = make_person(acme, "Anna Schmidt")
    second = make_person(acme, "Anna Berg")
    third = make_person(acme, "Anna Berg")
    elsewhere = make_person(globex, "Anna Schmidt")
    assert [first.email, second.email, elsewhere.email] == [
        "anna@acme.test",
        "anna.berg@acme.test",
        "anna@globex.test",
    ]
    assert third.email not in {first.email, second.email}


def test_a_person_takes_team_location_and_interests_by_name(acme):
    person = make_person(
        acme, "Noor", team="Sales", location="Amsterdam", timezone="Europe/Amsterdam",
        interests=["chess", "jazz"],
    )  # fmt: skip
    again = make_person(acme, "Nils", team="Sales", interests=["chess"])
    assert person.team == again.team
    assert person.location.timezone == "Europe/Amsterdam"
    assert sorted(person.interests.values_list("name", flat=True)) == ["chess", "jazz"]


def test_users_sign_in_with_the_shared_password_and_belong_where_told(acme, client):
    user = make_user("olga@acme.test", acme, "organiser")
    assert user.memberships.get().role == "organiser"
    assert client.login(email="olga@acme.test", password=PASSWORD)
    assert not make_user("new@example.com", password=None).has_usable_password()


def test_program_slugs_stay_unique(acme):
    assert [make_program(acme).slug for _ in range(3)] == ["coffee", "coffee-2", "coffee-3"]


def test_a_round_has_its_pairings_slots_and_left_out(acme):
    program = make_program(acme)
    a, b, c, d = (make_person(acme, name) for name in ("A", "B", "C", "D"))
    round_ = make_round(program, [[a, b]], left_out=[(c, "odd_one_out")])
    assert (round_.number, round_.participant_count, round_.status) == (1, 3, RoundStatus.PLANNED)
    (pairing,) = round_.pairings.all()
    assert pairing.slot_end - pairing.slot_start == datetime.timedelta(minutes=30)
    assert set(pairing.members.values_list("person", flat=True)) == {a.pk, b.pk}
    assert LeftOut.objects.get(round=round_).person == c
    outside = make_pairing(None, [a, d], outcomes=["met"], ratings=[5])
    assert [(m.outcome, m.rating) for m in outside.members.order_by("id")] == [
        ("met", 5),
        ("", None),
    ]


def test_a_round_of_pairs_makes_its_people(acme):
    round_ = make_round_of_pairs(make_program(acme), pairs=3)
    assert PairingMember.objects.filter(pairing__round=round_).count() == 6
    assert round_.left_out.count() == 1
    assert round_.participant_count == 7


def test_messages_go_to_a_person_or_an_address(acme, carol):
    to_carol = make_message(acme, "one", person=carol)
    to_someone = make_message(acme, "two")
    assert to_carol.person == carol
    assert to_someone.address == "someone@example.com"
    assert OutboxMessage.objects.count() == 2
