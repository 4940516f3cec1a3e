"""The pulse's pages: the list, create/edit (organisers), results with trends and the team
breakdown, the CSV of aggregated figures. The answer page is the signed link's
(`pulse_links`)."""

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404, role_required, scoped
from hallway.core.charts import csv_response
from hallway.people.forms import add_service_errors
from hallway.people.models import Team
from hallway.rituals.models import Pulse, PulseQuestion, PulseRound
from hallway.rituals.pulse_forms import PulseForm, QuestionForm
from hallway.rituals.selectors.pulse import (
    pulse_charts,
    pulse_export_table,
    pulse_overview,
    pulse_question_rows,
)
from hallway.rituals.selectors.pulse_results import (
    closed_rounds,
    latest_closed_round,
    named_answers,
    pulse_round_results,
)
from hallway.rituals.selectors.settings import ritual_settings_of
from hallway.rituals.services.pulse import pulse_question_add, pulse_question_toggle, pulse_save
from hallway.rituals.tabs import ritual_tabs


def _may_manage(request: MemberRequest) -> bool:
    return request.membership.has_role(Role.ORGANISER)


@role_required(Role.MEMBER)
def pulse_list(request: MemberRequest) -> HttpResponse:
    return render(
        request,
        "rituals/pulse/list.html",
        {
            "tabs": ritual_tabs(request, "rituals:pulses"),
            "pulses": pulse_overview(organisation=request.organisation, now=timezone.now()),
            "manage": _may_manage(request),
        },
    )


def _form_page(request: MemberRequest, pulse: Pulse | None) -> HttpResponse:
    form = PulseForm(request.POST or None, instance=pulse, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            saved = pulse_save(
                pulse=form.instance,
                by=request.user,
                people=list(form.cleaned_data.get("circle_people") or []),
                channels=list(form.cleaned_data.get("channels") or []),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Pulse saved."))
            return redirect("rituals:pulse_edit", pk=saved.pk)
    context = {
        "tabs": ritual_tabs(request, "rituals:pulses"),
        "form": form,
        "pulse": pulse,
        "question_form": QuestionForm(),
        "questions": pulse_question_rows(pulse) if pulse else [],
    }
    return render(request, "rituals/pulse/form.html", context)


@role_required(Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def pulse_new(request: MemberRequest) -> HttpResponse:
    return _form_page(request, None)


@role_required(Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def pulse_edit(request: MemberRequest, pk: int) -> HttpResponse:
    return _form_page(request, get_scoped_or_404(Pulse, request.organisation, pk=pk))


@role_required(Role.ORGANISER)
@require_POST
def pulse_question_new(request: MemberRequest, pk: int) -> HttpResponse:
    pulse = get_scoped_or_404(Pulse, request.organisation, pk=pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            pulse_question_add(
                pulse=pulse, text=form.cleaned_data["text"], kind=form.cleaned_data["kind"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Question added."))
    else:
        messages.error(request, _("Write the question and choose how it is answered."))
    return redirect(reverse("rituals:pulse_edit", kwargs={"pk": pulse.pk}) + "#questions")


@role_required(Role.ORGANISER)
@require_POST
def pulse_question_switch(request: MemberRequest, pk: int) -> HttpResponse:
    question = get_scoped_or_404(
        PulseQuestion.objects.select_related("pulse"), request.organisation, pk=pk
    )
    try:
        pulse_question_toggle(question=question, active=request.POST.get("active") == "on")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    url = reverse("rituals:pulse_edit", kwargs={"pk": question.pulse_id}) + "#questions"
    if request.htmx:
        rows = pulse_question_rows(question.pulse)
        return render(
            request,
            "rituals/pulse/_questions.html",
            {"questions": rows, "pulse": question.pulse},
        )
    return redirect(url)


def _team(request: MemberRequest) -> Team | None:
    raw = request.GET.get("team", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return get_scoped_or_404(Team, request.organisation, pk=int(raw))


def _round(request: MemberRequest, pulse: Pulse) -> PulseRound | None:
    raw = request.GET.get("round", "")
    if raw:
        if not raw.isdigit():
            raise Http404
        return get_scoped_or_404(
            PulseRound.objects.filter(pulse=pulse, closed=True), request.organisation, pk=int(raw)
        )
    return latest_closed_round(pulse)


@role_required(Role.MEMBER)
def pulse_results(request: MemberRequest, pk: int) -> HttpResponse:
    pulse = get_scoped_or_404(Pulse, request.organisation, pk=pk)
    k = ritual_settings_of(request.organisation).anonymity_threshold
    team = _team(request)
    round = _round(request, pulse)
    result = pulse_round_results(round=round, k=k) if round is not None else None
    manage = _may_manage(request)
    export = reverse("rituals:pulse_export", kwargs={"pk": pulse.pk})
    charts = [
        replace(
            chart, csv_url=f"{export}?chart={chart.slug}" + (f"&team={team.pk}" if team else "")
        )
        for chart in pulse_charts(pulse=pulse, k=k, team=team)
    ]
    return render(
        request,
        "rituals/pulse/results.html",
        {
            "tabs": ritual_tabs(request, "rituals:pulses"),
            "pulse": pulse,
            "k": k,
            "result": result,
            "rounds": closed_rounds(pulse, 12)[::-1],
            "charts": charts,
            "team": team,
            "teams": scoped(Team, request.organisation).order_by("name"),
            "named": named_answers(round) if round is not None and manage else [],
            "manage": manage,
        },
    )


@role_required(Role.MEMBER)
def pulse_export(request: MemberRequest, pk: int) -> HttpResponse:
    """The aggregated figures as CSV (never a row per answer): what the page shows."""
    pulse = get_scoped_or_404(Pulse, request.organisation, pk=pk)
    k = ritual_settings_of(request.organisation).anonymity_threshold
    slug = request.GET.get("chart", "")
    if slug:
        team = _team(request)
        for chart in pulse_charts(pulse=pulse, k=k, team=team):
            if chart.slug == slug:
                return csv_response(chart.table, f"{pulse.name}-{slug}")
        raise Http404
    return csv_response(pulse_export_table(pulse=pulse, k=k), pulse.name)
