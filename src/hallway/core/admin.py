"""Read-only views of the background machinery, for operators in the Django admin."""

from typing import TypeVar

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from hallway.core.models import ScheduledRun, WorkerHeartbeat

M = TypeVar("M", bound=models.Model)


class ReadOnlyAdmin(admin.ModelAdmin[M]):
    def has_add_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin[WorkerHeartbeat]):
    list_display = ["worker_id", "hostname", "pid", "started_at", "last_seen"]


@admin.register(ScheduledRun)
class ScheduledRunAdmin(ReadOnlyAdmin[ScheduledRun]):
    list_display = ["job", "slot", "claimed_at", "task_id"]
    list_filter = ["job"]
    date_hierarchy = "slot"
