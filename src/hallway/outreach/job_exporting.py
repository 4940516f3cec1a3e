"""Jobs, candidacies and freezes as JSON: what `hallway job … --json` prints (the API
answers the same shapes)."""

from typing import Any

from hallway.outreach.models import Candidacy, Freeze
from hallway.outreach.selectors.jobs import JobRow


def _at(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def job_json(row: JobRow) -> dict[str, Any]:
    order = row.order
    return {
        "id": order.pk,
        "title": order.title,
        "company": order.company.name,
        "company_id": order.company_id,
        "status": order.status,
        "date": order.at.isoformat(),
        "candidates": dict(row.counts),
        "frozen_until": row.freeze.resume_on.isoformat() if row.freeze else None,
    }


def candidacy_json(candidacy: Candidacy) -> dict[str, Any]:
    contact = candidacy.contact
    return {
        "id": candidacy.pk,
        "order_id": candidacy.order_id,
        "contact_id": contact.pk,
        "name": contact.name,
        "email": contact.email,
        "stage": candidacy.stage,
        "stage_changed_at": _at(candidacy.stage_changed_at),
        "recruiter_email": candidacy.owner.email if candidacy.owner else None,
        "last_touch_at": _at(contact.last_touch_at),
        "external_id": candidacy.external_id,
    }


def freeze_json(freeze: Freeze) -> dict[str, Any]:
    return {
        "id": freeze.pk,
        "order_id": freeze.order_id,
        "company_id": freeze.company_id,
        "stages": list(freeze.stages),
        "resume_on": freeze.resume_on.isoformat(),
        "follow_up_on": freeze.resume_on.isoformat(),
        "notified": freeze.notified,
        "created_at": _at(freeze.created_at),
        "reminded_at": _at(freeze.reminded_at),
        "followed_up_at": _at(freeze.followed_up_at),
        "lifted_at": _at(freeze.lifted_at),
    }
