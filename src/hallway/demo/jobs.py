"""The demo's jobs: two open jobs of clients with candidates at every open stage, and a
hiring freeze on the first, its candidates told, with a resume date three weeks ahead
(what `hallway job freeze` would have done). Idempotent: the jobs are found by their
external ids, candidacies by job and contact, and a job keeps its one freeze."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from hallway.accounts.models import Membership, Organisation, Role
from hallway.outreach.models import Candidacy, Freeze, Stage
from hallway.outreach.services.candidates import candidacy_add
from hallway.outreach.services.freezes import freeze_announce
from hallway.relationships.interface import (
    Company,
    CompanyKind,
    Contact,
    ContactKind,
    Order,
    order_record,
)

JOBS = (
    ("demo-job-backend", "Backend Engineer"),
    ("demo-job-data", "Data Analyst"),
)
STAGES = (
    (Stage.APPLIED, Stage.APPLIED, Stage.SCREENING, Stage.SCREENING, Stage.INTERVIEW),
    (Stage.APPLIED, Stage.SCREENING, Stage.OFFER),
)
FREEZE_DAYS = 21


@dataclass(frozen=True)
class JobsSummary:
    jobs: int
    candidacies: int
    frozen: int
    told: int


def demo_jobs_seed(*, organisation: Organisation, today: datetime.date) -> JobsSummary:
    clients = list(
        Company.objects.filter(organisation=organisation, kind=CompanyKind.CLIENT).order_by(
            "name", "id"
        )[: len(JOBS)]
    )
    candidates = list(
        Contact.objects.filter(organisation=organisation, kind=ContactKind.CANDIDATE)
        .exclude(email="")
        .order_by("id")[: sum(len(stages) for stages in STAGES)]
    )
    organiser = (
        Membership.objects.filter(organisation=organisation, role=Role.ORGANISER)
        .select_related("user")
        .order_by("id")
        .first()
    )
    by = organiser.user if organiser else None
    zone = ZoneInfo(organisation.timezone)
    now = datetime.datetime.combine(today, datetime.time(9, 0), tzinfo=zone)
    orders: list[Order] = []
    for (external_id, title), company, stages in zip(JOBS, clients, STAGES, strict=False):
        order = order_record(
            organisation=organisation,
            company=company,
            title=title,
            at=today - datetime.timedelta(days=20),
            external_id=external_id,
            by=by,
            relearn_rhythm=False,
        )
        orders.append(order)
        for stage in stages:
            if not candidates:
                break
            contact = candidates.pop(0)
            candidacy_add(
                order=order,
                contact=contact,
                stage=stage,
                owner=contact.owners.order_by("id").first() or by,
                now=now - datetime.timedelta(days=12),
            )
    if orders and not Freeze.objects.filter(order=orders[0]).exists():
        freeze_announce(
            organisation=organisation,
            order=orders[0],
            stages=[Stage.APPLIED, Stage.SCREENING],
            resume_on=today + datetime.timedelta(days=FREEZE_DAYS),
            by=by,
            # Two days ago: the demo's outreach then plays its messages as sent.
            now=now - datetime.timedelta(days=2),
        )
    freezes = Freeze.objects.filter(organisation=organisation, order__in=orders)
    return JobsSummary(
        jobs=len(orders),
        candidacies=Candidacy.objects.filter(order__in=orders).count(),
        frozen=freezes.count(),
        told=sum(freeze.notified for freeze in freezes),
    )
