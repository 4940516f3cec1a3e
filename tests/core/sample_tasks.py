"""Tasks used by the worker tests. They live in an importable module because workers,
including the ones the tests start as separate processes, import tasks by path."""

import time
from pathlib import Path

from django.db import connection
from django_tasks import task

# A plain table without constraints, so a task that ran twice shows up as two rows.
PROBE_TABLE = "test_worker_probe"


def create_probe_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {PROBE_TABLE} (label varchar(100) NOT NULL)")


def drop_probe_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {PROBE_TABLE}")


def probe_labels() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT label FROM {PROBE_TABLE} ORDER BY label")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


@task()
def record_run(label: str, pause: float = 0.0) -> str:
    """Record that this task ran; `pause` first, to keep a worker busy for a moment."""
    time.sleep(pause)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {PROBE_TABLE} (label) VALUES (%s)", [label])  # noqa: S608
    return label


@task()
def record_run_when_released(label: str, release_file: str) -> str:
    """Wait until `release_file` exists, then record the run: a task that holds its worker
    for exactly as long as a test needs (for instance until the test kills the worker)."""
    while not Path(release_file).exists():
        time.sleep(0.05)
    return record_run.call(label)


@task()
def live_workers() -> list[str]:
    """The workers whose heartbeat is recorded while this task runs."""
    from hallway.core.models import WorkerHeartbeat

    return list(WorkerHeartbeat.objects.values_list("worker_id", flat=True))


@task()
def explode() -> None:
    raise RuntimeError("the sample task failed on purpose")


@task()
def heartbeat() -> str:
    """A periodic job for scheduler tests: does nothing but succeed."""
    return "ok"


@task()
def hand_over(organisation_id: int, addresses: list[str]) -> None:
    """A task whose only work is to enqueue another task, as a service's follow-up would."""
    write_messages.enqueue(organisation_id, addresses)


@task()
def write_messages(organisation_id: int, addresses: list[str]) -> None:
    """Put a test email for each address in the outbox; `later@…` is held back an hour."""
    import datetime

    from django.utils import timezone

    from hallway.accounts.models import Organisation
    from hallway.messaging.services import Recipient, message_enqueue

    organisation = Organisation.objects.get(pk=organisation_id)
    for address in addresses:
        held_back = address.startswith("later@")
        message_enqueue(
            organisation=organisation,
            recipient=Recipient(address=address, name=address.split("@")[0]),
            channel="email",
            message_type="test",
            context={"recipient_name": address.split("@")[0], "sent_by": "the worker test"},
            idempotency_key=f"worker-test:{address}",
            not_before=timezone.now() + datetime.timedelta(hours=1) if held_back else None,
        )
