"""/api/v1/gatherings: gatherings, their guests and invitations, suggested times and
breakout rounds — what `hallway gathering` offers on the command line.

Members read the gatherings (with their answer counts); organisers create them. Whatever
shows or changes a gathering's guests (the guest list, inviting, suggested times with who
is outside their hours, breakout rooms, a new time, cancelling) is for organisers and the
gathering's own hosts, who may be members. A gathering of another organisation is a 404.

Rules the services check: a field's problem is a 422 naming the field; a refusal by the
gathering's state (cancelled, started already, too few guests who said yes for breakout
rooms) is a 409 with the reason, as for coffee rounds.

Series (`/gathering-series`, the recurring happy hours): members read them; organisers
create, pause and resume them, as on the pages. The audience is named by id (a team or a
location) or by department; an id of another organisation is a 422 like an unknown one.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from hallway.accounts.models import Organisation, Role, User
from hallway.accounts.tenancy import get_scoped_or_404, scoped
from hallway.api.auth import TokenAuth, membership_of, organisation_of, user_of
from hallway.api.errors import ApiError, default_message
from hallway.api.gatherings_schemas import (
    BreakoutsIn,
    GatheringCreate,
    GatheringFilters,
    GatheringOut,
    GatheringPage,
    GatheringPatch,
    GuestList,
    InviteIn,
    InviteOut,
    PlanOut,
    SeriesCreate,
    SeriesOut,
    SeriesPage,
    SeriesPatch,
    StoredPlanOut,
    SuggestionList,
)
from hallway.api.schemas import JSON_BODY, ObjectId, PageParams, error_responses, paginate
from hallway.gatherings.models import (
    BreakoutRoom,
    Gathering,
    GatheringSeries,
    Guest,
    GuestRole,
    GuestStatus,
)
from hallway.gatherings.prompts import prompt_text
from hallway.gatherings.selectors.gatherings import may_manage
from hallway.gatherings.services.breakouts import breakouts_plan
from hallway.gatherings.services.gatherings import (
    gathering_cancel,
    gathering_create,
    gathering_reschedule,
)
from hallway.gatherings.services.guests import (
    Invitee,
    attendee_source,
    guests_invite,
    invitees_by_email,
)
from hallway.gatherings.services.series import series_create, series_set_active
from hallway.gatherings.services.times import gathering_suggest_times
from hallway.people.models import Location, Team

router = Router(tags=["gatherings"])
COUNTED = (
    GuestStatus.INVITED,
    GuestStatus.YES,
    GuestStatus.MAYBE,
    GuestStatus.NO,
    GuestStatus.WAITLISTED,
)


def _gatherings(organisation: Organisation) -> QuerySet[Gathering]:
    # One query for every gathering's counts, one for all their hosts: no query per row.
    counts = {
        f"count_{status}": Count("guests", filter=Q(guests__status=status)) for status in COUNTED
    }
    return (
        scoped(Gathering, organisation)
        .annotate(**counts)
        .prefetch_related(Prefetch("hosts", User.objects.only("pk", "email")))
    )


def _gathering(request: HttpRequest, gathering_id: ObjectId) -> Gathering:
    organisation = organisation_of(request)
    return get_scoped_or_404(_gatherings(organisation), organisation, pk=gathering_id)


def _managed(request: HttpRequest, gathering_id: ObjectId) -> Gathering:
    """The gathering, if the token's user may see and change its guests: an organiser (or
    higher), or one of its hosts; anyone else in the organisation gets 403."""
    gathering = _gathering(request, gathering_id)
    if may_manage(user=user_of(request), role=membership_of(request).role, gathering=gathering):
        return gathering
    raise ApiError(403, "forbidden", _("Only organisers and the gathering's hosts may do this."))


def _refused(exc: ValidationError) -> ApiError | ValidationError:
    """A service's refusal: problems with fields stay a 422 naming them; a refusal by the
    gathering's state (not about any field) is a 409 with the reason."""
    if hasattr(exc, "error_dict"):
        return exc
    return ApiError(409, "conflict", " ".join(exc.messages))


def _field_problem(field: str, exc: ValidationError) -> ApiError:
    """A service's problem with the value of one field of the request: 422 naming it."""
    return ApiError(
        422,
        "validation_error",
        default_message(422),
        [{"field": field, "message": message, "code": "invalid"} for message in exc.messages],
    )


def _hosts(organisation: Organisation, emails: list[str]) -> list[User]:
    wanted = list(dict.fromkeys(email.strip().lower() for email in emails))
    found = {
        user.email.lower(): user
        for user in User.objects.filter(
            email__in=wanted, memberships__organisation=organisation
        ).distinct()
    }
    missing = [email for email in wanted if email not in found]
    if missing:
        raise ApiError(
            422,
            "validation_error",
            default_message(422),
            [
                {
                    "field": "host_emails",
                    "message": _("Not members of this organisation: %(emails)s")
                    % {"emails": ", ".join(missing)},
                    "code": "unknown_member",
                }
            ],
        )
    return [found[email] for email in wanted]


@router.get("/gatherings", response={200: GatheringPage, **error_responses(422)})
def gatherings_list(
    request: HttpRequest, filters: Query[GatheringFilters], page: Query[PageParams]
) -> dict[str, object]:
    """The organisation's gatherings, cancelled ones included (see `status`): with
    `upcoming=true` those not started yet, soonest first; with `upcoming=false` those
    started already, latest first; without it all of them, latest first."""
    gatherings = _gatherings(organisation_of(request))
    now = timezone.now()
    if filters.upcoming is True:
        gatherings = gatherings.filter(starts_at__gt=now).order_by("starts_at", "id")
    elif filters.upcoming is False:
        gatherings = gatherings.filter(starts_at__lte=now).order_by("-starts_at", "-id")
    else:
        gatherings = gatherings.order_by("-starts_at", "-id")
    return paginate(request, gatherings, page)


@router.post(
    "/gatherings",
    response={201: GatheringOut, **error_responses(*JSON_BODY, 403)},
    auth=TokenAuth(Role.ORGANISER),
)
def gathering_post(request: HttpRequest, payload: GatheringCreate) -> Status[Gathering]:
    """Create a scheduled gathering with its hosts (coming, taking no seat) and its video
    room; nobody is invited yet."""
    organisation = organisation_of(request)
    sent = payload.fields_sent()
    emails = sent.pop("host_emails", None)
    hosts = _hosts(organisation, emails) if emails else [user_of(request)]
    gathering = gathering_create(
        organisation=organisation, hosts=hosts, by=user_of(request), **sent
    )
    return Status(201, _gathering(request, gathering.pk))


@router.get("/gatherings/{int:gathering_id}", response={200: GatheringOut, **error_responses(422)})
def gathering_get(request: HttpRequest, gathering_id: ObjectId) -> Gathering:
    return _gathering(request, gathering_id)


@router.patch(
    "/gatherings/{int:gathering_id}",
    response={200: GatheringOut, **error_responses(*JSON_BODY, 403, 409)},
)
def gathering_patch(
    request: HttpRequest, gathering_id: ObjectId, payload: GatheringPatch
) -> Gathering:
    """Move the gathering or change its length: every guest with a seat gets the update
    (the same calendar event, SEQUENCE + 1). Organisers and its hosts."""
    gathering = _managed(request, gathering_id)
    sent = payload.fields_sent()
    if sent:
        try:
            gathering_reschedule(
                gathering=gathering,
                starts_at=sent.get("starts_at", gathering.starts_at),
                minutes=sent.get("minutes"),
            )
        except ValidationError as exc:
            raise _refused(exc) from exc
    return _gathering(request, gathering_id)


@router.post(
    "/gatherings/{int:gathering_id}/cancel",
    response={200: GatheringOut, **error_responses(403, 409, 422)},
)
def gathering_cancel_post(request: HttpRequest, gathering_id: ObjectId) -> Gathering:
    """Cancel: every guest with a seat or on the waitlist gets the cancellation (METHOD:
    CANCEL); 409 when it is cancelled already. Organisers and its hosts."""
    gathering = _managed(request, gathering_id)
    try:
        gathering_cancel(gathering=gathering)
    except ValidationError as exc:
        raise _refused(exc) from exc
    return _gathering(request, gathering_id)


@router.get(
    "/gatherings/{int:gathering_id}/guests",
    response={200: GuestList, **error_responses(403, 422)},
)
def guests_list(request: HttpRequest, gathering_id: ObjectId) -> dict[str, Any]:
    """Everyone on the guest list, hosts and the waitlist included, in the order they were
    invited. Organisers and the gathering's hosts."""
    gathering = _managed(request, gathering_id)
    return {"results": list(gathering.guests.order_by("id"))}


def _invitees(gathering: Gathering, field: str, emails: list[str]) -> tuple[list[Invitee], int]:
    try:
        return invitees_by_email(
            gathering=gathering, emails=emails, source=attendee_source(gathering)
        )
    except ValidationError as exc:
        raise _field_problem(field, exc) from exc


@router.post(
    "/gatherings/{int:gathering_id}/guests",
    response={200: InviteOut, **error_responses(*JSON_BODY, 403, 409)},
)
def guests_post(request: HttpRequest, gathering_id: ObjectId, payload: InviteIn) -> dict[str, int]:
    """Invite by email address (as `hallway gathering invite --emails … --guest …`): seats
    first, then the waitlist; someone on the guest list already is left as they are.
    Nothing is written when any address or the gathering's state is refused. Organisers and
    its hosts."""
    gathering = _managed(request, gathering_id)
    by = user_of(request)
    try:
        with transaction.atomic():
            invitees, created = _invitees(gathering, "emails", payload.emails)
            totals = guests_invite(
                gathering=gathering, invitees=invitees, by=by, created_contacts=created
            ).as_dict()
            if payload.senior_guest_email:
                seniors, senior_created = _invitees(
                    gathering, "senior_guest_email", [payload.senior_guest_email]
                )
                senior = guests_invite(
                    gathering=gathering,
                    invitees=seniors,
                    by=by,
                    role=GuestRole.SENIOR,
                    senior_text=payload.senior_guest_text,
                )
                totals["invited"] += senior.invited
                totals["created_contacts"] += senior_created
    except ValidationError as exc:
        raise _refused(exc) from exc
    return totals


@router.get(
    "/gatherings/{int:gathering_id}/suggested-times",
    response={200: SuggestionList, **error_responses(403, 422)},
)
def suggested_times(request: HttpRequest, gathering_id: ObjectId) -> dict[str, Any]:
    """Up to five start times in the next two weeks (UTC), those inside the working hours of
    the most guests who may still come first, with who would be outside theirs.
    Organisers and the gathering's hosts."""
    gathering = _managed(request, gathering_id)
    suggestions = gathering_suggest_times(gathering=gathering, now=timezone.now())
    return {"suggestions": suggestions}


@router.post(
    "/gatherings/{int:gathering_id}/breakouts",
    response={201: PlanOut, **error_responses(*JSON_BODY, 403, 409)},
)
def breakouts_post(
    request: HttpRequest, gathering_id: ObjectId, payload: BreakoutsIn
) -> Status[dict[str, Any]]:
    """Plan `rounds` rounds of rooms of about `size` guests who said yes (hosts and the
    senior guest included), replacing any earlier plan; 409 with fewer than two guests who
    said yes. Organisers and the gathering's hosts."""
    gathering = _managed(request, gathering_id)
    try:
        plan = breakouts_plan(gathering=gathering, rounds=payload.rounds, size=payload.size)
    except ValidationError as exc:
        raise _refused(exc) from exc
    rounds = [[[guest.email for guest in room] for room in rooms] for rooms in plan.rounds]
    return Status(201, {"rounds": rounds, "repeat_free": plan.repeat_free})


@router.get(
    "/gatherings/{int:gathering_id}/breakouts",
    response={200: StoredPlanOut, **error_responses(403, 422)},
)
def breakouts_get(request: HttpRequest, gathering_id: ObjectId) -> dict[str, Any]:
    """The stored plan: each round's rooms with their guests (email addresses), video room
    and prompt; no rounds before one is planned. Organisers and the gathering's hosts."""
    gathering = _managed(request, gathering_id)
    rooms = scoped(BreakoutRoom, gathering.organisation).filter(gathering=gathering)
    rooms = rooms.prefetch_related(
        Prefetch("members", Guest.objects.order_by("id").only("pk", "email"))
    )
    rounds: dict[int, list[dict[str, Any]]] = {}
    for room in rooms.order_by("round_number", "number"):
        rounds.setdefault(room.round_number, []).append(
            {
                "number": room.number,
                "members": [guest.email for guest in room.members.all()],
                "video_url": room.video_url,
                "prompt": prompt_text(room.prompt, gathering) if room.prompt else "",
            }
        )
    return {"rounds": list(rounds.values())}


def _series_all(organisation: Organisation) -> QuerySet[GatheringSeries]:
    # The organisation for `next_on` (its zone), the hosts in one query for the whole page.
    return (
        scoped(GatheringSeries, organisation)
        .select_related("organisation")
        .prefetch_related(Prefetch("hosts", User.objects.only("pk", "email")))
        .order_by("title", "id")
    )


def _series(request: HttpRequest, series_id: ObjectId) -> GatheringSeries:
    organisation = organisation_of(request)
    return get_scoped_or_404(_series_all(organisation), organisation, pk=series_id)


def _unknown(field: str, message: str) -> ApiError:
    return ApiError(
        422,
        "validation_error",
        default_message(422),
        [{"field": field, "message": message, "code": "not_found"}],
    )


# The service names the audience `team` and the hosts `hosts`; the body says team_id, …
SERIES_FIELDS = {"team": "team_id", "hosts": "host_emails"}


def _in_body_terms(exc: ValidationError) -> ValidationError:
    """The service's problems named by the request body's fields."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError(
        {SERIES_FIELDS.get(field, field): errors for field, errors in exc.error_dict.items()}
    )


@router.get("/gathering-series", response={200: SeriesPage, **error_responses(422)})
def series_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, object]:
    """The organisation's series, paused ones included (see `active`), by title."""
    return paginate(request, _series_all(organisation_of(request)), page)


@router.post(
    "/gathering-series",
    response={201: SeriesOut, **error_responses(*JSON_BODY, 403)},
    auth=TokenAuth(Role.ORGANISER),
)
def series_post(request: HttpRequest, payload: SeriesCreate) -> Status[GatheringSeries]:
    """Create a recurring gathering for one team, department or location; the daily job
    plans each occurrence ten days ahead and invites the audience."""
    organisation = organisation_of(request)
    sent = payload.fields_sent()
    emails = sent.pop("host_emails", None)
    hosts = _hosts(organisation, emails) if emails else [user_of(request)]
    team_id = sent.pop("team_id", None)
    location_id = sent.pop("location_id", None)
    team = location = None
    if team_id is not None:
        team = scoped(Team, organisation).filter(pk=team_id).first()
        if team is None:
            raise _unknown("team_id", _("No such team in this organisation."))
    if location_id is not None:
        location = scoped(Location, organisation).filter(pk=location_id).first()
        if location is None:
            raise _unknown("location_id", _("No such location in this organisation."))
    try:
        series = series_create(
            organisation=organisation,
            hosts=hosts,
            team=team,
            location=location,
            by=user_of(request),
            **sent,
        )
    except ValidationError as exc:
        raise _in_body_terms(exc) from exc
    return Status(201, _series(request, series.pk))


@router.get("/gathering-series/{int:series_id}", response={200: SeriesOut, **error_responses(422)})
def series_get(request: HttpRequest, series_id: ObjectId) -> GatheringSeries:
    return _series(request, series_id)


@router.patch(
    "/gathering-series/{int:series_id}",
    response={200: SeriesOut, **error_responses(*JSON_BODY, 403)},
    auth=TokenAuth(Role.ORGANISER),
)
def series_patch(
    request: HttpRequest, series_id: ObjectId, payload: SeriesPatch
) -> GatheringSeries:
    """Pause (`active: false`; gatherings planned already stay) or resume the series.
    Organisers."""
    series = _series(request, series_id)
    sent = payload.fields_sent()
    if "active" in sent:
        series_set_active(series=series, active=sent["active"])
    return _series(request, series_id)
