"""Contractor care: a placement, its check-in plan, the check-ins it sends and the answers.

The plan (`check_in_plan`) follows Bullhorn's contractor care: a check-in 30, 45 and 60
days after the start, one halfway and one two weeks before the end. Those past the end
are skipped, and of any two closer than 7 days only one is kept: the more telling one,
in the order "two weeks before the end", "halfway", 30, 45, 60 days (so a three-month
placement is asked after 30 days, halfway, after 60 days and two weeks before its end).

When a check-in is due (`care_run_due`) its contractor gets a short personal message from
their owner, in their language, with a link to a one-page form (`care_links`). Only the
latest due check-in of a placement is asked: one recorded late never gets three at once.
An answer (`check_in_answer`) is named, for the owner: it is a touch, a task for the owner
("answer the feedback"), and a call task due today when the score is 2 or less or the
contractor asks for a call. The form can also carry a rating of the client, at most once
per placement and calendar quarter: it is stored apart as a `ClientRating` without the
contractor, the placement or the moment, so it can be neither traced nor changed.
"""

import datetime
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hallway.accounts.models import Membership, Organisation, User
from hallway.core.timezones import organisation_today
from hallway.outreach.models import (
    CheckIn,
    CheckInKind,
    ClientRating,
    Placement,
    PlacementStatus,
    Source,
    TaskKind,
)
from hallway.outreach.services.personal import personal_message_draft
from hallway.outreach.services.tasks import owner_task_open
from hallway.relationships.interface import (
    Company,
    Contact,
    Direction,
    Order,
    TouchKind,
    TouchSource,
    contact_side,
    touch_record,
)

# Two check-ins closer than this are one too many: the contractor was just asked.
MIN_GAP = datetime.timedelta(days=7)
BEFORE_END = datetime.timedelta(days=14)
# The order in which check-ins that fall close together are kept.
PRIORITY = (
    CheckInKind.BEFORE_END,
    CheckInKind.HALFWAY,
    CheckInKind.DAY_30,
    CheckInKind.DAY_45,
    CheckInKind.DAY_60,
)
LOW_SCORE = 2
COMMENT_MAX = 3000
RATING_COMMENT_MAX = 2000
KEY_PREFIX = "check-in:"
LANGUAGES = ("en", "de", "nl")


def check_in_plan(
    starts_on: datetime.date, ends_on: datetime.date | None
) -> dict[str, datetime.date]:
    """When each check-in of a placement is due (see the module's docstring)."""
    candidates: dict[str, datetime.date] = {
        CheckInKind.DAY_30: starts_on + datetime.timedelta(days=30),
        CheckInKind.DAY_45: starts_on + datetime.timedelta(days=45),
        CheckInKind.DAY_60: starts_on + datetime.timedelta(days=60),
    }
    if ends_on is not None:
        candidates[CheckInKind.HALFWAY] = starts_on + (ends_on - starts_on) / 2
        candidates[CheckInKind.BEFORE_END] = ends_on - BEFORE_END
    kept: dict[str, datetime.date] = {}
    for kind in PRIORITY:
        due = candidates.get(kind)
        if due is None or due <= starts_on or (ends_on is not None and due > ends_on):
            continue
        if any(abs(due - other) < MIN_GAP for other in kept.values()):
            continue
        kept[kind] = due
    return dict(sorted(kept.items(), key=lambda item: item[1]))


def _problems(
    organisation: Organisation,
    contractor: Contact,
    company: Company,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    owner: User | None,
    order: Order | None,
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if contractor.organisation_id != organisation.pk:
        problems["contractor"] = _("Choose a contact from this organisation.")
    elif not contractor.email:
        problems["contractor"] = _("The contractor needs an email address for the check-ins.")
    if company.organisation_id != organisation.pk:
        problems["company"] = _("Choose a client from this organisation.")
    if order is not None and order.organisation_id != organisation.pk:
        problems["order"] = _("Choose a job from this organisation.")
    if (
        owner is not None
        and not Membership.objects.filter(organisation=organisation, user=owner).exists()
    ):
        problems["owner"] = _("The owner must be a member of this organisation.")
    if ends_on is not None and ends_on <= starts_on:
        problems["ends_on"] = _("The end must be after the start.")
    return problems


def _plan_apply(placement: Placement) -> None:
    """Put the plan in place for everything not asked yet (asked check-ins stay)."""
    plan = check_in_plan(placement.starts_on, placement.ends_on)
    asked = set(
        CheckIn.objects.filter(placement=placement)
        .exclude(sent_at=None)
        .values_list("kind", flat=True)
    )
    CheckIn.objects.filter(placement=placement, sent_at=None).exclude(kind__in=plan).delete()
    for kind, due_on in plan.items():
        if kind in asked:
            continue
        CheckIn.objects.update_or_create(
            placement=placement,
            kind=kind,
            defaults={"organisation_id": placement.organisation_id, "due_on": due_on},
        )


def placement_record(
    *,
    organisation: Organisation,
    contractor: Contact,
    company: Company,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    owner: User | None,
    now: datetime.datetime,
    order: Order | None = None,
    external_id: str = "",
) -> Placement:
    """Record a placement and its check-in plan. The same `external_id` again (an ATS
    sending its event twice) returns the first placement unchanged."""
    external_id = external_id.strip()[:300]
    if external_id:
        existing = Placement.objects.filter(
            organisation=organisation, external_id=external_id
        ).first()
        if existing is not None:
            return existing
    problems = _problems(organisation, contractor, company, starts_on, ends_on, owner, order)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        placement = Placement.objects.create(
            organisation=organisation,
            contractor=contractor,
            company=company,
            order=order,
            owner=owner,
            starts_on=starts_on,
            ends_on=ends_on,
            external_id=external_id,
            created_at=now,
        )
        _plan_apply(placement)
    return placement


def placement_update(
    *,
    placement: Placement,
    now: datetime.datetime,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    ends_on_cleared: bool = False,
    owner: User | None = None,
    company: Company | None = None,
    order: Order | None = None,
) -> Placement:
    """Change a placement; new dates move the check-ins not asked yet."""
    organisation = placement.organisation
    new_start = starts_on or placement.starts_on
    new_end = None if ends_on_cleared else (ends_on or placement.ends_on)
    new_owner = owner or placement.owner
    new_company = company or placement.company
    new_order = order or placement.order
    problems = _problems(
        organisation,
        placement.contractor,
        new_company,
        new_start,
        new_end,
        new_owner,
        new_order,
    )
    if problems:
        raise ValidationError(problems)
    dates_changed = (new_start, new_end) != (placement.starts_on, placement.ends_on)
    placement.starts_on, placement.ends_on = new_start, new_end
    placement.owner, placement.company, placement.order = new_owner, new_company, new_order
    with transaction.atomic():
        placement.save(update_fields=["starts_on", "ends_on", "owner", "company", "order"])
        if dates_changed and placement.status == PlacementStatus.ACTIVE:
            _plan_apply(placement)
    return placement


def placement_end(
    *, placement: Placement, ended_on: datetime.date, now: datetime.datetime
) -> Placement:
    """End a placement on `ended_on`: the check-ins not asked yet after it are dropped.
    Ending it again only moves the end."""
    if ended_on < placement.starts_on:
        raise ValidationError({"ended_on": _("The end cannot be before the start.")})
    with transaction.atomic():
        placement.ends_on = ended_on
        placement.status = PlacementStatus.ENDED
        placement.save(update_fields=["ends_on", "status"])
        CheckIn.objects.filter(placement=placement, sent_at=None, due_on__gt=ended_on).delete()
    return placement


# --- asking ---------------------------------------------------------------------------------

# Short and in the owner's own voice: a question from a person, not a survey invitation.
TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "subject": "How is it going at {company}?",
        "body": (
            "Hi {first_name},\n\n"
            "{when_text} at {company} — I wanted to hear how it is really going for you. "
            "Is the work what you hoped for, and is there anything I can help with?\n\n"
            "A few clicks, two minutes at most:\n{url}\n\n"
            "Or just reply to this mail, or tell me if you would rather talk on the phone."
        ),
        "day_30": "A month already",
        "day_45": "Six weeks already",
        "day_60": "Two months already",
        "halfway": "Halfway through your assignment",
        "before_end": "Two more weeks",
    },
    "de": {
        "subject": "Wie läuft es bei {company}?",
        "body": (
            "Hallo {first_name},\n\n"
            "{when_text} bei {company} — ich würde gern hören, wie es Ihnen dort wirklich "
            "geht. Ist die Arbeit so, wie Sie sie sich vorgestellt haben, und kann ich Ihnen "
            "bei etwas helfen?\n\n"
            "Ein paar Klicks, höchstens zwei Minuten:\n{url}\n\n"
            "Oder antworten Sie einfach auf diese Mail, oder sagen Sie mir, wenn Sie lieber "
            "telefonieren möchten."
        ),
        "day_30": "Schon ein Monat",
        "day_45": "Schon sechs Wochen",
        "day_60": "Schon zwei Monate",
        "halfway": "Die Hälfte Ihres Einsatzes",
        "before_end": "Noch zwei Wochen",
    },
    "nl": {
        "subject": "Hoe gaat het bij {company}?",
        "body": (
            "Hoi {first_name},\n\n"
            "{when_text} bij {company} — ik hoor graag hoe het echt met je gaat. Is het werk "
            "wat je ervan verwachtte, en kan ik ergens mee helpen?\n\n"
            "Een paar klikken, hooguit twee minuten:\n{url}\n\n"
            "Of antwoord gewoon op deze mail, of laat het weten als je liever even belt."
        ),
        "day_30": "Al een maand",
        "day_45": "Al zes weken",
        "day_60": "Al twee maanden",
        "halfway": "Halverwege je opdracht",
        "before_end": "Nog twee weken",
    },
}


def contractor_language(organisation: Organisation, contractor: Contact) -> str:
    language = contact_side(organisation=organisation, contact=contractor).language
    return language if language in LANGUAGES else "en"


def check_in_text(
    *, check_in: CheckIn, contractor: Contact, company: Company, language: str, url: str
) -> tuple[str, str]:
    """The check-in's subject and body in `language` (en, de or nl)."""
    words = TEXTS.get(language, TEXTS["en"])
    first_name = (contractor.name.split() or [""])[0]
    values = {
        "first_name": first_name,
        "company": company.name,
        "when_text": words[check_in.kind],
        "url": url,
    }
    return words["subject"].format(**values), words["body"].format(**values)


def _today_of(organisation: Organisation, contractor: Contact, now: datetime.datetime) -> Any:
    zone = contact_side(organisation=organisation, contact=contractor).timezone
    return now.astimezone(ZoneInfo(zone)).date()


def care_run_due(*, organisation: Organisation, now: datetime.datetime) -> int:
    """Ask every due check-in of an active placement (see the module's docstring); returns
    how many were asked. A run repeated asks nothing twice."""
    from hallway.outreach.care_links import check_in_url

    # A day's margin: somewhere on earth it is already tomorrow.
    horizon = now.astimezone(datetime.UTC).date() + datetime.timedelta(days=1)
    waiting = (
        CheckIn.objects.filter(
            organisation=organisation,
            sent_at=None,
            due_on__lte=horizon,
            placement__status=PlacementStatus.ACTIVE,
        )
        .select_related("placement__contractor__company", "placement__company", "placement__owner")
        .order_by("placement_id", "-due_on")
    )
    asked = 0
    seen: set[int] = set()
    for check_in in waiting:
        placement = check_in.placement
        contractor = placement.contractor
        if check_in.due_on > _today_of(organisation, contractor, now):
            continue
        if placement.pk in seen:  # an older one, overtaken by the latest: not asked at all
            CheckIn.objects.filter(pk=check_in.pk, sent_at=None).delete()
            continue
        seen.add(placement.pk)
        language = contractor_language(organisation, contractor)
        subject, body = check_in_text(
            check_in=check_in,
            contractor=contractor,
            company=placement.company,
            language=language,
            url=check_in_url(check_in=check_in, language=language),
        )
        with transaction.atomic():
            claimed = CheckIn.objects.filter(pk=check_in.pk, sent_at=None).update(sent_at=now)
            if not claimed:
                continue
            personal_message_draft(
                organisation=organisation,
                contact=contractor,
                owner=placement.owner,
                source=Source.CHECK_IN,
                key=f"{KEY_PREFIX}{check_in.pk}",
                ref=f"placement:{placement.pk}",
                subject=subject,
                body=body,
                language=language,
                now=now,
            )
        asked += 1
    return asked


# --- answering ------------------------------------------------------------------------------


def quarter_of(day: datetime.date) -> datetime.date:
    """The first day of `day`'s calendar quarter."""
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_label(first_day: datetime.date) -> str:
    return f"{first_day.year}-Q{(first_day.month - 1) // 3 + 1}"


def can_rate_client(*, check_in: CheckIn, now: datetime.datetime) -> bool:
    """Whether this answer may still rate the client: once per placement and quarter."""
    if check_in.rated_client:
        return False
    organisation = check_in.placement.organisation
    quarter = quarter_of(organisation_today(organisation, now))
    for other in CheckIn.objects.filter(placement_id=check_in.placement_id, rated_client=True):
        answered = other.answered_at or now
        if quarter_of(organisation_today(organisation, answered)) == quarter:
            return False
    return True


@dataclass(frozen=True)
class ClientRatingInput:
    score: int
    comment: str = ""


def _parse_score(value: object, field: str, problems: dict[str, str]) -> int | None:
    if value in (None, ""):
        return None
    try:
        score = int(str(value))
    except ValueError:
        score = 0
    if not 1 <= score <= 5:
        problems[field] = _("Choose a number from 1 to 5.")
        return None
    return score


def check_in_answer(
    *,
    check_in: CheckIn,
    score: object,
    comment: str,
    wants_call: bool,
    now: datetime.datetime,
    rating_score: object = None,
    rating_comment: str = "",
) -> CheckIn:
    """Store (or change) a contractor's answer; see the module's docstring."""
    problems: dict[str, str] = {}
    parsed = _parse_score(score, "score", problems)
    if parsed is None and "score" not in problems:
        problems["score"] = _("Choose how it is going, from 1 to 5.")
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        problems["comment"] = _("At most %(max)d characters.") % {"max": COMMENT_MAX}
    rating = _parse_score(rating_score, "rating_score", problems)
    rating_comment = rating_comment.strip()
    if len(rating_comment) > RATING_COMMENT_MAX:
        problems["rating_comment"] = _("At most %(max)d characters.") % {"max": RATING_COMMENT_MAX}
    if rating is None and rating_comment and "rating_score" not in problems:
        problems["rating_score"] = _("Choose a rating of the client to send a comment with it.")
    if check_in.sent_at is None:
        problems["score"] = _("This check-in has not been asked yet.")
    if problems:
        raise ValidationError(problems)
    assert parsed is not None
    placement = check_in.placement
    organisation = placement.organisation
    contractor = placement.contractor
    rate = rating is not None and can_rate_client(check_in=check_in, now=now)
    with transaction.atomic():
        first_answer = check_in.answered_at is None
        check_in.score, check_in.comment, check_in.wants_call = parsed, comment, bool(wants_call)
        if first_answer:
            check_in.answered_at = now
        fields = ["score", "comment", "wants_call", "answered_at"]
        if rate:
            assert rating is not None
            ClientRating.objects.create(
                organisation=organisation,
                company=placement.company,
                quarter=quarter_of(organisation_today(organisation, now)),
                score=rating,
                comment=rating_comment,
            )
            check_in.rated_client = True
            fields.append("rated_client")
        check_in.save(update_fields=fields)
        touch_record(
            organisation=organisation,
            kind=TouchKind.MESSAGE,
            at=now,
            contacts=[contractor],
            company=placement.company,
            by=None,
            # Not the score: the answer is for the owner, a touch is seen more widely.
            summary=_("Answered a check-in"),
            source=TouchSource.OUTREACH,
            direction=Direction.INBOUND,
            external_id=f"{KEY_PREFIX}{check_in.pk}",
        )
        _owner_tasks(check_in, now)
    return check_in


def _owner_tasks(check_in: CheckIn, now: datetime.datetime) -> None:
    placement = check_in.placement
    owner = placement.owner
    if owner is None:
        return
    organisation = placement.organisation
    contractor = placement.contractor
    detail = _("How it is going: %(score)d of 5.") % {"score": check_in.score or 0}
    if check_in.wants_call:
        detail += " " + _("Would like a call.")
    if check_in.comment:
        detail += "\n\n" + check_in.comment
    feedback = owner_task_open(
        organisation=organisation,
        owner=owner,
        key=f"{KEY_PREFIX}{check_in.pk}:feedback",
        kind=TaskKind.FEEDBACK,
        title=_("Answer %(name)s's check-in at %(company)s")
        % {"name": contractor.name, "company": placement.company.name},
        source=Source.CHECK_IN,
        due_on=organisation_today(organisation, now) + datetime.timedelta(days=2),
        now=now,
        contact=contractor,
        company=placement.company,
        detail=detail,
        ref=f"placement:{placement.pk}",
    )
    if feedback.detail != detail[:5000] or feedback.done_at is not None:
        # A changed answer is news again for the owner.
        feedback.detail, feedback.done_at = detail[:5000], None
        feedback.save(update_fields=["detail", "done_at"])
    if (check_in.score or 5) <= LOW_SCORE or check_in.wants_call:
        owner_task_open(
            organisation=organisation,
            owner=owner,
            key=f"{KEY_PREFIX}{check_in.pk}:call",
            kind=TaskKind.CALL,
            title=_("Call %(name)s about the assignment at %(company)s")
            % {"name": contractor.name, "company": placement.company.name},
            source=Source.CHECK_IN,
            due_on=organisation_today(organisation, now),
            now=now,
            contact=contractor,
            company=placement.company,
            detail=detail,
            ref=f"placement:{placement.pk}",
        )
