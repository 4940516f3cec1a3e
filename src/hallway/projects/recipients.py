"""Whom a project's invitations go to: one place for every message it sends (1:1s, the
kickoff, the welcome, the meeting series)."""

from hallway.messaging.models import RecipientKind
from hallway.messaging.services import Recipient
from hallway.projects.models import Project, RosterMember
from hallway.projects.selectors.roster import member_language, member_zone


def member_recipient(member: RosterMember, project: Project) -> Recipient:
    """A roster member by email, in their own language and zone (ours as directory people,
    theirs as contacts)."""
    organisation = project.organisation
    person = member.person
    return Recipient(
        address=member.email,
        kind=RecipientKind.PERSON if person is not None else RecipientKind.CONTACT,
        person=person,
        ref=str(person.pk if person is not None else member.contact_id),
        name=member.name,
        language=member_language(member, organisation),
        timezone=member_zone(member, organisation),
    )
