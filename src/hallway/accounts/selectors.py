"""Reads for the account pages and commands, always scoped to one organisation."""

from django.db.models import Count, QuerySet

from hallway.accounts.models import ApiToken, Invitation, Membership, Organisation, Role
from hallway.accounts.tenancy import scoped


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


def tokens_of(*, organisation: Organisation, user: object) -> QuerySet[ApiToken]:
    """The caller's own live tokens in this organisation."""
    return scoped(ApiToken, organisation).filter(user=user, revoked_at__isnull=True)


def organisations_with_member_counts() -> QuerySet[Organisation]:
    return Organisation.objects.annotate(member_count=Count("memberships")).order_by("slug")
