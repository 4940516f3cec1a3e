"""Clients gone quiet, answered by a person first.

When relationships judges a client gone quiet against its own rhythm (`quiet_companies`),
`quiet_run_due` proposes to its first owner what a person would do — a 20-minute call, a
seat at the next small gathering, or a short note drafted from the last touches — as a
`QuietProposal` and an owner task. The owner answers with `quiet_call`, `quiet_invite`,
`quiet_note_send` or `quiet_dismiss`. Any touch not made by outreach (a colleague's call,
a reply, a meeting) resolves the proposal by itself. Only a proposal still open on its
`fallback_on` sends a mail by itself: the organisation's running "gone quiet" sequence, or
a short built-in personal message in the contact's language.

Every change of status is a conditional update from OPEN, and every message and task has a
key, so a repeated or concurrent run (or a double click) does nothing twice.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, User
from hallway.core.timezones import organisation_today
from hallway.gatherings.interface import gathering_invite_contact
from hallway.outreach.models import (
    OwnerTask,
    PersonalMessage,
    ProposalStatus,
    QuietProposal,
    Sequence,
    SequenceStatus,
    Source,
    TaskKind,
    Trigger,
)
from hallway.outreach.selectors.settings import outreach_settings_of
from hallway.outreach.services.enrollments import enrollment_start
from hallway.outreach.services.personal import personal_message_approve, personal_message_draft
from hallway.outreach.services.tasks import owner_task_done, owner_task_open
from hallway.outreach.variables import first_name
from hallway.relationships.interface import (
    Company,
    CompanyKind,
    Contact,
    ScheduledCall,
    Touch,
    TouchSource,
    call_schedule,
    call_slots,
    contact_side,
    owner_side,
    quiet_companies,
)

LANGUAGES = ("en", "de", "nl")
# How many offered call times: a week of choice, one a day.
CALL_CHOICES = 5


def message_language(language: str) -> str:
    """The language a built-in text is written in: the contact's if we have it, else English."""
    short = (language or "en").split("-")[0].lower()
    return short if short in LANGUAGES else "en"


def task_key(proposal: QuietProposal) -> str:
    return f"quiet:{proposal.company_id}:{proposal.quiet_on.isoformat()}"


def proposal_task(proposal: QuietProposal) -> OwnerTask | None:
    return OwnerTask.objects.filter(
        organisation_id=proposal.organisation_id, key=task_key(proposal)
    ).first()


def _contact_for(company: Company) -> Contact | None:
    """Whom to reach: of the company's contacts with an address, the one touched most
    recently (any with an address when none was touched); else whoever was touched last."""
    contacts = company.contacts.order_by(F("last_touch_at").desc(nulls_last=True), "id")
    return contacts.exclude(email="").first() or contacts.first()


def _task_texts(
    company: Company, contact: Contact | None, fallback_on: datetime.date
) -> tuple[str, str]:
    title = _("%(company)s has gone quiet: call, invite or write") % {"company": company.name}
    whom = contact.name if contact is not None else company.name
    lines = [
        _(
            "%(company)s has gone quiet against its own rhythm. A person answers this "
            "better than a mail: choose one of these."
        )
        % {"company": company.name},
        _("• Schedule a 20-minute call with %(name)s (a time inside both working hours).")
        % {"name": whom},
        _("• Offer %(name)s a seat at the next small gathering.") % {"name": whom},
        _("• Write a short personal note; a draft from your last touches is ready.")
        % {"name": whom},
        _("If nothing happens by %(date)s, a short automated mail goes to %(name)s.")
        % {"date": fallback_on.isoformat(), "name": whom},
    ]
    return title, "\n".join(lines)


def _propose(
    organisation: Organisation,
    company: Company,
    owner: User,
    today: datetime.date,
    fallback_days: int,
    now: datetime.datetime,
) -> bool:
    assert company.quiet_on is not None
    contact = _contact_for(company)
    fallback_on = today + datetime.timedelta(days=fallback_days)
    try:
        with transaction.atomic():
            proposal = QuietProposal.objects.create(
                organisation=organisation,
                company=company,
                contact=contact,
                owner=owner,
                quiet_on=company.quiet_on,
                proposed_at=now,
                fallback_on=fallback_on,
            )
            # The owner reads the task in their own language.
            with translation.override(owner_side(organisation=organisation, user=owner).language):
                title, detail = _task_texts(company, contact, fallback_on)
            owner_task_open(
                organisation=organisation,
                owner=owner,
                key=task_key(proposal),
                kind=TaskKind.CALL,
                title=title,
                detail=detail,
                source=Source.QUIET,
                ref=f"quiet:{proposal.pk}",
                due_on=fallback_on,
                now=now,
                contact=contact,
                company=company,
            )
    except IntegrityError:  # a concurrent run proposed it a moment ago
        return False
    return True


def _propose_due(organisation: Organisation, today: datetime.date, now: datetime.datetime) -> int:
    quiet = [
        found.company
        for found in quiet_companies(organisation=organisation, today=today)
        if found.company.quiet_on is not None
    ]
    if not quiet:
        return 0
    clients = {
        company.pk: company
        for company in Company.objects.filter(
            organisation=organisation, pk__in=[c.pk for c in quiet], kind=CompanyKind.CLIENT
        ).prefetch_related("owners")
    }
    known = set(
        QuietProposal.objects.filter(
            organisation=organisation, company_id__in=list(clients)
        ).values_list("company_id", "quiet_on")
    )
    days = outreach_settings_of(organisation).quiet_fallback_days
    made = 0
    for stale in quiet:
        company = clients.get(stale.pk)
        if company is None or company.quiet_on is None:
            continue
        if (company.pk, company.quiet_on) in known:
            continue
        owners = sorted(company.owners.all(), key=lambda user: user.pk)
        if not owners:
            continue
        made += _propose(organisation, company, owners[0], today, days, now)
    return made


def _touched_since(proposal: QuietProposal) -> bool:
    """A touch of the company or its contacts after the proposal, not made by outreach."""
    company = proposal.company_id
    return (
        Touch.objects.filter(organisation_id=proposal.organisation_id, at__gt=proposal.proposed_at)
        .filter(Q(company_id=company) | Q(contacts__company_id=company))
        .exclude(source=TouchSource.OUTREACH)
        .exists()
    )


def _settle(
    proposal: QuietProposal,
    status: str,
    now: datetime.datetime,
    note: str = "",
    close_task: bool = True,
) -> bool:
    """Move an open proposal to `status` and close its task (unless a person must still
    act); False when it was not open."""
    changed = QuietProposal.objects.filter(pk=proposal.pk, status=ProposalStatus.OPEN).update(
        status=status, acted_at=now
    )
    if not changed:
        return False
    proposal.status, proposal.acted_at = status, now
    task = proposal_task(proposal)
    if task is not None:
        if note:
            task.detail = f"{task.detail}\n\n{note}"[:5000]
            task.save(update_fields=["detail"])
        if close_task and task.done_at is None:
            owner_task_done(task=task, now=now)
    return True


def _resolve_touched(organisation: Organisation, now: datetime.datetime) -> int:
    resolved = 0
    for proposal in QuietProposal.objects.filter(
        organisation=organisation, status=ProposalStatus.OPEN
    ):
        if _touched_since(proposal):
            with transaction.atomic():
                resolved += _settle(proposal, ProposalStatus.RESOLVED, now)
    return resolved


def gone_quiet_sequence(organisation: Organisation) -> Sequence | None:
    return (
        Sequence.objects.filter(
            organisation=organisation, status=SequenceStatus.ACTIVE, trigger=Trigger.GONE_QUIET
        )
        .order_by("id")
        .first()
    )


def fallback_texts(*, contact: Contact, owner: User, language: str) -> tuple[str, str]:
    """The built-in mail: honest that it has been a while, and a real question."""
    with translation.override(message_language(language)):
        subject = _("It has been a while")
        body = "\n\n".join(
            [
                _("Hi %(first_name)s,") % {"first_name": first_name(contact.name) or contact.name},
                _(
                    "it has been a while since we were last in touch, and I wanted to hear "
                    "how you are doing."
                ),
                _(
                    "Is there anything we can help you with at the moment? A short reply is "
                    "enough, and if now is not the right time, that is fine too."
                ),
            ]
        )
    return subject, body


def _fallback(proposal: QuietProposal, now: datetime.datetime) -> bool:
    organisation = proposal.organisation
    contact = proposal.contact
    reachable = contact is not None and bool(contact.email)
    note = ""
    if not reachable:
        with translation.override(
            owner_side(organisation=organisation, user=proposal.owner).language
        ):
            note = _("No contact of the client has an email address: no mail was sent.")
    with transaction.atomic():
        if not _settle(proposal, ProposalStatus.FALLBACK, now, note=note, close_task=reachable):
            return False
        if contact is None or not reachable:
            return True
        sequence = gone_quiet_sequence(organisation)
        if sequence is not None:
            enrollment_start(
                sequence=sequence,
                contact=contact,
                owner=proposal.owner,
                reason=f"quiet:{proposal.quiet_on.isoformat()}",
                now=now,
            )
            return True
        language = message_language(
            contact_side(organisation=organisation, contact=contact).language
        )
        subject, body = fallback_texts(contact=contact, owner=proposal.owner, language=language)
        personal_message_draft(
            organisation=organisation,
            contact=contact,
            owner=proposal.owner,
            source=Source.QUIET,
            key=f"quiet:{proposal.pk}:fallback",
            ref=f"quiet:{proposal.pk}",
            subject=subject,
            body=body,
            language=language,
            approval=False,
            now=now,
        )
    return True


def _fallback_due(organisation: Organisation, today: datetime.date, now: datetime.datetime) -> int:
    due = QuietProposal.objects.filter(
        organisation=organisation, status=ProposalStatus.OPEN, fallback_on__lte=today
    ).select_related("organisation", "contact__company", "owner")
    return sum(_fallback(proposal, now) for proposal in due)


def quiet_run_due(*, organisation: Organisation, now: datetime.datetime) -> int:
    """Propose, resolve and fall back (see the module's docstring); returns how many
    proposals were made or changed."""
    today = organisation_today(organisation, now)
    done = _resolve_touched(organisation, now)
    done += _propose_due(organisation, today, now)
    done += _fallback_due(organisation, today, now)
    return done


# --- The owner's answers -------------------------------------------------------------------


@contextmanager
def _answering(proposal: QuietProposal, status: str, now: datetime.datetime) -> Iterator[None]:
    """One answer, all or nothing: the proposal's status and task change only with it."""
    try:
        with transaction.atomic():
            if not _settle(proposal, status, now):
                raise ValidationError(_("Someone answered this proposal a moment ago."))
            yield
    except Exception:
        proposal.refresh_from_db()
        raise


def _must_be_open(proposal: QuietProposal) -> None:
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError(
            _("This proposal is closed: %(status)s.") % {"status": proposal.get_status_display()}
        )


def _contact_of(proposal: QuietProposal) -> Contact:
    contact = proposal.contact
    if contact is None or not contact.email:
        raise ValidationError(
            {"contact": _("The client has no contact with an email address to reach.")}
        )
    return contact


def quiet_call_slots(
    *, proposal: QuietProposal, now: datetime.datetime
) -> tuple[datetime.datetime, ...]:
    """The next starts of a 20-minute call inside both working hours (none on holidays)."""
    contact = proposal.contact
    if contact is None:
        return ()
    slots = call_slots(
        organisation=proposal.organisation,
        contact=contact,
        owner=proposal.owner,
        now=now,
        count=CALL_CHOICES,
    )
    return tuple(slot.start for slot in slots)


def quiet_call(
    *,
    proposal: QuietProposal,
    by: User,
    now: datetime.datetime,
    start: datetime.datetime | None = None,
) -> ScheduledCall:
    """Schedule the 20-minute call with the owner at `start` (one of `quiet_call_slots`;
    the first when None), sending both iMIP invitations, the owner's with the brief."""
    _must_be_open(proposal)
    contact = _contact_of(proposal)
    offered = quiet_call_slots(proposal=proposal, now=now)
    if not offered:
        raise ValidationError(
            {"start": _("No time in the next three weeks suits both working hours.")}
        )
    if start is None:
        start = offered[0]
    elif start not in offered:
        raise ValidationError(
            {
                "start": _("Choose one of the offered times: %(times)s.")
                % {"times": ", ".join(moment.isoformat() for moment in offered)}
            }
        )
    with _answering(proposal, ProposalStatus.CALLED, now):
        return call_schedule(
            organisation=proposal.organisation,
            contact=contact,
            owner=proposal.owner,
            start=start,
            by=by,
        )


def quiet_invite(
    *, proposal: QuietProposal, gathering_id: int, by: User, now: datetime.datetime
) -> str:
    """Offer the contact a seat at a small gathering (`upcoming_open_gatherings`); returns
    what the gathering did ("invited", "waitlisted", "already")."""
    _must_be_open(proposal)
    contact = _contact_of(proposal)
    with _answering(proposal, ProposalStatus.INVITED, now):
        return gathering_invite_contact(
            organisation=proposal.organisation,
            gathering_id=gathering_id,
            contact=contact,
            by=by,
            now=now,
            host=proposal.owner,
        )


def quiet_note_send(
    *, proposal: QuietProposal, by: User, subject: str, body: str, now: datetime.datetime
) -> PersonalMessage:
    """Send the owner's note (the draft as they edited it): a personal message in the
    owner's name, approved at once, leaving inside the contact's working hours."""
    _must_be_open(proposal)
    contact = _contact_of(proposal)
    with _answering(proposal, ProposalStatus.NOTED, now):
        message = personal_message_draft(
            organisation=proposal.organisation,
            contact=contact,
            owner=proposal.owner,
            source=Source.NOTE,
            key=f"quiet:{proposal.pk}:note",
            ref=f"quiet:{proposal.pk}",
            subject=subject,
            body=body,
            approval=True,
            now=now,
        )
        return personal_message_approve(message=message, by=by, now=now)


def quiet_dismiss(
    *, proposal: QuietProposal, by: User, now: datetime.datetime, reason: str = ""
) -> QuietProposal:
    """Close the proposal without a message (no fallback either); the reason, if any, is
    kept on the owner's task."""
    _must_be_open(proposal)
    reason = " ".join(reason.split())[:500]
    with translation.override(owner_side(organisation=proposal.organisation, user=by).language):
        name = by.get_full_name() or by.email
        note = (
            _("Dismissed by %(name)s: %(reason)s") % {"name": name, "reason": reason}
            if reason
            else _("Dismissed by %(name)s.") % {"name": name}
        )
    with transaction.atomic():
        if not _settle(proposal, ProposalStatus.DISMISSED, now, note=note):
            raise ValidationError(_("Someone answered this proposal a moment ago."))
    return proposal
