"""Counting requests per key in the database, for limits every web process agrees on."""

import hashlib
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from hallway.accounts.models import ThrottleHit


def throttle_key(raw: str) -> str:
    return hashlib.sha256(raw.strip().casefold().encode()).hexdigest()


@transaction.atomic
def throttle_hit(*, scope: str, keys: list[str], limit: int, window: timedelta) -> datetime | None:
    """Count one request for every key, unless one of them already has `limit` within
    `window`: then count nothing and return when the oldest of those leaves the window
    (when to try again)."""
    now = timezone.now()
    since = now - window
    ThrottleHit.objects.filter(scope=scope, created_at__lt=since).delete()
    digests = [throttle_key(key) for key in keys if key.strip()]
    retry_at: datetime | None = None
    for digest in digests:
        recent = ThrottleHit.objects.filter(scope=scope, key=digest, created_at__gte=since)
        if recent.count() >= limit:
            oldest = recent.aggregate(oldest=Min("created_at"))["oldest"]
            retry_at = max(retry_at or oldest, oldest) + window
    if retry_at is not None:
        return retry_at
    ThrottleHit.objects.bulk_create(
        [ThrottleHit(scope=scope, key=digest, created_at=now) for digest in digests]
    )
    return None
