"""`hallway worker`: runs queued tasks and due periodic jobs, logs each run, stops gracefully."""

import datetime
import logging
import re
import signal
import socket

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.test import override_settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from hallway.core import liveness
from hallway.core.management.commands import worker as worker_command
from hallway.core.models import ScheduledRun, WorkerHeartbeat
from hallway.messaging.models import DeliveryAttempt, OutboxMessage, Status
from hallway.people.models import PersonStatus
from tests.core import sample_tasks
from tests.core.processes import (
    Running,
    free_port,
    fresh_sqlite_data_dir,
    hallway_env,
    run_hallway,
    sqlite_rows,
    wait_until,
)
from tests.factories import make_person

RECORD_RUN = "tests.core.sample_tasks.record_run"
MONDAY_NIGHT = datetime.datetime(2026, 3, 2, 0, 10, tzinfo=datetime.UTC)


@pytest.fixture
def probe_table(transactional_db):
    sample_tasks.create_probe_table()
    yield
    sample_tasks.drop_probe_table()


def run_worker(*args: str) -> None:
    call_command("worker", "--until-idle", *args)


def test_a_queued_task_runs_exactly_once(probe_table):
    queued = sample_tasks.record_run.enqueue("only-once")

    run_worker()
    run_worker()

    assert sample_tasks.probe_labels() == ["only-once"]
    result = DBTaskResult.objects.get(id=queued.id)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "only-once"
    assert len(result.worker_ids) == 1


def test_a_failing_task_is_recorded_with_its_traceback_and_the_worker_goes_on(probe_table, caplog):
    failing = sample_tasks.explode.enqueue()
    following = sample_tasks.record_run.enqueue("after the failure")

    with caplog.at_level(logging.INFO, logger="hallway.worker"):
        run_worker()

    failed = DBTaskResult.objects.get(id=failing.id)
    assert failed.status == TaskResultStatus.FAILED
    assert "the sample task failed on purpose" in failed.traceback
    assert DBTaskResult.objects.get(id=following.id).status == TaskResultStatus.SUCCESSFUL
    assert sample_tasks.probe_labels() == ["after the failure"]
    assert f"id={failing.id} status=FAILED" in caplog.text
    assert "RuntimeError: the sample task failed on purpose" in caplog.text


def test_each_task_run_is_logged_with_name_id_status_and_duration(probe_table, caplog):
    queued = sample_tasks.record_run.enqueue("logged")

    with caplog.at_level(logging.INFO, logger="hallway.worker"):
        run_worker()

    lines = [r.getMessage() for r in caplog.records if r.name == "hallway.worker"]
    task_lines = [line for line in lines if line.startswith("task ")]
    # One line per task run: ours plus the periodic jobs that were due.
    assert len(task_lines) == DBTaskResult.objects.count()
    ours = [line for line in task_lines if str(queued.id) in line]
    assert len(ours) == 1
    assert re.fullmatch(
        rf"task {RECORD_RUN} id={queued.id} status=SUCCESSFUL duration=\d+\.\d{{3}}s", ours[0]
    )


def test_due_periodic_jobs_run_once_per_slot(transactional_db, acme):
    paused = make_person(
        acme,
        "Dana Paused",
        status=PersonStatus.PAUSED,
        paused_until=MONDAY_NIGHT.date(),
    )

    with time_machine.travel(MONDAY_NIGHT, tick=False):
        run_worker()
        run_worker()

    paused.refresh_from_db()
    assert (paused.status, paused.paused_until) == (PersonStatus.ACTIVE, None)
    claim = ScheduledRun.objects.get(job="people.resume_returning")
    assert claim.slot == datetime.datetime(2026, 3, 2, 0, 5, tzinfo=datetime.UTC)
    result = DBTaskResult.objects.get(id=claim.task_id)
    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, 1)

    with time_machine.travel(MONDAY_NIGHT + datetime.timedelta(days=1), tick=False):
        run_worker()
    assert ScheduledRun.objects.filter(job="people.resume_returning").count() == 2


def test_tasks_deferred_to_later_are_not_due_yet(probe_table):
    later = sample_tasks.record_run.using(
        run_after=datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(hours=1)
    ).enqueue("later")

    run_worker()

    assert DBTaskResult.objects.get(id=later.id).status == TaskResultStatus.READY
    assert sample_tasks.probe_labels() == []


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]}}
)
def test_a_worker_runs_only_its_queues(probe_table):
    sample_tasks.record_run.using(queue_name="mail").enqueue("mail")
    sample_tasks.record_run.enqueue("default")

    run_worker()
    assert sample_tasks.probe_labels() == ["default"]

    run_worker("--queue", "mail")
    assert sample_tasks.probe_labels() == ["default", "mail"]


@pytest.mark.parametrize("interval", ["-1", "nan", "soon"])
def test_a_bad_interval_is_refused(interval):
    with pytest.raises(CommandError, match="interval"):
        call_command("worker", "--until-idle", "--interval", interval)


# The worker as a real process, on a file SQLite database.


@pytest.fixture
def data_dir(tmp_path):
    return fresh_sqlite_data_dir(tmp_path / "data")


def enqueue_in(data_dir, *calls: str) -> None:
    code = "from tests.core import sample_tasks as t; t.create_probe_table(); " + "; ".join(calls)
    run_hallway("shell", "-c", code, env=hallway_env(data_dir))


def task_status(data_dir, label: str) -> str | None:
    rows = sqlite_rows(
        data_dir,
        f"SELECT status FROM {DBTaskResult._meta.db_table} WHERE task_path = ? AND args_kwargs LIKE ?",  # noqa: S608
        (RECORD_RUN, f'%"{label}"%'),
    )
    return rows[0][0] if rows else None


def test_sigterm_lets_the_current_task_finish_then_exits(data_dir):
    enqueue_in(data_dir, "t.record_run.enqueue('slow', pause=3)")
    worker = Running("worker", "--interval", "0.2", env=hallway_env(data_dir))
    try:
        wait_until(lambda: task_status(data_dir, "slow") == "RUNNING", what="the task to start")
        worker.send_signal(signal.SIGTERM)
        assert worker.wait() == 0, worker.output()
    finally:
        worker.kill()

    output = worker.output()
    assert output.index("stopping after the current task") < output.index("status=SUCCESSFUL")
    assert task_status(data_dir, "slow") == "SUCCESSFUL"
    assert sqlite_rows(data_dir, "SELECT label FROM test_worker_probe") == [("slow",)]


def test_a_second_signal_interrupts_the_current_task(data_dir):
    enqueue_in(data_dir, "t.record_run.enqueue('endless', pause=600)")
    worker = Running("worker", "--interval", "0.2", env=hallway_env(data_dir))
    try:
        wait_until(lambda: task_status(data_dir, "endless") == "RUNNING", what="the task to start")
        worker.send_signal(signal.SIGINT)
        worker.wait_for_output("stopping after the current task")
        worker.send_signal(signal.SIGINT)
        assert worker.wait() == 1, worker.output()
    finally:
        worker.kill()

    assert task_status(data_dir, "endless") == "FAILED"
    assert sqlite_rows(data_dir, "SELECT label FROM test_worker_probe") == []


# Heartbeats: how the recovery of tasks from killed workers knows who is alive.


def test_an_until_idle_run_beats_while_it_runs_and_forgets_its_heartbeat_when_done(
    transactional_db,
):
    queued = sample_tasks.live_workers.enqueue()

    call_command("worker", "--until-idle", "--worker-id", "cron-1")

    result = DBTaskResult.objects.get(id=queued.id)
    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, ["cron-1"])
    assert not WorkerHeartbeat.objects.exists()


def test_failing_heartbeats_are_logged_and_never_stop_the_worker(probe_table, monkeypatch, caplog):
    def unreachable(**kwargs):
        raise OperationalError("connection to server was lost")

    monkeypatch.setattr(liveness, "heartbeat_beat", unreachable)
    # Long enough for the heartbeat thread to fail again while the task runs.
    queued = sample_tasks.record_run.enqueue("despite the heartbeat", pause=0.5)

    with caplog.at_level(logging.INFO):
        run_worker("--worker-id", "w-cut-off", "--heartbeat-interval", "0.05")

    assert DBTaskResult.objects.get(id=queued.id).status == TaskResultStatus.SUCCESSFUL
    assert sample_tasks.probe_labels() == ["despite the heartbeat"]
    assert "worker w-cut-off: heartbeat failed, retrying every 0.05s" in caplog.text
    assert "OperationalError: connection to server was lost" in caplog.text
    assert "worker w-cut-off: heartbeat failed 2 times in a row" in caplog.text
    assert "worker w-cut-off stopped after" in caplog.text


@pytest.mark.parametrize("interval", ["0", "16", "soon"])
def test_a_bad_heartbeat_interval_is_refused(interval):
    with pytest.raises(CommandError, match="heartbeat-interval"):
        call_command("worker", "--until-idle", "--heartbeat-interval", interval)


def test_a_worker_keeps_beating_during_a_long_task_and_forgets_its_heartbeat_on_stop(
    data_dir, tmp_path
):
    release = tmp_path / "release"
    enqueue_in(data_dir, f"t.record_run_when_released.enqueue('long', {str(release)!r})")
    worker = Running(
        "worker", "--worker-id", "w-long", "--heartbeat-interval", "0.1", env=hallway_env(data_dir)
    )

    def heartbeat() -> tuple[str, str, int, str, str] | None:
        rows = sqlite_rows(
            data_dir,
            "SELECT worker_id, hostname, pid, started_at, last_seen FROM core_workerheartbeat",
        )
        return rows[0] if rows else None

    def long_status() -> str | None:
        rows = sqlite_rows(
            data_dir,
            f"SELECT status FROM {DBTaskResult._meta.db_table} WHERE task_path = ?",  # noqa: S608
            ("tests.core.sample_tasks.record_run_when_released",),
        )
        return rows[0][0] if rows else None

    try:
        wait_until(lambda: long_status() == "RUNNING", what="the task to start")
        first = heartbeat()
        assert first is not None
        assert first[:3] == ("w-long", socket.gethostname(), worker.pid)
        # The task holds the worker's main thread; the heartbeat thread beats on.
        wait_until(
            lambda: (beat := heartbeat()) is not None and beat[4] > first[4],
            what="a heartbeat during the task",
        )
        assert heartbeat()[3] == first[3], "the worker's start stays the same"
        release.touch()
        wait_until(lambda: long_status() == "SUCCESSFUL", what="the task to finish")
        worker.send_signal(signal.SIGTERM)
        assert worker.wait() == 0, worker.output()
    finally:
        release.touch()
        worker.kill()

    assert heartbeat() is None


def test_a_worker_that_cannot_record_a_result_disowns_the_task(probe_table, monkeypatch):
    loop = worker_command.WorkerLoop(
        queue_names=["default"], interval=0.05, until_idle=False, worker_id="w-1"
    )
    disowned = []
    disown = liveness.Heartbeat.disown_earlier_claims

    def spy(heartbeat):
        disowned.append(heartbeat.worker_id)
        disown(heartbeat)

    def database_gone(task_result, *args):
        loop.stop()  # let the loop end after handling this error
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(liveness.Heartbeat, "disown_earlier_claims", spy)
    monkeypatch.setattr(DBTaskResult, "set_successful", database_gone)
    monkeypatch.setattr(DBTaskResult, "set_failed", database_gone)
    queued = sample_tasks.record_run.enqueue("unrecorded")

    loop.run()

    assert sample_tasks.probe_labels() == ["unrecorded"]
    assert DBTaskResult.objects.get(id=queued.id).status == TaskResultStatus.RUNNING
    assert disowned == ["w-1"]


# Until idle: what the tasks enqueue is done in the same run.


@pytest.fixture
def smtp_refusing_busy(smtp_server, settings):
    """A real SMTP server that takes every recipient but busy@…, which it asks to retry later."""
    from aiosmtpd.controller import Controller

    received: list[str] = []

    class BusyRefuser:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.startswith("busy@"):
                return "451 4.3.0 Try again later"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            received.extend(envelope.rcpt_tos)
            return "250 OK"

    controller = Controller(BusyRefuser(), hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_PORT = controller.port
    try:
        yield received
    finally:
        controller.stop()


def test_until_idle_delivers_what_its_tasks_enqueued_and_a_second_run_sends_nothing(
    transactional_db, acme, smtp_refusing_busy
):
    addresses = ["ann@example.com", "ben@example.com", "later@example.com", "busy@example.com"]
    first = sample_tasks.hand_over.enqueue(acme.pk, addresses)

    run_worker()

    assert sorted(smtp_refusing_busy) == ["ann@example.com", "ben@example.com"]
    results = DBTaskResult.objects.filter(task_path__startswith="tests.core.sample_tasks.")
    assert sorted(results.values_list("task_path", "status")) == [
        ("tests.core.sample_tasks.hand_over", TaskResultStatus.SUCCESSFUL),
        ("tests.core.sample_tasks.write_messages", TaskResultStatus.SUCCESSFUL),
    ]
    assert DBTaskResult.objects.get(id=first.id).status == TaskResultStatus.SUCCESSFUL
    outbox = {m.address: m for m in OutboxMessage.objects.all()}
    assert {address: m.status for address, m in outbox.items()} == {
        "ann@example.com": Status.SENT,
        "ben@example.com": Status.SENT,
        # Held back (not before an hour from now; retried after a backoff): not due now, so
        # the run ended without them.
        "later@example.com": Status.QUEUED,
        "busy@example.com": Status.QUEUED,
    }
    assert outbox["busy@example.com"].attempt_count == 1
    assert "451" in outbox["busy@example.com"].last_error

    run_worker()

    assert sorted(smtp_refusing_busy) == ["ann@example.com", "ben@example.com"]
    assert OutboxMessage.objects.filter(status=Status.SENT).count() == 2
    assert DeliveryAttempt.objects.count() == 3
