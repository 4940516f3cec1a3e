"""The roster: adding, changing and removing members on either side.

Someone added after the start is onboarded as the first were: they are welcomed with the
project card and the "tell us about yourself" form, their 1:1s become due within the
project's weeks from the day they joined, and the next planning run plans them.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.accounts.tenancy import scoped
from hallway.people.models import Person, PersonStatus
from hallway.projects.models import OneOnOne, OneOnOneStatus, Project, RosterMember, Side
from hallway.projects.services.kickoff import kickoff_invite, kickoff_withdraw
from hallway.projects.services.one_on_ones import one_on_one_cancel
from hallway.projects.services.series_invites import (
    circles_changed,
    circles_snapshot,
    series_withdraw,
)
from hallway.projects.services.welcome import member_welcome
from hallway.relationships.interface import Contact


@dataclass
class RoleFields:
    role: str = ""
    responsibilities: str = ""
    key_counterpart: bool = False
    sub_project: str = ""


def roster_problems(
    *,
    project: Project,
    side: str,
    person: Person | None,
    contact: Contact | None,
    values: RoleFields,
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if side not in Side.values:
        add("side", _("Choose a side: ours, client or partner."))
    elif side == Side.OURS:
        if person is None:
            add("person", _("Choose someone from the directory."))
        elif person.organisation_id != project.organisation_id:
            add("person", _("Choose someone from your organisation’s directory."))
        elif person.status == PersonStatus.LEFT:
            add("person", _("%(name)s has left the organisation.") % {"name": person.name})
        elif RosterMember.objects.filter(project=project, person=person).exists():
            add("person", _("%(name)s is already on the project.") % {"name": person.name})
    elif contact is None:
        add("contact", _("Choose a contact."))
    elif contact.organisation_id != project.organisation_id:
        add("contact", _("Choose one of your organisation’s contacts."))
    elif RosterMember.objects.filter(project=project, contact=contact).exists():
        add("contact", _("%(name)s is already on the project.") % {"name": contact.name})
    if len(values.role) > 120:
        add("role", _("Keep the role to 120 characters."))
    if len(values.responsibilities) > 1000:
        add("responsibilities", _("Keep the responsibilities to 1,000 characters."))
    if len(values.sub_project) > 80:
        add("sub_project", _("Keep the sub-project’s name to 80 characters."))
    return problems


def roster_add(
    *,
    project: Project,
    side: str,
    person: Person | None = None,
    contact: Contact | None = None,
    values: RoleFields | None = None,
    joined_on: datetime.date,
    now: datetime.datetime | None = None,
) -> RosterMember:
    """Put someone on the project. After the kickoff was sent they are welcomed as the first
    were: the card, their about-you link, and the kickoff's invitation while it is ahead."""
    values = values or RoleFields()
    problems = roster_problems(
        project=project, side=side, person=person, contact=contact, values=values
    )
    if problems:
        raise ValidationError(problems)
    before = circles_snapshot(project)
    member = RosterMember(
        organisation=project.organisation,
        project=project,
        side=side,
        person=person if side == Side.OURS else None,
        contact=contact if side != Side.OURS else None,
        role=values.role.strip(),
        responsibilities=values.responsibilities.strip(),
        key_counterpart=values.key_counterpart,
        sub_project=values.sub_project.strip(),
        joined_on=joined_on,
    )
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as exc:  # added by someone else a moment ago
        raise ValidationError({"person": [_("This person is already on the project.")]}) from exc
    now = now or timezone.now()
    if project.kickoff_sequence > 0:
        _onboard(member, now)
    # The running series of the circles they are now in, and their async check-ins.
    circles_changed(project=project, before=before, now=now)
    return member


def _onboard(member: RosterMember, now: datetime.datetime) -> None:
    member_welcome(member=member, now=now)
    project = member.project
    if project.kickoff_at is not None and project.kickoff_at > now:
        kickoff_invite(project=project, members=[member], now=now)


def roster_update(
    *, member: RosterMember, values: RoleFields, now: datetime.datetime | None = None
) -> RosterMember:
    """Change a member's part. A new side of the table (key counterpart) changes what the
    coverage requires; a new sub-project moves them between the series' circles."""
    problems = {
        k: v
        for k, v in roster_problems(
            project=member.project, side=member.side, person=None, contact=None, values=values
        ).items()
        if k not in ("person", "contact")
    }
    if problems:
        raise ValidationError(problems)
    before = circles_snapshot(member.project)
    member.role = values.role.strip()
    member.responsibilities = values.responsibilities.strip()
    member.key_counterpart = values.key_counterpart
    member.sub_project = values.sub_project.strip()
    member.save(update_fields=["role", "responsibilities", "key_counterpart", "sub_project"])
    circles_changed(project=member.project, before=before, now=now or timezone.now())
    return member


def roster_remove(*, member: RosterMember, now: datetime.datetime | None = None) -> None:
    """Take someone off the project. Their planned 1:1s, on either side, are cancelled first
    so the other person's calendar drops them too, and the kickoff still ahead and the
    running series leave their calendar; then their 1:1s go with them (their history stays
    in relationships' touches)."""
    now = now or timezone.now()
    with transaction.atomic():
        kickoff_withdraw(member=member, now=now)
        series_withdraw(member=member, now=now)
        before = circles_snapshot(member.project)
        planned = (
            scoped(OneOnOne, member.organisation)
            .filter(project_id=member.project_id, status=OneOnOneStatus.PLANNED)
            .filter(Q(ours=member) | Q(theirs=member))
        )
        for one_on_one in planned:
            one_on_one_cancel(one_on_one=one_on_one)
        project = member.project
        member.delete()
        # Their withdrawal is sent above; this keeps the async check-ins to the circle.
        circles_changed(project=project, before=before, now=now)
