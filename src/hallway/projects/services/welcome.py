"""Onboarding a roster member: the welcome with the card and the about-you link, and their
answers to "tell us about yourself" (a photo, "ask me about", their zone and hours).

The kickoff invitation welcomes everyone on the roster at that moment (it carries both
links); whoever joins after it was sent gets `member_welcome` instead, so someone added
later is onboarded the same way as the first.
"""

import datetime
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from hallway.core.validators import validate_timezone
from hallway.messaging.channel_setup import channel_email
from hallway.messaging.services import Outgoing, message_enqueue_each
from hallway.projects.card_links import about_url, card_url
from hallway.projects.kickoff_messages import WELCOME
from hallway.projects.models import RosterMember
from hallway.projects.photos import photo_prepare
from hallway.projects.recipients import member_recipient
from hallway.projects.selectors.card import project_card, who_is_who
from hallway.projects.selectors.roster import member_language


def welcome_key(member: RosterMember) -> str:
    return f"projects:project-{member.project_id}:welcome:member-{member.pk}"


def member_welcome(*, member: RosterMember, now: datetime.datetime) -> bool:
    """Send the member the project card and their about-you link, and the kickoff's time
    when it is still ahead; once per member (a repeat sends nothing). False when there was
    nothing to send (no email address, or welcomed before)."""
    if member.welcomed_at is not None or not member.email:
        return False
    project = member.project
    organisation = project.organisation
    recipient = member_recipient(member, project)
    kickoff_ahead = project.kickoff_at is not None and project.kickoff_at > now
    message = Outgoing(
        recipient=recipient,
        channel=channel_email(organisation),
        message_type=WELCOME,
        context={
            "recipient_name": member.name,
            "project_name": project.name,
            "client_name": project.company.name if project.company is not None else "",
            "goal": project.goal,
            "organisation_name": organisation.name,
            "people": who_is_who(project_card(project=project, now=now)),
            "card_url": card_url(project),
            "about_url": about_url(member, language=member_language(member, organisation)),
            "kickoff_at": (
                project.kickoff_at.isoformat()
                if kickoff_ahead and project.kickoff_at is not None
                else ""
            ),
        },
        idempotency_key=welcome_key(member),
    )
    with transaction.atomic():
        if not message_enqueue_each(organisation=organisation, messages=[message]):
            return False
        RosterMember.objects.filter(pk=member.pk, welcomed_at__isnull=True).update(welcomed_at=now)
    member.welcomed_at = now
    return True


ASK_ME_ABOUT_MAX = 300


@dataclass
class AboutYou:
    """A member's answers; a blank zone or blank hours fall back to the directory's (ours)
    or the contact's and their company's (theirs)."""

    ask_me_about: str = ""
    timezone: str = ""
    work_start: datetime.time | None = None
    work_end: datetime.time | None = None


def about_problems(values: AboutYou) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if len(values.ask_me_about.strip()) > ASK_ME_ABOUT_MAX:
        add("ask_me_about", _("Keep “ask me about” to 300 characters."))
    if values.timezone.strip():
        try:
            validate_timezone(values.timezone.strip())
        except ValidationError as exc:
            add("timezone", " ".join(exc.messages))
    if (values.work_start is None) != (values.work_end is None):
        add("work_end", _("Give both the start and the end of your working hours, or neither."))
    elif (
        values.work_start is not None
        and values.work_end is not None
        and values.work_end <= values.work_start
    ):
        add("work_end", _("The end of your working hours must be after their start."))
    return problems


def member_about_update(
    *,
    member: RosterMember,
    values: AboutYou,
    now: datetime.datetime,
    photo: IO[bytes] | File[bytes] | None = None,
    photo_size: int | None = None,
    remove_photo: bool = False,
) -> RosterMember:
    """Store a member's answers (all at once, or nothing when anything is wrong, the photo
    included). The answers can be changed any time through the same link."""
    problems = about_problems(values)
    prepared = None
    if photo is not None:
        try:
            prepared = photo_prepare(photo, size=photo_size)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                problems.setdefault(field, []).extend(messages)
    if problems:
        raise ValidationError(problems)
    member.ask_me_about = values.ask_me_about.strip()
    member.timezone = values.timezone.strip()
    member.work_start = values.work_start
    member.work_end = values.work_end
    member.about_answered_at = now
    fields = ["ask_me_about", "timezone", "work_start", "work_end", "about_answered_at"]
    if prepared is not None:
        member.photo = prepared
        fields.append("photo")
    elif remove_photo:
        member.photo = None
        fields.append("photo")
    member.save(update_fields=fields)
    return member
