"""Creating and changing projects: every problem at once, nothing written on any."""

import datetime
from dataclasses import dataclass, fields

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hallway.accounts.models import Membership, Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.core.validators import validate_timezone
from hallway.projects.models import Project, ProjectStatus, RosterMember, Side
from hallway.relationships.interface import Company


@dataclass
class ProjectFields:
    """What a project's form, the API and the command set (None: leave as it is)."""

    name: str | None = None
    company: Company | None = None
    goal: str | None = None
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    status: str | None = None
    lead: User | None = None
    language: str | None = None
    timezone: str | None = None
    coverage_weeks: int | None = None
    one_on_ones_per_week: int | None = None
    one_on_one_minutes: int | None = None
    # Someone of the client's or a partner's side on this project's roster.
    sponsor: RosterMember | None = None


def project_problems(
    *, organisation: Organisation, values: ProjectFields, project: Project | None = None
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    name = (values.name if values.name is not None else project.name if project else "").strip()
    if not name:
        add("name", _("Give the project a name."))
    elif (
        scoped(Project, organisation)
        .filter(name__iexact=name)
        .exclude(pk=project.pk if project else 0)
        .exists()
    ):
        add("name", _("Another project is already called “%(name)s”.") % {"name": name})
    company = (
        values.company if values.company is not None else (project.company if project else None)
    )
    if company is None:
        add("company", _("Choose the client company."))
    elif company.organisation_id != organisation.pk:
        add("company", _("Choose one of your organisation’s companies."))
    starts_on = values.starts_on or (project.starts_on if project else None)
    ends_on = (
        values.ends_on if values.ends_on is not None else (project.ends_on if project else None)
    )
    if starts_on is None:
        add("starts_on", _("Give the day the project starts."))
    elif ends_on is not None and ends_on < starts_on:
        add("ends_on", _("The end is before the start."))
    if values.status is not None and values.status not in ProjectStatus.values:
        add(
            "status",
            _("Choose one of the statuses: %(choices)s.")
            % {"choices": ", ".join(ProjectStatus.values)},
        )
    if (
        values.lead is not None
        and not Membership.objects.filter(organisation=organisation, user=values.lead).exists()
    ):
        add("lead", _("The project lead must be a member of the organisation."))
    if values.sponsor is not None and (
        project is None
        or values.sponsor.project_id != project.pk
        or values.sponsor.side == Side.OURS
    ):
        add("sponsor", _("Choose the sponsor from the client’s side of this project’s roster."))
    if values.timezone:
        try:
            validate_timezone(values.timezone)
        except ValidationError as exc:
            add("timezone", " ".join(exc.messages))
    for field, low, high in (
        ("coverage_weeks", 1, 26),
        ("one_on_ones_per_week", 1, 10),
        ("one_on_one_minutes", 15, 90),
    ):
        value = getattr(values, field)
        if value is not None and not low <= value <= high:
            add(field, _("Choose a number from %(low)d to %(high)d.") % {"low": low, "high": high})
    return problems


def _apply(project: Project, values: ProjectFields) -> None:
    for field in fields(values):
        value = getattr(values, field.name)
        if value is not None:
            setattr(project, field.name, value.strip() if isinstance(value, str) else value)


def project_create(
    *, organisation: Organisation, values: ProjectFields, created_by: User | None = None
) -> Project:
    problems = project_problems(organisation=organisation, values=values)
    if problems:
        raise ValidationError(problems)
    project = Project(organisation=organisation, created_by=created_by, lead=created_by)
    _apply(project, values)
    try:
        with transaction.atomic():
            project.save()
    except IntegrityError as exc:  # the same name, created a moment ago
        raise ValidationError({"name": [_("Another project already has this name.")]}) from exc
    return project


def project_update(
    *,
    project: Project,
    values: ProjectFields,
    ends_on_cleared: bool = False,
    sponsor_cleared: bool = False,
) -> Project:
    problems = project_problems(organisation=project.organisation, values=values, project=project)
    if problems:
        raise ValidationError(problems)
    _apply(project, values)
    if ends_on_cleared:
        project.ends_on = None
    if sponsor_cleared:
        project.sponsor = None
    try:
        with transaction.atomic():
            project.save()
    except IntegrityError as exc:
        raise ValidationError({"name": [_("Another project already has this name.")]}) from exc
    return project


def project_card_revoke(*, project: Project) -> Project:
    """Every card link shared so far stops working; new ones carry the new version."""
    Project.objects.filter(pk=project.pk).update(card_version=project.card_version + 1)
    project.refresh_from_db(fields=["card_version"])
    return project
