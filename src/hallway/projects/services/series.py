"""A project's meeting rhythm: dailies, weeklies, monthlies for circles of its roster, and
deeper check-ins with the sponsor or sub-project leads.

The cadence is one RRULE (`MeetingSeries.rule`), cleaned by `core.recurrence` on the
wall clock of the series' zone (its own, else the project's, else the organisation's).
Pages, the API and the CLI usually name a preset (`series_rule`); `cadence_words` reads a
rule back. Who is invited is computed from the roster each time (`series_members`), so
someone who joins the project later is in the circle without touching the series.

Creating or changing a series sends everyone the series as one iMIP invitation
(`services.series_invites`); a change raises its SEQUENCE, so calendars update the series.
Ending it sends the series once more, cut off with UNTIL (a series that never took place
is cancelled instead). With `with_checkins`, our side of the circle also gets async
check-ins in between, as a stand-up of rituals.
"""

import datetime
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hallway.accounts.models import User
from hallway.accounts.tenancy import scoped
from hallway.core.recurrence import recurrence_clean
from hallway.core.validators import validate_timezone
from hallway.engine.cadence import Recurrence, occurrence_dates
from hallway.messaging.ics import organizer_domain
from hallway.messaging.video import video_room_url
from hallway.people.hours import WEEKDAYS as DAY_NAMES
from hallway.projects.models import (
    MeetingSeries,
    Project,
    RosterMember,
    SeriesCircle,
    SeriesKind,
    Side,
)
from hallway.projects.selectors.roster import roster_of
from hallway.rituals.interface import circle_standup_save

WORKDAYS = "workdays"
WEEKLY = "weekly"
BIWEEKLY = "biweekly"
MONTHLY = "monthly"
CUSTOM = "custom"
PRESETS = (
    (WORKDAYS, gettext_lazy("Every working day")),
    (WEEKLY, gettext_lazy("Weekly")),
    (BIWEEKLY, gettext_lazy("Every two weeks")),
    (MONTHLY, gettext_lazy("Monthly")),
)
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# The names of the rule's days, in the reader's language (people's working days have them).
WEEKDAY_NAMES = tuple(DAY_NAMES[day] for day in range(1, 8))
ORDINALS = {
    1: gettext_lazy("First"),
    2: gettext_lazy("Second"),
    3: gettext_lazy("Third"),
    4: gettext_lazy("Fourth"),
    -1: gettext_lazy("Last"),
}
# Whole sentences, so each language can bend the ordinal ("am ersten Dienstag").
MONTHLY_WORDS = {
    1: gettext_lazy("Monthly on the first %(day)s"),
    2: gettext_lazy("Monthly on the second %(day)s"),
    3: gettext_lazy("Monthly on the third %(day)s"),
    4: gettext_lazy("Monthly on the fourth %(day)s"),
    -1: gettext_lazy("Monthly on the last %(day)s"),
}
# The cadence each kind starts with on the form.
KIND_PRESET = {
    SeriesKind.DAILY: WORKDAYS,
    SeriesKind.WEEKLY: WEEKLY,
    SeriesKind.MONTHLY: MONTHLY,
    SeriesKind.CHECK_IN: MONTHLY,
}
MINUTES = (10, 240)
NAME_MAX = 120


def series_rule(preset: str, weekday: str = "MO", nth: int = 1) -> str:
    """The RRULE of a preset: every working day, weekly or every two weeks on `weekday`,
    monthly on its `nth` `weekday` (1 to 4, or -1 for the last)."""
    day = weekday.upper() if weekday.upper() in WEEKDAYS else "MO"
    which = nth if nth in ORDINALS else 1
    rules = {
        WORKDAYS: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        WEEKLY: f"FREQ=WEEKLY;BYDAY={day}",
        BIWEEKLY: f"FREQ=WEEKLY;INTERVAL=2;BYDAY={day}",
        MONTHLY: f"FREQ=MONTHLY;BYDAY={which}{day}",
    }
    if preset not in rules:
        raise ValidationError({"preset": [_("Choose how often the meeting takes place.")]})
    return rules[preset]


def preset_of(rule: str) -> tuple[str, str, int]:
    """(preset, weekday, nth) of a rule, or ("custom", "", 1) for one no preset makes."""
    for preset, _label in PRESETS:
        for day in WEEKDAYS:
            for nth in ORDINALS:
                if series_rule(preset, day, nth) == rule.upper():
                    return preset, day, nth
    return CUSTOM, "", 1


def cadence_words(rule: str) -> str:
    """The rule in words in the active language ("Weekly on Thursday"), else the rule."""
    preset, day, nth = preset_of(rule)
    if preset == CUSTOM:
        return rule
    if preset == WORKDAYS:
        return str(dict(PRESETS)[WORKDAYS])
    weekday = WEEKDAY_NAMES[WEEKDAYS.index(day)]
    if preset == WEEKLY:
        return _("Weekly on %(day)s") % {"day": weekday}
    if preset == BIWEEKLY:
        return _("Every two weeks on %(day)s") % {"day": weekday}
    return str(MONTHLY_WORDS[nth]) % {"day": weekday}


@dataclass
class SeriesFields:
    """What the form, the API and the command give to create or change a series."""

    name: str
    kind: str
    rule: str
    starts_on: datetime.date
    at: datetime.time
    minutes: int = 30
    circle: str = SeriesCircle.ROSTER
    sub_project: str = ""
    members: list[RosterMember] = field(default_factory=list)
    timezone: str = ""
    language: str = ""
    agenda: str = ""
    video_url: str = ""
    with_checkins: bool = False


def series_zone(series: MeetingSeries) -> str:
    project = series.project
    return series.timezone or project.timezone or project.organisation.timezone


def series_language(series: MeetingSeries) -> str:
    project = series.project
    return series.language or project.language or project.organisation.language


def series_recurrence(series: MeetingSeries) -> Recurrence:
    return recurrence_clean(
        series.rule,
        start=datetime.datetime.combine(series.starts_on, series.at),
        timezone=series_zone(series),
    )


def series_members(
    series: MeetingSeries, roster: list[RosterMember] | None = None
) -> list[RosterMember]:
    """Who the series is for, from the roster as it is now (in the roster's order)."""
    members = roster if roster is not None else roster_of(series.project)
    if series.circle == SeriesCircle.OURS:
        return [m for m in members if m.side == Side.OURS]
    if series.circle == SeriesCircle.SUB_PROJECT:
        wanted = series.sub_project.strip().casefold()
        return [m for m in members if wanted and m.sub_project.strip().casefold() == wanted]
    if series.circle == SeriesCircle.CHOSEN:
        chosen = set(series.members.values_list("pk", flat=True)) if series.pk else set()
        return [m for m in members if m.pk in chosen]
    return list(members)


def _default_check_in_members(project: Project) -> list[RosterMember]:
    """A check-in without anyone chosen is with the sponsor, and the lead if on the roster."""
    found = [project.sponsor] if project.sponsor is not None else []
    if project.lead_id is not None:
        found += list(
            scoped(RosterMember, project.organisation).filter(
                project=project, person__user_id=project.lead_id
            )
        )
    return found


def series_problems(
    *, project: Project, values: SeriesFields, series: MeetingSeries | None = None
) -> dict[str, list[str]]:
    """Every problem with `values`, by field (empty when they may be saved)."""
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    name = values.name.strip()
    if not name:
        add("name", _("Give the meeting a name."))
    elif len(name) > NAME_MAX:
        add("name", _("A name has at most %(count)d characters.") % {"count": NAME_MAX})
    if values.kind not in SeriesKind.values:
        add("kind", _("Choose daily, weekly, monthly or a check-in."))
    zone = values.timezone.strip() or project.timezone or project.organisation.timezone
    zone_ok = True
    if values.timezone.strip():
        try:
            validate_timezone(values.timezone.strip())
        except ValidationError as exc:
            zone_ok = False
            add("timezone", " ".join(exc.messages))
    if zone_ok:
        try:
            recurrence_clean(
                values.rule,
                start=datetime.datetime.combine(values.starts_on, values.at),
                timezone=zone,
            )
        except ValidationError as exc:
            add("rule", " ".join(exc.messages))
    if values.language and values.language not in dict(settings.LANGUAGES):
        add("language", _("Choose one of the languages Hallway speaks."))
    if not MINUTES[0] <= values.minutes <= MINUTES[1]:
        add(
            "minutes",
            _("Choose from %(low)d to %(high)d minutes.") % {"low": MINUTES[0], "high": MINUTES[1]},
        )
    if values.circle not in SeriesCircle.values:
        add("circle", _("Choose who takes part."))
    elif values.circle == SeriesCircle.SUB_PROJECT:
        wanted = values.sub_project.strip().casefold()
        if not wanted:
            add("sub_project", _("Name the sub-project."))
        elif not any(m.sub_project.strip().casefold() == wanted for m in roster_of(project)):
            add("sub_project", _("Nobody on the roster works on this sub-project."))
    elif (
        values.circle == SeriesCircle.CHOSEN
        and values.kind != SeriesKind.CHECK_IN
        and not values.members
    ):
        add("members", _("Choose at least one person."))
    if any(m.project_id != project.pk for m in values.members):
        add("members", _("Choose people on this project's roster."))
    if values.kind == SeriesKind.CHECK_IN and not (
        values.members or _default_check_in_members(project)
    ):
        add("members", _("Choose who the check-in is with (the project has no sponsor yet)."))
    if len(values.agenda) > 4000:
        add("agenda", _("At most %(count)d characters.") % {"count": 4000})
    if values.video_url and not values.video_url.startswith(("https://", "http://")):
        add("video_url", _("Enter a web address starting with https://."))
    if series is not None and series.ended_on is not None:
        add("name", _("This series has ended."))
    return problems


def _apply(series: MeetingSeries, values: SeriesFields) -> None:
    series.name = values.name.strip()
    series.kind = values.kind
    series.rule = values.rule.strip().upper().removeprefix("RRULE:")
    series.starts_on = values.starts_on
    series.at = values.at
    series.minutes = values.minutes
    # A check-in is with chosen people: the sponsor or a sub-project's lead.
    series.circle = SeriesCircle.CHOSEN if values.kind == SeriesKind.CHECK_IN else values.circle
    series.sub_project = (
        values.sub_project.strip() if series.circle == SeriesCircle.SUB_PROJECT else ""
    )
    series.timezone = values.timezone.strip()
    series.language = values.language
    series.agenda = values.agenda.strip()
    series.with_checkins = values.with_checkins


def _set_members(series: MeetingSeries, values: SeriesFields) -> None:
    if series.circle != SeriesCircle.CHOSEN:
        series.members.set([])
        return
    members = values.members
    if not members and series.kind == SeriesKind.CHECK_IN:
        members = _default_check_in_members(series.project)
    series.members.set(members)


def _checkin_rule(rule: str) -> str:
    """Async check-ins on the working days between the meetings of a weekly rule (every
    working day for any other rule: each person's own working days decide)."""
    parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
    if parts.get("FREQ") == "WEEKLY" and parts.get("INTERVAL", "1") == "1":
        meeting_days = set(parts.get("BYDAY", "").split(","))
        between = [d for d in WEEKDAYS[:5] if d not in meeting_days]
        if between:
            return "FREQ=WEEKLY;BYDAY=" + ",".join(between)
    return "FREQ=DAILY"


def _sync_checkins(
    series: MeetingSeries, by: User | None, now: datetime.datetime, active: bool = True
) -> None:
    if not series.with_checkins and series.standup_id is None:
        return
    people = [m.person for m in series_members(series) if m.person is not None]
    standup_id = circle_standup_save(
        organisation=series.organisation,
        standup_id=series.standup_id,
        name=f"{series.project.name}: {series.name}",
        rule=_checkin_rule(series.rule),
        starts_on=series.starts_on,
        people=people,
        owner=by,
        active=active and series.with_checkins and bool(people),
        now=now,
    )
    if standup_id != series.standup_id:
        series.standup_id = standup_id
        series.save(update_fields=["standup_id"])


def series_checkins_sync(*, series: MeetingSeries, now: datetime.datetime) -> None:
    """The async check-ins follow a circle that changed with the roster."""
    _sync_checkins(series, None, now, active=series.ended_on is None)


def series_create(
    *, project: Project, values: SeriesFields, by: User | None, now: datetime.datetime
) -> MeetingSeries:
    """A new series, its video room, its async check-ins when asked for, and everyone's
    invitation."""
    from hallway.projects.services.series_invites import series_invite

    problems = series_problems(project=project, values=values)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        series = MeetingSeries(
            organisation=project.organisation,
            project=project,
            created_at=now,
            invited_at=now,
            uid=f"project-series-{secrets.token_hex(10)}@{organizer_domain()}",
        )
        _apply(series, values)
        series.save()
        _set_members(series, values)
        series.video_url = values.video_url.strip() or video_room_url(
            organisation=project.organisation,
            meeting_key=f"project-{project.pk}-series-{series.pk}",
        )
        series.save(update_fields=["video_url"])
        _sync_checkins(series, by, now)
        series_invite(series=series, now=now)
    return series


def series_update(
    *, series: MeetingSeries, values: SeriesFields, by: User | None, now: datetime.datetime
) -> MeetingSeries:
    """Change a series: everyone in its circle gets it again with SEQUENCE + 1, and whoever
    the change leaves out gets a CANCEL."""
    from hallway.projects.services.series_invites import series_invite, series_withdraw

    problems = series_problems(project=series.project, values=values, series=series)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
        was_in = series_members(series)
        _apply(series, values)
        if values.video_url.strip():
            series.video_url = values.video_url.strip()
        series.sequence += 1
        series.invited_at = now
        series.save()
        _set_members(series, values)
        _sync_checkins(series, by, now)
        series_invite(series=series, now=now)
        still_in = {m.pk for m in series_members(series)}
        for member in was_in:
            if member.pk not in still_in:  # out of the changed circle: out of their calendar
                series_withdraw(member=member, now=now, only=[series])
    return series


def series_end(
    *, series: MeetingSeries, on: datetime.date, by: User | None, now: datetime.datetime
) -> MeetingSeries:
    """No meetings after `on`: calendars keep the past ones (UNTIL) or drop a series that
    never met (CANCEL); its async check-ins stop."""
    from hallway.projects.services.series_invites import series_invite

    if on < series.starts_on - datetime.timedelta(days=1):
        raise ValidationError({"ended_on": [_("The series cannot end before it starts.")]})
    with transaction.atomic():
        series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
        if series.ended_on is not None:
            return series
        series.ended_on = on
        series.sequence += 1
        series.invited_at = now
        series.save(update_fields=["ended_on", "sequence", "invited_at"])
        _sync_checkins(series, by, now, active=False)
        series_invite(series=series, now=now)
    return series


def series_dates(
    series: MeetingSeries, first: datetime.date, last: datetime.date
) -> list[datetime.date]:
    """The series' dates from `first` to `last`, holidays included, none after its end."""
    if series.ended_on is not None:
        last = min(last, series.ended_on)
    return occurrence_dates(series_recurrence(series), max(first, series.starts_on), last)
