"""/api/v1/coffee: programs, rounds (plan, preview, announce, close), pairings, feedback.

Members read programs and answer for their own pairings; organisers do everything else.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from hallway.accounts.models import Organisation, Role
from hallway.accounts.tenancy import get_scoped_or_404, scoped
from hallway.api.auth import TokenAuth, membership_of, organisation_of, user_of
from hallway.api.coffee_schemas import (
    FeedbackIn,
    MemberOut,
    PairingPage,
    ProgramCreate,
    ProgramOut,
    ProgramPage,
    ProgramPatch,
    RoundOut,
    RoundPage,
    RoundPreviewOut,
)
from hallway.api.errors import ApiError
from hallway.api.schemas import JSON_BODY, ObjectId, PageParams, error_responses, paginate
from hallway.coffee.models import Pairing, PairingMember, Program, Round
from hallway.coffee.selectors.organiser import round_left_out, round_pairings
from hallway.coffee.services import announcing, feedback, planning
from hallway.coffee.services.programs import program_create, program_update
from hallway.messaging.models import Channel
from hallway.people.models import Location, Person, Tag, Team

router = Router(tags=["coffee"])
ORGANISER = TokenAuth(Role.ORGANISER)
# What a program names by name: audience teams, locations and tags, and its channels.
ByName = TypeVar("ByName", Team, Location, Tag, Channel)


def _programs(organisation: Organisation) -> QuerySet[Program]:
    return scoped(Program, organisation).prefetch_related(
        "audience_teams",
        "audience_locations",
        "audience_tags",
        "include_people",
        "exclude_people",
        "channels",
    )


def _program(request: HttpRequest, program_id: ObjectId) -> Program:
    return get_scoped_or_404(
        _programs(organisation_of(request)), organisation_of(request), pk=program_id
    )


def _round(request: HttpRequest, round_id: ObjectId) -> Round:
    return get_scoped_or_404(Round, organisation_of(request), pk=round_id)


def _round_action(request: HttpRequest, round_id: ObjectId, action: Callable[..., Round]) -> Round:
    """Run a round service (`round`, `now`); a refusal by the round's state is 409."""
    round_ = _round(request, round_id)
    try:
        return action(round=round_, now=timezone.now())
    except ValidationError as exc:
        raise _conflict(exc) from exc


def _resolve_names(
    fields: dict[str, Any],
    errors: dict[str, list[str]],
    name: str,
    model: type[ByName],
    organisation: Organisation,
) -> None:
    """Replace the names sent in `fields[name]` by the organisation's rows of `model`."""
    if name not in fields:
        return
    wanted = {value.strip().casefold(): value for value in fields[name]}
    # Matched in Python: SQLite's LOWER() folds ASCII letters only ("Über" stays "Über"),
    # and an organisation has a few hundred teams, locations or tags at most.
    found = {
        obj.name.casefold(): obj
        for obj in scoped(model, organisation).only("pk", "name")
        if obj.name.casefold() in wanted
    }
    missing = [value for key, value in wanted.items() if key not in found]
    if missing:
        errors[name] = [
            _("Not found in this organisation: %(names)s.") % {"names": ", ".join(missing)}
        ]
    fields[name] = list(found.values())


def _program_fields(organisation: Organisation, sent: dict[str, Any]) -> dict[str, Any]:
    """Names and emails of the request as the organisation's objects; unknown ones are 422."""
    fields = dict(sent)
    errors: dict[str, list[str]] = {}
    _resolve_names(fields, errors, "audience_teams", Team, organisation)
    _resolve_names(fields, errors, "audience_locations", Location, organisation)
    _resolve_names(fields, errors, "audience_tags", Tag, organisation)
    _resolve_names(fields, errors, "channels", Channel, organisation)
    for name in ("include_people", "exclude_people"):
        if name not in fields:
            continue
        emails = {value.strip().lower() for value in fields[name]}
        people = list(scoped(Person, organisation).filter(email__in=emails))
        missing = sorted(emails - {person.email for person in people})
        if missing:
            errors[name] = [
                _("Nobody in the directory has the address %(emails)s.")
                % {"emails": ", ".join(missing)}
            ]
        fields[name] = people
    if errors:
        raise ValidationError(errors)
    return fields


def _conflict(exc: ValidationError) -> ApiError:
    """A round action refused by the state of the round (not by a field): 409."""
    return ApiError(409, "conflict", " ".join(exc.messages))


@router.get("/coffee/programs", response={200: ProgramPage, **error_responses(422)})
def programs_list(
    request: HttpRequest, page: Query[PageParams], archived: bool = False
) -> dict[str, object]:
    """The organisation's programs by name; archived ones only with `archived=true`."""
    programs = _programs(organisation_of(request))
    if not archived:
        programs = programs.filter(archived_at__isnull=True)
    return paginate(request, programs.order_by("name", "id"), page)


@router.post(
    "/coffee/programs",
    response={201: ProgramOut, **error_responses(*JSON_BODY, 403, 409)},
    auth=ORGANISER,
)
def program_post(request: HttpRequest, payload: ProgramCreate) -> Status[Program]:
    organisation = organisation_of(request)
    program = program_create(
        organisation=organisation,
        created_by=user_of(request),
        **_program_fields(organisation, payload.fields_sent()),
    )
    return Status(201, _program(request, program.pk))


@router.get("/coffee/programs/{int:program_id}", response={200: ProgramOut, **error_responses(422)})
def program_get(request: HttpRequest, program_id: ObjectId) -> Program:
    return _program(request, program_id)


@router.patch(
    "/coffee/programs/{int:program_id}",
    response={200: ProgramOut, **error_responses(*JSON_BODY, 403, 409)},
    auth=ORGANISER,
)
def program_patch(request: HttpRequest, program_id: ObjectId, payload: ProgramPatch) -> Program:
    """Change only the fields sent; nothing changes when any of them is invalid."""
    program = _program(request, program_id)
    program_update(
        program=program, **_program_fields(organisation_of(request), payload.fields_sent())
    )
    return _program(request, program_id)


@router.get(
    "/coffee/programs/{int:program_id}/rounds",
    response={200: RoundPage, **error_responses(403, 422)},
    auth=ORGANISER,
)
def rounds_list(
    request: HttpRequest, program_id: ObjectId, page: Query[PageParams]
) -> dict[str, object]:
    """The program's rounds, newest first."""
    program = _program(request, program_id)
    return paginate(request, program.rounds.order_by("-number"), page)


def _preview(round_: Round) -> dict[str, Any]:
    round_.refresh_from_db()
    return {
        **{name: getattr(round_, name) for name in RoundOut.model_fields},
        "groups": list(round_pairings(round=round_)),
        "left_out": list(round_left_out(round=round_)),
    }


@router.post(
    "/coffee/programs/{int:program_id}/rounds",
    response={201: RoundPreviewOut, **error_responses(403, 409, 422)},
    auth=ORGANISER,
)
def round_plan(request: HttpRequest, program_id: ObjectId) -> Status[dict[str, Any]]:
    """Plan the program's next round (or return the open one for that date) as a preview;
    nothing goes out before `announce`."""
    program = _program(request, program_id)
    try:
        planned = planning.round_plan(program=program, now=timezone.now()).round
    except ValidationError as exc:
        raise _conflict(exc) from exc
    if planned is None:
        raise ApiError(409, "conflict", _("Nobody could be paired: see who takes part."))
    return Status(201, _preview(planned))


@router.get(
    "/coffee/rounds/{int:round_id}",
    response={200: RoundPreviewOut, **error_responses(403, 422)},
    auth=ORGANISER,
)
def round_get(request: HttpRequest, round_id: ObjectId) -> dict[str, Any]:
    """The round with every group (members, reasons as codes and text, suggested slot,
    lock) and everyone left out with the reason."""
    return _preview(_round(request, round_id))


@router.post(
    "/coffee/rounds/{int:round_id}/announce",
    response={200: RoundOut, **error_responses(403, 409, 422)},
    auth=ORGANISER,
)
def round_announce(request: HttpRequest, round_id: ObjectId) -> Round:
    """Send the intros (once: announcing again changes nothing)."""
    return _round_action(request, round_id, announcing.round_announce)


@router.post(
    "/coffee/rounds/{int:round_id}/close",
    response={200: RoundOut, **error_responses(403, 409, 422)},
    auth=ORGANISER,
)
def round_close(request: HttpRequest, round_id: ObjectId) -> Round:
    return _round_action(request, round_id, announcing.round_close)


@router.get(
    "/coffee/rounds/{int:round_id}/pairings",
    response={200: PairingPage, **error_responses(403, 422)},
    auth=ORGANISER,
)
def pairings_list(
    request: HttpRequest, round_id: ObjectId, page: Query[PageParams], q: str = ""
) -> dict[str, object]:
    """The round's groups (locked first), optionally only those with a member matching `q`
    (name, email, team or location)."""
    return paginate(request, round_pairings(round=_round(request, round_id), query=q), page)


@router.post(
    "/coffee/pairings/{int:pairing_id}/feedback",
    response={200: MemberOut, **error_responses(*JSON_BODY, 403)},
)
def feedback_post(request: HttpRequest, pairing_id: ObjectId, payload: FeedbackIn) -> PairingMember:
    """Answer "did you meet?" for yourself (the person linked to your user), or, as an
    organiser, for the member `person_id`."""
    organisation = organisation_of(request)
    members = PairingMember.objects.select_related("person__team", "person__location")
    pairing = get_scoped_or_404(
        Pairing.objects.prefetch_related(Prefetch("members", members)), organisation, pk=pairing_id
    )
    membership = membership_of(request)
    if payload.person_id is not None and not membership.has_role(Role.ORGANISER):
        raise ApiError(403, "forbidden", _("Only organisers may answer for someone else."))
    for member in pairing.members.all():
        own = member.person.user_id == user_of(request).pk
        if member.person_id == payload.person_id or (payload.person_id is None and own):
            return feedback.feedback_record(
                member=member,
                outcome=payload.outcome,
                rating=payload.rating,
                comment=payload.comment,
                now=timezone.now(),
            )
    raise ApiError(
        403,
        "forbidden",
        _("This person is not in the pairing.")
        if payload.person_id is not None
        else _("You are not in this pairing."),
    )
