import datetime

from django.db.models import Q, QuerySet

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.audit.models import AuditEvent


def audit_search(
    *,
    organisation: Organisation,
    action: str = "",
    q: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """The organisation's events, newest first, filtered. Dates are whole days in UTC."""
    events = scoped(AuditEvent, organisation)
    if action:
        events = events.filter(action=action)
    if q:
        events = events.filter(Q(actor_label__icontains=q) | Q(target__icontains=q))
    if since:
        events = events.filter(created_at__date__gte=since)
    if until:
        events = events.filter(created_at__date__lte=until)
    return events.order_by("-created_at", "-id")
