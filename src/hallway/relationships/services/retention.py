"""Retention: contacts nobody has touched for the organisation's `retention_months` are
listed for review; whoever reviews keeps one (it gets a fresh `kept_on` day) or erases it;
the nightly job erases those still untouched `retention_grace_days` after they were listed.

The day a contact was last heard of is its last touch, else the day it was kept, else the
day it was created, whichever is latest.
"""

import calendar
import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.relationships.models import Contact, RelationshipSettings
from hallway.relationships.selectors.settings import relationship_settings
from hallway.relationships.services.privacy import contact_erase


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier (later if negative; the month's last day where it is
    shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _silent_since(organisation: Organisation, cutoff: datetime.date) -> QuerySet[Contact]:
    """Contacts with nothing (touch, keep, creation) on or after `cutoff`."""
    moment = datetime.datetime.combine(cutoff, datetime.time.min, tzinfo=datetime.UTC)
    return scoped(Contact, organisation).filter(
        Q(last_touch_at__lt=moment) | Q(last_touch_at__isnull=True, created_at__lt=moment),
        Q(kept_on__isnull=True) | Q(kept_on__lt=cutoff),
    )


def contacts_for_review(*, organisation: Organisation, today: datetime.date) -> QuerySet[Contact]:
    """The contacts due for review, longest silent first (none without a retention)."""
    settings = relationship_settings(organisation)
    if not settings.retention_months:
        return scoped(Contact, organisation).none()
    cutoff = months_before(today, settings.retention_months)
    return (
        _silent_since(organisation, cutoff)
        .select_related("company")
        .order_by("last_touch_at", "created_at", "id")
    )


def contact_erase_on(contact: Contact, settings: RelationshipSettings) -> datetime.date | None:
    """The day the nightly job erases `contact` unless someone keeps or touches it."""
    if not settings.retention_months:
        return None
    heard = max(
        filter(
            None,
            (
                contact.last_touch_at.date() if contact.last_touch_at else None,
                contact.kept_on,
                contact.created_at.date() if not contact.last_touch_at else None,
            ),
        )
    )
    # Listed `retention_months` after it was last heard of, erased the grace later.
    listed = months_before(heard, -settings.retention_months)
    return listed + datetime.timedelta(days=settings.retention_grace_days)


def contact_keep(*, contact: Contact, today: datetime.date) -> Contact:
    """Reviewed and kept: the retention period starts again today."""
    contact.kept_on = today
    contact.save(update_fields=["kept_on", "updated_at"])
    return contact


def retention_erase_due(*, organisation: Organisation, today: datetime.date) -> int:
    """Erase the contacts past review and grace; how many (each one audited)."""
    settings = relationship_settings(organisation)
    if not settings.retention_months:
        return 0
    cutoff = months_before(today, settings.retention_months) - datetime.timedelta(
        days=settings.retention_grace_days
    )
    erased = 0
    for contact in _silent_since(organisation, cutoff).order_by("id"):
        contact_erase(
            contact=contact,
            actor_label="retention",
            reason=f"no touch for {settings.retention_months} months",
        )
        erased += 1
    return erased


def retention_erase_everywhere(*, now: datetime.datetime | None = None) -> int:
    """The nightly job: every organisation with a retention period."""
    today = (now or timezone.now()).date()
    organisations = Organisation.objects.filter(
        relationship_settings__retention_months__isnull=False
    )
    return sum(retention_erase_due(organisation=o, today=today) for o in organisations)
