"""Stand-ups: creating and changing them, answering a check-in, resolving a blocker.

The cadence is one RRULE (`StandUp.rule`), cleaned with `core.recurrence.recurrence_clean`.
Pages, the API and the CLI usually name a preset instead (daily, weekly, every two weeks,
monthly, on a weekday); `cadence_rule` turns one into the rule and `cadence_of` reads it
back, so the rule stays the one truth.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hallway.accounts.models import Organisation, User
from hallway.core.dates import long_date, time_of_day
from hallway.core.recurrence import recurrence_clean
from hallway.engine.cadence import Recurrence
from hallway.messaging.models import Channel
from hallway.people.models import Location, Person, Team
from hallway.rituals.models import (
    Celebration,
    CelebrationKind,
    CelebrationSource,
    CheckIn,
    CheckInStatus,
    CircleKind,
    StandUp,
    StandUpMode,
)
from hallway.rituals.services.gong import celebration_post

DAILY = "daily"
WEEKLY = "weekly"
BIWEEKLY = "biweekly"
MONTHLY = "monthly"
CUSTOM = "custom"
CADENCES = (
    (DAILY, gettext_lazy("Every working day")),
    (WEEKLY, gettext_lazy("Weekly")),
    (BIWEEKLY, gettext_lazy("Every two weeks")),
    (MONTHLY, gettext_lazy("Monthly (first weekday of the month)")),
)
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_NAMES = (
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
)
# Answers to "any blockers?" that mean no blocker, in the three languages.
NO_BLOCKER = {
    "",
    "-",
    "--",
    "—",
    "–",
    "/",
    "n/a",
    "na",
    "no",
    "nope",
    "none",
    "nothing",
    "no blockers",
    "nein",
    "keine",
    "keiner",
    "nichts",
    "keine blocker",
    "nee",
    "geen",
    "niets",
    "nvt",
    "n.v.t.",
    "geen blockers",
}
MOODS = (1, 2, 3, 4, 5)
TEXT_MAX = 4000


def cadence_rule(cadence: str, weekday: str = "MO") -> str:
    """The RRULE of a preset. Daily means every day the person works: each person's own
    working days (and absences) decide, not the rule."""
    day = weekday.upper() if weekday.upper() in WEEKDAYS else "MO"
    rules = {
        DAILY: "FREQ=DAILY",
        WEEKLY: f"FREQ=WEEKLY;BYDAY={day}",
        BIWEEKLY: f"FREQ=WEEKLY;INTERVAL=2;BYDAY={day}",
        MONTHLY: f"FREQ=MONTHLY;BYDAY=1{day}",
    }
    if cadence not in rules:
        raise ValidationError({"cadence": _("Choose how often the stand-up takes place.")})
    return rules[cadence]


def cadence_of(rule: str) -> tuple[str, str]:
    """(preset, weekday) of a rule, or ("custom", "") for a rule no preset makes."""
    for cadence, _label in CADENCES:
        for day in WEEKDAYS:
            if cadence_rule(cadence, day) == rule:
                return cadence, day if cadence != DAILY else ""
    return CUSTOM, ""


def cadence_label(rule: str) -> str:
    cadence, day = cadence_of(rule)
    if cadence == CUSTOM:
        return rule
    label = str(dict(CADENCES)[cadence])
    if day:
        label = f"{label} ({WEEKDAY_NAMES[WEEKDAYS.index(day)]})"
    return label


def standup_recurrence(standup: StandUp) -> Recurrence:
    """The stand-up's rule, checked, from its first day at its ask time (in the
    organisation's zone: the rule names dates, each person's zone the moment)."""
    return recurrence_clean(
        standup.rule,
        start=datetime.datetime.combine(standup.starts_on, standup.ask_at),
        timezone=standup.organisation.timezone,
    )


@dataclass
class StandUpData:
    """What pages, the API, the CLI and the demo give to create or change a stand-up."""

    name: str
    rule: str
    starts_on: datetime.date
    circle_kind: str = CircleKind.TEAM
    circle_team: Team | None = None
    circle_department: str = ""
    circle_location: Location | None = None
    circle_people: list[Person] = field(default_factory=list)
    mode: str = StandUpMode.ASYNC
    ask_at: datetime.time = datetime.time(9, 0)
    reminder_minutes: int = 90
    cutoff_minutes: int = 180
    question_yesterday: str = ""
    question_today: str = ""
    question_blockers: str = ""
    ask_mood: bool = True
    ask_small_talk: bool = True
    channels: list[Channel] = field(default_factory=list)
    digest_channel: Channel | None = None
    digest_address: str = ""
    video_minutes: int = 15
    active: bool = True


FIELDS = (
    "name",
    "rule",
    "starts_on",
    "circle_kind",
    "circle_team",
    "circle_department",
    "circle_location",
    "mode",
    "ask_at",
    "reminder_minutes",
    "cutoff_minutes",
    "question_yesterday",
    "question_today",
    "question_blockers",
    "ask_mood",
    "ask_small_talk",
    "digest_channel",
    "digest_address",
    "video_minutes",
    "active",
)


def standup_problems(*, organisation: Organisation, data: StandUpData) -> dict[str, list[str]]:
    """Every problem with `data`, by field (empty when it may be saved)."""
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    if not data.name.strip():
        add("name", _("Give the stand-up a name."))
    elif len(data.name.strip()) > 120:
        add("name", _("A name has at most 120 characters."))
    try:
        recurrence_clean(
            data.rule,
            start=datetime.datetime.combine(data.starts_on, data.ask_at),
            timezone=organisation.timezone,
        )
    except ValidationError as exc:
        add("rule", " ".join(exc.messages))
    if data.circle_kind not in CircleKind.values:
        add("circle_kind", _("Choose who takes part."))
    needs: dict[str, tuple[str, object, Any]] = {
        CircleKind.TEAM: ("circle_team", data.circle_team, _("Choose the team.")),
        CircleKind.DEPARTMENT: (
            "circle_department",
            data.circle_department,
            _("Choose the department."),
        ),
        CircleKind.LOCATION: ("circle_location", data.circle_location, _("Choose the location.")),
        CircleKind.PEOPLE: ("circle_people", data.circle_people, _("Choose at least one person.")),
    }
    need = needs.get(data.circle_kind)
    if need is not None and not need[1]:
        add(need[0], str(need[2]))
    for name, value in (
        ("circle_team", data.circle_team),
        ("circle_location", data.circle_location),
    ):
        if value is not None and value.organisation_id != organisation.pk:
            add(name, _("This belongs to another organisation."))
    if any(p.organisation_id != organisation.pk for p in data.circle_people):
        add("circle_people", _("Someone chosen belongs to another organisation."))
    if any(c.organisation_id != organisation.pk for c in data.channels):
        add("channels", _("A chosen channel belongs to another organisation."))
    if data.digest_channel is not None and data.digest_channel.organisation_id != organisation.pk:
        add("digest_channel", _("The channel belongs to another organisation."))
    if data.mode not in StandUpMode.values:
        add("mode", _("Choose written check-ins or a video stand-up."))
    if not 0 <= data.reminder_minutes <= 720:
        add("reminder_minutes", _("Between 0 and 720 minutes."))
    if not 15 <= data.cutoff_minutes <= 720:
        add("cutoff_minutes", _("Between 15 and 720 minutes."))
    elif data.reminder_minutes and data.reminder_minutes >= data.cutoff_minutes:
        add("reminder_minutes", _("The reminder must come before answers close."))
    if not 5 <= data.video_minutes <= 120:
        add("video_minutes", _("Between 5 and 120 minutes."))
    for name in ("question_yesterday", "question_today", "question_blockers"):
        if len(getattr(data, name)) > 200:
            add(name, _("A question has at most 200 characters."))
    if len(data.digest_address) > 120:
        add("digest_address", _("At most 120 characters."))
    return problems


def _save(standup: StandUp, data: StandUpData) -> StandUp:
    for name in FIELDS:
        value = getattr(data, name)
        setattr(standup, name, value.strip() if isinstance(value, str) else value)
    standup.save()
    standup.channels.set(data.channels)
    standup.circle_people.set(data.circle_people if data.circle_kind == CircleKind.PEOPLE else [])
    return standup


def standup_create(
    *, organisation: Organisation, data: StandUpData, by: User | None, now: datetime.datetime
) -> StandUp:
    """A new stand-up; its first date is asked when its time comes (run-due). In video mode
    the call's time is chosen at once (see `services.standups_video`)."""
    problems = standup_problems(organisation=organisation, data=data)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        standup = _save(
            StandUp(organisation=organisation, owner=by, created_at=now, starts_on=data.starts_on),
            data,
        )
    if standup.mode == StandUpMode.VIDEO:
        from hallway.rituals.services.standups_video import standup_video_schedule

        standup_video_schedule(standup=standup, now=now)
    return standup


def standup_update(*, standup: StandUp, data: StandUpData, now: datetime.datetime) -> StandUp:
    """Change a stand-up; dates asked already keep their answers and cut-offs."""
    problems = standup_problems(organisation=standup.organisation, data=data)
    if problems:
        raise ValidationError(problems)
    video_before = (standup.mode, standup.rule, standup.video_minutes, standup.starts_on)
    with transaction.atomic():
        standup = _save(standup, data)
    video_after = (standup.mode, standup.rule, standup.video_minutes, standup.starts_on)
    if standup.mode == StandUpMode.VIDEO and (
        video_before != video_after or standup.video_starts_at is None
    ):
        from hallway.rituals.services.standups_video import standup_video_schedule

        standup_video_schedule(standup=standup, now=now)
    return standup


def blocker_text_blocks(text: str) -> bool:
    """Whether an answer to "any blockers?" names one ("none", "nein", "geen" do not)."""
    words = " ".join(text.strip().lower().rstrip(".!").split())
    return words not in NO_BLOCKER


def _closed_message(checkin: CheckIn) -> str:
    return _(
        "Answers for %(date)s closed at %(time)s. The digest has gone out; you can answer "
        "again next time."
    ) % {
        "date": long_date(checkin.occurrence.date),
        "time": time_of_day(checkin.closes_at),
    }


def checkin_answer(
    *,
    checkin: CheckIn,
    yesterday: str,
    today: str,
    blockers: str,
    mood: int | None,
    small_talk: str = "",
    now: datetime.datetime,
) -> CheckIn:
    """Save (or change) a person's answers, until the cut-off; after it, a ValidationError
    saying so and nothing changes. A changed blocker is open again."""
    if now >= checkin.closes_at:
        raise ValidationError(_closed_message(checkin), code="closed")
    problems: dict[str, list[str]] = {}
    texts = {"yesterday": yesterday, "today": today, "blockers": blockers, "small_talk": small_talk}
    for name, text in texts.items():
        if len(text) > TEXT_MAX:
            problems[name] = [_("At most %(count)d characters.") % {"count": TEXT_MAX}]
    if mood is not None and mood not in MOODS:
        problems["mood"] = [_("Choose from 1 to 5.")]
    if not any(t.strip() for t in texts.values()) and mood is None:
        problems["today"] = [_("Answer at least one question.")]
    if problems:
        raise ValidationError(problems)
    blocked = blocker_text_blocks(blockers)
    values: dict[str, Any] = {
        "status": CheckInStatus.ANSWERED,
        "answered_at": now,
        "yesterday": yesterday.strip(),
        "today": today.strip(),
        "blockers": blockers.strip() if blocked else "",
        "blocked": blocked,
        "mood": mood,
        "small_talk": small_talk.strip(),
    }
    if blockers.strip() != checkin.blockers or not blocked:
        values["blocker_resolved_at"] = None
        values["blocker_resolved_by"] = None
    with transaction.atomic():
        # The cut-off decides in the database too: an answer racing it is refused.
        updated = CheckIn.objects.filter(pk=checkin.pk, closes_at__gt=now).update(**values)
        if not updated:
            raise ValidationError(_closed_message(checkin), code="closed")
    checkin.refresh_from_db()
    return checkin


def blocker_resolve(
    *, checkin: CheckIn, by: User | None, now: datetime.datetime, resolved: bool = True
) -> CheckIn:
    """Mark a blocker resolved (or open again). Who may do it is the caller's question
    (`selectors.standups.checkin_may_act`)."""
    if not checkin.blocked:
        raise ValidationError(_("This answer names no blocker."), code="no_blocker")
    CheckIn.objects.filter(pk=checkin.pk).update(
        blocker_resolved_at=now if resolved else None,
        blocker_resolved_by=by if resolved else None,
    )
    checkin.refresh_from_db()
    return checkin


def checkin_win_ref(checkin_id: int) -> str:
    """The gong's reference of a stand-up answer's win: one celebration per answer."""
    return f"checkin-{checkin_id}"


WIN_TITLE_LENGTH = 120


def checkin_celebrate(
    *, checkin: CheckIn, posted_by: Person | None, now: datetime.datetime
) -> Celebration:
    """Send the win in an answer (what the person did yesterday) to the gong: a "win"
    crediting them and their team. Once per answer; again returns the first. Who may do it
    is the caller's question (`selectors.standups.checkin_may_act`)."""
    if checkin.status != CheckInStatus.ANSWERED or not checkin.yesterday.strip():
        raise ValidationError(_("This answer has no win to celebrate."), code="no_win")
    person = checkin.person
    first_line = checkin.yesterday.strip().splitlines()[0].strip()
    if len(first_line) > WIN_TITLE_LENGTH:
        first_line = first_line[: WIN_TITLE_LENGTH - 1].rstrip() + "…"
    return celebration_post(
        organisation=checkin.occurrence.standup.organisation,
        kind=CelebrationKind.WIN,
        title=first_line,
        text=checkin.yesterday.strip(),
        people=[person],
        team=person.team,
        posted_by=posted_by,
        source=CelebrationSource.STANDUP,
        source_ref=checkin_win_ref(checkin.pk),
        now=now,
    )
