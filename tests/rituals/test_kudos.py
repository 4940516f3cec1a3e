"""Kudos: a monthly quota in the giver's own month that holds under a race, never to
oneself, shown on the wall as a kudos celebration when wanted."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from hallway.rituals.models import Celebration, Kudos
from hallway.rituals.selectors.gong import kudos_balance
from hallway.rituals.selectors.settings import ritual_settings_of
from hallway.rituals.services import kudos as kudos_module
from hallway.rituals.services.kudos import kudos_give
from tests.factories import make_person

NOW = datetime.datetime(2026, 12, 10, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def quota_two(acme):
    settings_row = ritual_settings_of(acme)
    settings_row.kudos_per_month = 2
    settings_row.save()


@pytest.fixture
def dan(acme):
    return make_person(acme, "Dan Ortiz", email="dan@acme.test", timezone="America/Sao_Paulo")


def give(giver, receiver, now=NOW, **extra):
    return kudos_give(giver=giver, receiver=receiver, message="Thanks!", now=now, **extra)


def test_kudos_go_on_the_wall_as_a_kudos_celebration(carol, dan):
    kudos = give(dan, carol)
    celebration = kudos.celebration
    assert (celebration.kind, celebration.title, celebration.text) == (
        "kudos",
        "Carol Meyer",
        "Thanks!",
    )
    assert celebration.posted_by == dan
    assert list(celebration.people.all()) == [carol]
    off_wall = give(dan, carol, on_wall=False)
    assert off_wall.celebration is None
    assert Celebration.objects.count() == 1


def test_nobody_gives_kudos_to_themselves(dan):
    with pytest.raises(ValidationError) as problem:
        give(dan, dan)
    assert "nobody gives them to themselves" in problem.value.message_dict["receiver"][0]
    assert not Kudos.objects.exists()


def test_not_across_organisations_and_not_without_words(dan, globex):
    stranger = make_person(globex, "Max Stranger", email="max@globex.test")
    with pytest.raises(ValidationError) as problem:
        kudos_give(giver=dan, receiver=stranger, message="  ", now=NOW)
    assert set(problem.value.message_dict) == {"receiver", "message"}
    assert not Kudos.objects.exists()


def test_the_quota_holds_and_the_balance_counts_down(quota_two, carol, dan):
    assert kudos_balance(person=dan, now=NOW).left == 2
    give(dan, carol)
    assert kudos_balance(person=dan, now=NOW).left == 1
    give(dan, carol)
    with pytest.raises(ValidationError, match="all 2 kudos of this month"):
        give(dan, carol)
    assert kudos_balance(person=dan, now=NOW).left == 0
    assert Kudos.objects.count() == 2


def test_the_month_is_the_givers_own(quota_two, carol, dan):
    # 1 January 01:00 UTC is still 31 December in São Paulo: December's quota.
    new_year_utc = datetime.datetime(2027, 1, 1, 1, 0, tzinfo=datetime.UTC)
    give(dan, carol, now=datetime.datetime(2026, 12, 30, 12, tzinfo=datetime.UTC))
    give(dan, carol, now=new_year_utc)
    with pytest.raises(ValidationError):
        give(dan, carol, now=new_year_utc)
    # A few hours later it is January in São Paulo too: a fresh quota.
    assert give(dan, carol, now=new_year_utc + datetime.timedelta(hours=3)).month == (
        datetime.date(2027, 1, 1)
    )


def test_a_race_for_the_last_kudos_has_one_winner(quota_two, carol, dan, acme, monkeypatch):
    """Both requests count one kudos given; the other request inserts the last one between
    this request's count and its insert. The unique (giver, month, seq) refuses the second
    insert, the loser counts again and is refused: never three kudos on a quota of two."""
    give(dan, carol)
    erin = make_person(acme, "Erin Hall", email="erin@acme.test")
    last_seq = kudos_module._last_seq
    raced = {}

    def meanwhile_another_request_gives(giver, month):
        seen = last_seq(giver, month)
        if not raced:
            raced["kudos"] = Kudos.objects.create(
                organisation=acme,
                giver=giver,
                receiver=erin,
                message="Me first",
                month=month,
                seq=seen + 1,
                given_at=NOW,
            )
        return seen

    monkeypatch.setattr(kudos_module, "_last_seq", meanwhile_another_request_gives)
    with pytest.raises(ValidationError, match="all 2 kudos"):
        give(dan, carol)
    assert Kudos.objects.filter(giver=dan).count() == 2
    assert not Celebration.objects.filter(title="Carol Meyer", text="Thanks!").count() > 1
