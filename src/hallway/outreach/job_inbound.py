"""An ATS drives candidate updates through the signed webhook: "candidate.stage_changed"
(puts the candidate on the job at the stage, telling them when `notify` is true) and
"order.created" (records the job). A client, job or candidate not in the book yet is
recorded: the client by name, the job by its external id (else its title among the
client's live jobs), the candidate by any of their email addresses.

A payload that cannot be read is refused with every problem (a 400, nothing recorded); an
unknown recruiter is not: the candidate is recorded without one, and the note says so.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, User
from hallway.accounts.selectors import member_by_email
from hallway.core.timezones import organisation_today
from hallway.messaging.inbound import InboundEvent, inbound_event_register
from hallway.outreach.models import Candidacy, Stage
from hallway.outreach.services.candidates import (
    candidacy_add,
    candidacy_notify,
    candidacy_stage_set,
)
from hallway.outreach.services.freezes import LIVE_ORDER_STATUSES
from hallway.relationships.interface import (
    Company,
    CompanyKind,
    ContactKind,
    Order,
    OrderStatus,
    company_save,
    contact_save,
    contacts_by_email,
    order_record,
)

LANGUAGES = ("en", "de", "nl")


def _text(value: Any, limit: int = 200) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return ""
    return " ".join(str(value).split())[:limit]


def _object(payload: dict[str, Any], key: str, problems: dict[str, str]) -> dict[str, Any]:
    value = payload.get(key)
    if not isinstance(value, dict):
        problems[key] = _("“%(key)s” must be an object.") % {"key": key}
        return {}
    return value


def _company(organisation: Organisation, name: str) -> Company:
    found = Company.objects.filter(organisation=organisation, name__iexact=name).order_by("id")
    return found.first() or company_save(
        organisation=organisation, data={"name": name, "kind": CompanyKind.CLIENT}
    )


def _order(
    organisation: Organisation, company: Company, title: str, external_id: str, at: datetime.date
) -> Order:
    if not external_id:
        found = (
            Order.objects.filter(
                company=company, title__iexact=title, status__in=LIVE_ORDER_STATUSES
            )
            .order_by("-at", "-id")
            .first()
        )
        if found is not None:
            return found
    return order_record(
        organisation=organisation, company=company, title=title, at=at, external_id=external_id
    )


def _recruiter(organisation: Organisation, email: str) -> User | None:
    return member_by_email(organisation, email) if email else None


def stage_changed(
    organisation: Organisation, payload: dict[str, Any], now: datetime.datetime
) -> str:
    problems: dict[str, str] = {}
    job = _object(payload, "job", problems)
    person = _object(payload, "candidate", problems)
    title = _text(job.get("title"))
    external_id = _text(job.get("external_id"), 300)
    company_name = _text(job.get("company"))
    if job and not company_name:
        problems["job.company"] = _("Name the client: job.company.")
    if job and not title and not external_id:
        problems["job.title"] = _("Name the job: job.title or job.external_id.")
    email = _text(person.get("email"), 254).lower()
    name = _text(person.get("name")) or email
    if person:
        try:
            validate_email(email)
        except ValidationError:
            problems["candidate.email"] = _("A candidate's email address is needed.")
    language = _text(person.get("language"), 8).lower()[:2]
    if language and language not in LANGUAGES:
        language = ""  # an ATS's language we do not write in: the client's or ours
    stage = _text(payload.get("stage"), 20).lower()
    if stage not in Stage.values:
        problems["stage"] = _("“stage” must be one of: %(stages)s.") % {
            "stages": ", ".join(Stage.values)
        }
    if problems:
        raise ValidationError(problems)
    today = organisation_today(organisation, now)
    company = _company(organisation, company_name)
    order = None
    if external_id:
        order = Order.objects.filter(company=company, external_id=external_id).first()
    if order is None:
        if not title:
            raise ValidationError(
                {"job.title": _("No job with this external id yet: send its title too.")}
            )
        order = _order(organisation, company, title, external_id, today)
    contact = contacts_by_email(organisation, [email]).get(email)
    if contact is None:
        data: dict[str, Any] = {
            "name": name,
            "email": email,
            "kind": ContactKind.CANDIDATE,
            "source": _("ATS webhook"),
        }
        if language:
            data["language"] = language
        contact = contact_save(organisation=organisation, data=data)  # type: ignore[arg-type]
    recruiter_email = _text(payload.get("recruiter_email"), 254)
    recruiter = _recruiter(organisation, recruiter_email)
    notify = payload.get("notify") is True
    existing = Candidacy.objects.filter(order=order, contact=contact).first()
    note = ""
    if existing is None:
        candidacy = candidacy_add(
            order=order,
            contact=contact,
            stage=stage,
            owner=recruiter,
            now=now,
            external_id=_text(payload.get("id"), 300),
        )
        candidacy = Candidacy.objects.select_related(
            "contact__company", "order__company", "owner", "organisation"
        ).get(pk=candidacy.pk)
        told = candidacy_notify(candidacy=candidacy, now=now, by=recruiter) if notify else None
        note = f"candidacy {candidacy.pk} added at {stage}"
    else:
        candidacy = existing
        if recruiter is not None and candidacy.owner_id is None:
            Candidacy.objects.filter(pk=candidacy.pk).update(owner=recruiter)
            candidacy.owner = recruiter
        told = candidacy_stage_set(
            candidacy=candidacy, stage=stage, now=now, notify=notify, by=recruiter
        )
        note = f"candidacy {candidacy.pk} at {stage}"
    if told is not None:
        note += ", candidate told"
    if recruiter_email and recruiter is None:
        note += f", recruiter {recruiter_email} is not a member"
    return note


def order_created(
    organisation: Organisation, payload: dict[str, Any], now: datetime.datetime
) -> str:
    problems: dict[str, str] = {}
    raw_company = payload.get("company")
    company_name = (
        _text(raw_company.get("name")) if isinstance(raw_company, dict) else _text(raw_company)
    )
    if not company_name:
        problems["company"] = _("Name the client: “company” (or company.name).")
    title = _text(payload.get("title"))
    if not title:
        problems["title"] = _("Name the job: “title”.")
    external_id = _text(payload.get("id"), 300)
    if not external_id:
        problems["id"] = _("The job's id in your system is needed: “id”.")
    status = _text(payload.get("status"), 20).lower() or OrderStatus.OPEN
    if status not in OrderStatus.values:
        problems["status"] = _("“status” must be one of: %(statuses)s.") % {
            "statuses": ", ".join(OrderStatus.values)
        }
    at = organisation_today(organisation, now)
    if payload.get("date") is not None:
        try:
            at = datetime.date.fromisoformat(_text(payload.get("date"), 10))
        except ValueError:
            problems["date"] = _("“date” must be YYYY-MM-DD.")
    if problems:
        raise ValidationError(problems)
    company = _company(organisation, company_name)
    before = Order.objects.filter(company=company, external_id=external_id).first()
    order = before or order_record(
        organisation=organisation,
        company=company,
        title=title,
        at=at,
        status=status,
        external_id=external_id,
    )
    return f"order {order.pk} {'known' if before else 'recorded'}"


inbound_event_register(
    InboundEvent(
        "candidate.stage_changed",
        stage_changed,
        example={
            "event": "candidate.stage_changed",
            "id": "application-8812",
            "job": {"external_id": "job-311", "title": "Backend Engineer", "company": "Lakeshore"},
            "candidate": {"name": "Lena Vogel", "email": "lena@example.com", "language": "de"},
            "stage": "interview",
            "recruiter_email": "anna@agency.example",
            "notify": True,
        },
    )
)
inbound_event_register(
    InboundEvent(
        "order.created",
        order_created,
        example={
            "event": "order.created",
            "id": "job-311",
            "company": {"name": "Lakeshore", "external_id": "client-42"},
            "title": "Backend Engineer",
            "date": "2026-12-01",
            "status": "open",
        },
    )
)
