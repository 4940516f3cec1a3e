"""Coffee's signed links: feedback on a pairing, and the personal page.

Feedback links ("we met" / "not yet" / "couldn't make it") are not single-use: answering
again replaces the answer, and one Slack button in a group DM is shared by all its
members (a click answers for whoever clicked). The personal page link opens a page of
settings without a login; it is long-lived and only ever reaches its own person.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallway.accounts.links import absolute_url
from hallway.coffee.models import Outcome, PairingMember
from hallway.coffee.services.feedback import feedback_record
from hallway.messaging.link_actions import Action, LinkActionError, link_action_register
from hallway.messaging.links import Purpose, SignedLink, link_purpose_register, link_token

FEEDBACK = link_purpose_register(
    Purpose("coffee_feedback", datetime.timedelta(days=60), single_use=False, needs_person=False)
)
PERSONAL = link_purpose_register(
    Purpose("coffee", datetime.timedelta(days=120), single_use=False, needs_person=True)
)
SUBJECT_PREFIX = "pairing-"


def feedback_token(
    *, pairing_id: int, organisation_id: int, person_id: int | None, outcome: str
) -> str:
    return link_token(
        purpose=FEEDBACK.name,
        organisation_id=organisation_id,
        person_id=person_id,
        subject=f"{SUBJECT_PREFIX}{pairing_id}",
        answer=outcome,
    )


def feedback_urls(
    *, pairing_id: int, organisation_id: int, person_id: int, language: str
) -> dict[str, str]:
    """One signed link per answer, for one member of one pairing."""
    urls = {}
    for outcome in Outcome.values:
        token = feedback_token(
            pairing_id=pairing_id,
            organisation_id=organisation_id,
            person_id=person_id,
            outcome=outcome,
        )
        path = reverse(
            "messaging:link",
            kwargs={"language": language, "purpose": FEEDBACK.name, "token": token},
        )
        urls[outcome] = absolute_url(path)
    return urls


def personal_url(*, organisation_id: int, person_id: int, language: str) -> str:
    token = link_token(purpose=PERSONAL.name, organisation_id=organisation_id, person_id=person_id)
    return absolute_url(
        reverse("coffee:personal_link", kwargs={"language": language, "token": token})
    )


def _pairing_id(link: SignedLink) -> int:
    value = link.subject.removeprefix(SUBJECT_PREFIX)
    if not link.subject.startswith(SUBJECT_PREFIX) or not value.isdigit():
        raise LinkActionError(_("This meeting no longer exists."))
    return int(value)


def _member(link: SignedLink, data: Mapping[str, Any]) -> PairingMember:
    members = PairingMember.objects.select_related("person", "pairing").filter(
        pairing_id=_pairing_id(link), organisation_id=link.organisation_id
    )
    # Only Slack's verified callback passes a plain dict; a web form (a QueryDict) cannot
    # claim to be a Slack user.
    slack_user = "" if isinstance(data, QueryDict) else str(data.get("slack_user_id", "") or "")
    if slack_user:
        member = members.filter(person__slack_id=slack_user).first()
    elif link.person_id is not None:
        member = members.filter(person_id=link.person_id).first()
    else:
        member = None
    if member is None:
        raise LinkActionError(_("This meeting is not (or no longer) yours."))
    return member


def _partners(member: PairingMember) -> str:
    names = (
        PairingMember.objects.filter(pairing_id=member.pairing_id)
        .exclude(pk=member.pk)
        .values_list("person__name", flat=True)
    )
    return ", ".join(names)


QUESTIONS = {
    Outcome.MET: _("You met %(partners)s. Glad to hear it!"),
    Outcome.NOT_YET: _("You have not met %(partners)s yet."),
    Outcome.MISSED: _("You and %(partners)s could not make it."),
}


class CoffeeFeedback(Action):
    def confirm_context(self, link: SignedLink) -> dict[str, Any]:
        member = _member(link, {})
        if link.answer not in Outcome.values:
            raise LinkActionError(_("This link does not carry an answer."))
        met = link.answer == Outcome.MET
        return {
            "title": _("Did you meet?"),
            "question": QUESTIONS[Outcome(link.answer)] % {"partners": _partners(member)},
            "button": _("Send my answer"),
            "fields_template": "coffee/_feedback_fields.html",
            "ask_rating": met,
            "ratings": range(1, 6),
            "current_rating": member.rating if met else None,
            "current_comment": member.comment,
        }

    def perform(self, link: SignedLink, data: Mapping[str, Any]) -> dict[str, Any]:
        member = _member(link, data)
        raw_rating = str(data.get("rating", "") or "").strip()
        rating = int(raw_rating) if raw_rating.isdigit() else None
        if link.answer != Outcome.MET:
            rating = None
        try:
            feedback_record(
                member=member,
                outcome=link.answer,
                rating=rating,
                comment=str(data.get("comment", "") or ""),
                now=timezone.now(),
            )
        except ValidationError as exc:
            raise LinkActionError(" ".join(exc.messages)) from exc
        return {
            "title": _("Thank you"),
            "message": _("Your answer is saved: %(answer)s.")
            % {"answer": Outcome(link.answer).label},
        }


link_action_register(FEEDBACK.name, CoffeeFeedback())
