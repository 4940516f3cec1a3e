"""Worker heartbeats and the recovery of tasks whose worker died mid-task."""

import datetime
import json
import logging
import signal
import threading

import pytest
import time_machine
from django.core.management import call_command
from django.db import OperationalError, connections
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from hallway.core import liveness
from hallway.core.liveness import (
    MAX_ATTEMPTS,
    STALE_AFTER,
    Heartbeat,
    heartbeat_beat,
    heartbeat_forget,
    tasks_recover_orphaned,
)
from hallway.core.models import WorkerHeartbeat
from hallway.core.scheduler import Every, installed_registry
from tests.core import sample_tasks
from tests.core.processes import (
    Running,
    fresh_sqlite_data_dir,
    hallway_env,
    run_hallway,
    sqlite_rows,
    wait_until,
)

NOW = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)
MINUTE = datetime.timedelta(minutes=1)
DAY = datetime.timedelta(days=1)
BLOCKING_TASK = "tests.core.sample_tasks.record_run_when_released"


def claimed(
    worker_id: str, *, at: datetime.datetime, earlier: tuple[str, ...] = ()
) -> DBTaskResult:
    """A task claimed by `worker_id` at `at` (after claims by the `earlier` workers)."""
    with time_machine.travel(at, tick=False):
        queued = sample_tasks.record_run.enqueue(f"claimed by {worker_id}")
        task = DBTaskResult.objects.get(id=queued.id)
        for earlier_worker in earlier:
            task.claim(earlier_worker)
        task.claim(worker_id)
    return task


def beat(worker_id: str, *, at: datetime.datetime, started_at: datetime.datetime) -> None:
    heartbeat_beat(worker_id=worker_id, now=at, started_at=started_at, hostname="box", pid=4242)


def reloaded(task: DBTaskResult) -> DBTaskResult:
    return DBTaskResult.objects.get(id=task.id)


# Heartbeats


@pytest.mark.django_db
def test_a_beat_inserts_then_updates_the_workers_heartbeat():
    heartbeat_beat(worker_id="w1", now=NOW, hostname="box-1", pid=10)
    heartbeat_beat(worker_id="w1", now=NOW + MINUTE, hostname="box-1", pid=10)

    heartbeat = WorkerHeartbeat.objects.get()
    assert (heartbeat.worker_id, heartbeat.hostname, heartbeat.pid) == ("w1", "box-1", 10)
    assert heartbeat.started_at == NOW  # kept from the first beat
    assert heartbeat.last_seen == NOW + MINUTE


@pytest.mark.django_db
def test_a_new_process_reusing_a_worker_id_replaces_its_start():
    beat("host-1", at=NOW, started_at=NOW - MINUTE)
    heartbeat_beat(worker_id="host-1", now=NOW + MINUTE, started_at=NOW + MINUTE, pid=99)

    heartbeat = WorkerHeartbeat.objects.get()
    assert (heartbeat.started_at, heartbeat.last_seen, heartbeat.pid) == (
        NOW + MINUTE,
        NOW + MINUTE,
        99,
    )


@pytest.mark.django_db
def test_forgetting_removes_only_that_workers_heartbeat():
    beat("w1", at=NOW, started_at=NOW)
    beat("w2", at=NOW, started_at=NOW)

    heartbeat_forget(worker_id="w1")

    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["w2"]


def test_a_heartbeat_failing_for_longer_than_the_stale_window_says_so_once(monkeypatch, caplog):
    def unreachable(**kwargs):
        raise OperationalError("connection to server was lost")

    monkeypatch.setattr(liveness, "heartbeat_beat", unreachable)
    heartbeat = Heartbeat(
        worker_id="w-cut-off",
        started_at=NOW,
        interval=0.01,
        taken_for_dead_after=0.2,
    )

    with caplog.at_level(logging.INFO, logger="hallway.liveness"):
        heartbeat.start()
        try:
            wait_until(lambda: "no heartbeat for over 0.2s" in caplog.text, what="the warning")
            failures = heartbeat.failures
            wait_until(lambda: heartbeat.failures > failures + 2, what="more failed beats")
        finally:
            heartbeat.stop()

    said = [r for r in caplog.records if "no heartbeat for over" in r.getMessage()]
    assert len(said) == 1
    assert said[0].levelno == logging.ERROR
    assert "a task it is running may run again on another worker" in said[0].getMessage()


# Recovery


@pytest.mark.django_db
def test_the_task_of_a_worker_that_stopped_beating_is_ready_again(caplog):
    task = claimed("w-dead", at=NOW - 10 * MINUTE)
    beat(
        "w-dead", at=NOW - STALE_AFTER - datetime.timedelta(seconds=1), started_at=NOW - 20 * MINUTE
    )

    with caplog.at_level(logging.WARNING, logger="hallway.liveness"):
        report = tasks_recover_orphaned(now=NOW)

    assert report.requeued == [str(task.id)]
    assert report.failed == []
    task = reloaded(task)
    assert task.status == TaskResultStatus.READY
    assert task.worker_ids == ["w-dead"], "the attempt stays in the history"
    assert f"id={task.id} requeued: worker w-dead stopped without finishing it" in caplog.text
    assert f"(attempt 1 of {MAX_ATTEMPTS})" in caplog.text


@pytest.mark.django_db
def test_the_task_of_a_live_worker_is_left_alone_however_long_it_runs():
    task = claimed("w-busy", at=NOW - 60 * MINUTE)
    beat("w-busy", at=NOW - STALE_AFTER, started_at=NOW - 61 * MINUTE)

    report = tasks_recover_orphaned(now=NOW)

    assert (report.requeued, report.failed) == ([], [])
    task = reloaded(task)
    assert task.status == TaskResultStatus.RUNNING
    assert task.worker_ids == ["w-busy"]


@pytest.mark.django_db
def test_the_task_of_a_worker_that_never_beat_is_ready_again():
    task = claimed("w-silent", at=NOW - 10 * MINUTE)

    assert tasks_recover_orphaned(now=NOW).requeued == [str(task.id)]
    assert reloaded(task).status == TaskResultStatus.READY


@pytest.mark.django_db
def test_a_task_started_less_than_the_stale_window_ago_is_left_alone():
    # Its worker may not have beaten yet; give it the whole window.
    task = claimed("w-new", at=NOW - STALE_AFTER + datetime.timedelta(seconds=1))

    assert tasks_recover_orphaned(now=NOW).requeued == []
    assert reloaded(task).status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_the_task_of_a_restarted_worker_reusing_its_id_is_ready_again():
    # systemd restarts "host-1" after a kill: the new process beats, the old claim is lost.
    task = claimed("host-1", at=NOW - 10 * MINUTE)
    beat("host-1", at=NOW, started_at=NOW - 5 * MINUTE)

    assert tasks_recover_orphaned(now=NOW).requeued == [str(task.id)]
    assert reloaded(task).status == TaskResultStatus.READY


@pytest.mark.django_db
def test_a_task_that_took_down_max_attempts_workers_fails_with_a_clear_error(caplog):
    assert MAX_ATTEMPTS == 3
    task = claimed("w3", at=NOW - 10 * MINUTE, earlier=("w1", "w2"))

    with caplog.at_level(logging.WARNING, logger="hallway.liveness"):
        report = tasks_recover_orphaned(now=NOW)

    assert (report.requeued, report.failed) == ([], [str(task.id)])
    task = reloaded(task)
    assert task.status == TaskResultStatus.FAILED
    assert task.finished_at == NOW
    assert task.worker_ids == ["w1", "w2", "w3"]
    assert task.exception_class_path == "hallway.core.liveness.TaskAbandoned"
    message = "abandoned by 3 workers that stopped without finishing it (w1, w2, w3)"
    assert task.traceback == f"hallway.core.liveness.TaskAbandoned: {message}\n"
    assert task.task_result.errors[0].traceback == task.traceback
    assert f"id={task.id} failed: {message}" in caplog.text


@pytest.mark.django_db
def test_a_task_below_the_attempts_cap_is_requeued_once_more():
    task = claimed("w2", at=NOW - 10 * MINUTE, earlier=("w1",))

    assert tasks_recover_orphaned(now=NOW).requeued == [str(task.id)]
    task = reloaded(task)
    assert (task.status, task.worker_ids) == (TaskResultStatus.READY, ["w1", "w2"])


@pytest.mark.django_db
def test_a_second_recovery_in_a_row_changes_nothing():
    requeued = claimed("w-dead", at=NOW - 10 * MINUTE)
    failed = claimed("w-c", at=NOW - 10 * MINUTE, earlier=("w-a", "w-b"))
    first = tasks_recover_orphaned(now=NOW)
    assert (first.requeued, first.failed) == ([str(requeued.id)], [str(failed.id)])
    before = list(DBTaskResult.objects.order_by("id").values())

    second = tasks_recover_orphaned(now=NOW + MINUTE)

    assert (second.requeued, second.failed, second.heartbeats_deleted) == ([], [], 0)
    assert list(DBTaskResult.objects.order_by("id").values()) == before


@pytest.mark.django_db
def test_finished_and_ready_tasks_are_never_touched():
    done = claimed("w-gone", at=NOW - 10 * MINUTE)
    done.set_successful("done")
    waiting = sample_tasks.record_run.enqueue("waiting")

    assert tasks_recover_orphaned(now=NOW).requeued == []
    assert reloaded(done).status == TaskResultStatus.SUCCESSFUL
    assert DBTaskResult.objects.get(id=waiting.id).status == TaskResultStatus.READY


@pytest.mark.django_db
def test_heartbeats_older_than_a_day_are_deleted():
    beat("w-long-gone", at=NOW - datetime.timedelta(days=1, seconds=1), started_at=NOW - 2 * DAY)
    beat("w-gone-today", at=NOW - datetime.timedelta(hours=23), started_at=NOW - 2 * DAY)

    assert tasks_recover_orphaned(now=NOW).heartbeats_deleted == 1
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["w-gone-today"]


def test_recovery_needs_an_aware_datetime():
    with pytest.raises(ValueError, match="aware"):
        tasks_recover_orphaned(now=NOW.replace(tzinfo=None))


@pytest.mark.postgres_only
def test_concurrent_recoveries_handle_each_orphaned_task_once(transactional_db):
    orphans = {str(claimed(f"w-{number}", at=NOW - 10 * MINUTE).id) for number in range(30)}
    start = threading.Barrier(3)
    reports = []

    def recover() -> None:
        try:
            start.wait()
            reports.append(tasks_recover_orphaned(now=NOW))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=recover) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    requeued = [task_id for report in reports for task_id in report.requeued]
    assert len(reports) == 3
    assert sorted(requeued) == sorted(orphans), "each task requeued by exactly one recovery"
    assert set(DBTaskResult.objects.filter(id__in=orphans).values_list("status", flat=True)) == {
        TaskResultStatus.READY
    }


def test_after_a_database_error_a_worker_disowns_the_tasks_it_claimed_before(db):
    with time_machine.travel(NOW - datetime.timedelta(minutes=10), tick=False):
        heartbeat = Heartbeat(worker_id="w-1", started_at=timezone.now())
        heartbeat.beat()
        lost = DBTaskResult.objects.get(id=sample_tasks.record_run.enqueue("lost").id)
        lost.claim("w-1")
    with time_machine.travel(NOW - datetime.timedelta(minutes=9), tick=False):
        heartbeat.disown_earlier_claims()
        held = DBTaskResult.objects.get(id=sample_tasks.record_run.enqueue("held").id)
        held.claim("w-1")
    with time_machine.travel(NOW - datetime.timedelta(seconds=10), tick=False):
        assert heartbeat.beat()

    # The worker is alive, but no longer holds the task it claimed before the error.
    assert tasks_recover_orphaned(now=NOW).requeued == [str(lost.id)]
    assert DBTaskResult.objects.get(id=held.id).status == TaskResultStatus.RUNNING


# The periodic job


def test_recovery_is_a_periodic_job_every_minute():
    (job,) = [
        job for job in installed_registry().jobs() if job.name == "core.recover_orphaned_tasks"
    ]
    assert job.schedule == Every(minutes=1)
    assert job.task.module_path == "hallway.core.tasks.recover_orphaned_tasks"


@pytest.fixture
def probe_table(transactional_db):
    sample_tasks.create_probe_table()
    yield
    sample_tasks.drop_probe_table()


def test_a_worker_run_recovers_an_orphaned_task_and_runs_it_again(probe_table):
    orphan = claimed("w-killed", at=NOW - 10 * MINUTE)

    with time_machine.travel(NOW, tick=False):
        call_command("worker", "--until-idle", "--worker-id", "w-next")

    orphan = reloaded(orphan)
    assert orphan.status == TaskResultStatus.SUCCESSFUL
    assert orphan.worker_ids == ["w-killed", "w-next"]
    assert sample_tasks.probe_labels() == ["claimed by w-killed"]
    (job_run,) = DBTaskResult.objects.filter(task_path="hallway.core.tasks.recover_orphaned_tasks")
    assert job_run.return_value == {
        "requeued": [str(orphan.id)],
        "failed": [],
        "heartbeats_deleted": 0,
    }


# A real worker process, killed mid-task


def test_a_task_of_a_killed_worker_runs_again_and_completes_exactly_once(tmp_path):
    data_dir = fresh_sqlite_data_dir(tmp_path / "data")
    env = hallway_env(data_dir)
    release = tmp_path / "release"
    run_hallway(
        "shell",
        "-c",
        "from tests.core import sample_tasks as t; t.create_probe_table(); "
        f"print(t.record_run_when_released.enqueue('survivor', {str(release)!r}).id)",
        env=env,
    )

    def status() -> str:
        ((value,),) = sqlite_rows(
            data_dir,
            f"SELECT status FROM {DBTaskResult._meta.db_table} WHERE task_path = ?",  # noqa: S608
            (BLOCKING_TASK,),
        )
        return str(value)

    worker = Running("worker", "--worker-id", "doomed", env=env)
    try:
        wait_until(lambda: status() == "RUNNING", what="the task to start")
        worker.send_signal(signal.SIGKILL)
        assert worker.wait() == -signal.SIGKILL
    finally:
        worker.kill()
    # Killed, it could not clean up: its heartbeat and its claim remain.
    assert sqlite_rows(data_dir, "SELECT worker_id, pid FROM core_workerheartbeat") == [
        ("doomed", worker.pid)
    ]
    assert status() == "RUNNING"

    # Three minutes later, the periodic job would find the worker's heartbeat stale.
    run_hallway(
        "shell",
        "-c",
        "import datetime; from django.utils import timezone; "
        "from hallway.core.liveness import tasks_recover_orphaned; "
        "tasks_recover_orphaned(now=timezone.now() + datetime.timedelta(minutes=3))",
        env=env,
    )
    assert status() == "READY"

    release.touch()
    output = run_hallway("worker", "--until-idle", "--worker-id", "rescuer", env=env)

    assert status() == "SUCCESSFUL", output
    ((worker_ids,),) = sqlite_rows(
        data_dir,
        f"SELECT worker_ids FROM {DBTaskResult._meta.db_table} WHERE task_path = ?",  # noqa: S608
        (BLOCKING_TASK,),
    )
    assert json.loads(worker_ids) == ["doomed", "rescuer"]
    assert sqlite_rows(data_dir, "SELECT label FROM test_worker_probe") == [("survivor",)]
    # The rescuer stopped cleanly and forgot its heartbeat; the dead worker's stays for a day.
    assert sqlite_rows(data_dir, "SELECT worker_id FROM core_workerheartbeat") == [("doomed",)]
