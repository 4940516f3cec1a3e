"""A worker killed with SIGKILL while delivering 1,000 emails to a real SMTP server, then
restarted: every message arrives, and Hallway records each as sent exactly once.

The SMTP server counts receipts by Message-ID (the same on every attempt of a message).
The only message that can arrive twice is the one in flight when the worker died: the
server had accepted it, but the worker had not yet recorded that (docs/operations.md).
"""

import signal
import subprocess
import sys
import threading
from collections import Counter
from email import message_from_bytes, policy

import pytest
from django.db import connection

from tests.core.processes import (
    ROOT,
    Running,
    fresh_sqlite_data_dir,
    hallway_env,
    postgres_url,
    sqlite_rows,
    wait_until,
)

COUNT = 1_000
KILL_AFTER = 300
WORKER_ID = "crash-test-worker"


@pytest.fixture
def counting_smtp_server():
    import logging

    from aiosmtpd.controller import Controller

    # The killed worker's connection is dropped after the test's output is closed; its
    # INFO lines would end up as logging errors.
    mail_log = logging.getLogger("mail.log")
    previous_level = mail_log.level
    mail_log.setLevel(logging.WARNING)

    from tests.conftest import _free_port

    receipts: Counter[str] = Counter()
    lock = threading.Lock()

    class Counting:
        async def handle_DATA(self, server, session, envelope):
            mail = message_from_bytes(envelope.original_content, policy=policy.default)
            with lock:
                receipts[mail["Message-ID"]] += 1
            return "250 Message accepted for delivery"

    controller = Controller(Counting(), hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller.port, receipts
    finally:
        controller.stop()
        mail_log.setLevel(previous_level)


def outbox_rows(data_dir, on_postgres):
    sql = (
        "SELECT m.external_id, m.status, "
        "(SELECT COUNT(*) FROM messaging_deliveryattempt a "
        " WHERE a.message_id = m.id AND a.result = 'sent') "
        "FROM messaging_outboxmessage m"
    )
    if on_postgres:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()
    return sqlite_rows(data_dir, sql)


def test_a_killed_worker_loses_nothing_and_sends_nothing_twice_it_knows_of(
    transactional_db, counting_smtp_server, tmp_path, capsys
):
    port, receipts = counting_smtp_server
    on_postgres = connection.vendor == "postgresql"
    if on_postgres:
        data_dir = tmp_path / "data"
        env = hallway_env(data_dir, database_url=postgres_url(connection.settings_dict))
    else:
        data_dir = fresh_sqlite_data_dir(tmp_path / "data")
        env = hallway_env(data_dir)
    env["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
    env["HALLWAY_LOG_LEVEL"] = "WARNING"
    seeded = subprocess.run(
        [sys.executable, "-m", "tests.messaging.seed_outbox", str(COUNT)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert seeded.returncode == 0, seeded.stderr

    worker = Running("worker", "--worker-id", WORKER_ID, "--interval", "0.2", env=env)
    try:
        wait_until(
            lambda: sum(receipts.values()) >= KILL_AFTER,
            what=f"{KILL_AFTER} emails received",
            timeout=120,
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        worker.kill()
    received_at_kill = sum(receipts.values())
    assert received_at_kill < COUNT, "the worker finished before it could be killed"

    # Restarted under the same id: its claims are taken back at once, not after the lease.
    restarted = Running("worker", "--worker-id", WORKER_ID, "--until-idle", env=env)
    assert restarted.wait(timeout=180) == 0, restarted.output()

    rows = outbox_rows(data_dir, on_postgres)
    assert len(rows) == COUNT
    assert {status for _id, status, _sent in rows} == {"sent"}
    # As far as Hallway knows, each message was sent exactly once.
    assert all(sent == 1 for _id, _status, sent in rows)
    expected_ids = {message_id for message_id, _status, _sent in rows}
    assert set(receipts) == expected_ids, "a message never arrived"
    twice = {message_id: n for message_id, n in receipts.items() if n > 1}
    # Only the message in flight at the kill can have arrived twice.
    assert len(twice) <= 1, twice
    assert all(n == 2 for n in twice.values())
    with capsys.disabled():
        print(
            f"\ncrash test ({connection.vendor}): killed after {received_at_kill} of {COUNT} "
            f"receipts; after the restart {len(receipts)} distinct Message-IDs arrived, "
            f"{sum(receipts.values())} receipts, {len(twice)} received twice"
        )
