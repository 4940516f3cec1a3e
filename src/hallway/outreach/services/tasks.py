"""Owner tasks: what outreach asks a person to do ("call Megan", "answer Tom's feedback")."""

import datetime

from django.db import IntegrityError, transaction

from hallway.accounts.models import Organisation, User
from hallway.outreach.models import OwnerTask
from hallway.relationships.interface import Company, Contact


def owner_task_open(
    *,
    organisation: Organisation,
    owner: User,
    key: str,
    kind: str,
    title: str,
    source: str,
    due_on: datetime.date,
    now: datetime.datetime,
    contact: Contact | None = None,
    company: Company | None = None,
    detail: str = "",
    ref: str = "",
) -> OwnerTask:
    """Open a task (the same `key` again returns the first: a repeated run opens none)."""
    defaults = {
        "owner": owner,
        "kind": kind,
        "title": " ".join(title.split())[:200],
        "source": source,
        "due_on": due_on,
        "contact": contact,
        "company": company,
        "detail": detail[:5000],
        "ref": ref[:80],
        "created_at": now,
    }
    try:
        with transaction.atomic():
            task, _created = OwnerTask.objects.get_or_create(
                organisation=organisation, key=key[:160], defaults=defaults
            )
    except IntegrityError:
        task = OwnerTask.objects.get(organisation=organisation, key=key[:160])
    return task


def owner_task_done(*, task: OwnerTask, now: datetime.datetime, done: bool = True) -> OwnerTask:
    task.done_at = now if done else None
    task.save(update_fields=["done_at"])
    return task


# The choices the Today page offers: tomorrow, or in a week.
SNOOZE_DAYS = (1, 7)


def owner_task_snooze(*, task: OwnerTask, days: int, today: datetime.date) -> OwnerTask:
    """Move a task `days` on: from its due day, or from today when it is overdue already."""
    if days not in SNOOZE_DAYS:
        raise ValueError(days)
    task.due_on = max(task.due_on, today) + datetime.timedelta(days=days)
    task.save(update_fields=["due_on"])
    return task
