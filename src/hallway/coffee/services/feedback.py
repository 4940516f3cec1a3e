"""Feedback on a coffee date: did the members meet, how was it.

An answer resets the person's count of unanswered intros (three in a row pause them, see
`services.announcing.round_close`); answering again replaces the earlier answer. The
planning selectors read the outcomes as history: a pairing where somebody answered
"missed" or "not yet" and nobody "met" counts as not met, so the engine may pair them again.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hallway.coffee.models import Outcome, Pairing, PairingMember, Participation

COMMENT_MAX_LENGTH = 2000


def _problems(outcome: str, rating: int | None, comment: str) -> dict[str, str]:
    problems: dict[str, str] = {}
    if outcome not in Outcome.values:
        problems["outcome"] = _("“%(outcome)s” is not an answer (one of %(answers)s).") % {
            "outcome": outcome,
            "answers": ", ".join(Outcome.values),
        }
    if rating is not None and (isinstance(rating, bool) or not 1 <= rating <= 5):
        problems["rating"] = _("A rating is a whole number from 1 to 5.")
    if rating is not None and outcome != Outcome.MET and "outcome" not in problems:
        problems["rating"] = _("Only a meeting that took place can be rated.")
    if len(comment) > COMMENT_MAX_LENGTH:
        problems["comment"] = _("A comment has at most %(max)d characters (this one %(n)d).") % {
            "max": COMMENT_MAX_LENGTH,
            "n": len(comment),
        }
    return problems


def feedback_record(
    *,
    member: PairingMember,
    outcome: str,
    rating: int | None = None,
    comment: str = "",
    now: datetime.datetime,
) -> PairingMember:
    """Record (or replace) one member's answer; bad input raises ValidationError naming the
    field and changes nothing."""
    comment = (comment or "").strip()
    problems = _problems(outcome, rating, comment)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        member.outcome = outcome
        member.rating = rating
        member.comment = comment
        member.answered_at = now
        member.save(update_fields=["outcome", "rating", "comment", "answered_at"])
        if outcome == Outcome.MET:
            # They met before the round closed early: a meeting after all.
            Pairing.objects.filter(pk=member.pairing_id, called_off_at__isnull=False).update(
                called_off_at=None
            )
        program_id = (
            PairingMember.objects.filter(pk=member.pk)
            .values_list("pairing__round__program_id", flat=True)
            .first()
        )
        if program_id is not None:
            Participation.objects.filter(
                program_id=program_id, person_id=member.person_id, unanswered_intros__gt=0
            ).update(unanswered_intros=0)
    return member
