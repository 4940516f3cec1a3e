"""Organiser pages: programs, their rounds and the plan preview with its actions.

Every action is a plain POST that redirects back (htmx only makes some of it smoother),
so the pages work without JavaScript.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404, role_required, scoped
from hallway.coffee.forms import ProgramForm, SwapForm
from hallway.coffee.models import Pairing, Program, Round, RoundStatus
from hallway.coffee.selectors.feedback import RECENT_ROUNDS, no_shows
from hallway.coffee.selectors.organiser import (
    next_round_on,
    participant_count,
    program_holidays,
    program_rounds,
    programs_overview,
    round_figures,
    round_left_out,
    round_pairings,
    with_figures,
)
from hallway.coffee.services import announcing, closing, plan_edits, planning
from hallway.coffee.services.announcing import NOT_TOLD
from hallway.coffee.services.programs import (
    program_archive,
    program_create,
    program_problems,
    program_update,
)
from hallway.core.forms import form_error_texts
from hallway.core.timezones import organisation_today
from hallway.people.forms import add_service_errors
from hallway.people.models import Person

PAGE_SIZE = 50
ROUNDS_PAGE_SIZE = 10
NO_SHOWS_SHOWN = 20
LEFT_OUT_SHOWN = 100
EDITABLE = (RoundStatus.DRAFT, RoundStatus.PLANNED)


def _can_organise(request: MemberRequest) -> bool:
    membership = request.membership
    return membership is not None and membership.has_role(Role.ORGANISER)


@role_required()
def coffee_home(request: MemberRequest) -> HttpResponse:
    """The main navigation's Coffee: programs for organisers, their own page for members."""
    return redirect("coffee:programs" if _can_organise(request) else "coffee:my_coffee")


def _program(request: MemberRequest, pk: int) -> Program:
    return get_scoped_or_404(Program, request.organisation, pk=pk)


def _round(request: MemberRequest, pk: int) -> Round:
    return get_scoped_or_404(Round.objects.select_related("program"), request.organisation, pk=pk)


@role_required(Role.ORGANISER)
def program_list(request: MemberRequest) -> HttpResponse:
    archived = request.GET.get("archived") == "1"
    organisation = request.organisation
    summaries = programs_overview(
        organisation=organisation,
        today=organisation_today(organisation, timezone.now()),
        include_archived=archived,
    )
    return render(
        request, "coffee/organiser/programs.html", {"summaries": summaries, "archived": archived}
    )


def _program_form_page(request: MemberRequest, program: Program | None) -> HttpResponse:
    organisation = request.organisation
    form = ProgramForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        initial=ProgramForm.initial_for(
            program, today=organisation_today(organisation, timezone.now())
        ),
    )
    if request.method == "POST" and not form.is_valid():
        # The service's own rules (a slug in use, someone both included and left out, …)
        # show together with the form's problems, not after those are fixed.
        problems = program_problems(
            organisation=organisation, program=program, fields=form.program_fields()
        )
        add_service_errors(form, ValidationError(problems))
    elif request.method == "POST":
        try:
            if program is None:
                saved = program_create(
                    organisation=organisation,
                    created_by=request.user,
                    **form.program_fields(),
                )
            else:
                saved = program_update(program=program, **form.program_fields())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved the program %(name)s.") % {"name": saved.name})
            return redirect("coffee:program", pk=saved.pk)
    title_name = Program.objects.get(pk=program.pk).name if program else ""
    return render(
        request,
        "coffee/organiser/program_form.html",
        {"form": form, "program": program, "title_name": title_name},
    )


@role_required(Role.ORGANISER)
def program_new(request: MemberRequest) -> HttpResponse:
    return _program_form_page(request, None)


@role_required(Role.ORGANISER)
def program_edit(request: MemberRequest, pk: int) -> HttpResponse:
    return _program_form_page(request, _program(request, pk))


@role_required(Role.ORGANISER)
def program_detail(request: MemberRequest, pk: int) -> HttpResponse:
    program = get_scoped_or_404(
        Program.objects.prefetch_related(
            "audience_teams",
            "audience_locations",
            "audience_tags",
            "include_people",
            "exclude_people",
        ),
        request.organisation,
        pk=pk,
    )
    today = organisation_today(request.organisation, timezone.now())
    rounds_page = Paginator(program_rounds(program=program), ROUNDS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    first_no_shows = no_shows(program=program, limit=NO_SHOWS_SHOWN + 1)
    context = {
        "program": program,
        "rounds": with_figures(rounds_page.object_list),
        "rounds_page": rounds_page,
        "open_round": program.rounds.filter(status__in=EDITABLE).order_by("number").first(),
        "participants": participant_count(program),
        "next_round_on": next_round_on(program, today),
        "no_show_rounds": RECENT_ROUNDS,
        "holidays": program_holidays(program=program, today=today)[:20],
        "no_shows": first_no_shows[:NO_SHOWS_SHOWN],
        "more_no_shows": len(first_no_shows) > NO_SHOWS_SHOWN,
    }
    return render(request, "coffee/organiser/program_detail.html", context)


@require_POST
@role_required(Role.ORGANISER)
def program_archive_view(request: MemberRequest, pk: int) -> HttpResponse:
    program = _program(request, pk)
    archived = request.POST.get("archived", "1") == "1"
    program_archive(program=program, now=timezone.now(), archived=archived)
    if archived:
        messages.success(request, _("Archived %(name)s: no more rounds.") % {"name": program.name})
    else:
        messages.success(request, _("%(name)s is running again.") % {"name": program.name})
    return redirect("coffee:program", pk=program.pk)


def _refused(request: MemberRequest, exc: ValidationError, target: str) -> HttpResponseRedirect:
    for message in exc.messages:
        messages.error(request, message)
    return HttpResponseRedirect(target)


def _act(
    request: MemberRequest, action: Callable[[], object], success: str, target: str
) -> HttpResponseRedirect:
    try:
        action()
    except ValidationError as exc:
        return _refused(request, exc, target)
    messages.success(request, success)
    return HttpResponseRedirect(target)


@require_POST
@role_required(Role.ORGANISER)
def round_plan(request: MemberRequest, pk: int) -> HttpResponse:
    program = _program(request, pk)
    try:
        planned = planning.round_plan(program=program, now=timezone.now()).round
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("coffee:program", pk=program.pk)
    if planned is None:
        messages.error(request, _("Nobody could be paired: see who takes part."))
        return redirect("coffee:program", pk=program.pk)
    messages.success(
        request,
        _("Planned round %(number)d. Check it, then announce it.") % {"number": planned.number},
    )
    return redirect("coffee:round", pk=planned.pk)


def _round_url(request: MemberRequest, round_: Round) -> str:
    """Back to the round page, with the search and page the action came from."""
    url = reverse("coffee:round", args=[round_.pk])
    query = request.POST.get("return_query", "")
    return f"{url}?{query}" if query and "\n" not in query else url


@role_required(Role.ORGANISER)
def round_detail(request: MemberRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(round_pairings(round=round_, query=query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    pairings = list(page.object_list)
    left_out_all = round_left_out(round=round_, query=query)
    left_out = list(left_out_all[: LEFT_OUT_SHOWN + 1])
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    context = {
        "round": round_,
        "program": round_.program,
        "page": page,
        "pairings": pairings,
        "left_out": left_out[:LEFT_OUT_SHOWN],
        "left_out_more": left_out_all.count() - LEFT_OUT_SHOWN
        if len(left_out) > LEFT_OUT_SHOWN
        else 0,
        "query": query,
        "return_query": request.GET.urlencode(),
        "figures": round_figures([round_.pk])[round_.pk],
        "editable": round_.status in EDITABLE,
        "partial": partial,
    }
    template = "coffee/organiser/_round_groups.html" if partial else "coffee/organiser/round.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
@role_required(Role.ORGANISER)
def round_swap(request: MemberRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    form = SwapForm(request.POST)
    if not form.is_valid():
        for message in form_error_texts(form):
            messages.error(request, message)
        return redirect(_round_url(request, round_))
    organisation = request.organisation
    first_id, second_id = form.cleaned_data["people"]
    first = get_scoped_or_404(Person, organisation, pk=first_id)
    second = get_scoped_or_404(Person, organisation, pk=second_id)
    confirmed = request.POST.get("confirm") == "1"
    if not confirmed:
        # Asks first when the swap pairs people who met within the repeat window.
        try:
            repeats = plan_edits.swap_repeats(round=round_, first=first, second=second)
        except ValidationError as exc:
            return _refused(request, exc, _round_url(request, round_))
        if repeats:
            context = {
                "round": round_,
                "program": round_.program,
                "first": first,
                "second": second,
                "repeats": repeats,
                "return_query": request.POST.get("return_query", ""),
            }
            return render(request, "coffee/organiser/round_swap.html", context)
    return _act(
        request,
        lambda: plan_edits.pairing_swap(
            round=round_, first=first, second=second, allow_repeats=confirmed
        ),
        _("Swapped %(first)s and %(second)s.") % {"first": first.name, "second": second.name},
        _round_url(request, round_),
    )


@require_POST
@role_required(Role.ORGANISER)
def pairing_lock(request: MemberRequest, pk: int) -> HttpResponse:
    pairing = get_scoped_or_404(
        Pairing.objects.select_related("round"), request.organisation, pk=pk, round__isnull=False
    )
    assert pairing.round is not None
    locked = request.POST.get("locked") == "1"
    success = (
        _("Locked the group: re-planning keeps it.")
        if locked
        else _("Unlocked the group: re-planning may change it.")
    )
    return _act(
        request,
        lambda: plan_edits.pairing_lock(pairing=pairing, locked=locked),
        success,
        _round_url(request, pairing.round),
    )


@require_POST
@role_required(Role.ORGANISER)
def round_remove_person(request: MemberRequest, pk: int) -> HttpResponse:
    """Asks first (the plan's Remove button posts here without `confirm`); then takes the
    person out. They get no message, and can be put back until the round is announced."""
    round_ = _round(request, pk)
    person = get_scoped_or_404(Person, request.organisation, pk=request.POST.get("person"))
    if request.POST.get("confirm") != "1":
        context = {"round": round_, "program": round_.program, "person": person}
        return render(request, "coffee/organiser/round_remove.html", context)
    return _act(
        request,
        lambda: plan_edits.round_remove_person(round=round_, person=person),
        _("Took %(name)s out of this round; you can put them back until it is announced.")
        % {"name": person.name},
        _round_url(request, round_),
    )


@require_POST
@role_required(Role.ORGANISER)
def round_put_back_person(request: MemberRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    person = get_scoped_or_404(Person, request.organisation, pk=request.POST.get("person"))
    return _act(
        request,
        lambda: plan_edits.round_put_back_person(round=round_, person=person),
        _("Put %(name)s back in this round: re-plan it to pair them.") % {"name": person.name},
        _round_url(request, round_),
    )


@require_POST
@role_required(Role.ORGANISER)
def round_replan(request: MemberRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    return _act(
        request,
        lambda: plan_edits.round_replan(round=round_, now=timezone.now()),
        _("Planned the rest again; locked groups stayed as they were."),
        _round_url(request, round_),
    )


@role_required(Role.ORGANISER)
def round_announce(request: MemberRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    if request.method == "POST":
        return _act(
            request,
            lambda: announcing.round_announce(round=round_, now=timezone.now()),
            _("Announced round %(number)d: the intros are on their way.")
            % {"number": round_.number},
            reverse("coffee:round", args=[round_.pk]),
        )
    figures = round_figures([round_.pk])[round_.pk]
    context = {
        "round": round_,
        "program": round_.program,
        "figures": figures,
        "left_out_count": round_.left_out.exclude(reason__in=NOT_TOLD).count(),
        "people_count": scoped(Person, request.organisation)
        .filter(coffee_pairings__pairing__round=round_)
        .count(),
    }
    return render(request, "coffee/organiser/round_announce.html", context)


@require_POST
@role_required(Role.ORGANISER)
def round_close(request: MemberRequest, pk: int) -> HttpResponse:
    """Before the meet-by date, asks first (the round page's button posts without
    `confirm`) and says what closing stops; afterwards closes at once."""
    round_ = _round(request, pk)
    now = timezone.now()
    asks = round_.status == RoundStatus.ANNOUNCED and closing.round_closes_early(round_, now)
    if asks and request.POST.get("confirm") != "1":
        context = {
            "round": round_,
            "program": round_.program,
            "plan": closing.close_plan(round=round_, now=now),
        }
        return render(request, "coffee/organiser/round_close.html", context)
    return _act(
        request,
        lambda: announcing.round_close(round=round_, now=now),
        _("Closed round %(number)d.") % {"number": round_.number},
        reverse("coffee:round", args=[round_.pk]),
    )
