import datetime

from django.urls import reverse
from django.utils import timezone

from hallway.accounts.models import User
from hallway.core.models import ScheduledRun, WorkerHeartbeat


def test_superuser_sees_workers_and_scheduler_runs_read_only(client, db):
    admin = User.objects.create_superuser(email="root@hallway.test", password="x-long-password")
    client.force_login(admin)
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="web-1-123", hostname="web-1", pid=123, started_at=now, last_seen=now
    )
    ScheduledRun.objects.create(
        job="people.resume_returning", slot=now - datetime.timedelta(hours=1)
    )

    workers = client.get(reverse("admin:core_workerheartbeat_changelist"))
    assert b"web-1-123" in workers.content
    runs = client.get(reverse("admin:core_scheduledrun_changelist"))
    assert b"people.resume_returning" in runs.content
    assert client.get(reverse("admin:core_scheduledrun_add")).status_code == 403


def test_members_cannot_open_the_admin(bob_client):
    response = bob_client.get(reverse("admin:core_workerheartbeat_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
