"""Two `hallway worker --until-idle` processes at once: every task and periodic job runs once."""

import datetime
import json
from collections import Counter

import pytest
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from hallway.core.models import ScheduledRun, WorkerHeartbeat
from hallway.core.scheduler import installed_registry
from hallway.people.models import PersonStatus
from tests.core import sample_tasks
from tests.core.processes import (
    Running,
    fresh_sqlite_data_dir,
    hallway_env,
    postgres_url,
    run_hallway,
    sqlite_rows,
)
from tests.factories import make_person

TASK_COUNT = 40
LABELS = [f"task-{number:02}" for number in range(TASK_COUNT)]
RECORD_RUN = "tests.core.sample_tasks.record_run"
# Long enough that both workers are busy at the same time, short enough to stay quick.
PAUSE = 0.05


def run_two_workers(env: dict[str, str]) -> list[str]:
    workers = [Running("worker", "--until-idle", env=env) for _ in range(2)]
    try:
        codes = [worker.wait(timeout=180) for worker in workers]
    finally:
        for worker in workers:
            worker.kill()
    outputs = [worker.output() for worker in workers]
    assert codes == [0, 0], "\n".join(outputs)
    return outputs


def periodic_job_paths() -> dict[str, str]:
    return {job.name: job.task.module_path for job in installed_registry().jobs()}


@pytest.fixture
def probe_table(transactional_db):
    sample_tasks.create_probe_table()
    yield
    sample_tasks.drop_probe_table()


@pytest.mark.postgres_only
def test_two_workers_on_postgresql_run_every_task_and_periodic_job_exactly_once(
    probe_table, acme, tmp_path
):
    returning = make_person(
        acme,
        "Pat Returning",
        status=PersonStatus.PAUSED,
        paused_until=datetime.date.today() - datetime.timedelta(days=1),
    )
    for label in LABELS:
        sample_tasks.record_run.enqueue(label, pause=PAUSE)
    # A fresh database has no claims yet, so every periodic job is due.
    assert not ScheduledRun.objects.exists()

    run_two_workers(hallway_env(tmp_path, database_url=postgres_url(connection.settings_dict)))

    assert Counter(sample_tasks.probe_labels()) == Counter(dict.fromkeys(LABELS, 1))
    for result in DBTaskResult.objects.filter(task_path=RECORD_RUN):
        assert result.status == TaskResultStatus.SUCCESSFUL
        assert len(result.worker_ids) == 1, "claimed by more than one worker"
    for name, path in periodic_job_paths().items():
        # Exactly once per slot: a run that crosses a minute boundary gives an every-minute
        # job a second slot, claimed by one worker and run once like the first.
        slots = ScheduledRun.objects.filter(job=name).count()
        assert slots >= 1, name
        results = list(DBTaskResult.objects.filter(task_path=path))
        assert len(results) == slots, name
        for result in results:
            assert result.status == TaskResultStatus.SUCCESSFUL, result.traceback
            assert len(result.worker_ids) == 1
    returning.refresh_from_db()
    assert returning.status == PersonStatus.ACTIVE
    # Both stopped cleanly, so neither left a heartbeat that would look like a dead worker.
    assert not WorkerHeartbeat.objects.exists()


def test_two_workers_on_one_sqlite_file_run_every_task_and_periodic_job_exactly_once(tmp_path):
    data_dir = fresh_sqlite_data_dir(tmp_path / "data")
    env = hallway_env(data_dir)
    run_hallway(
        "shell",
        "-c",
        "from tests.core import sample_tasks as t; t.create_probe_table(); "
        f"[t.record_run.enqueue(label, pause={PAUSE}) for label in {LABELS!r}]",
        env=env,
    )

    run_two_workers(env)

    labels = [label for (label,) in sqlite_rows(data_dir, "SELECT label FROM test_worker_probe")]
    assert Counter(labels) == Counter(dict.fromkeys(LABELS, 1))
    results_table = DBTaskResult._meta.db_table
    results = sqlite_rows(
        data_dir,
        f"SELECT task_path, status, worker_ids FROM {results_table}",  # noqa: S608
    )
    assert all(status == TaskResultStatus.SUCCESSFUL for _, status, _ in results), results
    assert all(len(json.loads(worker_ids)) == 1 for _, _, worker_ids in results)
    paths = Counter(path for path, _, _ in results)
    assert paths[RECORD_RUN] == TASK_COUNT
    claims = Counter(job for (job,) in sqlite_rows(data_dir, "SELECT job FROM core_scheduledrun"))
    for name, path in periodic_job_paths().items():
        assert claims[name] == 1, name
        assert paths[path] == 1, path
    assert sqlite_rows(data_dir, "SELECT worker_id FROM core_workerheartbeat") == []
