"""Stand-ups that another capability keeps for a hand-picked circle (a client project's
async check-ins between its meetings): made and changed through one call, and the blockers
of their check-ins counted.

An update changes only what the caller owns (the name, the rule, who takes part, whether
it runs); questions, channels and times an organiser set on the stand-up's own page stay.
"""

import datetime
from collections.abc import Iterable
from dataclasses import fields

from hallway.accounts.models import Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.people.models import Person
from hallway.rituals.models import CheckIn, CircleKind, StandUp
from hallway.rituals.services.standups import StandUpData, standup_create, standup_update

NAME_MAX = 120


def _data_of(standup: StandUp) -> StandUpData:
    known = {f.name for f in fields(StandUpData)} - {"circle_people", "channels"}
    data = StandUpData(**{name: getattr(standup, name) for name in known})
    data.channels = list(standup.channels.all())
    return data


def circle_standup_save(
    *,
    organisation: Organisation,
    standup_id: int | None,
    name: str,
    rule: str,
    starts_on: datetime.date,
    people: list[Person],
    owner: User | None,
    active: bool,
    now: datetime.datetime,
) -> int:
    """Create (no `standup_id`, or one that is gone) or update a written stand-up for
    `people`; returns its id. Raises ValidationError like `standup_create`."""
    title = name.strip()[:NAME_MAX]
    standup = (
        scoped(StandUp, organisation).filter(pk=standup_id).first()
        if standup_id is not None
        else None
    )
    if standup is None:
        data = StandUpData(
            name=title,
            rule=rule,
            starts_on=starts_on,
            circle_kind=CircleKind.PEOPLE,
            circle_people=people,
            active=active,
        )
        return standup_create(organisation=organisation, data=data, by=owner, now=now).pk
    data = _data_of(standup)
    data.name, data.rule, data.starts_on, data.active = title, rule, starts_on, active
    data.circle_kind, data.circle_people = CircleKind.PEOPLE, people
    return standup_update(standup=standup, data=data, now=now).pk


def open_blockers_count(*, organisation: Organisation, standup_ids: Iterable[int]) -> int:
    """Blockers named in the check-ins of these stand-ups and not marked resolved."""
    ids = [i for i in standup_ids if i]
    if not ids:
        return 0
    return (
        scoped(CheckIn, organisation)
        .filter(occurrence__standup_id__in=ids, blocked=True, blocker_resolved_at__isnull=True)
        .count()
    )
