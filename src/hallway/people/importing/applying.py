"""Write a checked plan: teams, locations and interests first, then people, then managers.

Runs inside the caller's transaction. People are written one by one through
`person_save`, the directory's single write path; what they refer to is created
beforehand in bulk so that each person costs one query.
"""

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.people.importing.planning import Plan, RowPlan
from hallway.people.models import Location, Person, Tag, Team
from hallway.people.services import Named, person_save

BATCH = 500


def apply_plan(*, organisation: Organisation, plan: Plan) -> None:
    changed = [row for row in plan.rows if row.action != "unchanged"]
    _create_named(organisation, plan, changed)
    people = plan.people_by_email
    forward: list[RowPlan] = []  # rows whose manager comes later in the file
    for row in changed:
        person = row.person
        if row.team is not None:
            person.team = plan.teams[row.team.casefold()] if row.team else None
        if row.location is not None:
            person.location = plan.locations[row.location.casefold()] if row.location else None
        if row.manager is not None:
            manager = people.get(row.manager) if row.manager else None
            if row.manager and (manager is None or manager.pk is None):
                forward.append(row)
            else:
                person.manager = manager
        assert row.prepared is not None  # changed rows always went through person_prepare
        people[row.email] = person_save(organisation=organisation, prepared=row.prepared)
    _set_interests(plan, [row for row in changed if row.interests is not None])
    # A manager may be someone this very file creates further down: now they exist.
    for row in forward:
        assert row.manager
        row.person.manager = people[row.manager]
        row.person.save(update_fields=["manager", "updated_at"])


def _create_named(organisation: Organisation, plan: Plan, rows: list[RowPlan]) -> None:
    """Create the teams, locations and interests the file names that do not exist yet."""
    teams: dict[str, Team] = {}
    locations: dict[str, Location] = {}
    tags: dict[str, Tag] = {}
    for row in rows:
        if row.team and row.team.casefold() not in plan.teams:
            teams.setdefault(row.team.casefold(), Team(organisation=organisation, name=row.team))
        if row.location and row.location.casefold() not in plan.locations:
            # A new location takes the time zone of the first person who works there.
            locations.setdefault(
                row.location.casefold(),
                Location(
                    organisation=organisation, name=row.location, timezone=row.person.timezone
                ),
            )
        for name in row.interests or []:
            if name.casefold() not in plan.tags:
                tags.setdefault(name.casefold(), Tag(organisation=organisation, name=name))
    _create(Team, organisation, teams, plan.teams)
    _create(Location, organisation, locations, plan.locations)
    _create(Tag, organisation, tags, plan.tags)


def _create(
    model: type[Named], organisation: Organisation, new: dict[str, Named], known: dict[str, Named]
) -> None:
    """Insert `new` and add the stored rows to `known`, by casefolded name."""
    if not new:
        return
    # Another import may create the same name at the same moment: keep theirs.
    model.objects.bulk_create(list(new.values()), batch_size=BATCH, ignore_conflicts=True)
    names = [item.name for item in new.values()]
    for start in range(0, len(names), BATCH):
        created = scoped(model, organisation).filter(name__in=names[start : start + BATCH])
        known.update((item.name.casefold(), item) for item in created)


def _set_interests(plan: Plan, rows: list[RowPlan]) -> None:
    """Replace the interests of these people with the file's, in a few queries."""
    if not rows:
        return
    through = Person.interests.through
    person_ids = [row.person.pk for row in rows]
    for start in range(0, len(person_ids), BATCH):
        through.objects.filter(person_id__in=person_ids[start : start + BATCH]).delete()
    links = {
        (row.person.pk, plan.tags[name.casefold()].pk)
        for row in rows
        for name in row.interests or []
    }
    through.objects.bulk_create(
        [through(person_id=person_id, tag_id=tag_id) for person_id, tag_id in links],
        batch_size=BATCH,
    )
