"""Shared set-up of the stand-up tests: a team across Berlin and São Paulo."""

import datetime

from hallway.rituals.models import CircleKind, StandUp
from hallway.rituals.services.standups import StandUpData, standup_create
from tests.factories import make_person, make_team

UTC = datetime.UTC
MONDAY = datetime.date(2027, 3, 1)  # winter time in Berlin (UTC+1); São Paulo is UTC-3


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=UTC)


def make_standup(organisation, *, team=None, by=None, **fields) -> StandUp:
    team = team or make_team(organisation, "Platform")
    data = StandUpData(
        name=fields.pop("name", "Platform daily"),
        rule=fields.pop("rule", "FREQ=DAILY"),
        starts_on=fields.pop("starts_on", MONDAY),
        circle_kind=CircleKind.TEAM,
        circle_team=team,
        **fields,
    )
    return standup_create(organisation=organisation, data=data, by=by, now=at(MONDAY, 0))


def team_across_zones(organisation):
    team = make_team(organisation, "Platform")
    carol = make_person(organisation, "Carol Meyer", team=team, timezone="Europe/Berlin")
    bruna = make_person(
        organisation,
        "Bruna Costa",
        team=team,
        timezone="America/Sao_Paulo",
        preferred_language="en",
    )
    return team, carol, bruna
