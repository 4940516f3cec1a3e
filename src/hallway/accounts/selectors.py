"""Reads for the account pages and commands, always scoped to one organisation."""

from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, QuerySet

from hallway.accounts.models import ApiToken, Invitation, Membership, Organisation, Role, User
from hallway.accounts.tenancy import scoped

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def members_list(*, organisation: Organisation) -> list[Membership]:
    """Members, most powerful role first, then by email."""
    memberships = scoped(Membership, organisation).select_related("user")
    return sorted(memberships, key=lambda m: (-Role.rank(m.role), m.user.email))


def invitations_pending(*, organisation: Organisation) -> QuerySet[Invitation]:
    return (
        scoped(Invitation, organisation)
        .filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("invited_by")
        .order_by("email")
    )


def tokens_of(*, organisation: Organisation, user: User) -> QuerySet[ApiToken]:
    """The caller's own live tokens in this organisation."""
    return scoped(ApiToken, organisation).filter(user=user, revoked_at__isnull=True)


class MemberCount(TypedDict):
    member_count: int


def organisations_with_member_counts() -> "QuerySet[WithAnnotations[Organisation, MemberCount]]":
    return Organisation.objects.annotate(member_count=Count("memberships")).order_by("slug")


def member_by_email(organisation: Organisation, email: str) -> User | None:
    """The member of `organisation` with this address (any case), or None."""
    membership = (
        Membership.objects.filter(organisation=organisation, user__email__iexact=email.strip())
        .select_related("user")
        .first()
    )
    return membership.user if membership is not None else None
