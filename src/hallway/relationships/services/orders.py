"""Recording orders: a client's requests for work, the heartbeat of its own rhythm."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.timezone import now
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, User
from hallway.core.timezones import organisation_today
from hallway.relationships.models import Company, Contact, Order, OrderStatus
from hallway.relationships.services.rhythms import company_rhythm_refresh


def order_record(
    *,
    organisation: Organisation,
    company: Company,
    title: str,
    at: datetime.date,
    status: str = OrderStatus.OPEN,
    contact: Contact | None = None,
    by: User | None = None,
    external_id: str = "",
    relearn_rhythm: bool = True,
) -> Order:
    """Record an order (an existing one with the same `external_id` is returned as it is).

    The company's rhythm is learned again at once; an import of many orders passes
    `relearn_rhythm=False` and calls `rhythms_recount` once at the end instead."""
    if company.organisation_id != organisation.pk or (
        contact is not None and contact.organisation_id != organisation.pk
    ):
        raise ValidationError({"company_id": _("Choose a company from this organisation.")})
    if external_id:
        existing = Order.objects.filter(company=company, external_id=external_id).first()
        if existing is not None:
            return existing
    order = Order(
        organisation=organisation,
        company=company,
        title=" ".join(title.split()),
        at=at,
        status=status,
        contact=contact,
        created_by=by,
        external_id=external_id,
    )
    order.full_clean(exclude=["organisation", "company", "contact", "created_by"])
    with transaction.atomic():
        order.save()
        Company.objects.filter(pk=company.pk).filter(
            Q(last_order_on__isnull=True) | Q(last_order_on__lt=at)
        ).update(last_order_on=at)
        # A new order changes the company's own rhythm: learn it again now, not tonight.
        if relearn_rhythm:
            company.refresh_from_db(fields=["last_order_on"])
            company_rhythm_refresh(company=company, today=organisation_today(organisation, now()))
    return order
