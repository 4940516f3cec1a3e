"""Is the outbox being delivered? A due message waiting longer than the allowed lag means no
worker runs (or they cannot keep up): this instance answers /readyz with 503."""

import datetime

from django.conf import settings
from django.utils import timezone

from hallway.core.readiness import CheckResult
from hallway.messaging.selectors import outbox_lag


def outbox_check() -> CheckResult:
    allowed = datetime.timedelta(seconds=settings.HALLWAY_READY_MAX_OUTBOX_LAG_SECONDS)
    lag = outbox_lag(now=timezone.now())
    return CheckResult(
        lag <= allowed,
        {"lag_seconds": int(lag.total_seconds()), "max_lag_seconds": int(allowed.total_seconds())},
    )
