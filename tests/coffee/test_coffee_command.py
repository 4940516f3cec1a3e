"""`hallway coffee run-round PROGRAM --org SLUG [--dry-run]`."""

import datetime
import io
import sys
import types

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from hallway.coffee.models import Round, RoundStatus
from tests.coffee.test_participants import program
from tests.coffee.test_planning import NOW, counts, staff
from tests.factories import join, make_person


def coffee(*args):
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("coffee", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def coffee_program(acme):
    prog = program(acme, slug="coffee", name="Coffee across Acme")
    staff(acme, 4)
    join(prog, make_person(acme, "Paula Paused"), paused_until=datetime.date(2026, 4, 1))
    return prog


def test_a_dry_run_prints_the_plan_with_reasons_and_saves_nothing(coffee_program):
    before = counts()
    output = coffee("run-round", "coffee", "--org", "acme", "--dry-run")
    assert counts() == before
    assert "Coffee across Acme: the round on Tuesday 3 March 2026" in output
    assert "4 people paired, 2 groups, 1 left out." in output
    assert "never met · different teams · both speak EN" in output
    assert "suggested: Tue 3 Mar 09:00–09:30 (Europe/Berlin)" in output
    assert "Paula Paused: paused" in output
    assert "Dry run: nothing was saved" in output


def test_a_dry_run_in_german(coffee_program, settings):
    settings.LANGUAGE_CODE = "de"
    from django.utils import translation

    with translation.override("de"):
        output = coffee("run-round", "coffee", "--org", "acme", "--dry-run")
    assert "nie getroffen" in output


@pytest.fixture
def announcing(monkeypatch):
    """Stands in for the announcing service where it is not installed."""
    calls = []
    try:
        from hallway.coffee.services import announcing as real  # noqa: F401
    except ImportError:

        def round_announce(*, round, now):
            calls.append((round.pk, now))
            Round.objects.filter(pk=round.pk).update(status=RoundStatus.ANNOUNCED, announced_at=now)
            round.refresh_from_db()
            return round

        module = types.ModuleType("hallway.coffee.services.announcing")
        module.round_announce = round_announce
        monkeypatch.setitem(sys.modules, "hallway.coffee.services.announcing", module)
    return calls


def test_run_round_plans_and_announces(coffee_program, announcing):
    output = coffee("run-round", "coffee", "--org", "acme")
    round = Round.objects.get(program=coffee_program)
    assert round.status == RoundStatus.ANNOUNCED
    assert "Coffee across Acme: round 1 on Tuesday 3 March 2026" in output
    assert "Announced round 1" in output
    # Running it again the same day plans no second round for that date.
    coffee("run-round", "coffee", "--org", "acme", "--dry-run")
    assert (
        Round.objects.filter(program=coffee_program, scheduled_for=round.scheduled_for).count() == 1
    )


def test_unknown_organisation(coffee_program):
    with pytest.raises(CommandError, match="no organisation with the slug “nope”") as error:
        coffee("run-round", "coffee", "--org", "nope", "--dry-run")
    assert error.value.returncode == 2


def test_unknown_program_lists_the_organisations_programs(coffee_program, globex):
    program(globex, slug="elsewhere")
    with pytest.raises(CommandError, match=r"Acme has no program “tea” \(its programs: coffee\)"):
        coffee("run-round", "tea", "--org", "acme")
    with pytest.raises(CommandError, match="has no program “coffee”"):
        coffee("run-round", "coffee", "--org", "globex")


def test_archived_program(coffee_program):
    coffee_program.archived_at = NOW
    coffee_program.save()
    with pytest.raises(CommandError, match="archived"):
        coffee("run-round", "coffee", "--org", "acme", "--dry-run")
