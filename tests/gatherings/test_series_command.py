"""`hallway gathering series-create`: a recurring gathering from the command line, through
the same service as the page and the API; bad input exits 2 and creates nothing."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hallway.gatherings.models import GatheringSeries


def series_create(*extra, out=None):
    return call_command(
        "gathering",
        "series-create",
        "--org",
        "acme",
        "--title",
        "Friday drinks",
        "--cadence",
        "FREQ=WEEKLY;BYDAY=FR",
        "--host",
        "alice@acme.test",
        "--first-on",
        "2026-12-04",
        "--hour",
        "17",
        "--minutes",
        "90",
        *extra,
        stdout=out or StringIO(),
    )


def test_a_series_for_a_team(alice, platform_team):
    out = StringIO()
    series_create("--team", "Platform", "--capacity", "40", "--json", out=out)
    answer = json.loads(out.getvalue())
    series = GatheringSeries.objects.get(pk=answer["id"])
    assert answer == {"id": series.pk}
    assert series.organisation == alice.memberships.get().organisation
    assert series.team == platform_team
    assert series.cadence == "FREQ=WEEKLY;BYDAY=FR"
    assert series.first_on == datetime.date(2026, 12, 4)
    assert (series.hour, series.minutes, series.capacity) == (17, 90, 40)
    assert list(series.hosts.all()) == [alice]


def test_a_series_for_a_department_or_a_location(alice, berlin):
    series_create("--department", "Engineering")
    series_create("--location", "Berlin")
    assert GatheringSeries.objects.get(department="Engineering").location is None
    assert GatheringSeries.objects.get(location=berlin).department == ""


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (("--team", "Nobody"), "Nobody"),
        (("--department", "Sales", "--hour", "24"), "hour"),
        (("--department", "Sales", "--first-on", "4.12.2026"), "4.12.2026"),
        (("--department", "Sales", "--host", "mallory@globex.test"), "mallory@globex.test"),
    ],
)
def test_bad_input_exits_2_and_creates_nothing(alice, mallory, extra, says):
    with pytest.raises(CommandError) as raised:
        series_create(*extra)
    assert raised.value.returncode == 2
    assert says in str(raised.value)
    assert not GatheringSeries.objects.exists()


def test_a_cadence_not_on_offer_is_refused(alice):
    with pytest.raises(CommandError) as raised:
        call_command(
            "gathering",
            "series-create",
            "--org",
            "acme",
            "--title",
            "Daily drinks",
            "--cadence",
            "FREQ=DAILY",
            "--department",
            "Sales",
            "--host",
            "alice@acme.test",
            "--first-on",
            "2026-12-04",
            "--hour",
            "17",
            "--minutes",
            "60",
        )
    assert raised.value.returncode == 2
    assert "cadence" in str(raised.value)
    assert not GatheringSeries.objects.exists()
