"""Public holidays and out-of-office ranges.

A person's pause (`status=paused` until `paused_until`) belongs to the directory (people)
and their working days to their profile; a coffee program's own pause belongs to coffee
(it means "no coffee for now", not "away"). `selectors.AbsenceCalendar` reads all of them.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.timezone import now
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import OrganisationScoped


class Holiday(OrganisationScoped):
    """A day off for the whole organisation, or at one location: no rounds or suggested
    meetings, nobody asked to meet there that day."""

    date = models.DateField(_("date"))
    # In the calendar's own language for public holidays ("Fronleichnam"), else as entered.
    name = models.CharField(_("name"), max_length=120)
    # The same name in the UI languages the public calendar has it in ({"en": "Corpus
    # Christi", "de": "Fronleichnam"}); a viewer sees theirs, else `name`.
    names = models.JSONField(_("translated names"), default=dict, blank=True)
    # The public calendar it came from ("DE-NW", "NL"); empty for a day added by hand.
    region = models.CharField(_("public holiday calendar"), max_length=16, blank=True)
    location = models.ForeignKey(
        "people.Location",
        verbose_name=_("location"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the whole organisation."),
    )

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "location", "date"], name="unique_holiday"
            )
        ]
        indexes = [models.Index(fields=["organisation", "date"], name="holiday_by_date")]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"

    def name_in(self, language: str | None = None) -> str:
        """The name in `language` (default: the active one) where known, else `name`."""
        code = (language or get_language() or "en").lower().split("-")[0]
        names = self.names if isinstance(self.names, dict) else {}
        return str(names.get(code) or self.name)

    @property
    def display_name(self) -> str:
        return self.name_in()


class OutOfOffice(OrganisationScoped):
    """A person away from `first_day` to `last_day` (both included): holidays, leave,
    a conference. Ranges of one person never overlap (the service checks)."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="out_of_office",
    )
    first_day = models.DateField(_("first day away"))
    last_day = models.DateField(_("last day away"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=now)

    class Meta:
        ordering = ["first_day", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="out_of_office_in_order"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "last_day"], name="out_of_office_by_end"),
            models.Index(fields=["person", "first_day"], name="out_of_office_by_person"),
        ]
        verbose_name = _("out of office")
        verbose_name_plural = _("out of office")

    def __str__(self) -> str:
        return f"{self.person_id}: {self.first_day} – {self.last_day}"
