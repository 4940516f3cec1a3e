"""Who a ritual is for: a circle of people, described once for stand-ups and pulses alike.

A circle is a team, a department, a location, a hand-picked list, or everyone in the
directory. It is stored as a description, not as a copy of its members, so people who join
the team later are asked too; `selectors.circles.circle_members` turns it into people.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CircleKind(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    TEAM = "team", _("A team")
    DEPARTMENT = "department", _("A department")
    LOCATION = "location", _("A location")
    PEOPLE = "people", _("Hand-picked people")


class InCircle(models.Model):
    """The fields of a circle, for any model whose people are one (an abstract base)."""

    circle_kind = models.CharField(
        _("who takes part"), max_length=16, choices=CircleKind.choices, default=CircleKind.TEAM
    )
    circle_team = models.ForeignKey(
        "people.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    circle_department = models.CharField(_("department"), max_length=120, blank=True)
    circle_location = models.ForeignKey(
        "people.Location",
        verbose_name=_("location"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    circle_team_id: int | None
    circle_location_id: int | None
    circle_people = models.ManyToManyField(
        "people.Person", verbose_name=_("people"), blank=True, related_name="+"
    )

    class Meta:
        abstract = True
