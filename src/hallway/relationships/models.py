"""Companies and contacts outside the organisation, and everything Hallway remembers of them.

Who may see what: companies, contacts, touches and orders belong to the whole organisation
(a shared client book). Personal details and notes carry a `Visibility`; private ones are
seen by their author alone, everywhere (pages, search, exports, the API) — the selectors in
`relationships.selectors.visibility` are the one place that decides.

Rhythm fields on `Company` and `Contact` (`last_touch_at`, `usual_gap_days`, …) are
derived: `touch_record` and `order_record` keep the "last" ones current, the nightly recount
refreshes the learned rhythm; nothing else writes them.
"""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from hallway.accounts.models import OrganisationScoped
from hallway.core.validators import validate_timezone
from hallway.people.validation import validate_working_days, working_hours_problem


class CompanyKind(models.TextChoices):
    CLIENT = "client", _("Client")
    PROSPECT = "prospect", _("Prospect")
    PARTNER = "partner", _("Partner")
    OTHER = "other", _("Other")


class ContactKind(models.TextChoices):
    CLIENT = "client", _("Client contact")
    PROSPECT = "prospect", _("Prospect")
    CANDIDATE = "candidate", _("Candidate")
    CONTRACTOR = "contractor", _("Contractor")
    ATTENDEE = "attendee", _("Attendee")
    OTHER = "other", _("Other")


class LegalBasis(models.TextChoices):
    """Why the organisation may keep this person's data (GDPR Art. 6(1))."""

    UNKNOWN = "", _("Not recorded")
    CONSENT = "consent", _("Consent (Art. 6(1)(a))")
    CONTRACT = "contract", _("Contract (Art. 6(1)(b))")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (Art. 6(1)(c))")
    VITAL_INTERESTS = "vital_interests", _("Vital interests (Art. 6(1)(d))")
    PUBLIC_TASK = "public_task", _("Public task (Art. 6(1)(e))")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest (Art. 6(1)(f))")


class TouchKind(models.TextChoices):
    CALL = "call", _("Call")
    VIDEO = "video", _("Video call")
    MEETING = "meeting", _("Meeting")
    EMAIL = "email", _("Email")
    MESSAGE = "message", _("Message")
    COFFEE = "coffee", _("Coffee")
    GATHERING = "gathering", _("Gathering")
    NOTE = "note", _("Note")


class TouchSource(models.TextChoices):
    UI = "ui", _("Logged by hand")
    API = "api", _("API")
    IMPORT = "import", _("Import")
    CALENDAR = "calendar", _("Calendar")
    MAIL = "mail", _("Mail")
    COFFEE = "coffee", _("Coffee date")
    GATHERING = "gathering", _("Gathering")
    OUTREACH = "outreach", _("Outreach")
    PROJECT = "project", _("Client project")


class Direction(models.TextChoices):
    NONE = "", _("Not applicable")
    INBOUND = "in", _("From the contact")
    OUTBOUND = "out", _("To the contact")


class OrderStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ON_HOLD = "on_hold", _("On hold")
    FILLED = "filled", _("Filled")
    CANCELLED = "cancelled", _("Cancelled")
    LOST = "lost", _("Lost")


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Only me")
    OWNERS = "owners", _("The company's owners")
    ORGANISATION = "organisation", _("Everyone in the organisation")


class WorkingWeek(models.Model):
    """Time zone, language and working hours: a company's are its contacts' defaults."""

    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, validators=[validate_timezone], blank=True
    )
    work_start = models.TimeField(_("working hours start"), null=True, blank=True)
    work_end = models.TimeField(_("working hours end"), null=True, blank=True)
    working_days = models.JSONField(
        _("working days"),
        null=True,
        blank=True,
        validators=[validate_working_days],
        help_text=_("ISO weekdays: 1 = Monday … 7 = Sunday."),
    )
    # The public holiday calendar, as the `holidays` package names it ("DE-NW", "NL").
    holiday_region = models.CharField(_("public holidays"), max_length=16, blank=True)

    class Meta:
        abstract = True

    def working_week_problems(self) -> dict[str, StrOrPromise]:
        if self.work_start is None and self.work_end is None:
            return {}
        problem = working_hours_problem(self.work_start, self.work_end)
        return {"work_end": problem} if problem else {}


class Company(OrganisationScoped, WorkingWeek):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=12, choices=CompanyKind.choices, default=CompanyKind.CLIENT
    )
    industry = models.CharField(_("industry"), max_length=120, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owners"),
        blank=True,
        related_name="owned_companies",
    )
    created_at = models.DateTimeField(_("created"), default=now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Derived (see the module docstring).
    last_touch_at = models.DateTimeField(_("last touch"), null=True, blank=True)
    last_order_on = models.DateField(_("last order"), null=True, blank=True)
    # The company's own rhythm (see `hallway.engine.rhythms`): the usual days between its
    # orders or touches, what it was learned from ("orders", "touches", or "prior" for a
    # young history), after how many days of silence it has gone quiet, the day that is
    # (from its last sign of life), and how quiet it was at the last recount (days since
    # last over `quiet_after_days`: 0 just heard from, 1 or more gone quiet).
    usual_gap_days = models.FloatField(_("usual gap in days"), null=True, blank=True)
    rhythm_basis = models.CharField(_("rhythm learned from"), max_length=10, blank=True)
    quiet_score = models.FloatField(_("quietness"), null=True, blank=True)
    rhythm_updated_at = models.DateTimeField(null=True, blank=True)
    quiet_after_days = models.FloatField(_("quiet after (days)"), null=True, blank=True)
    quiet_on = models.DateField(_("quiet from"), null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["organisation", "name"]),
            models.Index(fields=["organisation", "kind"]),
            models.Index(fields=["organisation", "quiet_score"]),
            # The quiet list: companies whose quiet day has come.
            models.Index(fields=["organisation", "quiet_on"]),
        ]
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors = self.working_week_problems()
        if errors:
            raise ValidationError(errors)


class ContactTag(OrganisationScoped):
    """A label on contacts ("decision maker", "java", "alumni"): the client book's own, apart
    from the directory's interests."""

    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_contact_tag_name")
        ]
        verbose_name = _("contact tag")
        verbose_name_plural = _("contact tags")

    def __str__(self) -> str:
        return self.name


class Contact(OrganisationScoped, WorkingWeek):
    """Someone outside the organisation: a client's employee, a candidate, a contractor."""

    name = models.CharField(_("name"), max_length=200)
    # The main address; more live in ContactEmail. Lower-case, may repeat across contacts
    # (that is what "merge duplicates" finds), may be empty for a contact known by phone.
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    kind = models.CharField(
        _("kind"), max_length=12, choices=ContactKind.choices, default=ContactKind.CLIENT
    )
    company = models.ForeignKey(
        Company,
        verbose_name=_("company"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    tags = models.ManyToManyField(
        ContactTag, verbose_name=_("tags"), blank=True, related_name="contacts"
    )
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owners"),
        blank=True,
        related_name="owned_contacts",
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=24, choices=LegalBasis.choices, blank=True
    )
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=120, blank=True, help_text=_("Where this contact came from.")
    )
    # Keep in touch every this many days (14, 30, 91 or any other); empty: no cadence.
    cadence_days = models.PositiveIntegerField(
        _("keep in touch every (days)"), null=True, blank=True
    )
    # A LinkedIn (or other) profile: how an import recognises a contact that has no email.
    profile_url = models.URLField(_("profile"), max_length=300, blank=True)
    # Reviewed for retention and kept on this day: the review period starts again from it.
    kept_on = models.DateField(_("kept on review"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Derived (see the module docstring).
    last_touch_at = models.DateTimeField(_("last touch"), null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["organisation", "name"]),
            models.Index(fields=["organisation", "email"]),
            models.Index(fields=["organisation", "profile_url"]),
            models.Index(fields=["organisation", "kind"]),
            models.Index(fields=["company", "name"]),
            models.Index(fields=["organisation", "last_touch_at"]),
        ]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.email = (self.email or "").strip().lower()
        errors = self.working_week_problems()
        company = self.company if self.company_id else None
        if company is not None and company.organisation_id != self.organisation_id:
            errors["company"] = _("Choose one from this organisation.")
        if self.cadence_days is not None and not 1 <= self.cadence_days <= 3660:
            errors["cadence_days"] = _("Choose a cadence between 1 day and 10 years.")
        if errors:
            raise ValidationError(errors)

    # The effective working week: the contact's own, else the company's, else None (the
    # caller falls back to the organisation's).
    def effective(self, field: str) -> Any:
        own = getattr(self, field)
        if own not in (None, ""):
            return own
        if self.company_id is not None:
            inherited = getattr(self.company, field)
            if inherited not in (None, ""):
                return inherited
        return None


class ContactEmail(OrganisationScoped):
    """Another address of a contact (the main one is `Contact.email`)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="other_emails")
    email = models.EmailField(_("email address"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contact", "email"], name="unique_contact_email")
        ]
        indexes = [models.Index(fields=["organisation", "email"])]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)


class Touch(OrganisationScoped):
    """One interaction with contacts (and so with their company), whoever had it."""

    kind = models.CharField(_("kind"), max_length=12, choices=TouchKind.choices)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    contacts = models.ManyToManyField(
        Contact, verbose_name=_("contacts"), blank=True, related_name="touches"
    )
    company = models.ForeignKey(
        Company,
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="touches",
    )
    summary = models.TextField(_("summary"), blank=True, max_length=5000)
    source = models.CharField(
        _("source"), max_length=12, choices=TouchSource.choices, default=TouchSource.UI
    )
    direction = models.CharField(
        _("direction"), max_length=3, choices=Direction.choices, blank=True
    )
    # What the source calls it (a calendar event's UID, a mail's Message-ID): the same
    # event read twice is one touch.
    external_id = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded"), default=now)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source", "external_id"],
                condition=~Q(external_id=""),
                name="unique_touch_external_id",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "at"]),
            models.Index(fields=["company", "at"]),
        ]
        verbose_name = _("touch")
        verbose_name_plural = _("touches")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class Order(OrganisationScoped):
    """A client's request for work: a vacancy, a project, an order."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="orders"
    )
    title = models.CharField(_("title"), max_length=200)
    at = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=12, choices=OrderStatus.choices, default=OrderStatus.OPEN
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
    )
    external_id = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["company", "at"]),
            models.Index(fields=["organisation", "at"]),
        ]
        verbose_name = _("order")
        verbose_name_plural = _("orders")

    def __str__(self) -> str:
        return self.title


class Shared(OrganisationScoped):
    """Something an author wrote about a contact, seen by whom `visibility` says."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    visibility = models.CharField(
        _("visible to"), max_length=12, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    created_at = models.DateTimeField(_("written"), default=now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Detail(Shared):
    """A personal detail worth remembering, optionally to ask about next time ("running
    the Köln marathon on 4 October — ask how it went")."""

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="details"
    )
    text = models.CharField(_("detail"), max_length=500)
    ask_next_time = models.BooleanField(_("ask next time"), default=False)
    # Due on this date; without one, due at the next touch.
    due_on = models.DateField(_("ask on or after"), null=True, blank=True)
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Health, family matters and the like: never shown in briefs to others."),
    )
    asked_at = models.DateTimeField(_("asked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["contact", "ask_next_time"])]
        verbose_name = _("personal detail")
        verbose_name_plural = _("personal details")

    def __str__(self) -> str:
        return self.text


class Note(Shared):
    """A free note about a contact or a company."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="notes"
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, null=True, blank=True, related_name="notes"
    )
    text = models.TextField(_("note"), max_length=20000)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contact__isnull=False) | Q(company__isnull=False),
                name="note_about_someone",
            )
        ]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return self.text[:60]


def default_snooze_until() -> datetime.date:
    return (now() + datetime.timedelta(days=7)).date()


class QueueDismissal(OrganisationScoped):
    """A queue item a user snoozed (until a date) or marked done (until it comes back for
    a new reason: the item's `key` names the reason and its date)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120)
    until = models.DateField(null=True, blank=True)  # None: done for good
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "key"], name="unique_dismissal")
        ]


class RelationshipSettings(models.Model):
    """An organisation's choices about its client book (one row per organisation, made on
    first use by `relationship_settings`)."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="relationship_settings"
    )
    # Contacts without a touch for this many months are listed for review, and erased
    # `retention_grace_days` later unless someone keeps them; empty: kept until erased.
    retention_months = models.PositiveIntegerField(
        _("review contacts without a touch for (months)"), null=True, blank=True
    )
    retention_grace_days = models.PositiveIntegerField(
        _("erase them after a grace period of (days)"), default=30
    )
    # Mail read into touches keeps headers and subject only, unless the organisation opts in.
    mail_bodies = models.BooleanField(_("keep the text of mails read into touches"), default=False)

    class Meta:
        verbose_name = _("relationship settings")

    def __str__(self) -> str:
        return str(self.organisation)


# --- calls ---


class CallStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class ScheduledCall(OrganisationScoped):
    """A call Hallway invited a contact and their owner to. Not a touch: the call has not
    happened yet. Kept so that every later message about it (a new time, a cancellation)
    carries the same calendar UID with the next SEQUENCE."""

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="calls"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("with"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    uid = models.CharField(max_length=200, unique=True)
    sequence = models.PositiveIntegerField(default=0)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CallStatus.choices, default=CallStatus.SCHEDULED
    )
    created_at = models.DateTimeField(_("scheduled"), default=now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["contact", "start"])]
        verbose_name = _("scheduled call")
        verbose_name_plural = _("scheduled calls")

    def __str__(self) -> str:
        return f"{self.contact} {self.start:%Y-%m-%d %H:%M}"


# --- sources: touches that arrive by themselves ---
# Their models live in a module of their own; importing them here registers them with the app.
from hallway.relationships.sources_models import (  # noqa: E402, F401
    CalendarSubscription,
    Mailbox,
    MailSecurity,
)

# --- importing and privacy (io) ---


class ContactImport(OrganisationScoped):
    """An uploaded contacts file between preview and apply, and afterwards its record (the
    file itself is dropped when applied, and a week after upload if never applied)."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField()
    created_at = models.DateTimeField(_("uploaded"), default=now)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("contacts import")
        verbose_name_plural = _("contacts imports")

    def __str__(self) -> str:
        return self.filename
