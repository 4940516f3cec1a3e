"""Who is in a circle right now, and how to name it."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.people.models import Person, PersonStatus
from hallway.rituals.models import CircleKind, InCircle


def circle_members(*, owner: InCircle, organisation: Organisation) -> QuerySet[Person]:
    """Everyone in `owner`'s circle who has not left, by name. Paused people stay in: the
    absence model says when they are away, so they are shown as away, never as missing."""
    people = scoped(Person, organisation).exclude(status=PersonStatus.LEFT)
    kind = owner.circle_kind
    if kind == CircleKind.TEAM:
        people = people.filter(team_id=owner.circle_team_id or 0)
    elif kind == CircleKind.DEPARTMENT:
        people = people.filter(department=owner.circle_department)
    elif kind == CircleKind.LOCATION:
        people = people.filter(location_id=owner.circle_location_id or 0)
    elif kind == CircleKind.PEOPLE:
        people = (
            people.filter(pk__in=owner.circle_people.values("pk")) if owner.pk else people.none()
        )
    return people.order_by("name", "pk")


def circle_label(owner: InCircle) -> str:
    """The circle in a few words ("Team Platform", "Berlin", "4 people")."""
    kind = owner.circle_kind
    if kind == CircleKind.TEAM:
        return owner.circle_team.name if owner.circle_team else _("a team that was removed")
    if kind == CircleKind.DEPARTMENT:
        return owner.circle_department
    if kind == CircleKind.LOCATION:
        return (
            owner.circle_location.name
            if owner.circle_location
            else _("a location that was removed")
        )
    if kind == CircleKind.PEOPLE:
        # A list of circles counts them in its query (`circle_people_count`), not one each.
        count = getattr(owner, "circle_people_count", None)
        if count is None:
            count = owner.circle_people.count() if owner.pk else 0
        return ngettext("%(count)d hand-picked person", "%(count)d hand-picked people", count) % {
            "count": count
        }
    return _("Everyone")
