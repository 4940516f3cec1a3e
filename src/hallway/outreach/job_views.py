"""The jobs pages: open jobs with their candidates per stage, and a job's page with its
candidates (stage, last news), adding one, and its hiring freeze (with a preview of the
notice in each candidate's language).

Every member reads; organisers and up change stages, add candidates and freeze hiring.
"""

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404, role_required
from hallway.core.timezones import organisation_today
from hallway.outreach.candidate_texts import freeze_letter
from hallway.outreach.job_forms import CandidateAddForm, FreezeForm, StageForm
from hallway.outreach.models import Candidacy, Freeze
from hallway.outreach.selectors.jobs import candidacies_of, freezes_of, job_rows
from hallway.outreach.services.candidates import (
    candidacy_add,
    candidacy_language,
    candidacy_names,
    candidacy_stage_set,
)
from hallway.outreach.services.freezes import (
    freeze_announce,
    freeze_audience,
    freeze_candidacies,
    freeze_lift,
    freeze_of_order,
    freeze_problems,
    freeze_scope,
)
from hallway.outreach.tabs import outreach_tabs
from hallway.people.forms import add_service_errors
from hallway.relationships.interface import Order


def may_organise(request: MemberRequest) -> bool:
    return request.membership.has_role(Role.ORGANISER)


def order_for(request: MemberRequest, pk: int) -> Order:
    return get_scoped_or_404(Order.objects.select_related("company"), request.organisation, pk=pk)


def _today(request: MemberRequest) -> datetime.date:
    return organisation_today(request.organisation, timezone.now())


@role_required(Role.MEMBER)
def jobs(request: MemberRequest) -> HttpResponse:
    return render(
        request,
        "outreach/jobs/list.html",
        {
            "tabs": outreach_tabs(request, "outreach:jobs"),
            "rows": job_rows(request.organisation),
        },
    )


def _preview(order: Order, form: FreezeForm, today: datetime.date) -> dict[str, Any]:
    """The notice as each language's first candidate would read it, and who it cannot reach."""
    data = form.cleaned_data
    audience = freeze_audience(
        freeze_candidacies(organisation=order.organisation, stages=data["stages"], order=order)
    )
    letters = []
    seen: set[str] = set()
    for candidacy in audience.reached:
        language = candidacy_language(candidacy)
        if language in seen:
            continue
        seen.add(language)
        letter = freeze_letter(
            names=candidacy_names(candidacy),
            language=language,
            today=today,
            resume_on=data["resume_on"],
            message=data["message"],
        )
        letters.append({"language": language, "name": candidacy.contact.name, "letter": letter})
    return {"letters": letters, "reached": audience.reached, "unreached": audience.unreached}


def _job_page(
    request: MemberRequest,
    order: Order,
    *,
    add_form: CandidateAddForm | None = None,
    freeze_form: FreezeForm | None = None,
    preview: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    organise = may_organise(request)
    candidacies = list(candidacies_of(order))
    rows = [
        {
            "candidacy": candidacy,
            "form": StageForm(initial={"stage": candidacy.stage}, prefix=f"c{candidacy.pk}"),
        }
        for candidacy in candidacies
    ]
    freezes = freezes_of(request.organisation).filter(
        Q(order=order) | Q(company_id=order.company_id)
    )
    active = freeze_of_order(order)
    # Who the active freeze could not reach (no address, unsubscribed): to call instead.
    unreached = freeze_audience(freeze_scope(active)).unreached if active else []
    return render(
        request,
        "outreach/jobs/detail.html",
        {
            "tabs": outreach_tabs(request, "outreach:jobs"),
            "order": order,
            "rows": rows,
            "organise": organise,
            "active": active,
            "unreached": unreached,
            "freezes": list(freezes[:5]),
            "add_form": add_form or (CandidateAddForm(order=order) if organise else None),
            "freeze_form": freeze_form or (FreezeForm() if organise else None),
            "preview": preview,
        },
        status=status,
    )


@role_required(Role.MEMBER)
def job(request: MemberRequest, pk: int) -> HttpResponse:
    return _job_page(request, order_for(request, pk))


@role_required(Role.ORGANISER)
@require_POST
def candidate_add(request: MemberRequest, pk: int) -> HttpResponse:
    order = order_for(request, pk)
    form = CandidateAddForm(request.POST, order=order)
    if form.is_valid():
        try:
            candidacy_add(
                order=order,
                contact=form.cleaned_data["contact"],
                stage=form.cleaned_data["stage"],
                owner=request.user,
                now=timezone.now(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Candidate added."))
            return redirect("outreach:job", pk=order.pk)
    return _job_page(request, order, add_form=form, status=422)


@role_required(Role.ORGANISER)
@require_POST
def candidacy_stage(request: MemberRequest, pk: int) -> HttpResponse:
    candidacy = get_scoped_or_404(
        Candidacy.objects.select_related(
            "contact__company", "order__company", "owner", "organisation"
        ),
        request.organisation,
        pk=pk,
    )
    form = StageForm(request.POST, prefix=f"c{candidacy.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose a stage."))
        return redirect("outreach:job", pk=candidacy.order_id)
    message = candidacy_stage_set(
        candidacy=candidacy,
        stage=form.cleaned_data["stage"],
        now=timezone.now(),
        notify=form.cleaned_data["notify"],
        by=request.user,
    )
    if message is not None:
        messages.success(
            request,
            _("Stage changed; %(name)s will get the update.") % {"name": candidacy.contact.name},
        )
    else:
        messages.success(request, _("Stage saved."))
    return redirect("outreach:job", pk=candidacy.order_id)


@role_required(Role.ORGANISER)
@require_POST
def job_freeze_post(request: MemberRequest, pk: int) -> HttpResponse:
    """Announce the freeze, or (with `preview`) show the notice first."""
    order = order_for(request, pk)
    form = FreezeForm(request.POST)
    now = timezone.now()
    if form.is_valid():
        data = form.cleaned_data
        problems = freeze_problems(
            organisation=request.organisation,
            order=order,
            company=None,
            stages=data["stages"],
            resume_on=data["resume_on"],
            message=data["message"],
            now=now,
        )
        if problems:
            add_service_errors(form, ValidationError(problems))
    if not form.is_valid():
        if request.htmx and "preview" in request.POST:
            return render(request, "outreach/jobs/_preview.html", {"form": form})
        return _job_page(request, order, freeze_form=form, status=422)
    data = form.cleaned_data
    if "preview" in request.POST:
        preview = _preview(order, form, _today(request))
        if request.htmx:
            return render(request, "outreach/jobs/_preview.html", {"preview": preview})
        return _job_page(request, order, freeze_form=form, preview=preview)
    try:
        freeze = freeze_announce(
            organisation=request.organisation,
            order=order,
            stages=data["stages"],
            resume_on=data["resume_on"],
            message=data["message"],
            by=request.user,
            now=now,
        )
    except ValidationError as exc:  # announced by someone else a moment ago
        add_service_errors(form, exc)
        return _job_page(request, order, freeze_form=form, status=422)
    messages.success(
        request,
        ngettext(
            "Hiring freeze announced: %(count)s candidate will be told.",
            "Hiring freeze announced: %(count)s candidates will be told.",
            freeze.notified,
        )
        % {"count": freeze.notified},
    )
    return redirect("outreach:job", pk=order.pk)


@role_required(Role.ORGANISER)
@require_POST
def freeze_lift_post(request: MemberRequest, pk: int) -> HttpResponse:
    freeze = get_scoped_or_404(Freeze.objects.select_related("order"), request.organisation, pk=pk)
    try:
        freeze_lift(freeze=freeze, now=timezone.now(), by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Hiring freeze lifted: the candidates get the news now."))
    if freeze.order_id is None:
        return redirect("outreach:jobs")
    return redirect("outreach:job", pk=freeze.order_id)
