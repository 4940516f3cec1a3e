"""A swap that would pair people who met within the program's repeat window says so before
it is saved (service and organiser page)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hallway.coffee.models import Outcome, PairingMember, RoundStatus
from hallway.coffee.services.plan_edits import Repeat, pairing_swap, swap_repeats
from tests.factories import ROUND_START, make_round

EARLIER = ROUND_START - datetime.timedelta(days=28)


@pytest.fixture
def rounds(program, members):
    """Dana met Eli four weeks ago; now Dana is planned with Noor, Eli with Frank."""
    dana, noor, eli, frank = members
    program.avoid_repeat_days = 90
    program.save()
    earlier = make_round(program, [[dana, eli]], starts_at=EARLIER, status=RoundStatus.CLOSED)
    PairingMember.objects.filter(pairing__round=earlier, person=dana).update(outcome=Outcome.MET)
    planned = make_round(program, [[dana, noor], [eli, frank]])
    return earlier, planned


def partner_of(round, person):
    pairing = PairingMember.objects.get(pairing__round=round, person=person).pairing
    return set(pairing.members.exclude(person=person).values_list("person__name", flat=True))


def test_a_swap_into_a_recent_pair_is_named_and_needs_confirming(rounds, members):
    earlier, planned = rounds
    dana, noor, eli, _frank = members
    met_on = earlier.pairings.get().due_on
    assert swap_repeats(round=planned, first=noor, second=eli) == [
        Repeat("Dana Fischer", "Eli Brooks", met_on)
    ]
    with pytest.raises(ValidationError, match="Dana Fischer and Eli Brooks met on") as raised:
        pairing_swap(round=planned, first=noor, second=eli)
    assert raised.value.error_list[0].code == "repeat"
    assert partner_of(planned, dana) == {"Noor de Vries"}  # nothing saved
    pairing_swap(round=planned, first=noor, second=eli, allow_repeats=True)
    assert partner_of(planned, dana) == {"Eli Brooks"}


def test_a_swap_outside_the_window_needs_no_confirming(rounds, members, program):
    _earlier, planned = rounds
    _dana, noor, eli, _frank = members
    program.avoid_repeat_days = 14
    program.save()
    assert swap_repeats(round=planned, first=noor, second=eli) == []


def test_the_page_asks_before_a_repeat_and_saves_only_when_confirmed(alice_client, rounds, members):
    _earlier, planned = rounds
    dana, noor, eli, _frank = members
    url = reverse("coffee:round_swap", args=[planned.pk])
    asked = alice_client.post(url, {"people": [noor.pk, eli.pk], "return_query": "q=e"})
    assert asked.status_code == 200
    html = asked.content.decode()
    assert "Swap Noor de Vries and Eli Brooks?" in html
    assert "Dana Fischer and Eli Brooks met on" in html
    assert 'name="confirm" value="1"' in html
    assert partner_of(planned, dana) == {"Noor de Vries"}
    done = alice_client.post(url, {"people": [noor.pk, eli.pk], "confirm": "1"})
    assert done.status_code == 302
    assert partner_of(planned, dana) == {"Eli Brooks"}


def test_the_swap_bar_sends_two_chosen_people(alice_client, rounds, members):
    _earlier, planned = rounds
    dana, _noor, eli, _frank = members
    page = alice_client.get(reverse("coffee:round", args=[planned.pk])).content.decode()
    assert 'id="swap-first"' in page
    assert 'id="swap-second"' in page
    url = reverse("coffee:round_swap", args=[planned.pk])
    # A select left at "Choose someone" sends an empty value: two people are still needed.
    empty = alice_client.post(url, {"people": [dana.pk, ""]}, follow=True).content.decode()
    assert "Choose exactly two people" in empty
    alice_client.post(url, {"people": [dana.pk, eli.pk]})
    assert partner_of(planned, dana) == {"Frank Olsen"}


def test_lock_buttons_name_the_pair(alice_client, rounds):
    _earlier, planned = rounds
    page = alice_client.get(reverse("coffee:round", args=[planned.pk])).content.decode()
    assert 'aria-label="Lock the pair Dana Fischer and Noor de Vries"' in page
    assert 'aria-label="Lock the pair Eli Brooks and Frank Olsen"' in page
