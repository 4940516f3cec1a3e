"""Changes to people's status that happen because time passes, not because someone edits them.

Run by periodic jobs (see `hallway.people.tasks`); every function here is idempotent.
"""

import datetime

from django.utils import timezone

from hallway.people.models import Person, PersonStatus


def people_resume_returning(*, today: datetime.date) -> int:
    """Make paused people whose pause has ended active again, in every organisation.

    Returns how many people changed. Running it twice on the same day changes nothing
    the second time, so the scheduler may safely repeat it.
    """
    returning = Person.objects.filter(status=PersonStatus.PAUSED, paused_until__lte=today)
    # One UPDATE statement: atomic on its own, and it does not fight with concurrent edits
    # over stale in-memory copies. update() skips auto_now, so the change is stamped here.
    return returning.update(
        status=PersonStatus.ACTIVE, paused_until=None, updated_at=timezone.now()
    )
