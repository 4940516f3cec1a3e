"""An organisation's choices for its rituals (one row, made on first use)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Anonymous results are shown for groups of at least k answers. Below 3 an answer could be
# told apart by its author's own knowledge of the two others; above 10 small teams would
# never see a figure (Lattice lets organisations choose from 3 to 10 and starts at 5).
ANONYMITY_MIN = 3
ANONYMITY_DEFAULT = 5
ANONYMITY_MAX = 10


class RitualSettings(models.Model):
    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="ritual_settings"
    )
    anonymity_threshold = models.PositiveSmallIntegerField(
        _("smallest group shown (k)"),
        default=ANONYMITY_DEFAULT,
        validators=[MinValueValidator(ANONYMITY_MIN), MaxValueValidator(ANONYMITY_MAX)],
        help_text=_(
            "Anonymous results and comments are shown only for groups with at least this "
            "many answers (3 to 10)."
        ),
    )
    kudos_per_month = models.PositiveSmallIntegerField(
        _("kudos each person may give per month"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("A quota keeps kudos worth something."),
    )

    class Meta:
        verbose_name = _("ritual settings")
        verbose_name_plural = _("ritual settings")

    def __str__(self) -> str:
        return str(self.organisation)
