"""What each signed link does when confirmed. Each action runs in one transaction with the
link's single-use mark, so a reused link changes nothing."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import Organisation
from hallway.core.dates import long_date
from hallway.messaging.links import SignedLink, link_use
from hallway.messaging.models import LinkResponse
from hallway.messaging.services import suppression_add
from hallway.people.models import Person
from hallway.people.services import people_bulk_pause

PAUSE_WEEKS = (1, 2, 4, 8)


class LinkActionError(Exception):
    """The link is genuine but what it points at is gone (the person was removed)."""


def _organisation(link: SignedLink) -> Organisation:
    organisation = Organisation.objects.filter(pk=link.organisation_id).first()
    if organisation is None:
        raise LinkActionError(_("This organisation no longer uses Hallway."))
    return organisation


def _person(link: SignedLink) -> Person:
    person = (
        None
        if link.person_id is None
        else Person.objects.filter(pk=link.person_id, organisation_id=link.organisation_id).first()
    )
    if person is None:
        raise LinkActionError(_("This person is no longer in the directory."))
    return person


@dataclass(frozen=True)
class Action:
    def confirm_context(self, link: SignedLink) -> dict[str, Any]:
        raise NotImplementedError

    def perform(self, link: SignedLink, data: Mapping[str, Any]) -> dict[str, Any]:
        raise NotImplementedError


class Unsubscribe(Action):
    def confirm_context(self, link: SignedLink) -> dict[str, Any]:
        organisation = _organisation(link)
        return {
            "title": _("Unsubscribe"),
            "question": _("Stop messages from %(organisation)s on Hallway to %(address)s?")
            % {"organisation": organisation.name, "address": link.address},
            "button": _("Unsubscribe"),
        }

    def perform(self, link: SignedLink, data: Mapping[str, Any]) -> dict[str, Any]:
        organisation = _organisation(link)
        suppression_add(organisation=organisation, channel=link.channel, address=link.address)
        return {
            "title": _("You are unsubscribed"),
            "message": _(
                "%(address)s gets no more messages from %(organisation)s on Hallway, apart "
                "from replies to what you ask for yourself (such as a password link)."
            )
            % {"address": link.address, "organisation": organisation.name},
        }


ANSWERS = {"yes": _("Yes"), "no": _("No")}


class Answer(Action):
    def __init__(self, purpose: str) -> None:
        self.purpose = purpose

    def _question(self, link: SignedLink) -> Any:
        if self.purpose == "rsvp":
            return _("Will you come? Your answer: %(answer)s")
        return _("Did you meet? Your answer: %(answer)s")

    def confirm_context(self, link: SignedLink) -> dict[str, Any]:
        _person(link)
        answer = ANSWERS.get(link.answer, link.answer)
        return {
            "title": _("Your answer"),
            "question": self._question(link) % {"answer": answer},
            "button": _("Send my answer"),
        }

    def perform(self, link: SignedLink, data: Mapping[str, Any]) -> dict[str, Any]:
        with transaction.atomic():
            person = _person(link)
            link_use(link)
            LinkResponse.objects.create(
                organisation_id=link.organisation_id,
                purpose=self.purpose,
                person=person,
                subject=link.subject[:100],
                answer=link.answer[:40],
            )
        return {"title": _("Thank you"), "message": _("Your answer is saved.")}


class Pause(Action):
    def _weeks(self, link: SignedLink) -> int:
        try:
            weeks = int(link.answer or 2)
        except ValueError:
            weeks = 2
        return weeks if weeks in PAUSE_WEEKS else 2

    def confirm_context(self, link: SignedLink) -> dict[str, Any]:
        _person(link)
        return {
            "title": _("Take a break"),
            "question": _("Pause your Hallway meetings for %(weeks)d weeks?")
            % {"weeks": self._weeks(link)},
            "button": _("Pause"),
        }

    def perform(self, link: SignedLink, data: Mapping[str, Any]) -> dict[str, Any]:
        today = timezone.localdate()
        until = today + datetime.timedelta(weeks=self._weeks(link))
        with transaction.atomic():
            person = _person(link)
            link_use(link)
            people_bulk_pause(
                organisation=person.organisation,
                person_ids=[person.pk],
                until=until,
                today=today,
            )
        return {
            "title": _("Enjoy your break"),
            "message": _("You are paused until %(date)s.") % {"date": long_date(until)},
        }


class Preferences(Action):
    def confirm_context(self, link: SignedLink) -> dict[str, Any]:
        person = _person(link)
        return {
            "title": _("Your preferences"),
            "question": _("In which language should Hallway write to you?"),
            "button": _("Save"),
            "languages": settings.LANGUAGES,
            "current_language": person.preferred_language,
        }

    def perform(self, link: SignedLink, data: Mapping[str, Any]) -> dict[str, Any]:
        language = str(data.get("language", ""))
        if language not in dict(settings.LANGUAGES):
            raise LinkActionError(_("Please choose English, German or Dutch."))
        with transaction.atomic():
            person = _person(link)
            Person.objects.filter(pk=person.pk).update(
                preferred_language=language, updated_at=timezone.now()
            )
        return {"title": _("Saved"), "message": _("Your preferences are saved.")}


ACTIONS: dict[str, Action] = {
    "unsubscribe": Unsubscribe(),
    "rsvp": Answer("rsvp"),
    "met": Answer("met"),
    "pause": Pause(),
    "preferences": Preferences(),
}


def link_action_register(name: str, action: Action) -> Action:
    """What another app's link purpose does (see `links.link_purpose_register`)."""
    ACTIONS[name] = action
    return action
