"""Kudos: a short thank-you from one person to another, within a monthly quota.

The month is the giver's own (their zone), so "ten a month" means the same thing in Berlin
and in São Paulo. Each kudos takes the next number of its giver's month; the unique
constraint on (giver, month, seq) decides a race: of two requests for the last kudos, one
inserts it and the other finds the number taken, counts again and is refused. A kudos
shown on the wall is a "kudos" celebration, posted through `celebration_post`.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from hallway.people.models import Person, PersonStatus
from hallway.rituals.models import CelebrationKind, Kudos
from hallway.rituals.selectors.gong import kudos_month
from hallway.rituals.selectors.settings import ritual_settings_of
from hallway.rituals.services.gong import celebration_post

MESSAGE_MAX = 280
ATTEMPTS = 5


def _last_seq(giver: Person, month: datetime.date) -> int:
    found = Kudos.objects.filter(giver=giver, month=month).aggregate(last=Max("seq"))["last"]
    return int(found or 0)


def kudos_give(
    *,
    giver: Person,
    receiver: Person,
    message: str,
    now: datetime.datetime,
    on_wall: bool = True,
    source: str = "ui",
) -> Kudos:
    """Give kudos, and (with `on_wall`) show them on the wall of wins and in the gong's
    channels. Refused (ValidationError, nothing written) to oneself, across organisations,
    to someone who left, without a message, or past the giver's quota for the month."""
    organisation = giver.organisation
    problems: dict[str, list[str]] = {}
    if receiver.organisation_id != giver.organisation_id:
        problems["receiver"] = [_("Choose someone in your organisation.")]
    elif receiver.pk == giver.pk:
        problems["receiver"] = [_("Kudos are for someone else; nobody gives them to themselves.")]
    elif receiver.status == PersonStatus.LEFT:
        problems["receiver"] = [_("%(name)s has left.") % {"name": receiver.name}]
    text = " ".join(message.split())
    if not text:
        problems["message"] = [_("Say what the kudos are for.")]
    elif len(text) > MESSAGE_MAX:
        problems["message"] = [_("At most %(max)d characters.") % {"max": MESSAGE_MAX}]
    if problems:
        raise ValidationError(problems)
    quota = ritual_settings_of(organisation).kudos_per_month
    month = kudos_month(giver, now)
    for _attempt in range(ATTEMPTS):
        seq = _last_seq(giver, month) + 1
        if seq > quota:
            raise ValidationError(
                {
                    "receiver": ValidationError(
                        _(
                            "You have given all %(quota)d kudos of this month; new ones "
                            "come on the first of the month."
                        )
                        % {"quota": quota},
                        code="quota",
                    )
                }
            )
        try:
            with transaction.atomic():
                kudos = Kudos.objects.create(
                    organisation=organisation,
                    giver=giver,
                    receiver=receiver,
                    message=text,
                    month=month,
                    seq=seq,
                    given_at=now,
                )
                if on_wall:
                    kudos.celebration = celebration_post(
                        organisation=organisation,
                        kind=CelebrationKind.KUDOS,
                        # The receiver's name: every channel writes "Kudos" in its own language.
                        title=receiver.name,
                        text=text,
                        people=[receiver],
                        team=receiver.team,
                        posted_by=giver,
                        source=source,
                        source_ref=f"kudos:{kudos.pk}",
                        now=now,
                    )
                    kudos.save(update_fields=["celebration"])
            return kudos
        except IntegrityError:
            continue  # the number was taken meanwhile: count again
    raise ValidationError(_("Too many kudos at once; please try again."), code="busy")
