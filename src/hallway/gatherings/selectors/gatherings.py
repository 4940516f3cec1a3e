"""Reads for the gatherings pages: the list with each gathering's answers, one gathering's
guests, its breakout plan, and who may change it."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from hallway.accounts.models import Organisation, Role, User
from hallway.accounts.tenancy import scoped
from hallway.gatherings.models import BreakoutRoom, Gathering, Guest, GuestRole, GuestStatus


def gatherings_listed(*, organisation: Organisation) -> QuerySet[Gathering]:
    """The organisation's gatherings with their answers counted (hosts not included)."""
    guests = Q(guests__role__in=(GuestRole.GUEST, GuestRole.SENIOR))
    return (
        scoped(Gathering, organisation)
        .annotate(
            yes_count=Count("guests", filter=guests & Q(guests__status=GuestStatus.YES)),
            invited_count=Count(
                "guests", filter=guests & ~Q(guests__status=GuestStatus.WAITLISTED)
            ),
            waitlisted_count=Count(
                "guests", filter=guests & Q(guests__status=GuestStatus.WAITLISTED)
            ),
        )
        .prefetch_related("hosts")
    )


def gathering_guests(*, gathering: Gathering) -> list[Guest]:
    """Hosts first, then the senior guest, then guests by answer and name; the waitlist last
    in its order."""
    order = {GuestRole.HOST: 0, GuestRole.SENIOR: 1, GuestRole.GUEST: 2}
    status = {
        GuestStatus.YES: 0,
        GuestStatus.MAYBE: 1,
        GuestStatus.INVITED: 2,
        GuestStatus.NO: 3,
        GuestStatus.WAITLISTED: 4,
    }
    guests = list(gathering.guests.select_related("contact__company", "person__team"))
    guests.sort(
        key=lambda g: (
            order[GuestRole(g.role)],
            status[GuestStatus(g.status)],
            g.waitlist_position or 0,
            g.name.lower(),
        )
    )
    return guests


@dataclass
class PlannedRound:
    number: int
    rooms: list[BreakoutRoom] = field(default_factory=list)


def breakout_rounds(*, gathering: Gathering) -> list[PlannedRound]:
    rounds: dict[int, PlannedRound] = {}
    for room in gathering.rooms.prefetch_related("members").order_by("round_number", "number"):
        rounds.setdefault(room.round_number, PlannedRound(room.round_number)).rooms.append(room)
    return list(rounds.values())


def may_manage(*, user: User, role: str, gathering: Gathering) -> bool:
    """Hosts and organisers see a gathering's guests and change it; every member sees that
    it takes place, with its counts (the pages and the API ask here)."""
    if Role.rank(role) >= Role.rank(Role.ORGANISER):
        return True
    return gathering.hosts.filter(pk=user.pk).exists()
