"""/api/v1/standups: the organisation's stand-ups, their dates (check-ins, digests) and
resolving a blocker — what the stand-up pages and `hallway ritual` offer.

Members read stand-ups and their dates, like the digest their team gets; mood is only ever
an average of three answers or more. Organisers create stand-ups. A blocker is resolved by
the person who named it, the stand-up's owner or an organiser (403 for anyone else). Objects
of another organisation are a 404; a team, location, person or channel id of another
organisation is a 422 like an unknown one.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from hallway.accounts.models import Organisation, Role
from hallway.accounts.tenancy import get_scoped_or_404, scoped
from hallway.api.auth import TokenAuth, membership_of, organisation_of, user_of
from hallway.api.errors import ApiError
from hallway.api.rituals_standups_schemas import (
    CheckInOut,
    OccurrencePage,
    ResolveIn,
    StandUpCreate,
    StandUpOut,
    StandUpPage,
)
from hallway.api.schemas import JSON_BODY, ObjectId, PageParams, error_responses, paginate
from hallway.coffee.interface import starter_text
from hallway.messaging.models import Channel
from hallway.people.models import Location, Person, Team
from hallway.rituals.models import CheckIn, CheckInStatus, Digest, Occurrence, StandUp
from hallway.rituals.selectors.circles import circle_label
from hallway.rituals.selectors.standups import checkin_may_act, mood_average
from hallway.rituals.services.standups import (
    StandUpData,
    blocker_resolve,
    cadence_of,
    cadence_rule,
    standup_create,
)

router = Router(tags=["stand-ups"])


def standup_out(standup: StandUp) -> dict[str, Any]:
    return {
        "id": standup.pk,
        "name": standup.name,
        "mode": standup.mode,
        "rule": standup.rule,
        "cadence": cadence_of(standup.rule)[0],
        "starts_on": standup.starts_on,
        "ask_at": standup.ask_at.strftime("%H:%M"),
        "circle_kind": standup.circle_kind,
        "circle": circle_label(standup),
        "reminder_minutes": standup.reminder_minutes,
        "cutoff_minutes": standup.cutoff_minutes,
        "ask_mood": standup.ask_mood,
        "ask_small_talk": standup.ask_small_talk,
        "channel_ids": [c.pk for c in standup.channels.all()],
        "digest_channel_id": standup.digest_channel_id,
        "digest_address": standup.digest_address,
        "video_minutes": standup.video_minutes,
        "video_starts_at": standup.video_starts_at,
        "active": standup.active,
    }


def _standups(organisation: Organisation) -> QuerySet[StandUp]:
    return (
        scoped(StandUp, organisation)
        .select_related("circle_team", "circle_location")
        .prefetch_related("channels")
        .order_by("name", "id")
    )


@router.get("/standups", response={200: StandUpPage, **error_responses(422)})
def standups_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """The organisation's stand-ups, by name."""
    found = paginate(request, _standups(organisation_of(request)), page)
    found["results"] = [standup_out(s) for s in found["results"]]
    return found


@router.get("/standups/{int:standup_id}", response={200: StandUpOut, **error_responses(422)})
def standup_get(request: HttpRequest, standup_id: ObjectId) -> dict[str, Any]:
    organisation = organisation_of(request)
    return standup_out(get_scoped_or_404(_standups(organisation), organisation, pk=standup_id))


def _owned(model: Any, organisation: Organisation, ids: list[int], field: str) -> list[Any]:
    found = list(scoped(model, organisation).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({field: _("Unknown id in this organisation.")})
    return found


@router.post(
    "/standups",
    response={201: StandUpOut, **error_responses(*JSON_BODY, 403)},
    auth=TokenAuth(Role.ORGANISER),
)
def standup_post(request: HttpRequest, payload: StandUpCreate) -> Status[dict[str, Any]]:
    """Create a stand-up; its first questions go out on its first day, at each person's own
    `ask_at`. Give a `cadence` preset or a `rule`."""
    organisation = organisation_of(request)
    rule = (payload.rule or "").strip().upper() or cadence_rule(payload.cadence, payload.weekday)
    team = _owned(Team, organisation, [payload.team_id], "team_id") if payload.team_id else []
    location = (
        _owned(Location, organisation, [payload.location_id], "location_id")
        if payload.location_id
        else []
    )
    digest_channel = (
        _owned(Channel, organisation, [payload.digest_channel_id], "digest_channel_id")
        if payload.digest_channel_id
        else []
    )
    data = StandUpData(
        name=payload.name,
        rule=rule,
        starts_on=payload.starts_on,
        ask_at=payload.ask_at,
        circle_kind=payload.circle_kind,
        circle_team=team[0] if team else None,
        circle_department=payload.department,
        circle_location=location[0] if location else None,
        circle_people=_owned(Person, organisation, payload.person_ids, "person_ids"),
        mode=payload.mode,
        reminder_minutes=payload.reminder_minutes,
        cutoff_minutes=payload.cutoff_minutes,
        question_yesterday=payload.question_yesterday,
        question_today=payload.question_today,
        question_blockers=payload.question_blockers,
        ask_mood=payload.ask_mood,
        ask_small_talk=payload.ask_small_talk,
        channels=_owned(Channel, organisation, payload.channel_ids, "channel_ids"),
        digest_channel=digest_channel[0] if digest_channel else None,
        digest_address=payload.digest_address,
        video_minutes=payload.video_minutes,
    )
    standup = standup_create(
        organisation=organisation, data=data, by=user_of(request), now=timezone.now()
    )
    return Status(201, standup_out(standup))


def checkin_out(checkin: CheckIn, now: Any) -> dict[str, Any]:
    status = checkin.status
    if status == CheckInStatus.PENDING and checkin.closes_at <= now:
        status = "missing"
    return {
        "id": checkin.pk,
        "person_id": checkin.person_id,
        "person_name": checkin.person.name,
        "status": status,
        "away_reason": checkin.away_reason,
        "away_detail": checkin.away_detail,
        "asked_at": checkin.asked_at,
        "answered_at": checkin.answered_at,
        "closes_at": checkin.closes_at,
        "yesterday": checkin.yesterday,
        "today": checkin.today,
        "blockers": checkin.blockers,
        "blocked": checkin.blocked,
        "blocker_resolved_at": checkin.blocker_resolved_at,
        "small_talk": checkin.small_talk,
    }


def occurrence_out(occurrence: Occurrence, now: Any) -> dict[str, Any]:
    checkins = list(occurrence.checkins.all())
    return {
        "id": occurrence.pk,
        "date": occurrence.date,
        "question_of_the_day": starter_text(occurrence.starter_key),
        "mood_average": mood_average([c.mood for c in checkins if c.mood is not None]),
        "digests": [
            {"number": d.number, "closes_at": d.closes_at, "sent_at": d.sent_at}
            for d in occurrence.digests.all()
        ],
        "checkins": [checkin_out(c, now) for c in checkins],
    }


@router.get(
    "/standups/{int:standup_id}/occurrences",
    response={200: OccurrencePage, **error_responses(422)},
)
def occurrences_list(
    request: HttpRequest, standup_id: ObjectId, page: Query[PageParams]
) -> dict[str, Any]:
    """The stand-up's dates, newest first, each with its check-ins (answers, who is away
    and why, who did not answer: `missing` after the cut-off), its digests per zone group
    and the team's mood average (three answers or more, else null)."""
    organisation = organisation_of(request)
    standup = get_scoped_or_404(StandUp, organisation, pk=standup_id)
    dates = (
        Occurrence.objects.filter(standup=standup)
        .prefetch_related(
            Prefetch(
                "checkins",
                CheckIn.objects.select_related("person").order_by("person__name", "id"),
            ),
            Prefetch("digests", Digest.objects.order_by("number")),
        )
        .order_by("-date", "-id")
    )
    found = paginate(request, dates, page)
    now = timezone.now()
    found["results"] = [occurrence_out(o, now) for o in found["results"]]
    return found


@router.post(
    "/standups/checkins/{int:checkin_id}/resolve",
    response={200: CheckInOut, **error_responses(*JSON_BODY, 403, 409)},
)
def checkin_resolve(
    request: HttpRequest, checkin_id: ObjectId, payload: ResolveIn
) -> dict[str, Any]:
    """Mark a check-in's blocker resolved (`{"resolved": false}` opens it again): the person
    who named it, the stand-up's owner and organisers; 409 when it names no blocker."""
    organisation = organisation_of(request)
    checkin = get_scoped_or_404(
        CheckIn.objects.select_related("person", "occurrence__standup"),
        organisation,
        pk=checkin_id,
    )
    if not checkin_may_act(
        user=user_of(request), role=membership_of(request).role, checkin=checkin
    ):
        raise ApiError(
            403, "forbidden", _("Only the person, the stand-up's owner and organisers may.")
        )
    try:
        checkin = blocker_resolve(
            checkin=checkin, by=user_of(request), now=timezone.now(), resolved=payload.resolved
        )
    except ValidationError as exc:
        raise ApiError(409, "conflict", " ".join(exc.messages)) from exc
    return checkin_out(checkin, timezone.now())
