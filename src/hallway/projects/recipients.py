"""Who a project's invitations come from and go to: one place for every message it sends
(1:1s, the kickoff, the welcome, the meeting series)."""

from email.utils import parseaddr

from django.conf import settings

from hallway.messaging.models import RecipientKind
from hallway.messaging.services import Recipient
from hallway.projects.models import Project, RosterMember
from hallway.projects.selectors.roster import member_language, member_zone


def organizer() -> dict[str, str]:
    """The ORGANIZER of every calendar event: the installation's sender."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return {"name": name or "Hallway", "email": address or "hallway@localhost"}


def organizer_domain() -> str:
    """The right-hand side of event UIDs."""
    return organizer()["email"].rsplit("@", 1)[-1] or "hallway.localhost"


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
