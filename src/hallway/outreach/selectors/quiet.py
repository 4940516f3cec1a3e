"""Reads for quiet clients: the open proposals (mine or everyone's), who may act on one,
and the short note drafted from the last touches."""

import datetime
import re

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, Role, User
from hallway.outreach.models import ProposalStatus, QuietProposal
from hallway.outreach.variables import first_name
from hallway.relationships.interface import Brief, brief_for, contact_side

# The touches a draft and its page look at.
LAST_TOUCHES = 3
TOPIC_MAX = 140
LANGUAGES = ("en", "de", "nl")


def proposals_of(
    *, organisation: Organisation, user: User, everyone: bool = False, open_only: bool = True
) -> QuerySet[QuietProposal]:
    """Open proposals for `user` (everyone's with `everyone`), oldest silence first."""
    found = QuietProposal.objects.filter(organisation=organisation)
    if open_only:
        found = found.filter(status=ProposalStatus.OPEN)
    if not everyone:
        found = found.filter(owner=user)
    return found.select_related("company", "contact", "owner").order_by("fallback_on", "id")


def proposal_visible(*, proposal: QuietProposal, user: User, role: str) -> bool:
    """Organisers see every proposal; a member sees their own."""
    return Role.rank(role) >= Role.rank(Role.ORGANISER) or proposal.owner_id == user.pk


def may_act(*, proposal: QuietProposal, user: User, role: str) -> bool:
    """Organisers and the proposal's owner answer it."""
    return proposal_visible(proposal=proposal, user=user, role=role)


def proposal_brief(*, proposal: QuietProposal, today: datetime.date) -> Brief | None:
    """The owner's brief on the contact (last touches, "ask next time")."""
    if proposal.contact is None:
        return None
    return brief_for(
        owner=proposal.owner,
        contact=proposal.contact,
        organisation=proposal.organisation,
        today=today,
    )


def _topic(summary: str) -> str:
    """The first sentence of a touch's summary, as a topic ("the Rotterdam launch")."""
    text = " ".join(summary.split())
    text = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0].rstrip(".!?;: ")
    if len(text) > TOPIC_MAX:
        text = text[: TOPIC_MAX - 1].rsplit(" ", 1)[0] + "…"
    return text


def quiet_note_draft(*, proposal: QuietProposal, today: datetime.date) -> tuple[str, str, str]:
    """(subject, body, language) of a short note in the contact's language: the last
    touch's topic and an open "ask next time" detail (never a sensitive one), then an
    honest question. The owner edits it before it goes."""
    contact = proposal.contact
    organisation = proposal.organisation
    brief = proposal_brief(proposal=proposal, today=today)
    language = "en"
    if contact is not None:
        language = contact_side(organisation=organisation, contact=contact).language
    language = (language or "en").split("-")[0].lower()
    if language not in LANGUAGES:
        language = "en"
    name = first_name(contact.name) if contact is not None else ""
    topics = [_topic(t.summary) for t in brief.touches[:LAST_TOUCHES] if t.summary] if brief else []
    topics = [topic for topic in topics if topic]
    details = [d.text for d in brief.details if not d.sensitive] if brief else []
    with translation.override(language):
        lines = [_("Hi %(first_name)s,") % {"first_name": name} if name else _("Hello,")]
        if topics:
            lines.append(
                _("last time we spoke about %(topic)s — how did it go?") % {"topic": topics[0]}
            )
        else:
            lines.append(_("it has been a while since we last spoke."))
        if details:
            lines.append(
                _("You also mentioned “%(detail)s”; I hope it went well.") % {"detail": details[0]}
            )
        lines.append(
            _("Is there anything we can help you with at the moment? I would be glad to hear.")
        )
        subject = (
            _("How are things at %(company)s?") % {"company": proposal.company.name}
            if proposal.company_id
            else _("Catching up")
        )
    return subject, "\n\n".join(lines), language
