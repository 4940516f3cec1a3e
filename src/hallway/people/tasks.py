"""Background work for the people directory."""

from django.utils import timezone
from django_tasks import task

from hallway.core.scheduler import DailyAt, periodic
from hallway.people.importing.uploads import people_imports_prune
from hallway.people.lifecycle import people_resume_returning


@periodic("people.resume_returning", DailyAt(hour=0, minute=5))
@task()
def resume_returning() -> int:
    """People whose pause ends today are active again (idempotent: a second run changes nothing)."""
    return people_resume_returning(today=timezone.now().date())


@periodic("people.prune_uploads", DailyAt(hour=3, minute=45))
@task()
def prune_uploads() -> int:
    """Uploaded people files nobody applied within a week are deleted (idempotent)."""
    return people_imports_prune(now=timezone.now())
