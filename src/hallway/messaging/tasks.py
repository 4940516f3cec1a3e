"""Background work of messaging: every worker delivers the outbox on each loop iteration."""

from collections.abc import Callable

from hallway.core.scheduler import worker_poll
from hallway.messaging.delivery import outbox_deliver_due

# Seconds of delivery per worker loop, so queued tasks and the scheduler are not starved.
DELIVERY_BUDGET = 10.0


@worker_poll("messaging.deliver")
def deliver(*, worker_id: str, stop: Callable[[], bool]) -> bool:
    """Deliver due messages (idempotent: a message is claimed by one worker at a time)."""
    return outbox_deliver_due(worker=worker_id, budget=DELIVERY_BUDGET, stop=stop).more_due
