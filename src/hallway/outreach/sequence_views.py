"""The sequence pages: the list with its figures, a new sequence, the editor (settings and
steps), and starting, pausing or archiving one. Members read; organisers and up write.
Steps have their own views (`sequence_step_views`), enrollments too
(`sequence_enrollment_views`)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404, role_required
from hallway.outreach.models import Sequence, SequenceStatus
from hallway.outreach.selectors.sequences import exits_of, sequences_of
from hallway.outreach.sequence_forms import SequenceForm, add_problems, sequence_initial
from hallway.outreach.services.sequences import sequence_save, sequence_set_status
from hallway.outreach.tabs import outreach_tabs
from hallway.outreach.variables import NAMES

TAB = "outreach:sequences"


def may_write(request: MemberRequest) -> bool:
    return request.membership.has_role(Role.ORGANISER)


def sequence_for(request: MemberRequest, pk: int) -> Sequence:
    return get_scoped_or_404(
        Sequence.objects.select_related("organisation"), request.organisation, pk=pk
    )


def page(request: MemberRequest, template: str, context: dict[str, object]) -> HttpResponse:
    return render(
        request,
        template,
        {"tabs": outreach_tabs(request, TAB), "may_write": may_write(request), **context},
    )


@role_required(Role.MEMBER)
def sequence_list(request: MemberRequest) -> HttpResponse:
    sequences = list(sequences_of(request.organisation))
    rows = [{"sequence": sequence, "exits": exits_of(sequence)} for sequence in sequences]
    return page(request, "outreach/sequences/list.html", {"rows": rows})


def _settings_page(
    request: MemberRequest, form: SequenceForm, sequence: Sequence | None
) -> HttpResponse:
    return page(request, "outreach/sequences/form.html", {"form": form, "sequence": sequence})


@role_required(Role.ORGANISER)
def sequence_new(request: MemberRequest) -> HttpResponse:
    form = SequenceForm(
        request.POST if request.method == "POST" else None, organisation=request.organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            sequence = sequence_save(
                organisation=request.organisation,
                values=form.values(),
                now=timezone.now(),
                by=request.user,
            )
        except ValidationError as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("Created. Now add its steps."))
            return redirect("outreach:sequence", pk=sequence.pk)
    return _settings_page(request, form, None)


@role_required(Role.ORGANISER)
def sequence_edit(request: MemberRequest, pk: int) -> HttpResponse:
    sequence = sequence_for(request, pk)
    form = SequenceForm(
        request.POST if request.method == "POST" else None,
        organisation=request.organisation,
        initial=sequence_initial(sequence),
    )
    if request.method == "POST" and form.is_valid():
        try:
            sequence_save(
                organisation=request.organisation,
                values=form.values(),
                now=timezone.now(),
                sequence=sequence,
            )
        except ValidationError as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("outreach:sequence", pk=sequence.pk)
    return _settings_page(request, form, sequence)


@role_required(Role.MEMBER)
def sequence_detail(request: MemberRequest, pk: int) -> HttpResponse:
    sequence = sequence_for(request, pk)
    counts = sequences_of(request.organisation).get(pk=sequence.pk)
    return page(
        request,
        "outreach/sequences/detail.html",
        {
            "sequence": sequence,
            "counts": counts,
            "steps": list(sequence.steps.order_by("position")),
            "exits": exits_of(sequence),
            "variables": ["{" + name + "}" for name in NAMES],
            "statuses": SequenceStatus,
        },
    )


@role_required(Role.ORGANISER)
@require_POST
def sequence_status(request: MemberRequest, pk: int) -> HttpResponse:
    sequence = sequence_for(request, pk)
    try:
        sequence_set_status(
            sequence=sequence, status=request.POST.get("status", ""), now=timezone.now()
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The sequence is now: %(status)s.") % {"status": sequence.get_status_display()},
        )
    return redirect("outreach:sequence", pk=sequence.pk)
