"""Writing personal details and notes. Only their author changes or deletes them; who may
read them is decided in `relationships.selectors.visibility` alone."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, User
from hallway.relationships.models import Company, Contact, Detail, Note, Visibility


def _check(organisation: Organisation, *objects: Contact | Company | None) -> None:
    if any(obj is not None and obj.organisation_id != organisation.pk for obj in objects):
        raise ValidationError(_("Choose a contact or company from this organisation."))


def _own(item: Note | Detail, user: User) -> None:
    if item.author_id != user.pk:
        raise PermissionDenied("only the author changes a note or detail")


def note_save(
    *,
    organisation: Organisation,
    author: User,
    text: str,
    visibility: str = Visibility.PRIVATE,
    contact: Contact | None = None,
    company: Company | None = None,
    note: Note | None = None,
) -> Note:
    """Write a new note about `contact` or `company`, or change the author's `note`."""
    if note is None:
        _check(organisation, contact, company)
        if contact is None and company is None:
            raise ValidationError(_("A note is about a contact or a company."))
        note = Note(organisation=organisation, author=author, contact=contact, company=company)
    else:
        _own(note, author)
    note.text = text.strip()
    note.visibility = visibility
    note.full_clean(exclude=["organisation", "author", "contact", "company"])
    note.save()
    return note


def note_delete(*, note: Note, by: User) -> None:
    _own(note, by)
    note.delete()


def detail_save(
    *,
    organisation: Organisation,
    author: User,
    contact: Contact,
    text: str,
    ask_next_time: bool = False,
    due_on: datetime.date | None = None,
    sensitive: bool = False,
    visibility: str = Visibility.PRIVATE,
) -> Detail:
    """Remember a personal detail about `contact` (optionally to ask about next time)."""
    _check(organisation, contact)
    detail = Detail(
        organisation=organisation,
        author=author,
        contact=contact,
        text=" ".join(text.split()),
        ask_next_time=ask_next_time or due_on is not None,
        due_on=due_on,
        sensitive=sensitive,
        visibility=visibility,
    )
    detail.full_clean(exclude=["organisation", "author", "contact"])
    detail.save()
    return detail


def detail_mark_asked(*, detail: Detail, by: User, at: datetime.datetime | None = None) -> Detail:
    """Record that the question was asked: it leaves every "ask next time" list. Anyone
    who may see the detail may say so (a colleague may have had the call)."""
    if detail.asked_at is None:
        detail.asked_at = at or timezone.now()
        detail.save(update_fields=["asked_at", "updated_at"])
    return detail


def detail_delete(*, detail: Detail, by: User) -> None:
    _own(detail, by)
    detail.delete()
