"""Recording touches: every interaction with contacts, whoever had it and wherever it was
seen (the UI, the API, an import, a calendar feed, a mailbox, a coffee date, a gathering).

A touch resets every keep-in-touch cadence it involves, for everyone in the organisation:
`last_touch_at` of its contacts and of their companies moves forward (never back, so an
old touch imported late changes nothing that a newer one already set).
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, User
from hallway.relationships.models import (
    Company,
    Contact,
    Direction,
    Touch,
    TouchKind,
    TouchSource,
)


def _advance(queryset: QuerySet[Contact] | QuerySet[Company], at: datetime.datetime) -> None:
    queryset.filter(Q(last_touch_at__isnull=True) | Q(last_touch_at__lt=at)).update(
        last_touch_at=at
    )


def touch_record(
    *,
    organisation: Organisation,
    kind: str,
    at: datetime.datetime,
    contacts: Iterable[Contact] = (),
    company: Company | None = None,
    by: User | None = None,
    summary: str = "",
    source: str = TouchSource.UI,
    direction: str = Direction.NONE,
    external_id: str = "",
) -> Touch:
    """Record one touch and move the rhythms it resets.

    `at` must be aware. With no `company`, a touch whose contacts all belong to one company
    is that company's. A touch with an `external_id` already recorded for this source is
    not recorded again: the existing one is returned.
    """
    contacts = list(contacts)
    if kind not in TouchKind.values:
        raise ValidationError({"kind": _("Choose one of the kinds of touch.")})
    if at.tzinfo is None:
        raise ValidationError({"at": _("Give the time with its time zone.")})
    if not contacts and company is None:
        raise ValidationError({"contacts": _("A touch needs a contact or a company.")})
    if any(contact.organisation_id != organisation.pk for contact in contacts) or (
        company is not None and company.organisation_id != organisation.pk
    ):
        raise ValidationError({"contacts": _("Choose contacts from this organisation.")})
    if company is None:
        companies = {contact.company_id for contact in contacts}
        if len(companies) == 1 and None not in companies:
            company = contacts[0].company
    if external_id:
        existing = Touch.objects.filter(
            organisation=organisation, source=source, external_id=external_id
        ).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            touch = Touch.objects.create(
                organisation=organisation,
                kind=kind,
                at=at,
                by=by,
                company=company,
                summary=summary.strip(),
                source=source,
                direction=direction,
                external_id=external_id,
            )
            if contacts:
                touch.contacts.set(contacts)
            _advance(Contact.objects.filter(pk__in=[contact.pk for contact in contacts]), at)
            company_ids = {c.company_id for c in contacts if c.company_id is not None}
            if company is not None:
                company_ids.add(company.pk)
            _advance(Company.objects.filter(pk__in=company_ids), at)
    except IntegrityError:
        # Two readers of the same feed raced: the unique constraint chose one.
        if not external_id:
            raise
        return Touch.objects.get(organisation=organisation, source=source, external_id=external_id)
    return touch
