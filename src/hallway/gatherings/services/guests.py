"""Who comes to a gathering: inviting colleagues, contacts and attendee lists, answers,
the capacity and its waitlist.

Hosts and the senior guest are guests too but take no seat: the capacity counts the
invited guests who have not said no. Beyond it, guests join the waitlist in the order they
were invited; a "no" frees a seat for the first in line, who gets the invitation then.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.accounts.models import User
from hallway.accounts.tenancy import scoped
from hallway.core.validators import known_timezones
from hallway.gatherings.models import SEATED, Gathering, Guest, GuestRole, GuestStatus
from hallway.gatherings.services.invitations import (
    host_names,
    invitation_send,
    waitlisted_send,
)
from hallway.people.models import Person, PersonStatus
from hallway.relationships.interface import (
    Attendee,
    Contact,
    attendees_import_apply,
    contacts_by_email,
)


@dataclass(frozen=True)
class Invitee:
    """Someone to invite: a colleague or a contact (with what they like to talk about)."""

    person: Person | None = None
    contact: Contact | None = None
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class InviteResult:
    invited: int
    waitlisted: int
    created_contacts: int
    already: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "invited": self.invited,
            "waitlisted": self.waitlisted,
            "created_contacts": self.created_contacts,
        }


def _identity(gathering: Gathering, invitee: Invitee) -> tuple[str, str, str, str]:
    """(name, email, language, zone) the invitation uses."""
    organisation = gathering.organisation
    if invitee.person is not None:
        person = invitee.person
        return person.name, person.email, person.preferred_language, person.timezone
    contact = invitee.contact
    assert contact is not None
    return (
        contact.name,
        contact.email,
        contact.effective("language") or gathering.language or organisation.language,
        contact.effective("timezone") or organisation.timezone,
    )


def invitees_by_email(
    *, gathering: Gathering, emails: list[str], source: str
) -> tuple[list[Invitee], int]:
    """Colleagues (by their directory address) or contacts for `emails`; an address nobody
    has becomes a new attendee contact. Returns the invitees and how many contacts were made."""
    organisation = gathering.organisation
    wanted = [email.strip().lower() for email in emails if email.strip()]
    problems = [email for email in wanted if "@" not in email or " " in email]
    if problems:
        raise ValidationError(
            _("Not email addresses: %(emails)s") % {"emails": ", ".join(problems)}
        )
    people = {
        person.email.lower(): person
        for person in scoped(Person, organisation)
        .filter(email__in=wanted)
        .exclude(status=PersonStatus.LEFT)
    }
    contacts = contacts_by_email(organisation, [email for email in wanted if email not in people])
    invitees, created = [], 0
    for email in dict.fromkeys(wanted):
        if email in people:
            invitees.append(Invitee(person=people[email]))
            continue
        contact = contacts.get(email)
        if contact is None:
            contact = Contact.objects.create(
                organisation=organisation,
                name=email.split("@", 1)[0].replace(".", " ").title()[:200],
                email=email,
                kind="attendee",
                source=source[:200],
            )
            created += 1
        invitees.append(Invitee(contact=contact))
    return invitees, created


def invitees_by_keys(*, gathering: Gathering, keys: list[str]) -> list[Invitee]:
    """The people the picker's boxes name ("person-12", "contact-7"), of this organisation
    only; a key that names nobody here raises ValidationError."""
    wanted: dict[str, set[int]] = {"person": set(), "contact": set()}
    for key in keys:
        kind, _dash, number = key.partition("-")
        if kind not in wanted or not number.isdigit():
            raise ValidationError(_("Choose people from the list."))
        wanted[kind].add(int(number))
    organisation = gathering.organisation
    people = (
        scoped(Person, organisation)
        .filter(pk__in=wanted["person"])
        .exclude(status=PersonStatus.LEFT)
    )
    contacts = scoped(Contact, organisation).filter(pk__in=wanted["contact"])
    found = [Invitee(person=person) for person in people] + [
        Invitee(contact=contact) for contact in contacts
    ]
    if len(found) != len(wanted["person"]) + len(wanted["contact"]):
        raise ValidationError(_("Choose people from the list."))
    return found


def invitees_from_file(
    *, gathering: Gathering, filename: str, content: bytes, actor: User | None
) -> tuple[list[Invitee], int]:
    """The people of an attendee list (see `relationships.interface.attendees_import_apply`);
    ImportRejected with every problem by row, and nothing written, when a row is wrong."""
    attendees: list[Attendee] = attendees_import_apply(
        organisation=gathering.organisation,
        filename=filename,
        content=content,
        source=attendee_source(gathering),
        actor=actor,
    )
    invitees = [Invitee(contact=a.contact, topics=a.topics) for a in attendees]
    return invitees, sum(a.created for a in attendees)


def attendee_source(gathering: Gathering) -> str:
    return _("attendee list of %(title)s") % {"title": gathering.title}


def _free_seats(gathering: Gathering) -> int:
    taken = gathering.guests.filter(role=GuestRole.GUEST, status__in=SEATED).count()
    return max(gathering.capacity - taken, 0)


def _next_position(gathering: Gathering) -> int:
    last = gathering.guests.aggregate(last=Max("waitlist_position"))["last"]
    return (last or 0) + 1


@transaction.atomic
def guests_invite(
    *,
    gathering: Gathering,
    invitees: list[Invitee],
    by: User | None,
    role: str = GuestRole.GUEST,
    created_contacts: int = 0,
    joins_after: int | None = None,
    leaves_after: int | None = None,
    senior_text: str | None = None,
    now: datetime.datetime | None = None,
) -> InviteResult:
    """Invite `invitees` (in order) and send their invitations: seats first, then the
    waitlist. Someone already on the guest list is left as they are. A senior guest's
    invitation carries `senior_text` (kept on the gathering) instead of the invitation text."""
    now = now or timezone.now()
    gathering = Gathering.objects.select_for_update().get(pk=gathering.pk)
    if role == GuestRole.SENIOR and senior_text is not None:
        gathering.senior_text = senior_text.strip()[:4000]
        gathering.save(update_fields=["senior_text", "updated_at"])
    if gathering.status != "scheduled":
        raise ValidationError(_("This gathering is cancelled."))
    if gathering.starts_at <= now:
        raise ValidationError(_("This gathering has started already."))
    known = {email.lower() for email in gathering.guests.values_list("email", flat=True)}
    free = _free_seats(gathering)
    position = _next_position(gathering)
    hosts = host_names(gathering)
    invited = waitlisted = already = 0
    for invitee in invitees:
        name, email, language, zone = _identity(gathering, invitee)
        if email.lower() in known:
            already += 1
            continue
        known.add(email.lower())
        seated = role != GuestRole.GUEST or free > 0
        guest = Guest.objects.create(
            organisation=gathering.organisation,
            gathering=gathering,
            person=invitee.person,
            contact=invitee.contact,
            name=name,
            email=email,
            language=language,
            timezone=zone if zone in known_timezones() else gathering.organisation.timezone,
            topics=", ".join(invitee.topics)[:300],
            role=role,
            joins_after=joins_after,
            leaves_after=leaves_after,
            status=GuestStatus.INVITED if seated else GuestStatus.WAITLISTED,
            waitlist_position=None if seated else position,
            invited_by=by,
            invited_at=now,
        )
        if seated:
            if role == GuestRole.GUEST:
                free -= 1
            invited += 1
            invitation_send(gathering=gathering, guest=guest, hosts=hosts)
        else:
            position += 1
            waitlisted += 1
            waitlisted_send(gathering=gathering, guest=guest, hosts=hosts)
    return InviteResult(
        invited=invited, waitlisted=waitlisted, created_contacts=created_contacts, already=already
    )


@transaction.atomic
def guest_answer(*, guest: Guest, answer: str, now: datetime.datetime | None = None) -> Guest:
    """Record a guest's yes, no or maybe. A waitlisted guest's yes keeps their place in line
    (no seat is free); a no from a seated guest gives the seat to the first in line, who is
    invited then."""
    if answer not in (GuestStatus.YES, GuestStatus.NO, GuestStatus.MAYBE):
        raise ValidationError(_("Answer yes, no or maybe."))
    gathering = Gathering.objects.select_for_update().get(pk=guest.gathering_id)
    guest = Guest.objects.get(pk=guest.pk)
    if gathering.status != "scheduled":
        raise ValidationError(_("This gathering is cancelled."))
    now = now or timezone.now()
    if guest.status == GuestStatus.WAITLISTED and answer != GuestStatus.NO:
        guest.answered_at = now
        guest.save(update_fields=["answered_at"])
        return guest
    freed = guest.role == GuestRole.GUEST and guest.seated and answer == GuestStatus.NO
    guest.status = answer
    guest.waitlist_position = None
    guest.answered_at = now
    guest.save(update_fields=["status", "waitlist_position", "answered_at"])
    if freed:
        _promote(gathering, now)
    return guest


def _promote(gathering: Gathering, now: datetime.datetime) -> None:
    """Give free seats to the first in line, and send them the invitation."""
    free = _free_seats(gathering)
    if free <= 0 or gathering.starts_at <= now:
        return
    hosts = host_names(gathering)
    line = gathering.guests.filter(status=GuestStatus.WAITLISTED).order_by("waitlist_position")
    for guest in line[:free]:
        guest.status = GuestStatus.INVITED
        guest.waitlist_position = None
        guest.save(update_fields=["status", "waitlist_position"])
        invitation_send(gathering=gathering, guest=guest, hosts=hosts, what="promoted")
