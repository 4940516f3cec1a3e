"""The periodic scheduler: slots, claiming each slot once, catch-up, registry, pruning."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import transaction
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from hallway.core import scheduler
from hallway.core.models import ScheduledRun
from hallway.core.scheduler import (
    DailyAt,
    Every,
    JobRegistry,
    history_prune,
    installed_registry,
    scheduler_tick,
)
from tests.core import sample_tasks

UTC = datetime.UTC
HEARTBEAT_PATH = "tests.core.sample_tasks.heartbeat"


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def heartbeat_jobs():
    jobs = JobRegistry()
    jobs.register("tests.heartbeat", sample_tasks.heartbeat, Every(minutes=5))
    return jobs


def test_every_starts_slots_on_multiples_of_the_interval_from_midnight():
    assert Every(minutes=5).slot(at("2026-03-02 12:07:31")) == at("2026-03-02 12:05:00")
    assert Every(minutes=5).slot(at("2026-03-02 12:05:00")) == at("2026-03-02 12:05:00")
    assert Every(hours=6).slot(at("2026-03-02 17:59:59")) == at("2026-03-02 12:00:00")
    assert Every(days=1).slot(at("2026-03-02 23:00:00")) == at("2026-03-02 00:00:00")


def test_every_works_with_non_utc_datetimes():
    berlin = datetime.timezone(datetime.timedelta(hours=1))
    moment = datetime.datetime(2026, 3, 2, 13, 7, tzinfo=berlin)  # 12:07 UTC
    assert Every(minutes=15).slot(moment) == at("2026-03-02 12:00:00")


def test_daily_at_before_the_time_belongs_to_yesterdays_slot():
    daily = DailyAt(hour=3, minute=30)
    assert daily.slot(at("2026-03-02 03:29:59")) == at("2026-03-01 03:30:00")
    assert daily.slot(at("2026-03-02 03:30:00")) == at("2026-03-02 03:30:00")
    assert daily.slot(at("2026-03-02 23:59:00")) == at("2026-03-02 03:30:00")


@pytest.mark.parametrize(
    "make", [lambda: Every(), lambda: DailyAt(hour=24), lambda: DailyAt(hour=1, minute=60)]
)
def test_impossible_schedules_are_refused(make):
    with pytest.raises(ImproperlyConfigured):
        make()


@pytest.mark.django_db
def test_two_ticks_in_one_slot_enqueue_the_job_once(heartbeat_jobs):
    assert scheduler_tick(now=at("2026-03-02 12:05:10"), jobs=heartbeat_jobs) == ["tests.heartbeat"]
    assert scheduler_tick(now=at("2026-03-02 12:09:59"), jobs=heartbeat_jobs) == []

    run = ScheduledRun.objects.get(job="tests.heartbeat")
    assert run.slot == at("2026-03-02 12:05:00")
    queued = DBTaskResult.objects.get(task_path=HEARTBEAT_PATH)
    assert str(queued.id) == run.task_id
    assert queued.status == TaskResultStatus.READY


@pytest.mark.django_db
def test_the_next_slot_gets_a_new_run(heartbeat_jobs):
    scheduler_tick(now=at("2026-03-02 12:05:10"), jobs=heartbeat_jobs)
    assert scheduler_tick(now=at("2026-03-02 12:10:00"), jobs=heartbeat_jobs) == ["tests.heartbeat"]

    slots = list(ScheduledRun.objects.order_by("slot").values_list("slot", flat=True))
    assert slots == [at("2026-03-02 12:05:00"), at("2026-03-02 12:10:00")]
    assert DBTaskResult.objects.filter(task_path=HEARTBEAT_PATH).count() == 2


@pytest.mark.django_db
def test_missed_slots_are_caught_up_once_not_once_each(heartbeat_jobs):
    scheduler_tick(now=at("2026-03-02 12:05:10"), jobs=heartbeat_jobs)
    # No worker for three hours: 36 slots passed.
    assert scheduler_tick(now=at("2026-03-02 15:07:00"), jobs=heartbeat_jobs) == ["tests.heartbeat"]
    assert scheduler_tick(now=at("2026-03-02 15:08:00"), jobs=heartbeat_jobs) == []

    assert ScheduledRun.objects.count() == 2
    assert DBTaskResult.objects.filter(task_path=HEARTBEAT_PATH).count() == 2


@pytest.mark.django_db
def test_a_claim_is_not_kept_when_enqueueing_fails(heartbeat_jobs, monkeypatch, caplog):
    def crash(*args, **kwargs):
        raise RuntimeError("crash between claim and enqueue")

    with monkeypatch.context() as patched:
        patched.setattr(sample_tasks.heartbeat.__class__, "enqueue", crash)
        assert scheduler_tick(now=at("2026-03-02 12:05:10"), jobs=heartbeat_jobs) == []
    assert not ScheduledRun.objects.exists()
    assert "periodic job tests.heartbeat could not be enqueued" in caplog.text

    assert scheduler_tick(now=at("2026-03-02 12:06:00"), jobs=heartbeat_jobs) == ["tests.heartbeat"]


@pytest.mark.django_db
def test_a_task_row_is_not_kept_when_recording_the_claim_fails(heartbeat_jobs, monkeypatch):
    original_save = ScheduledRun.save
    queued_before_the_crash = []

    def save_then_crash_on_the_task_id(self, *args, **kwargs):
        if kwargs.get("update_fields") == ["task_id"]:
            queued_before_the_crash.append(DBTaskResult.objects.filter(id=self.task_id).exists())
            raise RuntimeError("crash after enqueue")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(ScheduledRun, "save", save_then_crash_on_the_task_id)
    assert scheduler_tick(now=at("2026-03-02 12:05:10"), jobs=heartbeat_jobs) == []

    assert queued_before_the_crash == [True]
    assert not DBTaskResult.objects.exists()
    assert not ScheduledRun.objects.exists()


@pytest.mark.django_db
def test_one_broken_job_does_not_stop_the_others(heartbeat_jobs, monkeypatch):
    # Registered under a name that sorts after the broken job, so it is ticked after it.
    heartbeat_jobs.register("tests.next", sample_tasks.explode, Every(hours=1))
    enqueue = sample_tasks.heartbeat.__class__.enqueue

    def heartbeat_cannot_be_enqueued(task, *args, **kwargs):
        if task.func is sample_tasks.heartbeat.func:
            raise RuntimeError("misconfigured")
        return enqueue(task, *args, **kwargs)

    monkeypatch.setattr(sample_tasks.heartbeat.__class__, "enqueue", heartbeat_cannot_be_enqueued)

    assert scheduler_tick(now=at("2026-03-02 12:05:10"), jobs=heartbeat_jobs) == ["tests.next"]
    assert list(ScheduledRun.objects.values_list("job", flat=True)) == ["tests.next"]


@pytest.mark.django_db
def test_losing_the_insert_race_keeps_the_callers_transaction_usable(heartbeat_jobs, monkeypatch):
    # Another worker inserted the claim after our existence check: the insert hits the
    # unique constraint, which must roll back only our savepoint.
    monkeypatch.setattr(scheduler, "already_claimed", lambda job_name, slot: False)
    with transaction.atomic():
        ScheduledRun.objects.create(job="tests.heartbeat", slot=at("2026-03-02 12:05:00"))
        assert scheduler_tick(now=at("2026-03-02 12:06:00"), jobs=heartbeat_jobs) == []
        assert ScheduledRun.objects.count() == 1
    assert not DBTaskResult.objects.exists()


def test_the_installed_jobs_are_discovered_from_the_apps_tasks_modules():
    jobs = {job.name: job for job in installed_registry().jobs()}

    assert (
        jobs["people.resume_returning"].task.module_path == "hallway.people.tasks.resume_returning"
    )
    assert jobs["core.prune_history"].task.module_path == "hallway.core.tasks.prune_history"
    assert all(
        job.schedule.period == datetime.timedelta(days=1)
        for job in jobs.values()
        if job.name in {"people.resume_returning", "core.prune_history"}
    )


def test_a_name_used_by_two_different_tasks_is_refused(heartbeat_jobs):
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        heartbeat_jobs.register("tests.heartbeat", sample_tasks.explode, Every(minutes=1))


def test_only_tasks_can_be_registered():
    with pytest.raises(ImproperlyConfigured, match="django-tasks task"):
        JobRegistry().register("tests.plain", sample_tasks.create_probe_table, Every(hours=1))


def test_a_naive_now_is_refused(heartbeat_jobs):
    with pytest.raises(ValueError, match="aware"):
        scheduler_tick(now=datetime.datetime(2026, 3, 2, 12, 0), jobs=heartbeat_jobs)


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_is_recorded_as_failed_and_its_slot_stays_claimed():
    jobs = JobRegistry()
    jobs.register("tests.explode", sample_tasks.explode, Every(hours=1))
    with time_machine.travel(at("2026-03-02 12:30:00"), tick=False):
        scheduler_tick(now=at("2026-03-02 12:30:00"), jobs=jobs)
        call_command("worker", "--until-idle")
        assert scheduler_tick(now=at("2026-03-02 12:45:00"), jobs=jobs) == []

    run = ScheduledRun.objects.get(job="tests.explode")
    failed = DBTaskResult.objects.get(id=run.task_id)
    assert failed.status == TaskResultStatus.FAILED
    assert failed.exception_class_path == "builtins.RuntimeError"
    assert "the sample task failed on purpose" in failed.traceback


@pytest.mark.django_db
def test_pruning_forgets_old_finished_results_and_claims_only():
    now = at("2026-03-31 03:30:00")
    old, recent = now - datetime.timedelta(days=31), now - datetime.timedelta(days=29)
    for finished_at, status in [
        (old, TaskResultStatus.SUCCESSFUL),
        (old, TaskResultStatus.FAILED),
        (recent, TaskResultStatus.SUCCESSFUL),
    ]:
        result = sample_tasks.heartbeat.enqueue().db_result
        DBTaskResult.objects.filter(id=result.id).update(status=status, finished_at=finished_at)
    waiting = sample_tasks.heartbeat.enqueue().db_result
    ScheduledRun.objects.create(job="people.resume_returning", slot=old)
    ScheduledRun.objects.create(job="people.resume_returning", slot=recent)

    assert history_prune(now=now) == {"task_results": 2, "scheduled_runs": 1}

    assert list(
        DBTaskResult.objects.values_list("finished_at", flat=True).exclude(id=waiting.id)
    ) == [recent]
    assert DBTaskResult.objects.filter(id=waiting.id).exists()
    assert list(ScheduledRun.objects.values_list("slot", flat=True)) == [recent]
