"""Programs: create, change, archive (holidays are the absences app's).

Every rule lives here so the organiser pages, the API and the demo agree: a slug unique
per organisation, audience objects of the same organisation, a sane cadence. Invalid input
raises one `ValidationError` with every problem by field name and changes nothing.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, User
from hallway.coffee.models import Cadence, JoinMode, Program, StarterTheme, TeamPreference
from hallway.messaging.channel_setup import channel_email
from hallway.messaging.models import Channel
from hallway.people.models import Location, Person, Tag, Team

# Many-to-many fields of a program and the model each one holds.
AUDIENCE_FIELDS: dict[str, type[models.Model]] = {
    "audience_teams": Team,
    "audience_locations": Location,
    "audience_tags": Tag,
    "include_people": Person,
    "exclude_people": Person,
}
RELATED_FIELDS: dict[str, type[models.Model]] = {**AUDIENCE_FIELDS, "channels": Channel}
PLAIN_FIELDS = (
    "name", "slug", "description", "join_mode", "cadence", "weekday", "hour", "first_round_on",
    "automatic", "group_size", "team_preference", "location_preference",
    "require_shared_language", "min_overlap_minutes", "avoid_repeat_days", "meeting_minutes",
    "starter_theme",
)  # fmt: skip
# A working week has at most 7 × 24 h; more overlap than 40 h a week is never reachable.
MAX_OVERLAP_MINUTES = 40 * 60
MAX_REPEAT_DAYS = 730


def _unknown_fields(fields: dict[str, Any]) -> None:
    unknown = sorted(set(fields) - set(PLAIN_FIELDS) - set(RELATED_FIELDS))
    if unknown:
        raise TypeError(f"Unknown program fields: {', '.join(unknown)}")


def _objects(
    organisation: Organisation, model: type[models.Model], values: Iterable[Any]
) -> tuple[list[Any], bool]:
    """The objects for `values` (instances or ids); False when one is not the organisation's."""
    ids = {value.pk if isinstance(value, models.Model) else value for value in values}
    try:
        found = list(model._default_manager.filter(organisation=organisation, pk__in=ids))
    except (TypeError, ValueError):
        return [], False
    return found, len(found) == len(ids)


def _choice_error(value: Any, choices: Iterable[Any]) -> str | None:
    allowed = [str(choice) for choice in choices]
    if value not in allowed:
        return _("Choose one of %(choices)s.") % {"choices": ", ".join(allowed)}
    return None


def _check_range(errors: dict[str, list[str]], name: str, value: Any, low: int, high: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        errors.setdefault(name, []).append(
            _("Enter a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}
        )


def _validate(program: Program, related: dict[str, list[Any]]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str | None) -> None:
        if message:
            errors.setdefault(name, []).append(message)

    program.name = " ".join((program.name or "").split())
    if not program.name:
        add("name", _("Give the program a name."))
    elif len(program.name) > 120:
        add("name", _("Enter at most %(max)s characters.") % {"max": 120})
    if program.slug != slugify(program.slug) or not program.slug:
        add("slug", _("Use only lowercase letters, numbers and hyphens, e.g. coffee-across-acme."))
    elif len(program.slug) > 60:
        add("slug", _("Enter at most %(max)s characters.") % {"max": 60})
    elif (
        Program.objects.filter(organisation=program.organisation, slug=program.slug)
        .exclude(pk=program.pk)
        .exists()
    ):
        add(
            "slug",
            _("Another program of this organisation already uses the slug “%(slug)s”.")
            % {"slug": program.slug},
        )
    add("join_mode", _choice_error(program.join_mode, JoinMode.values))
    add("cadence", _choice_error(program.cadence, Cadence.values))
    add("team_preference", _choice_error(program.team_preference, TeamPreference.values))
    add("location_preference", _choice_error(program.location_preference, TeamPreference.values))
    add("starter_theme", _choice_error(program.starter_theme or "mixed", StarterTheme.values))
    _check_range(errors, "weekday", program.weekday, 1, 7)
    _check_range(errors, "hour", program.hour, 0, 23)
    add("group_size", _choice_error(str(program.group_size), ["2", "3"]))
    _check_range(errors, "min_overlap_minutes", program.min_overlap_minutes, 0, MAX_OVERLAP_MINUTES)
    _check_range(errors, "avoid_repeat_days", program.avoid_repeat_days, 0, MAX_REPEAT_DAYS)
    _check_range(errors, "meeting_minutes", program.meeting_minutes, 10, 120)
    if (
        "meeting_minutes" not in errors
        and "min_overlap_minutes" not in errors
        and 0 < program.min_overlap_minutes < program.meeting_minutes
    ):
        add(
            "min_overlap_minutes",
            _("The minimum overlap must leave room for a meeting of %(minutes)d minutes.")
            % {"minutes": program.meeting_minutes},
        )
    if not isinstance(program.first_round_on, datetime.date):
        add("first_round_on", _("Enter a date as YYYY-MM-DD."))
    if "channels" in related and not any(channel.enabled for channel in related["channels"]):
        add("channels", _("Choose at least one channel to introduce people through."))
    include = {person.pk for person in related.get("include_people", [])}
    exclude = {person.pk for person in related.get("exclude_people", [])}
    if include & exclude:
        add("exclude_people", _("Someone cannot be both included and excluded."))
    return errors


def _prepare(
    program: Program, fields: dict[str, Any]
) -> tuple[dict[str, list[Any]], dict[str, list[str]]]:
    """Set `fields` on the unsaved `program`: its related objects and every problem."""
    _unknown_fields(fields)
    for name in PLAIN_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(program, name, value.strip() if isinstance(value, str) else value)
    if not program.slug:
        program.slug = slugify(program.name or "")[:60]
    related: dict[str, list[Any]] = {}
    errors: dict[str, list[str]] = {}
    if program.pk is None and "channels" not in fields:
        fields = {**fields, "channels": [channel_email(program.organisation)]}
    for name, model in RELATED_FIELDS.items():
        if name not in fields:
            continue
        objects, all_ours = _objects(program.organisation, model, fields[name] or [])
        if not all_ours:
            errors[name] = [_("Choose only from this organisation.")]
        related[name] = objects
    for name, messages in _validate(program, related).items():
        errors.setdefault(name, []).extend(messages)
    return related, errors


@transaction.atomic
def _save(program: Program, fields: dict[str, Any]) -> Program:
    related, errors = _prepare(program, fields)
    if errors:
        raise ValidationError(errors)
    program.save()
    for name, objects in related.items():
        getattr(program, name).set(objects)
    return program


def program_problems(
    *, organisation: Organisation, program: Program | None, fields: dict[str, Any]
) -> dict[str, list[str]]:
    """What program_create (or program_update of `program`) would refuse in `fields`, by
    field; writes nothing and leaves `program` as it is. Forms call it with the fields they
    could read, so that these problems show together with the form's own."""
    if program is None:
        candidate = Program(organisation=organisation, slug="")
    else:
        candidate = Program.objects.get(pk=program.pk)  # a copy to change freely
    return _prepare(candidate, fields)[1]


def program_create(
    *, organisation: Organisation, created_by: User | None, **fields: Any
) -> Program:
    """A new program with the model's defaults for every field not given."""
    program = Program(organisation=organisation, created_by=created_by, slug="")
    return _save(program, fields)


def program_update(*, program: Program, **fields: Any) -> Program:
    """Change only the fields given; an audience field given replaces the whole set."""
    return _save(program, fields)


def program_archive(*, program: Program, now: datetime.datetime, archived: bool = True) -> Program:
    """Archive (no more rounds, hidden from lists) or bring back a program."""
    program.archived_at = now if archived else None
    program.save(update_fields=["archived_at"])
    return program
