"""Candidates on jobs: putting a contact on a job (an order of relationships) at a stage, and
moving them on, optionally telling them in their own language from their recruiter.

A contact's kind is not relabelled behind anyone's back: a contact of kind "other" becomes
a candidate when put on a job; a client contact, contractor or prospect who applies keeps
their kind (someone may well be both, and the client book decides what they are).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hallway.accounts.models import Membership, User
from hallway.core.timezones import organisation_today
from hallway.outreach.candidate_texts import Names, stage_letter
from hallway.outreach.models import Candidacy, PersonalMessage, Source, Stage
from hallway.outreach.selectors.settings import sender_profile_of
from hallway.outreach.services.personal import personal_message_draft
from hallway.relationships.interface import Contact, ContactKind, Order, contact_side, owner_side


def _stage_problem(stage: str) -> str:
    if stage not in Stage.values:
        return _("Choose one of: %(stages)s.") % {"stages": ", ".join(Stage.values)}
    return ""


def candidacy_names(candidacy: Candidacy) -> Names:
    """The values a candidate's texts are filled with."""
    organisation = candidacy.organisation
    owner = candidacy.owner
    owner_name = owner_side(organisation=organisation, user=owner).name if owner else ""
    signed = bool(owner and sender_profile_of(organisation, owner).signature.strip())
    order = candidacy.order
    return Names(
        name=candidacy.contact.name,
        job=order.title,
        company=order.company.name,
        owner_name=owner_name,
        organisation=organisation.name,
        signed=signed,
    )


def candidacy_language(candidacy: Candidacy) -> str:
    return contact_side(organisation=candidacy.organisation, contact=candidacy.contact).language


def candidacy_add(
    *,
    order: Order,
    contact: Contact,
    stage: str,
    owner: User | None,
    now: datetime.datetime,
    external_id: str = "",
) -> Candidacy:
    """Put `contact` on the job at `stage` (once: the same contact again returns their
    candidacy unchanged). A contact of kind "other" becomes a candidate."""
    organisation = order.organisation
    problems: dict[str, str] = {}
    if contact.organisation_id != order.organisation_id:
        problems["contact"] = _("Choose a contact from this organisation.")
    if problem := _stage_problem(stage):
        problems["stage"] = problem
    if (
        owner is not None
        and not Membership.objects.filter(organisation=organisation, user=owner).exists()
    ):
        problems["owner"] = _("The recruiter must be a member of this organisation.")
    if problems:
        raise ValidationError(problems)
    existing = Candidacy.objects.filter(order=order, contact=contact).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            candidacy = Candidacy.objects.create(
                organisation=organisation,
                order=order,
                contact=contact,
                stage=stage,
                stage_changed_at=now,
                owner=owner,
                external_id=external_id[:300],
                created_at=now,
            )
            if contact.kind == ContactKind.OTHER:
                Contact.objects.filter(pk=contact.pk).update(kind=ContactKind.CANDIDATE)
                contact.kind = ContactKind.CANDIDATE
    except IntegrityError:  # a concurrent request put them on a moment ago
        candidacy = Candidacy.objects.get(order=order, contact=contact)
    return candidacy


def stage_message_key(candidacy: Candidacy, stage: str, day: datetime.date) -> str:
    return f"stage:{candidacy.pk}:{stage}:{day.isoformat()}"


def candidacy_stage_set(
    *, candidacy: Candidacy, stage: str, now: datetime.datetime, notify: bool, by: User | None
) -> PersonalMessage | None:
    """Move the candidate to `stage`; with `notify`, draft the update in their language
    from their recruiter (else from `by`). Returns the drafted message, if any. Setting the
    stage they are at already changes nothing and tells nobody."""
    if problem := _stage_problem(stage):
        raise ValidationError({"stage": problem})
    if candidacy.stage == stage:
        return None
    Candidacy.objects.filter(pk=candidacy.pk).update(stage=stage, stage_changed_at=now)
    candidacy.stage, candidacy.stage_changed_at = stage, now
    if not notify:
        return None
    return candidacy_notify(candidacy=candidacy, now=now, by=by)


def candidacy_notify(
    *, candidacy: Candidacy, now: datetime.datetime, by: User | None
) -> PersonalMessage:
    """Draft the update for the candidate's current stage, in their language, from their
    recruiter (else from `by`); once per stage and day."""
    if candidacy.owner is None and by is not None:
        candidacy.owner = by
    organisation = candidacy.organisation
    language = candidacy_language(candidacy)
    stage = candidacy.stage
    letter = stage_letter(stage=stage, names=candidacy_names(candidacy), language=language)
    return personal_message_draft(
        organisation=organisation,
        contact=candidacy.contact,
        owner=candidacy.owner,
        source=Source.STAGE,
        key=stage_message_key(candidacy, stage, organisation_today(organisation, now)),
        ref=f"candidacy:{candidacy.pk}",
        subject=letter.subject,
        body=letter.body,
        now=now,
        language=language,
    )
