import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from hallway.accounts.models import OrganisationScoped
from hallway.core.validators import validate_timezone
from hallway.people.validation import (
    validate_language_codes,
    validate_working_days,
    working_hours_problem,
)

MESSAGE_LANGUAGES = settings.LANGUAGES  # messages go out in en, de or nl


class Team(OrganisationScoped):
    name = models.CharField(_("name"), max_length=120)
    department = models.CharField(_("department"), max_length=120, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_team_name")
        ]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class Location(OrganisationScoped):
    name = models.CharField(_("name"), max_length=120)
    country = models.CharField(_("country"), max_length=2, blank=True)
    # The state or province whose public holidays apply ("NW" in Germany, "SP" in Brazil),
    # as the `holidays` package names it; empty where a country has one calendar.
    subdivision = models.CharField(_("region"), max_length=16, blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, validators=[validate_timezone], default="Europe/Berlin"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_location_name")
        ]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name

    @property
    def region(self) -> str:
        """The public holiday calendar of the location: "DE-NW", "NL", or ""."""
        if not self.country:
            return ""
        return f"{self.country}-{self.subdivision}" if self.subdivision else self.country


class Tag(OrganisationScoped):
    """An interest or label (climbing, sourdough, data-science)."""

    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_tag_name")
        ]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class PersonStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    LEFT = "left", _("Left")


def default_working_days() -> list[int]:
    return [1, 2, 3, 4, 5]


# Callables, not `datetime.time` values: Django's system check cannot tell a fixed time of
# day from a mistaken "now" and warns (fields.W161) whenever the clock passes it.
def default_work_start() -> datetime.time:
    return datetime.time(9, 0)


def default_work_end() -> datetime.time:
    return datetime.time(17, 0)


class Person(OrganisationScoped):
    """Someone in the directory. May or may not have a login (`user`)."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    department = models.CharField(_("department"), max_length=120, blank=True)
    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, validators=[validate_timezone], default="Europe/Berlin"
    )
    work_start = models.TimeField(_("working hours start"), default=default_work_start)
    work_end = models.TimeField(_("working hours end"), default=default_work_end)
    working_days = models.JSONField(
        _("working days"),
        default=default_working_days,
        validators=[validate_working_days],
        help_text=_("ISO weekdays: 1 = Monday … 7 = Sunday."),
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[validate_language_codes]
    )
    interests = models.ManyToManyField(
        Tag, verbose_name=_("interests"), blank=True, related_name="people"
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    preferred_language = models.CharField(
        _("message language"), max_length=8, choices=MESSAGE_LANGUAGES, default="en"
    )
    slack_id = models.CharField(_("Slack member ID"), max_length=32, blank=True)
    chat_ids = models.JSONField(
        _("other chat IDs"),
        default=dict,
        blank=True,
        help_text=_('For example {"teams": "…", "mattermost": "…"}.'),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PersonStatus.choices, default=PersonStatus.ACTIVE
    )
    paused_until = models.DateField(_("paused until"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "email"], name="unique_person_email")
        ]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["organisation", "name"]),
        ]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Stored lower-case so lookups by email are exact and use the unique index.
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.email = (self.email or "").strip().lower()
        errors: dict[str, StrOrPromise] = {}  # every problem at once, not one per save
        problem = working_hours_problem(self.work_start, self.work_end)
        if problem:
            errors["work_end"] = problem
        if self.status == PersonStatus.PAUSED and not self.paused_until:
            errors["paused_until"] = _("A paused person needs a date to return.")
        if self.manager_id and self.manager_id == self.pk:
            errors["manager"] = _("A person cannot be their own manager.")
        for field in ("team", "location", "manager"):
            related = getattr(self, field)
            if related is not None and related.organisation_id != self.organisation_id:
                errors[field] = _("Choose one from this organisation.")
        if errors:
            raise ValidationError(errors)


class PeopleImport(OrganisationScoped):
    """An uploaded people file between preview and apply, and afterwards its record."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField()
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded"), default=now)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    # The rows an import that skipped bad rows left out: {"columns": [...], "rows": [{"row",
    # "values", "problems"}]}. Stored at apply time because the file itself is dropped then
    # and checking it again later would give other answers (the good rows exist by now);
    # a model rather than the session so that every organiser of the organisation, and only
    # they, can download it. Personal data: emptied a week after the import.
    rejected_rows = models.JSONField(_("rows left out"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("people import")
        verbose_name_plural = _("people imports")

    def __str__(self) -> str:
        return self.filename
