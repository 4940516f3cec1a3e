"""/api/v1/projects/{id}/health, /kickoff, /card and /series: a client project's rhythm.

Members read; organisers schedule the kickoff (everyone on the roster gets the invitation),
revoke the card's links, and create, change and end series, and say whether a meeting took
place or keep a note after a check-in (private to the token's user). The card's link for
the client is only given to organisers, as on its page. Reading never writes. The answers
are exactly what `hallway project health|kickoff|series --json` print.
"""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.db.models.functions import Lower
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404, scoped
from hallway.api.auth import TokenAuth, membership_of, user_of
from hallway.api.errors import ApiError, default_message
from hallway.api.projects import project_of
from hallway.api.projects_rhythm_schemas import (
    ProjectCardLinkOut,
    ProjectCardOut,
    ProjectCheckinNoteIn,
    ProjectCheckinNoteOut,
    ProjectHealthOut,
    ProjectKickoffIn,
    ProjectKickoffOut,
    ProjectKickoffParams,
    ProjectKickoffStateOut,
    ProjectMeetingHeldIn,
    ProjectMeetingHeldOut,
    ProjectSeriesCreate,
    ProjectSeriesEndIn,
    ProjectSeriesOut,
    ProjectSeriesPage,
    ProjectSeriesPatch,
)
from hallway.api.schemas import JSON_BODY, ObjectId, PageParams, error_responses, paginate
from hallway.projects.card_links import card_url
from hallway.projects.exporting_rhythm import (
    health_json,
    kickoff_json,
    kickoff_state_json,
    series_json,
)
from hallway.projects.lookup import series_rule_given
from hallway.projects.models import MeetingSeries, Project, RosterMember
from hallway.projects.selectors.card import project_card, who_is_who
from hallway.projects.selectors.roster import roster_of
from hallway.projects.selectors.series import series_row
from hallway.projects.services.kickoff import kickoff_schedule
from hallway.projects.services.projects import project_card_revoke
from hallway.projects.services.series import (
    SeriesFields,
    preset_of,
    series_create,
    series_end,
    series_problems,
    series_update,
    series_zone,
)
from hallway.projects.services.series_meetings import checkin_note_add, meeting_held_record
from hallway.relationships.models import Touch, TouchSource

router = Router(tags=["projects"])
ORGANISER = TokenAuth(Role.ORGANISER)
# What a body sets on `SeriesFields` as it is; the cadence and the people are looked up.
FIELDS = frozenset(
    {"name", "kind", "starts_on", "at", "minutes", "circle", "sub_project", "timezone"}
    | {"language", "agenda", "video_url", "with_checkins"}
)
RENAMED = {"members": "member_ids", "ended_on": "on"}


def _series(request: HttpRequest, project: Project, series_id: int) -> MeetingSeries:
    return get_scoped_or_404(
        MeetingSeries.objects.filter(project=project).select_related("project__organisation"),
        project.organisation,
        pk=series_id,
    )


def _series_out(series: MeetingSeries) -> dict[str, Any]:
    return series_json(series_row(series, timezone.now()))


def _running_first(project: Project) -> QuerySet[MeetingSeries]:
    """As the project's page lists them: running ones first, each by name."""
    return (
        scoped(MeetingSeries, project.organisation)
        .filter(project=project)
        .select_related("project__organisation")
        .order_by(F("ended_on").asc(nulls_first=True), Lower("name"), "id")
    )


def _refused(problems: dict[str, list[str]]) -> ValidationError:
    return ValidationError({RENAMED.get(field, field): found for field, found in problems.items()})


@router.get(
    "/projects/{int:project_id}/health", response={200: ProjectHealthOut, **error_responses(422)}
)
def health_get(request: HttpRequest, project_id: ObjectId) -> dict[str, Any]:
    """Coverage, cadence kept, days since the sponsor was in touch, open blockers and the
    attention score the projects page sorts by."""
    return health_json(project_of(request, project_id), timezone.now())


@router.get(
    "/projects/{int:project_id}/kickoff",
    response={200: ProjectKickoffOut, **error_responses(422)},
)
def kickoff_get(
    request: HttpRequest, project_id: ObjectId, params: Query[ProjectKickoffParams]
) -> dict[str, Any]:
    """The kickoff as scheduled, the best times in the next 14 days (none on a day someone
    is away) and who pays the price for each, and who told about themselves."""
    return kickoff_json(project_of(request, project_id), timezone.now(), params.minutes)


@router.post(
    "/projects/{int:project_id}/kickoff",
    response={200: ProjectKickoffStateOut, **error_responses(*JSON_BODY, 403)},
    auth=ORGANISER,
)
def kickoff_post(request: HttpRequest, project_id: ObjectId, payload: ProjectKickoffIn) -> Any:
    """Schedule the kickoff (or move it): everyone on the roster with an email address gets
    the invitation, a new time as an update their calendar moves."""
    project = project_of(request, project_id)
    sent = payload.fields_sent()
    kickoff_schedule(
        project=project,
        start=payload.start,
        minutes=sent.get("minutes", project.kickoff_minutes),
        agenda=sent.get("agenda", project.kickoff_agenda),
        now=timezone.now(),
    )
    return kickoff_state_json(project, roster_of(project))


@router.get(
    "/projects/{int:project_id}/card", response={200: ProjectCardOut, **error_responses(422)}
)
def card_get(request: HttpRequest, project_id: ObjectId) -> dict[str, Any]:
    """Who is who on each side, without email addresses; the link to share with the client
    for organisers."""
    project = project_of(request, project_id)
    shares = membership_of(request).has_role(Role.ORGANISER)
    return {
        "url": card_url(project) if shares else None,
        "people": who_is_who(project_card(project=project, now=timezone.now())),
    }


@router.post(
    "/projects/{int:project_id}/card/revoke",
    response={200: ProjectCardLinkOut, **error_responses(403, 422)},
    auth=ORGANISER,
)
def card_revoke_post(request: HttpRequest, project_id: ObjectId) -> dict[str, str]:
    """Every card link shared so far stops working; the answer is the new one."""
    project = project_card_revoke(project=project_of(request, project_id))
    return {"url": card_url(project)}


@router.get(
    "/projects/{int:project_id}/series", response={200: ProjectSeriesPage, **error_responses(422)}
)
def series_list(
    request: HttpRequest, project_id: ObjectId, page: Query[PageParams]
) -> dict[str, Any]:
    """The project's series, running ones first, each by name."""
    found = paginate(request, _running_first(project_of(request, project_id)), page)
    now = timezone.now()
    roster = None
    rows = []
    for series in found["results"]:
        roster = roster if roster is not None else roster_of(series.project)
        rows.append(series_json(series_row(series, now, roster)))
    return {**found, "results": rows}


def _members(project: Project, ids: list[int]) -> list[RosterMember]:
    """The roster members named; one that is not the organisation's is a 404 naming the
    field (one of another project of it is the service's problem)."""
    found = {m.pk: m for m in scoped(RosterMember, project.organisation).filter(pk__in=ids)}
    if set(ids) - set(found):
        raise ApiError(
            404,
            "not_found",
            default_message(404),
            [{"field": "member_ids", "message": default_message(404), "code": "not_found"}],
        )
    return [found[pk] for pk in dict.fromkeys(ids)]


def _values(
    project: Project, sent: dict[str, Any], series: MeetingSeries | None
) -> tuple[SeriesFields, dict[str, list[str]]]:
    """The fields sent over the series' own (a new series: the defaults), and the cadence's
    problems."""
    if series is None:
        values = SeriesFields(
            name=sent["name"],
            kind=sent["kind"],
            rule="",
            starts_on=sent["starts_on"],
            at=sent["at"],
        )
    else:
        values = SeriesFields(
            name=series.name,
            kind=series.kind,
            rule=series.rule,
            starts_on=series.starts_on,
            at=series.at,
            minutes=series.minutes,
            circle=series.circle,
            sub_project=series.sub_project,
            members=list(series.members.all()),
            timezone=series.timezone,
            language=series.language,
            agenda=series.agenda,
            with_checkins=series.with_checkins,
        )
    for key, value in sent.items():
        if key in FIELDS:
            setattr(values, key, value)
    if "member_ids" in sent:
        values.members = _members(project, sent["member_ids"])
    problems: dict[str, list[str]] = {}
    cadence = {"preset", "weekday", "nth", "rule"}
    if series is None or cadence & set(sent):
        preset, weekday, nth = preset_of(series.rule) if series is not None else ("", "", 1)
        values.rule, problems = series_rule_given(
            kind=values.kind,
            preset=sent.get("preset") or (preset if preset != "custom" else None),
            weekday=sent.get("weekday") or weekday or None,
            nth=sent.get("nth", nth if series is not None else None),
            rule=sent.get("rule"),
            starts_on=values.starts_on,
        )
    return values, problems


def _check(
    project: Project,
    values: SeriesFields,
    problems: dict[str, list[str]],
    series: MeetingSeries | None = None,
) -> None:
    """Both the cadence's problems and the service's, each field once, before any write."""
    found = series_problems(project=project, values=values, series=series)
    for field, messages in found.items():
        problems.setdefault(field, messages)
    if problems:
        raise _refused(problems)


@router.post(
    "/projects/{int:project_id}/series",
    response={201: ProjectSeriesOut, **error_responses(*JSON_BODY, 403)},
    auth=ORGANISER,
)
def series_post(
    request: HttpRequest, project_id: ObjectId, payload: ProjectSeriesCreate
) -> Status[dict[str, Any]]:
    """A new series: a preset cadence (or a rule of one's own) for a circle of the roster;
    everyone in it gets the invitation, holidays left out."""
    project = project_of(request, project_id)
    values, problems = _values(project, payload.fields_sent(), None)
    _check(project, values, problems)
    try:
        series = series_create(
            project=project, values=values, by=user_of(request), now=timezone.now()
        )
    except ValidationError as exc:
        raise _refused(exc.message_dict) from exc
    return Status(201, _series_out(_series(request, project, series.pk)))


@router.patch(
    "/projects/{int:project_id}/series/{int:meeting_series_id}",
    response={200: ProjectSeriesOut, **error_responses(*JSON_BODY, 403)},
    auth=ORGANISER,
)
def series_patch(
    request: HttpRequest,
    project_id: ObjectId,
    meeting_series_id: ObjectId,
    payload: ProjectSeriesPatch,
) -> dict[str, Any]:
    """Change only the fields sent; everyone gets the series again (SEQUENCE + 1)."""
    project = project_of(request, project_id)
    series = _series(request, project, meeting_series_id)
    values, problems = _values(project, payload.fields_sent(), series)
    _check(project, values, problems, series)
    try:
        series_update(series=series, values=values, by=user_of(request), now=timezone.now())
    except ValidationError as exc:
        raise _refused(exc.message_dict) from exc
    return _series_out(_series(request, project, meeting_series_id))


def _series_today(series: MeetingSeries) -> datetime.date:
    return timezone.now().astimezone(ZoneInfo(series_zone(series))).date()


@router.post(
    "/projects/{int:project_id}/series/{int:meeting_series_id}/end",
    response={200: ProjectSeriesOut, **error_responses(*JSON_BODY, 403)},
    auth=ORGANISER,
)
def series_end_post(
    request: HttpRequest,
    project_id: ObjectId,
    meeting_series_id: ObjectId,
    payload: ProjectSeriesEndIn,
) -> dict[str, Any]:
    """No meetings after `on`: calendars keep the past ones, or drop a series that never
    met. Ending an ended series changes nothing."""
    project = project_of(request, project_id)
    series = _series(request, project, meeting_series_id)
    try:
        series_end(
            series=series,
            on=payload.on or _series_today(series),
            by=user_of(request),
            now=timezone.now(),
        )
    except ValidationError as exc:
        raise _refused(exc.message_dict) from exc
    return _series_out(_series(request, project, meeting_series_id))


@router.post(
    "/projects/{int:project_id}/series/{int:meeting_series_id}/held",
    response={200: ProjectMeetingHeldOut, **error_responses(*JSON_BODY, 403)},
    auth=ORGANISER,
)
def series_held_post(
    request: HttpRequest,
    project_id: ObjectId,
    meeting_series_id: ObjectId,
    payload: ProjectMeetingHeldIn,
) -> dict[str, Any]:
    """Whether the meeting on `on` took place (a later answer replaces an earlier one)."""
    series = _series(request, project_of(request, project_id), meeting_series_id)
    record = meeting_held_record(
        series=series, on=payload.on, held=payload.held, by=user_of(request), now=timezone.now()
    )
    return {"series_id": series.pk, "on": record.on, "held": record.held}


@router.post(
    "/projects/{int:project_id}/series/{int:meeting_series_id}/note",
    response={200: ProjectCheckinNoteOut, **error_responses(*JSON_BODY, 403)},
    auth=ORGANISER,
)
def series_note_post(
    request: HttpRequest,
    project_id: ObjectId,
    meeting_series_id: ObjectId,
    payload: ProjectCheckinNoteIn,
) -> dict[str, Any]:
    """After a check-in: a note only the token's user reads (about the sponsor, in the
    client book), a touch with the client's people invited, and the meeting as held."""
    series = _series(request, project_of(request, project_id), meeting_series_id)
    note = checkin_note_add(
        series=series, on=payload.on, text=payload.text, author=user_of(request), now=timezone.now()
    )
    touch = (
        scoped(Touch, series.organisation)
        .filter(
            source=TouchSource.PROJECT,
            external_id=f"project-series-{series.pk}-{payload.on.isoformat()}",
        )
        .values_list("pk", flat=True)
        .first()
    )
    return {"note_id": note.pk, "touch_id": touch}
