"""/api/v1/pulses: pulses and their results. Members read; organisers create and change.

There is deliberately no endpoint for answers: they arrive only through each person's
signed link (one answer per person and round, changeable until the cut-off).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Status

from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404, scoped
from hallway.api.auth import TokenAuth, organisation_of, user_of
from hallway.api.errors import ApiError
from hallway.api.rituals_pulse_schemas import (
    PulseCreate,
    PulseOut,
    PulsePage,
    PulsePatch,
    ResultsOut,
    ResultsQuery,
)
from hallway.api.schemas import JSON_BODY, ObjectId, PageParams, error_responses, paginate
from hallway.people.models import Location, Team
from hallway.rituals.models import Pulse, PulseRound
from hallway.rituals.selectors.pulse import pulse_results_json, pulses_of
from hallway.rituals.selectors.pulse_results import latest_closed_round
from hallway.rituals.selectors.settings import ritual_settings_of
from hallway.rituals.services.pulse import pulse_save

router = Router(tags=["pulse"])


def _pulse(request: HttpRequest, pulse_id: int) -> Pulse:
    return get_scoped_or_404(Pulse, organisation_of(request), pk=pulse_id)


@router.get("/pulses", response={200: PulsePage, **error_responses(422)})
def pulses_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, object]:
    """The organisation's pulses, by name."""
    return paginate(request, pulses_of(organisation_of(request)), page)


@router.get("/pulses/{int:pulse_id}", response={200: PulseOut, **error_responses(422)})
def pulse_get(request: HttpRequest, pulse_id: ObjectId) -> Pulse:
    return _pulse(request, pulse_id)


@router.post(
    "/pulses",
    response={201: PulseOut, **error_responses(*JSON_BODY, 403)},
    auth=TokenAuth(Role.ORGANISER),
)
def pulse_post(request: HttpRequest, payload: PulseCreate) -> Status[Pulse]:
    """Create a pulse with the default questions (en/de/nl); its first round opens on the
    first of its weekdays on or after `starts_on`."""
    organisation = organisation_of(request)
    data = payload.model_dump()
    team_id, location_id = data.pop("circle_team_id"), data.pop("circle_location_id")
    pulse = Pulse(organisation=organisation, **data)
    pulse.timezone = pulse.timezone or organisation.timezone
    if team_id is not None:
        pulse.circle_team = get_scoped_or_404(Team, organisation, pk=team_id)
    if location_id is not None:
        pulse.circle_location = get_scoped_or_404(Location, organisation, pk=location_id)
    saved = pulse_save(pulse=pulse, by=user_of(request))
    return Status(201, _pulse(request, saved.pk))


@router.patch(
    "/pulses/{int:pulse_id}",
    response={200: PulseOut, **error_responses(*JSON_BODY, 403, 409)},
    auth=TokenAuth(Role.ORGANISER),
)
def pulse_patch(request: HttpRequest, pulse_id: ObjectId, payload: PulsePatch) -> Pulse:
    """Change a pulse. An anonymous pulse with answers cannot be made named (409)."""
    pulse = _pulse(request, pulse_id)
    for name, value in payload.fields_sent().items():
        setattr(pulse, name, value)
    try:
        pulse_save(pulse=pulse)
    except ValidationError as exc:
        if "anonymous" in getattr(exc, "error_dict", {}):
            raise ApiError(409, "conflict", " ".join(exc.message_dict["anonymous"])) from exc
        raise
    return _pulse(request, pulse_id)


@router.get("/pulses/{int:pulse_id}/results", response={200: ResultsOut, **error_responses(422)})
def pulse_results_get(
    request: HttpRequest, pulse_id: ObjectId, query: Query[ResultsQuery]
) -> dict[str, Any]:
    """One closed round's figures per question (the latest unless `round` is given), for
    everyone or one `team`. A group with fewer than k answers, or one whose figure would
    give a smaller group away, is `shown: false` with a `reason` and no figures."""
    organisation = organisation_of(request)
    pulse = _pulse(request, pulse_id)
    team_id = None
    round: PulseRound | None
    if query.team is not None:
        team_id = get_scoped_or_404(Team, organisation, pk=query.team).pk
    if query.round is not None:
        round = get_scoped_or_404(
            scoped(PulseRound, organisation).filter(pulse=pulse, closed=True),
            organisation,
            pk=query.round,
        )
    else:
        round = latest_closed_round(pulse)
    k = ritual_settings_of(organisation).anonymity_threshold
    return pulse_results_json(pulse=pulse, k=k, round=round, team_id=team_id)
