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
