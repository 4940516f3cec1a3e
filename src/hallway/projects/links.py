"""The answer links of a 1:1: "we met", "not yet", "I decline", one set per person.

A link names its 1:1 and the person's roster entry; it answers only when both still
belong to the link's organisation and the person is one of the two. Not single-use: an
answer may be corrected ("not yet", then "we met" a week later).
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.messaging.link_actions import Action, LinkActionError, link_action_register
from hallway.messaging.links import Purpose, SignedLink, link_purpose_register, link_url
from hallway.projects.models import OneOnOne, RosterMember

ANSWER = link_purpose_register(
    Purpose(
        "projects_one_on_one", datetime.timedelta(days=60), single_use=False, needs_person=False
    )
)
PREFIX = "1on1-"


def answer_urls(*, one_on_one: OneOnOne, member: RosterMember, language: str) -> dict[str, str]:
    return {
        answer: link_url(
            language=language,
            purpose=ANSWER.name,
            organisation_id=one_on_one.organisation_id,
            address=f"member-{member.pk}",
            subject=f"{PREFIX}{one_on_one.pk}",
            answer=answer,
        )
        for answer in ("met", "not_yet", "declined")
    }


def _one_on_one(link: SignedLink) -> tuple[OneOnOne, RosterMember]:
    number = link.subject.removeprefix(PREFIX)
    member_number = link.address.removeprefix("member-")
    found = (
        OneOnOne.objects.filter(pk=int(number), organisation_id=link.organisation_id)
        .select_related(
            "project", "ours__person", "theirs__contact", "theirs__person", "ours__contact"
        )
        .first()
        if number.isdigit() and member_number.isdigit()
        else None
    )
    if found is None or int(member_number) not in (found.ours_id, found.theirs_id):
        raise LinkActionError(_("This 1:1 no longer exists."))
    member = found.ours if found.ours_id == int(member_number) else found.theirs
    return found, member


def _question(answer: str, other: str) -> str:
    return {
        "met": _("Did you meet %(name)s? Your answer: yes, we met."),
        "not_yet": _("Did you meet %(name)s? Your answer: not yet, please find another time."),
        "declined": _("Your answer: I would rather not have this 1:1 with %(name)s."),
    }.get(answer, "") % {"name": other}


class OneOnOneAnswer(Action):
    def confirm_context(self, link: SignedLink) -> dict[str, Any]:
        one_on_one, member = _one_on_one(link)
        other = one_on_one.theirs if member.pk == one_on_one.ours_id else one_on_one.ours
        if link.answer not in ("met", "not_yet", "declined"):
            raise LinkActionError(_("This link is not valid."))
        return {
            "title": _("Your 1:1 in %(project)s") % {"project": one_on_one.project.name},
            "question": _question(link.answer, other.name),
            "button": _("Send my answer"),
        }

    def perform(self, link: SignedLink, data: Mapping[str, Any]) -> dict[str, Any]:
        from hallway.projects.services.one_on_ones import one_on_one_answer

        one_on_one, _member = _one_on_one(link)
        try:
            one_on_one_answer(one_on_one=one_on_one, answer=link.answer, now=timezone.now())
        except ValidationError as exc:
            raise LinkActionError(" ".join(exc.messages)) from exc
        return {"title": _("Thank you"), "message": _("Your answer is saved.")}


link_action_register(ANSWER.name, OneOnOneAnswer())
