import datetime

from django.db.models import QuerySet

from hallway.accounts.models import Organisation, User
from hallway.outreach.models import MessageStatus, OwnerTask, PersonalMessage


def tasks_open_for(*, organisation: Organisation, user: User) -> QuerySet[OwnerTask]:
    return (
        OwnerTask.objects.filter(organisation=organisation, owner=user, done_at=None)
        .select_related("contact", "company")
        .order_by("due_on", "id")
    )


def approvals_waiting_for(*, organisation: Organisation, user: User) -> QuerySet[PersonalMessage]:
    return PersonalMessage.objects.filter(
        organisation=organisation, owner=user, status=MessageStatus.PENDING
    )


def tasks_done_recently_for(
    *, organisation: Organisation, user: User, since: datetime.datetime
) -> QuerySet[OwnerTask]:
    """Tasks `user` marked done since `since`, the latest first (to open one again)."""
    return (
        OwnerTask.objects.filter(organisation=organisation, owner=user, done_at__gte=since)
        .select_related("contact", "company")
        .order_by("-done_at", "-id")
    )
