"""Reads for the jobs pages, API and command: open jobs with their candidates per stage,
a job's candidates with their last news, and the freezes."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

from hallway.accounts.models import Organisation
from hallway.outreach.models import Candidacy, Freeze, Stage
from hallway.outreach.services.freezes import LIVE_ORDER_STATUSES, freezes_active
from hallway.relationships.interface import Order


def jobs_of(organisation: Organisation) -> QuerySet[Order]:
    """The organisation's live jobs (open or on hold), newest first."""
    return (
        Order.objects.filter(organisation=organisation, status__in=LIVE_ORDER_STATUSES)
        .select_related("company")
        .order_by("-at", "-id")
    )


def candidacies_of(order: Order) -> QuerySet[Candidacy]:
    """A job's candidates by name, with what their texts and last news need."""
    return (
        Candidacy.objects.filter(organisation_id=order.organisation_id, order=order)
        .select_related("contact__company", "order__company", "owner", "organisation")
        .order_by("contact__name", "id")
    )


@dataclass
class JobRow:
    order: Order
    counts: dict[str, int] = field(default_factory=dict)
    freeze: Freeze | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def stage_counts(self) -> list[tuple[Any, int]]:
        return [
            (label, self.counts[value]) for value, label in Stage.choices if self.counts.get(value)
        ]


def job_rows(organisation: Organisation, limit: int = 200) -> list[JobRow]:
    """Live jobs with their candidates per stage and the freeze over each, if any."""
    orders = list(jobs_of(organisation)[:limit])
    rows = {order.pk: JobRow(order) for order in orders}
    counts = (
        Candidacy.objects.filter(organisation=organisation, order_id__in=list(rows))
        .values("order_id", "stage")
        .annotate(n=Count("id"))
    )
    for row in counts:
        rows[row["order_id"]].counts[row["stage"]] = row["n"]
    active = list(freezes_active(organisation))
    for job in rows.values():
        for freeze in active:
            if freeze.order_id == job.order.pk or freeze.company_id == job.order.company_id:
                job.freeze = freeze
                break
    return list(rows.values())


def freezes_of(organisation: Organisation) -> QuerySet[Freeze]:
    return (
        Freeze.objects.filter(organisation=organisation)
        .select_related("order__company", "company")
        .order_by("-created_at", "-id")
    )
