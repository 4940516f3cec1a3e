"""The project's signed links for people without a login: the card, and "tell us about
yourself".

A card link carries the project and its `card_version`; raising the version
(`services.projects.project_card_revoke`) makes every card link shared so far stop working.
An about-you link carries the roster member and the project; it is not single-use, so the
answers can be changed later through the same link. Each kind has its own salt, so one can
never stand in for the other (nor for messaging's links).
"""

import datetime
from dataclasses import dataclass

from django.core import signing
from django.urls import reverse

from hallway.accounts.links import InvalidLink, LinkProblem, absolute_url
from hallway.projects.models import Project, RosterMember

CARD_SALT = "hallway.projects.card"
ABOUT_SALT = "hallway.projects.about"
# Long: the client keeps the card for the project's life; revoking is the way to end it.
CARD_VALID_FOR = datetime.timedelta(days=365)
ABOUT_VALID_FOR = datetime.timedelta(days=120)


def card_token(project: Project) -> str:
    payload = {"o": project.organisation_id, "p": project.pk, "v": project.card_version}
    return signing.dumps(payload, salt=CARD_SALT, compress=True)


def card_url(project: Project) -> str:
    return absolute_url(reverse("projects:card_public", kwargs={"token": card_token(project)}))


def card_project(token: str) -> Project:
    """The project a card link shows; InvalidLink when forged, altered, expired or revoked
    (all alike to the visitor)."""
    try:
        payload = signing.loads(token, salt=CARD_SALT, max_age=CARD_VALID_FOR)
    except signing.SignatureExpired as exc:
        raise InvalidLink(LinkProblem.EXPIRED) from exc
    except signing.BadSignature as exc:
        raise InvalidLink(LinkProblem.INVALID) from exc
    try:
        organisation_id, project_id, version = int(payload["o"]), int(payload["p"]), payload["v"]
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidLink(LinkProblem.INVALID) from exc
    project = (
        Project.objects.filter(pk=project_id, organisation_id=organisation_id)
        .select_related("organisation", "company")
        .first()
    )
    if project is None or project.card_version != version:
        raise InvalidLink(LinkProblem.INVALID)
    return project


@dataclass(frozen=True)
class AboutLink:
    member: RosterMember
    project: Project


def about_token(member: RosterMember) -> str:
    payload = {"o": member.organisation_id, "p": member.project_id, "m": member.pk}
    return signing.dumps(payload, salt=ABOUT_SALT, compress=True)


def about_url(member: RosterMember, *, language: str) -> str:
    return absolute_url(
        reverse("projects:about_you", kwargs={"language": language, "token": about_token(member)})
    )


def about_member(token: str) -> AboutLink:
    """The roster member an about-you link is for; InvalidLink when forged, altered, expired,
    or when they are no longer on the project."""
    try:
        payload = signing.loads(token, salt=ABOUT_SALT, max_age=ABOUT_VALID_FOR)
    except signing.SignatureExpired as exc:
        raise InvalidLink(LinkProblem.EXPIRED) from exc
    except signing.BadSignature as exc:
        raise InvalidLink(LinkProblem.INVALID) from exc
    try:
        organisation_id, project_id = int(payload["o"]), int(payload["p"])
        member_id = int(payload["m"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidLink(LinkProblem.INVALID) from exc
    member = (
        RosterMember.objects.filter(
            pk=member_id, project_id=project_id, organisation_id=organisation_id
        )
        .select_related("project__organisation", "person", "contact__company")
        .first()
    )
    if member is None:
        raise InvalidLink(LinkProblem.INVALID)
    return AboutLink(member=member, project=member.project)
