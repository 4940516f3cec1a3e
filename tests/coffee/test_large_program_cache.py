"""Large programs read their no-shows and their closed rounds' figures from the cache (the
thresholds are lowered here so a few people count as large); small ones never do."""

import datetime

import pytest
from django.core.cache import cache

from hallway.coffee.models import PairingMember, RoundStatus
from hallway.coffee.selectors import feedback, organiser
from hallway.coffee.selectors.feedback import no_shows
from hallway.coffee.selectors.organiser import round_figures
from tests.factories import ROUND_START, make_round


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def closed_round(program, groups, number):
    return make_round(
        program,
        groups,
        status=RoundStatus.CLOSED,
        starts_at=ROUND_START + datetime.timedelta(days=14 * number),
        number=number,
    )


@pytest.mark.parametrize("large", [True, False])
def test_no_shows_of_a_large_program_come_from_the_cache(program, members, monkeypatch, large):
    if large:
        monkeypatch.setattr(feedback, "CACHE_FROM_PAIRINGS", 1)
    dana, noor, eli, frank = members
    for number in (1, 2):
        closed_round(program, [[dana, noor], [eli, frank]], number)
    PairingMember.objects.filter(person__in=[eli, frank]).update(outcome="met")
    assert [row.person for row in no_shows(program=program)] == [dana, noor]

    PairingMember.objects.filter(person=dana).update(outcome="met")  # late answers
    assert [row.person for row in no_shows(program=program)] == ([dana, noor] if large else [])

    closed_round(program, [[dana, eli], [noor, frank]], 3)  # a new round: counted again
    assert no_shows(program=program) == []


@pytest.mark.parametrize(
    ("status", "threshold", "cached"),
    [
        (RoundStatus.CLOSED, 1, True),
        (RoundStatus.CLOSED, 1_000, False),
        (RoundStatus.ANNOUNCED, 1, False),
    ],
)
def test_figures_of_a_large_closed_round_come_from_the_cache(
    program, members, monkeypatch, status, threshold, cached
):
    monkeypatch.setattr(organiser, "FIGURES_CACHE_FROM_PAIRINGS", threshold)
    dana, noor, eli, frank = members
    round = make_round(program, [[dana, noor], [eli, frank]], status=status)
    PairingMember.objects.filter(person=dana).update(outcome="met")
    assert round_figures([round.pk])[round.pk].met == 1

    PairingMember.objects.filter(person=eli).update(outcome="met")
    assert round_figures([round.pk])[round.pk].met == (1 if cached else 2)
