"""/api/v1/sequences: outreach sequences, their steps, and who is in them.

Members read; organisers create and change sequences, replace their steps, add contacts
and take them out. A contact id in the body that is not one of the organisation's is a 404
naming the field.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404
from hallway.api.auth import TokenAuth, organisation_of, user_of
from hallway.api.errors import ApiError, default_message
from hallway.api.outreach_sequences_schemas import (
    EnrollmentOut,
    EnrollmentPage,
    EnrollmentsAdded,
    EnrollmentsPost,
    SequenceCreate,
    SequenceOut,
    SequencePage,
    SequencePatch,
    StepIn,
    StepsPut,
)
from hallway.api.schemas import JSON_BODY, ObjectId, PageParams, error_responses, paginate
from hallway.outreach.models import Enrollment, Sequence
from hallway.outreach.selectors.sequences import enrollments_of, sequences_of
from hallway.outreach.services.sequence_rules import StepFields
from hallway.outreach.services.sequences import (
    enrollment_remove,
    sequence_enroll,
    sequence_problems,
    sequence_save,
    sequence_set_status,
    sequence_values,
    steps_replace,
)
from hallway.relationships.interface import Contact

router = Router(tags=["outreach"])
ORGANISER = TokenAuth(Role.ORGANISER)


def sequence_of(request: HttpRequest, sequence_id: int) -> Sequence:
    organisation = organisation_of(request)
    return get_scoped_or_404(sequences_of(organisation), organisation, pk=sequence_id)


def _steps(steps: list[StepIn]) -> list[StepFields]:
    return [StepFields(**step.model_dump()) for step in steps]


@router.get("/sequences", response={200: SequencePage, **error_responses(422)})
def sequences_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, object]:
    """The organisation's sequences by name, with their figures and steps."""
    return paginate(request, sequences_of(organisation_of(request)), page)


@router.get("/sequences/{int:sequence_id}", response={200: SequenceOut, **error_responses(422)})
def sequence_get(request: HttpRequest, sequence_id: ObjectId) -> Sequence:
    return sequence_of(request, sequence_id)


@router.post(
    "/sequences", response={201: SequenceOut, **error_responses(*JSON_BODY, 403)}, auth=ORGANISER
)
def sequence_post(request: HttpRequest, payload: SequenceCreate) -> Status[Sequence]:
    """Create a sequence (a draft, with its steps if given); start it with a PATCH of
    `status: active`."""
    organisation = organisation_of(request)
    sent = payload.fields_sent()
    steps = _steps(payload.steps)
    sent.pop("steps", None)
    values = sequence_values(Sequence(organisation=organisation))
    for key, value in sent.items():
        setattr(values, key, value)
    with transaction.atomic():  # a step refused: no sequence either
        sequence = sequence_save(
            organisation=organisation, values=values, now=timezone.now(), by=user_of(request)
        )
        if steps:
            steps_replace(sequence=sequence, steps=steps)
    return Status(201, sequence_of(request, sequence.pk))


@router.patch(
    "/sequences/{int:sequence_id}",
    response={200: SequenceOut, **error_responses(*JSON_BODY, 403)},
    auth=ORGANISER,
)
def sequence_patch(request: HttpRequest, sequence_id: ObjectId, payload: SequencePatch) -> Sequence:
    """Change only the fields sent; `status` starts (active), pauses or archives it.
    Archiving ends everyone's enrollment and cancels what was not sent."""
    sequence = sequence_of(request, sequence_id)
    sent = payload.fields_sent()
    status = sent.pop("status", None)
    with transaction.atomic():
        _patch(sequence, sent, status)
    return sequence_of(request, sequence_id)


def _patch(sequence: Sequence, sent: dict[str, object], status: str | None) -> None:
    if sent:
        values = sequence_values(sequence)
        for key, value in sent.items():
            setattr(values, key, value)
        problems = sequence_problems(
            organisation=sequence.organisation, values=values, sequence=sequence
        )
        if problems:
            raise ValidationError(problems)
        sequence_save(
            organisation=sequence.organisation,
            values=values,
            now=timezone.now(),
            sequence=sequence,
        )
    if status is not None:
        sequence_set_status(sequence=sequence, status=status, now=timezone.now())


@router.put(
    "/sequences/{int:sequence_id}/steps",
    response={200: SequenceOut, **error_responses(*JSON_BODY, 403)},
    auth=ORGANISER,
)
def sequence_steps_put(request: HttpRequest, sequence_id: ObjectId, payload: StepsPut) -> Sequence:
    """Replace every step, in the order given (all or nothing). Contacts in the sequence go
    on from the position they had reached."""
    sequence = sequence_of(request, sequence_id)
    steps_replace(sequence=sequence, steps=_steps(payload.steps))
    return sequence_of(request, sequence_id)


@router.get(
    "/sequences/{int:sequence_id}/enrollments",
    response={200: EnrollmentPage, **error_responses(422)},
)
def enrollments_list(
    request: HttpRequest, sequence_id: ObjectId, page: Query[PageParams]
) -> dict[str, object]:
    """Who is or was in the sequence, the latest first."""
    return paginate(request, enrollments_of(sequence_of(request, sequence_id)), page)


@router.post(
    "/sequences/{int:sequence_id}/enrollments",
    response={201: EnrollmentsAdded, **error_responses(*JSON_BODY, 403)},
    auth=ORGANISER,
)
def enrollments_post(
    request: HttpRequest, sequence_id: ObjectId, payload: EnrollmentsPost
) -> Status[dict[str, object]]:
    """Add contacts by hand; their owners send. Contacts already in it, or who may not
    enter again yet, are passed over."""
    sequence = sequence_of(request, sequence_id)
    wanted = list(dict.fromkeys(payload.contact_ids))
    known = set(
        Contact.objects.filter(organisation=sequence.organisation, pk__in=wanted).values_list(
            "pk", flat=True
        )
    )
    if set(wanted) - known:
        raise ApiError(
            404,
            "not_found",
            default_message(404),
            [{"field": "contact_ids", "message": default_message(404), "code": "not_found"}],
        )
    entered = sequence_enroll(
        sequence=sequence, contact_ids=wanted, now=timezone.now(), by=user_of(request)
    )
    found = {enrollment.contact_id for enrollment in entered}
    return Status(
        201,
        {
            "entered": list(enrollments_of(sequence).filter(pk__in=[e.pk for e in entered])),
            "passed_over": [pk for pk in wanted if pk not in found],
        },
    )


@router.post(
    "/enrollments/{int:enrollment_id}/remove",
    response={200: EnrollmentOut, **error_responses(403, 409, 422)},
    auth=ORGANISER,
)
def enrollment_remove_post(request: HttpRequest, enrollment_id: ObjectId) -> Enrollment:
    """Take a contact out of a sequence (exit reason `removed`); its unsent messages are
    cancelled. 409 when they are no longer in it."""
    organisation = organisation_of(request)
    enrollment = get_scoped_or_404(
        Enrollment.objects.select_related("contact", "owner"), organisation, pk=enrollment_id
    )
    try:
        enrollment_remove(enrollment=enrollment, now=timezone.now())
    except ValidationError as exc:
        raise ApiError(409, "conflict", _("This contact is no longer in the sequence.")) from exc
    return enrollment
