"""Acting on the reach-out queue: snoozing an item, or marking it done."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, User
from hallway.relationships.models import Detail, QueueDismissal

#: What the queue offers: one day, one week, one month.
SNOOZE_DAYS = (1, 7, 30)
# kind:id:date-or-"next" (see `selectors.queue`).
_KEY = re.compile(r"^(cadence|quiet|ask|candidate):\d+:(\d{4}-\d{2}-\d{2}|next|)$")


def queue_item_dismiss(
    *,
    user: User,
    organisation: Organisation,
    key: str,
    today: datetime.date,
    snooze_days: int | None = None,
) -> QueueDismissal:
    """Snooze the item `key` for `snooze_days` (it comes back on that day), or with no
    `snooze_days` mark it done (it comes back only for a new reason, under a new key)."""
    if not _KEY.match(key):
        raise ValidationError({"key": _("This is not an item of the queue.")})
    if snooze_days is not None and snooze_days not in SNOOZE_DAYS:
        raise ValidationError({"snooze_days": _("Snooze for a day, a week or a month.")})
    until = today + datetime.timedelta(days=snooze_days) if snooze_days else None
    dismissal, _created = QueueDismissal.objects.update_or_create(
        user=user, organisation=organisation, key=key, defaults={"until": until}
    )
    return dismissal


def detail_mark_asked(*, detail: Detail, at: datetime.datetime) -> Detail:
    """The user asked about `detail` (it leaves the queue)."""
    Detail.objects.filter(pk=detail.pk, asked_at__isnull=True).update(asked_at=at)
    detail.refresh_from_db(fields=["asked_at"])
    return detail
