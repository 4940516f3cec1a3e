"""Who may manage whom: the membership rules shared by services (which enforce them)
and views (which only offer what is allowed).

Owners manage everyone. Admins manage everyone except owners, and cannot make owners.
Organisers and members manage nobody.
"""

from hallway.accounts.models import Membership, Role


def can_manage_members(actor: Membership | None) -> bool:
    return actor is not None and actor.has_role(Role.ADMIN)


def assignable_roles(actor: Membership | None) -> list[str]:
    """The roles `actor` may give to someone, most powerful first."""
    if actor is None or not actor.has_role(Role.ADMIN):
        return []
    if actor.role == Role.OWNER:
        return [role.value for role in Role]
    return [Role.ADMIN.value, Role.ORGANISER.value, Role.MEMBER.value]


def can_manage(actor: Membership | None, target: Membership) -> bool:
    """May `actor` change the role of, or remove, `target` (same organisation only)?"""
    if actor is None or actor.organisation_id != target.organisation_id:
        return False
    if not actor.has_role(Role.ADMIN):
        return False
    return target.role != Role.OWNER or actor.role == Role.OWNER
