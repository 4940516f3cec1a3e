"""A client gone quiet, answered by a person first: the owner is offered a 20-minute call,
a seat at the next small gathering, or a short note drafted from the last touches; only if
they do nothing within N days does an automated mail go."""

from django.conf import settings
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import OrganisationScoped


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the owner")
    CALLED = "called", _("Call scheduled")
    INVITED = "invited", _("Invited to a gathering")
    NOTED = "noted", _("Note sent")
    FALLBACK = "fallback", _("Automated mail sent")
    RESOLVED = "resolved", _("Back in touch")
    DISMISSED = "dismissed", _("Dismissed")


class QuietProposal(OrganisationScoped):
    company = models.ForeignKey(
        "relationships.Company",
        verbose_name=_("client"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # Whom to reach: the client's contact touched most recently.
    contact = models.ForeignKey(
        "relationships.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The silence it answers (the company's `quiet_on`): a new silence, a new proposal.
    quiet_on = models.DateField(_("quiet since"))
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    proposed_at = models.DateTimeField(_("proposed"), default=now)
    fallback_on = models.DateField(_("automated mail on"))
    acted_at = models.DateTimeField(_("acted"), null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["company", "quiet_on"], name="one_proposal_per_silence")
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="proposal_open")]
        verbose_name = _("quiet-client proposal")
        verbose_name_plural = _("quiet-client proposals")

    def __str__(self) -> str:
        return f"{self.company_id} quiet since {self.quiet_on}"
