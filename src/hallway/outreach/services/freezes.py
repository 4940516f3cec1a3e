"""Hiring freezes: telling the candidates of a job (or of all of a client's open jobs) that
the client has paused, and coming back to them on the resume date by itself.

`freeze_announce` drafts one personal message per candidate in the chosen stages, in their
language and from their recruiter. `freezes_run_due` (every run of outreach) reminds the
recruiters the day before the resume date (a mail and a task), sends the follow-up on it
to every candidate told who is still at one of the frozen stages, and opens a "give news"
task for any candidate who has waited `NEWS_WORKING_DAYS` working days without a touch
(unless a freeze has told them when they will hear from us). `freeze_lift` ends a freeze
early: the follow-up goes at once.

A job can be under one active freeze at a time: announcing a second, overlapping one is
refused (the candidates were told a date; a new notice would contradict it). Lift the
first (its follow-up goes) or wait for its resume date.

Every step is decided by a conditional update or a unique key, so a repeated or
concurrent run does nothing twice.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hallway.accounts.links import absolute_url
from hallway.accounts.models import Organisation, User
from hallway.core.timezones import organisation_today
from hallway.engine.rhythms import working_days_between
from hallway.messaging.models import RecipientKind
from hallway.messaging.services import Recipient, message_enqueue
from hallway.outreach.candidate_texts import follow_up_letter, freeze_letter
from hallway.outreach.messages import OWNER_REMINDER
from hallway.outreach.models import (
    OPEN_STAGES,
    Candidacy,
    Freeze,
    OwnerTask,
    PersonalMessage,
    Source,
    TaskKind,
)
from hallway.outreach.selectors.consent import send_blocker
from hallway.outreach.services.candidates import candidacy_language, candidacy_names
from hallway.outreach.services.personal import personal_message_draft
from hallway.outreach.services.tasks import owner_task_open
from hallway.outreach.variables import unknown_variables
from hallway.relationships.interface import Company, Order, OrderStatus, owner_side

#: Candidates hear from us within this many working days: after 10 without news, 57 % lose
#: interest (the same figure as relationships' reach-out queue).
NEWS_WORKING_DAYS = 10
#: The jobs of a client a client-wide freeze covers.
LIVE_ORDER_STATUSES = (OrderStatus.OPEN, OrderStatus.ON_HOLD)
#: How far ahead a freeze may reach.
MAX_FREEZE_DAYS = 366
MESSAGE_MAX = 5000


def freeze_key(freeze: Freeze, candidacy: Candidacy) -> str:
    return f"freeze:{freeze.pk}:{candidacy.pk}"


def follow_up_key(freeze: Freeze, candidacy: Candidacy) -> str:
    return f"freeze:{freeze.pk}:follow-up:{candidacy.pk}"


def freeze_candidacies(
    *,
    organisation: Organisation,
    stages: list[str],
    order: Order | None = None,
    company: Company | None = None,
) -> QuerySet[Candidacy]:
    """The candidacies a freeze of `order` (or of all `company`'s live jobs) reaches."""
    found = Candidacy.objects.filter(organisation=organisation, stage__in=stages)
    if order is not None:
        found = found.filter(order=order)
    elif company is not None:
        found = found.filter(order__company=company, order__status__in=LIVE_ORDER_STATUSES)
    else:
        found = found.none()
    return found.select_related(
        "contact__company", "order__company", "owner", "organisation"
    ).order_by("contact__name", "id")


def freeze_scope(freeze: Freeze) -> QuerySet[Candidacy]:
    return freeze_candidacies(
        organisation=freeze.organisation,
        stages=list(freeze.stages),
        order=freeze.order,
        company=freeze.company,
    )


def freezes_active(organisation: Organisation) -> QuerySet[Freeze]:
    """Freezes whose follow-up has not gone yet."""
    return Freeze.objects.filter(
        organisation=organisation, followed_up_at=None, lifted_at=None
    ).select_related("order__company", "company")


def freeze_of_order(order: Order) -> Freeze | None:
    """The active freeze that covers `order` (its own, or its client's)."""
    return (
        freezes_active(order.organisation)
        .filter(Q(order=order) | Q(company_id=order.company_id))
        .order_by("-created_at", "-id")
        .first()
    )


def _overlapping(
    organisation: Organisation, order: Order | None, company: Company | None
) -> Freeze | None:
    active = freezes_active(organisation)
    if order is not None:
        return active.filter(Q(order=order) | Q(company_id=order.company_id)).first()
    assert company is not None
    return active.filter(Q(company=company) | Q(order__company=company)).first()


@dataclass
class Unreached:
    candidacy: Candidacy
    reason: str  # "no_address", "unsubscribed"


@dataclass
class Audience:
    reached: list[Candidacy] = field(default_factory=list)
    unreached: list[Unreached] = field(default_factory=list)


def freeze_audience(candidacies: QuerySet[Candidacy]) -> Audience:
    """Who a notice can reach, and who not (no address, unsubscribed) and why."""
    audience = Audience()
    for candidacy in candidacies:
        blocker = send_blocker(candidacy.contact, marketing=False)
        if blocker:
            audience.unreached.append(Unreached(candidacy, blocker))
        else:
            audience.reached.append(candidacy)
    return audience


def freeze_problems(
    *,
    organisation: Organisation,
    order: Order | None,
    company: Company | None,
    stages: list[str],
    resume_on: datetime.date | None,
    message: str,
    now: datetime.datetime,
) -> dict[str, str]:
    """Everything wrong with a freeze to announce, by field (empty: it may go)."""
    problems: dict[str, str] = {}
    today = organisation_today(organisation, now)
    if (order is None) == (company is None):
        problems["order"] = _("Choose either a job or a client.")
    elif order is not None and order.organisation_id != organisation.pk:
        problems["order"] = _("Choose a job from this organisation.")
    elif company is not None and company.organisation_id != organisation.pk:
        problems["company"] = _("Choose a client from this organisation.")
    elif _overlapping(organisation, order, company) is not None:
        problems["order" if order is not None else "company"] = _(
            "A hiring freeze is active for this job already. Lift it first, or wait for its "
            "resume date: its candidates were told when they will hear from us."
        )
    open_stages = [str(stage) for stage in OPEN_STAGES]
    if not stages or any(stage not in open_stages for stage in stages):
        problems["stages"] = _("Choose one or more of: %(stages)s.") % {
            "stages": ", ".join(open_stages)
        }
    if resume_on is None or resume_on <= today:
        problems["resume_on"] = _("Choose a resume date after today.")
    elif (resume_on - today).days > MAX_FREEZE_DAYS:
        problems["resume_on"] = _("Choose a resume date within a year.")
    if len(message) > MESSAGE_MAX:
        problems["message"] = _("A message of at most %(max)d characters.") % {"max": MESSAGE_MAX}
    elif unknown := unknown_variables(message):
        problems["message"] = _("Unknown variables: %(names)s.") % {
            "names": ", ".join("{" + name + "}" for name in unknown)
        }
    return problems


def freeze_announce(
    *,
    organisation: Organisation,
    stages: list[str],
    resume_on: datetime.date,
    by: User | None,
    now: datetime.datetime,
    order: Order | None = None,
    company: Company | None = None,
    message: str = "",
) -> Freeze:
    """Record the freeze and draft its notice to every reachable candidate (see the
    module's docstring); `notified` counts them. All or nothing."""
    stages = list(dict.fromkeys(stages))
    message = message.strip()
    problems = freeze_problems(
        organisation=organisation,
        order=order,
        company=company,
        stages=stages,
        resume_on=resume_on,
        message=message,
        now=now,
    )
    if problems:
        raise ValidationError(problems)
    today = organisation_today(organisation, now)
    with transaction.atomic():
        # Two organisers announcing at once: the client's row decides who was first.
        company_id = order.company_id if order is not None else company.pk if company else 0
        Company.objects.select_for_update().filter(pk=company_id).first()
        if _overlapping(organisation, order, company) is not None:
            raise ValidationError(
                {"order": _("A hiring freeze was announced for this job a moment ago.")}
            )
        freeze = Freeze.objects.create(
            organisation=organisation,
            order=order,
            company=company,
            stages=stages,
            resume_on=resume_on,
            message=message,
            created_by=by,
            created_at=now,
        )
        audience = freeze_audience(freeze_scope(freeze))
        for candidacy in audience.reached:
            owner = candidacy.owner or by
            candidacy.owner = owner
            language = candidacy_language(candidacy)
            letter = freeze_letter(
                names=candidacy_names(candidacy),
                language=language,
                today=today,
                resume_on=resume_on,
                message=message,
            )
            personal_message_draft(
                organisation=organisation,
                contact=candidacy.contact,
                owner=owner,
                source=Source.FREEZE,
                key=freeze_key(freeze, candidacy),
                ref=f"freeze:{freeze.pk}",
                subject=letter.subject,
                body=letter.body,
                now=now,
                language=language,
            )
        freeze.notified = len(audience.reached)
        freeze.save(update_fields=["notified"])
    return freeze


def freeze_told(freeze: Freeze) -> QuerySet[Candidacy]:
    """The candidacies whose candidate got the notice (or has it on its way)."""
    keys = PersonalMessage.objects.filter(
        organisation_id=freeze.organisation_id, source=Source.FREEZE, ref=f"freeze:{freeze.pk}"
    ).values_list("key", flat=True)
    ids = [int(key.rsplit(":", 1)[1]) for key in keys]
    return Candidacy.objects.filter(organisation_id=freeze.organisation_id, pk__in=ids)


def _follow_up(freeze: Freeze, now: datetime.datetime) -> int:
    """The follow-up to every candidate told who is still at a frozen stage (once)."""
    with transaction.atomic():
        claimed = Freeze.objects.filter(pk=freeze.pk, followed_up_at=None).update(
            followed_up_at=now
        )
        if not claimed:
            return 0
        freeze.followed_up_at = now
        drafted = 0
        told = freeze_told(freeze).filter(stage__in=list(freeze.stages))
        for candidacy in told.select_related(
            "contact__company", "order__company", "owner", "organisation"
        ):
            candidacy.owner = candidacy.owner or freeze.created_by
            language = candidacy_language(candidacy)
            letter = follow_up_letter(names=candidacy_names(candidacy), language=language)
            personal_message_draft(
                organisation=freeze.organisation,
                contact=candidacy.contact,
                owner=candidacy.owner,
                source=Source.FREEZE_FOLLOW_UP,
                key=follow_up_key(freeze, candidacy),
                ref=f"freeze:{freeze.pk}",
                subject=letter.subject,
                body=letter.body,
                now=now,
                language=language,
            )
            drafted += 1
    return drafted


def freeze_lift(*, freeze: Freeze, now: datetime.datetime, by: User | None) -> Freeze:
    """End a freeze before its resume date: the follow-up goes now. One transaction: a
    follow-up that fails leaves the freeze as it was, its candidates still to be told."""
    with transaction.atomic():
        lifted = Freeze.objects.filter(pk=freeze.pk, lifted_at=None, followed_up_at=None).update(
            lifted_at=now
        )
        if not lifted:
            freeze.refresh_from_db()
            raise ValidationError(_("This hiring freeze has ended already."))
        freeze.lifted_at = now
        _follow_up(freeze, now)
    freeze.refresh_from_db()
    return freeze


def freeze_subject(freeze: Freeze) -> str:
    """What the freeze is about: the job's title, else the client's name."""
    if freeze.order is not None:
        return freeze.order.title
    return freeze.company.name if freeze.company is not None else ""


def _recruiters(freeze: Freeze) -> list[User]:
    users: dict[int, User] = {}
    for candidacy in freeze_told(freeze).select_related("owner"):
        if candidacy.owner is not None:
            users[candidacy.owner.pk] = candidacy.owner
    if freeze.created_by is not None:
        users.setdefault(freeze.created_by.pk, freeze.created_by)
    return sorted(users.values(), key=lambda user: user.pk)


def _owner_recipient(organisation: Organisation, user: User) -> Recipient:
    side = owner_side(organisation=organisation, user=user)
    if side.person is not None:
        recipient = Recipient.for_person(side.person)
        if recipient.address:
            return recipient
    return Recipient(
        address=user.email,
        kind=RecipientKind.USER,
        ref=str(user.pk),
        name=side.name,
        language=side.language,
        timezone=side.timezone,
    )


def freeze_url(freeze: Freeze) -> str:
    if freeze.order_id is not None:
        return absolute_url(reverse("outreach:job", args=[freeze.order_id]))
    return absolute_url(reverse("outreach:jobs"))


def _remind(freeze: Freeze, now: datetime.datetime) -> int:
    """The day before the resume date: a mail and a task for each recruiter (once)."""
    claimed = Freeze.objects.filter(
        pk=freeze.pk, reminded_at=None, followed_up_at=None, lifted_at=None
    ).update(reminded_at=now)
    if not claimed:
        return 0
    organisation = freeze.organisation
    what = freeze_subject(freeze)
    waiting = freeze_told(freeze).filter(stage__in=list(freeze.stages)).count()
    done = 0
    for user in _recruiters(freeze):
        recipient = _owner_recipient(organisation, user)
        with translation.override(recipient.language):
            subject = _("Tomorrow: hiring resumes for %(what)s") % {"what": what}
            lines = [
                _("The hiring freeze for “%(what)s” ends on %(date)s.")
                % {"what": what, "date": date_format(freeze.resume_on, "DATE_FORMAT")},
                ngettext(
                    "%(count)s candidate gets the follow-up by itself then.",
                    "%(count)s candidates get the follow-up by themselves then.",
                    waiting,
                )
                % {"count": waiting},
                _("Call the ones you know best first: a voice means more than a mail."),
            ]
            title = _("Hiring resumes tomorrow: %(what)s") % {"what": what}
        if recipient.address:
            message_enqueue(
                organisation=organisation,
                recipient=recipient,
                channel="email",
                message_type=OWNER_REMINDER,
                context={
                    "recipient_name": recipient.name,
                    "subject": subject,
                    "lines": lines,
                    "url": freeze_url(freeze),
                },
                idempotency_key=f"outreach:freeze:{freeze.pk}:reminder:{user.pk}",
                not_before=now,
            )
        owner_task_open(
            organisation=organisation,
            owner=user,
            key=f"freeze:{freeze.pk}:reminder:{user.pk}",
            kind=TaskKind.FOLLOW_UP,
            title=title,
            source=Source.FREEZE,
            due_on=freeze.resume_on,
            now=now,
            company=freeze.company or (freeze.order.company if freeze.order else None),
            detail="\n".join(lines[:2]),
            ref=f"freeze:{freeze.pk}",
        )
        done += 1
    return done


def _told_and_waiting(organisation: Organisation, today: datetime.date) -> set[int]:
    """Candidacies an active freeze has told when they will hear from us (their follow-up
    date is ahead): they are not waiting without news."""
    ids: set[int] = set()
    for freeze in freezes_active(organisation).filter(resume_on__gt=today):
        ids |= set(freeze_told(freeze).values_list("pk", flat=True))
    return ids


def news_tasks_open(*, organisation: Organisation, now: datetime.datetime) -> int:
    """A "give news" task for the recruiter of every candidate at an open stage who has
    had no touch for `NEWS_WORKING_DAYS` working days (one per silence: the key carries
    the day of the last touch)."""
    today = organisation_today(organisation, now)
    # N working days take at least N calendar days: older candidacies only.
    cutoff = now - datetime.timedelta(days=NEWS_WORKING_DAYS)
    candidates = (
        Candidacy.objects.filter(
            organisation=organisation, stage__in=OPEN_STAGES, created_at__lte=cutoff
        )
        .filter(Q(contact__last_touch_at__isnull=True) | Q(contact__last_touch_at__lte=cutoff))
        .exclude(owner=None)
        .select_related("contact", "order", "owner")
    )
    told = _told_and_waiting(organisation, today)
    opened = 0
    existing = set(
        OwnerTask.objects.filter(organisation=organisation, key__startswith="news:").values_list(
            "key", flat=True
        )
    )
    for candidacy in candidates:
        if candidacy.pk in told:
            continue
        last_at = max(filter(None, [candidacy.contact.last_touch_at, candidacy.created_at]))
        last = organisation_today(organisation, last_at)
        waited = working_days_between(last, today)
        if waited < NEWS_WORKING_DAYS:
            continue
        key = f"news:{candidacy.pk}:{last.isoformat()}"
        if key in existing:
            continue
        owner = candidacy.owner
        assert owner is not None
        with translation.override(owner_side(organisation=organisation, user=owner).language):
            title = _("Give %(name)s news about %(job)s") % {
                "name": candidacy.contact.name,
                "job": candidacy.order.title,
            }
            detail = _("No news for %(days)s working days.") % {"days": waited}
        owner_task_open(
            organisation=organisation,
            owner=owner,
            key=key,
            kind=TaskKind.NEWS,
            title=title,
            detail=detail,
            source=Source.STAGE,
            due_on=today,
            now=now,
            contact=candidacy.contact,
            ref=f"candidacy:{candidacy.pk}",
        )
        opened += 1
    return opened


def freezes_run_due(*, organisation: Organisation, now: datetime.datetime) -> int:
    """Reminders the day before a resume date, follow-ups on it, and "give news" tasks;
    returns how many things it did."""
    today = organisation_today(organisation, now)
    done = 0
    for freeze in freezes_active(organisation).filter(resume_on__lte=today):
        done += _follow_up(freeze, now)
    tomorrow = today + datetime.timedelta(days=1)
    for freeze in freezes_active(organisation).filter(resume_on=tomorrow, reminded_at=None):
        done += _remind(freeze, now)
    done += news_tasks_open(organisation=organisation, now=now)
    return done
