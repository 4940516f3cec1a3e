"""Contractor care: a placement's check-in plan, the contractor's answers (for their owner,
named) and their ratings of the client (anonymous, shown per client only at k or more)."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import OrganisationScoped


class PlacementStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")
    CANCELLED = "cancelled", _("Cancelled")


class Placement(OrganisationScoped):
    contractor = models.ForeignKey(
        "relationships.Contact",
        verbose_name=_("contractor"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    company = models.ForeignKey(
        "relationships.Company",
        verbose_name=_("client"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    order = models.ForeignKey(
        "relationships.Order",
        verbose_name=_("job"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlacementStatus.choices, default=PlacementStatus.ACTIVE
    )
    external_id = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded"), default=now)

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["company", "status"], name="placement_company")]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")

    def __str__(self) -> str:
        return f"{self.contractor_id} at {self.company_id}"


class CheckInKind(models.TextChoices):
    DAY_30 = "day_30", _("After 30 days")
    DAY_45 = "day_45", _("After 45 days")
    DAY_60 = "day_60", _("After 60 days")
    HALFWAY = "halfway", _("Halfway")
    BEFORE_END = "before_end", _("Two weeks before the end")


class CheckIn(OrganisationScoped):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="check_ins")
    kind = models.CharField(_("when"), max_length=10, choices=CheckInKind.choices)
    due_on = models.DateField(_("due"))
    sent_at = models.DateTimeField(_("asked"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # The contractor's answer, for their owner (named, like any conversation).
    score = models.PositiveSmallIntegerField(
        _("how it goes (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(_("comment"), blank=True, max_length=3000)
    wants_call = models.BooleanField(_("would like a call"), default=False)
    # Whether this answer also rated the client (the rating itself is stored apart, without
    # anyone's name): a contractor rates a client once a quarter, so k counts people.
    rated_client = models.BooleanField(default=False)

    class Meta:
        ordering = ["placement", "due_on"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "kind"], name="one_check_in_per_kind")
        ]
        indexes = [models.Index(fields=["organisation", "sent_at", "due_on"], name="check_in_due")]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    def __str__(self) -> str:
        return f"{self.placement_id} {self.kind}"


class ClientRating(OrganisationScoped):
    """One anonymous rating of a client by one of its contractors.

    Stored without the contractor, the placement or the moment: a random key (no order of
    creation) and the quarter only, so no row can be joined back to a check-in. Each
    contractor rates a client at most once a quarter, so a quarter's count is people."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    company = models.ForeignKey("relationships.Company", on_delete=models.CASCADE, related_name="+")
    quarter = models.DateField()  # its first day
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(blank=True, max_length=2000)

    class Meta:
        indexes = [models.Index(fields=["company", "quarter"], name="rating_company_quarter")]
        verbose_name = _("client rating")
        verbose_name_plural = _("client ratings")

    def __str__(self) -> str:
        return f"{self.company_id} {self.quarter:%Y-%m}"
