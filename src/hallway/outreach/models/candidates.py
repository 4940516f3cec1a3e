"""Candidates on jobs: a job is an order of relationships; a candidacy is one candidate on
it, at a stage. A hiring freeze tells the candidates at chosen stages that the client has
paused, and brings them news again on the resume date."""

from django.conf import settings
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import OrganisationScoped


class Stage(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SCREENING = "screening", _("Screening")
    INTERVIEW = "interview", _("Interview")
    OFFER = "offer", _("Offer")
    HIRED = "hired", _("Hired")
    REJECTED = "rejected", _("Not taken further")
    WITHDRAWN = "withdrawn", _("Withdrew")


# Stages where a candidate still waits for news.
OPEN_STAGES = (Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER)


class Candidacy(OrganisationScoped):
    order = models.ForeignKey(
        "relationships.Order", verbose_name=_("job"), on_delete=models.CASCADE, related_name="+"
    )
    contact = models.ForeignKey(
        "relationships.Contact",
        verbose_name=_("candidate"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    stage = models.CharField(
        _("stage"), max_length=10, choices=Stage.choices, default=Stage.APPLIED
    )
    stage_changed_at = models.DateTimeField(_("stage since"), default=now)
    # The recruiter: whose name the updates carry.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recruiter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    external_id = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("added"), default=now)

    class Meta:
        ordering = ["order", "contact__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "contact"], name="one_candidacy_per_job")
        ]
        indexes = [models.Index(fields=["order", "stage"], name="candidacy_stage")]
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")

    def __str__(self) -> str:
        return f"{self.contact_id} on {self.order_id}"


class Freeze(OrganisationScoped):
    """A client's pause in hiring, told to the candidates of one job or of all its jobs."""

    order = models.ForeignKey(
        "relationships.Order",
        verbose_name=_("job"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    company = models.ForeignKey(
        "relationships.Company",
        verbose_name=_("client"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    stages = models.JSONField(_("stages told"), default=list)
    resume_on = models.DateField(_("hiring resumes on"))
    # The recruiter's own words (any language); empty: the built-in text in each
    # candidate's language.
    message = models.TextField(_("message"), blank=True, max_length=5000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("announced"), default=now)
    notified = models.PositiveIntegerField(_("candidates told"), default=0)
    reminded_at = models.DateTimeField(_("recruiter reminded"), null=True, blank=True)
    followed_up_at = models.DateTimeField(_("follow-up sent"), null=True, blank=True)
    lifted_at = models.DateTimeField(_("lifted early"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(order__isnull=False) | models.Q(company__isnull=False),
                name="freeze_has_a_job_or_client",
            )
        ]
        verbose_name = _("hiring freeze")
        verbose_name_plural = _("hiring freezes")

    def __str__(self) -> str:
        return f"freeze until {self.resume_on}"
