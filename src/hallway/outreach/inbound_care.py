"""An ATS's placements through the signed inbound webhook (see `messaging.inbound`).

`placement.started` records a placement with its check-in plan, creating the client
company and the contractor (a contact of kind "contractor") when they are not known yet
(the contractor by email address, the client by name); the same id again changes nothing.
`placement.ended` ends the placement with that id. A payload that is not right raises
ValidationError: the webhook answers 400 and, all or nothing, nothing is changed.
"""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, User
from hallway.accounts.selectors import member_by_email
from hallway.messaging.inbound import InboundEvent, inbound_event_register
from hallway.outreach.models import Placement
from hallway.outreach.services.care import placement_end, placement_record
from hallway.relationships.interface import (
    Company,
    CompanyKind,
    Contact,
    ContactKind,
    company_save,
    contact_save,
    contacts_by_email,
)

STARTED = "placement.started"
ENDED = "placement.ended"


def _text(payload: dict[str, Any], key: str, *, required: bool = True, limit: int = 200) -> str:
    value = payload.get(key)
    if value in (None, "") and not required:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise ValidationError(
            _("%(field)s: give a text of 1 to %(max)d characters.") % {"field": key, "max": limit}
        )
    return value.strip()


def _date(payload: dict[str, Any], key: str, *, required: bool = True) -> datetime.date | None:
    value = payload.get(key)
    if value is None and not required:
        return None
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValidationError(_("%(field)s: give a date as YYYY-MM-DD.") % {"field": key})


def _object(payload: dict[str, Any], key: str) -> dict[str, Any]:
    value = payload.get(key)
    if not isinstance(value, dict):
        raise ValidationError(_("%(field)s: give an object.") % {"field": key})
    return value


def _company(organisation: Organisation, name: str) -> Company:
    found = (
        Company.objects.filter(organisation=organisation, name__iexact=name).order_by("id").first()
    )
    return found or company_save(
        organisation=organisation, data={"name": name, "kind": CompanyKind.CLIENT}
    )


def _contractor(
    organisation: Organisation, data: dict[str, Any], company: Company
) -> tuple[Contact, bool]:
    name = _text(data, "name")
    email = _text(data, "email", limit=254).lower()
    language = data.get("language") or ""
    if language not in ("", *dict(settings.LANGUAGES)):
        raise ValidationError(_("contractor.language: en, de or nl."))
    found = contacts_by_email(organisation, [email]).get(email)
    if found is not None:
        return found, False
    fields: dict[str, Any] = {"name": name, "email": email, "kind": ContactKind.CONTRACTOR}
    if language:
        fields["language"] = language
    try:
        return contact_save(organisation=organisation, data=fields), True  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ValidationError(
            [
                f"contractor.{field}: {' '.join(messages)}"
                for field, messages in exc.message_dict.items()
            ]
        ) from exc


def _owner(organisation: Organisation, email: str, contractor: Contact) -> User | None:
    """The member named by the ATS, else the contractor's owner (an unknown address is not
    a reason to lose the placement)."""
    member = member_by_email(organisation, email) if email else None
    if member is not None:
        return member
    owner: User | None = contractor.owners.order_by("id").first()
    return owner


def placement_started(
    organisation: Organisation, payload: dict[str, Any], now: datetime.datetime
) -> str:
    external_id = _text(payload, "id", limit=300)
    existing = Placement.objects.filter(organisation=organisation, external_id=external_id).first()
    if existing is not None:
        return _("placement %(id)s known already") % {"id": external_id}
    client = _object(payload, "client")
    contractor_data = _object(payload, "contractor")
    starts_on = _date(payload, "start")
    ends_on = _date(payload, "end", required=False)
    owner_email = _text(payload, "owner_email", required=False, limit=254)
    company = _company(organisation, _text(client, "name"))
    contractor, created = _contractor(organisation, contractor_data, company)
    assert starts_on is not None
    try:
        placement = placement_record(
            organisation=organisation,
            contractor=contractor,
            company=company,
            starts_on=starts_on,
            ends_on=ends_on,
            owner=_owner(organisation, owner_email, contractor),
            now=now,
            external_id=external_id,
        )
    except ValidationError as exc:
        raise ValidationError(
            [f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items()]
        ) from exc
    return _("placement %(id)s recorded with %(count)d check-ins%(new)s") % {
        "id": placement.pk,
        "count": placement.check_ins.count(),
        "new": _(", new contractor") if created else "",
    }


def placement_ended(
    organisation: Organisation, payload: dict[str, Any], now: datetime.datetime
) -> str:
    external_id = _text(payload, "id", limit=300)
    ended_on = _date(payload, "end")
    assert ended_on is not None
    placement = Placement.objects.filter(organisation=organisation, external_id=external_id).first()
    if placement is None:
        raise ValidationError(_("No placement with the id %(id)s.") % {"id": external_id})
    try:
        placement_end(placement=placement, ended_on=ended_on, now=now)
    except ValidationError as exc:
        raise ValidationError(" ".join(exc.messages)) from exc
    return _("placement %(id)s ended") % {"id": placement.pk}


inbound_event_register(
    InboundEvent(
        STARTED,
        placement_started,
        example={
            "event": STARTED,
            "id": "pl-4711",
            "contractor": {"name": "Lena Fischer", "email": "lena@example.com", "language": "de"},
            "client": {"name": "Brightside GmbH"},
            "start": "2026-10-01",
            "end": "2027-03-31",
            "owner_email": "recruiter@example.com",
        },
    )
)
inbound_event_register(
    InboundEvent(
        ENDED,
        placement_ended,
        example={"event": ENDED, "id": "pl-4711", "end": "2027-02-28"},
    )
)
