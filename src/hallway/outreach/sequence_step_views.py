"""A sequence's steps: add, change, delete, move up or down, and the preview of a message
for a sample contact (htmx refreshes it while the texts are typed)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404, role_required
from hallway.outreach.models import Enrollment, Sequence, Step
from hallway.outreach.selectors.sequences import sample_contact
from hallway.outreach.sequence_forms import LANGUAGE_NAMES, StepForm, add_problems, step_initial
from hallway.outreach.sequence_views import page, sequence_for
from hallway.outreach.services.sequence_rules import LANGUAGES
from hallway.outreach.services.sequences import step_delete, step_move, step_save
from hallway.outreach.services.sequences_run import text_values
from hallway.outreach.variables import NAMES, text_fill, unknown_variables


def step_for(request: MemberRequest, pk: int) -> Step:
    return get_scoped_or_404(
        Step.objects.select_related("sequence__organisation"), request.organisation, pk=pk
    )


def _form_page(
    request: MemberRequest, form: StepForm, sequence: Sequence, step: Step | None
) -> HttpResponse:
    return page(
        request,
        "outreach/sequences/step_form.html",
        {
            "form": form,
            "sequence": sequence,
            "step": step,
            "variables": ["{" + name + "}" for name in NAMES],
            "preview": _preview(sequence, form.data if form.is_bound else form.initial),
        },
    )


def _save(request: MemberRequest, sequence: Sequence, step: Step | None) -> HttpResponse:
    initial = step_initial(step) if step is not None else {"kind": "message", "wait_days": 0}
    form = StepForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            step_save(sequence=sequence, values=form.values(), step=step)
        except ValidationError as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("Step saved."))
            return redirect("outreach:sequence", pk=sequence.pk)
    return _form_page(request, form, sequence, step)


@role_required(Role.ORGANISER)
def step_new(request: MemberRequest, pk: int) -> HttpResponse:
    return _save(request, sequence_for(request, pk), None)


@role_required(Role.ORGANISER)
def step_edit(request: MemberRequest, pk: int) -> HttpResponse:
    step = step_for(request, pk)
    return _save(request, step.sequence, step)


@role_required(Role.ORGANISER)
@require_POST
def step_remove(request: MemberRequest, pk: int) -> HttpResponse:
    step = step_for(request, pk)
    try:
        step_delete(step=step)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Step deleted."))
    return redirect("outreach:sequence", pk=step.sequence_id)


@role_required(Role.ORGANISER)
@require_POST
def step_move_view(request: MemberRequest, pk: int) -> HttpResponse:
    step = step_for(request, pk)
    try:
        step_move(step=step, by=-1 if request.POST.get("direction") == "up" else 1)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("outreach:sequence", pk=step.sequence_id)


def _preview(sequence: Sequence, data: object) -> dict[str, object]:
    """Each written language's subject and message filled in for a sample contact."""
    contact = sample_contact(sequence)
    values = {name: "{" + name + "}" for name in NAMES}
    if contact is not None:
        sample = Enrollment(
            organisation=sequence.organisation,
            sequence=sequence,
            contact=contact,
            owner=contact.owners.order_by("id").first(),
        )
        values = text_values(sample)
    get = getattr(data, "get", None)
    texts = []
    for code in LANGUAGES:
        subject = str(get(f"subject_{code}", "") or "") if get else ""
        body = str(get(f"body_{code}", "") or "") if get else ""
        if not subject.strip() and not body.strip():
            continue
        texts.append(
            {
                "code": code,
                "name": LANGUAGE_NAMES[code],
                "subject": text_fill(subject, values),
                "body": text_fill(body, values),
                "unknown": unknown_variables(subject + " " + body),
            }
        )
    return {"contact": contact, "texts": texts}


@role_required(Role.ORGANISER)
def step_preview(request: MemberRequest, pk: int) -> HttpResponse:
    sequence = sequence_for(request, pk)
    data = request.POST if request.method == "POST" else request.GET
    return render(
        request,
        "outreach/sequences/_preview.html",
        {"preview": _preview(sequence, data)},
    )
