"""Contractor care's pages: placements (members read; organisers record, change and end
them), a client's anonymous feedback, and the contractor's check-in form behind a signed
link (no login; never indexed, no referrer; a link that does not work is a plain 404)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from hallway.accounts.http import MemberRequest
from hallway.accounts.links import InvalidLink
from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404, has_role, role_required
from hallway.core.timezones import organisation_today
from hallway.outreach.care_forms import CheckInAnswerForm, PlacementEndForm, PlacementForm
from hallway.outreach.care_links import check_in_of
from hallway.outreach.models import Placement, PlacementStatus
from hallway.outreach.selectors.care import (
    check_ins_of,
    client_feedback,
    client_k,
    clients_rated,
    placements_of,
)
from hallway.outreach.services.care import (
    can_rate_client,
    check_in_answer,
    placement_end,
    placement_record,
    placement_update,
)
from hallway.outreach.tabs import outreach_tabs
from hallway.people.forms import add_service_errors
from hallway.relationships.interface import Company

TAB = "outreach:care"


def _sees_answers(request: MemberRequest, placement: Placement) -> bool:
    """The answers are named: for the placement's owner and organisers only."""
    return placement.owner_id == request.user.pk or has_role(request, Role.ORGANISER)


@role_required(Role.MEMBER)
def care(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    ended = request.GET.get("status") == PlacementStatus.ENDED
    placements = placements_of(
        organisation, status=PlacementStatus.ENDED if ended else PlacementStatus.ACTIVE
    )[:500]
    organise = has_role(request, Role.ORGANISER)
    rows = [
        {
            "placement": placement,
            "last_score": placement.last_score  # type: ignore[attr-defined]
            if organise or placement.owner_id == request.user.pk
            else None,
        }
        for placement in placements
    ]
    return render(
        request,
        "outreach/care/list.html",
        {
            "tabs": outreach_tabs(request, TAB),
            "rows": rows,
            "ended": ended,
            "organise": organise,
            "clients": clients_rated(organisation)[:200],
        },
    )


@role_required(Role.MEMBER)
def placement(request: MemberRequest, pk: int) -> HttpResponse:
    found = get_scoped_or_404(
        Placement.objects.select_related("contractor", "company", "owner", "order"),
        request.organisation,
        pk=pk,
    )
    return render(
        request,
        "outreach/care/detail.html",
        {
            "tabs": outreach_tabs(request, TAB),
            "placement": found,
            "check_ins": check_ins_of(found),
            "sees_answers": _sees_answers(request, found),
            "organise": has_role(request, Role.ORGANISER),
        },
    )


@role_required(Role.ORGANISER)
def placement_new(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    form = PlacementForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        initial={
            "owner": request.user.pk,
            "starts_on": organisation_today(organisation, timezone.now()),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = placement_record(
                organisation=organisation,
                contractor=data["contractor"],
                company=data["company"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                owner=data["owner"],
                now=timezone.now(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Placement recorded; its check-ins are planned."))
            return redirect("outreach:placement", pk=created.pk)
    return render(
        request,
        "outreach/care/form.html",
        {"tabs": outreach_tabs(request, TAB), "form": form, "placement": None},
        status=400 if form.is_bound and form.errors else 200,
    )


@role_required(Role.ORGANISER)
def placement_edit(request: MemberRequest, pk: int) -> HttpResponse:
    found = get_scoped_or_404(
        Placement.objects.select_related("contractor", "company", "owner"),
        request.organisation,
        pk=pk,
    )
    form = PlacementForm(
        request.POST if request.method == "POST" else None,
        organisation=request.organisation,
        editing=True,
        initial={
            "company": found.company_id,
            "starts_on": found.starts_on,
            "ends_on": found.ends_on,
            "owner": found.owner_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            placement_update(
                placement=found,
                now=timezone.now(),
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                ends_on_cleared=data["ends_on"] is None,
                owner=data["owner"],
                company=data["company"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Placement saved; check-ins not asked yet follow the dates.")
            )
            return redirect("outreach:placement", pk=found.pk)
    return render(
        request,
        "outreach/care/form.html",
        {"tabs": outreach_tabs(request, TAB), "form": form, "placement": found},
        status=400 if form.is_bound and form.errors else 200,
    )


@role_required(Role.ORGANISER)
def placement_end_view(request: MemberRequest, pk: int) -> HttpResponse:
    found = get_scoped_or_404(
        Placement.objects.select_related("contractor", "company"), request.organisation, pk=pk
    )
    today = organisation_today(request.organisation, timezone.now())
    form = PlacementEndForm(
        request.POST if request.method == "POST" else None, initial={"ended_on": today}
    )
    if request.method == "POST" and form.is_valid():
        try:
            placement_end(
                placement=found, ended_on=form.cleaned_data["ended_on"], now=timezone.now()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Placement ended; later check-ins are dropped."))
            return redirect("outreach:placement", pk=found.pk)
    return render(
        request,
        "outreach/care/end.html",
        {"tabs": outreach_tabs(request, TAB), "form": form, "placement": found},
        status=400 if form.is_bound and form.errors else 200,
    )


@role_required(Role.MEMBER)
def all_clients_feedback(request: MemberRequest) -> HttpResponse:
    """All clients together: shown only where no hidden client could be worked out."""
    report = client_feedback(organisation=request.organisation, company=None, now=timezone.now())
    return render(
        request,
        "outreach/care/feedback.html",
        {"tabs": outreach_tabs(request, TAB), "company": None, "report": report},
    )


@role_required(Role.MEMBER)
def client_feedback_view(request: MemberRequest, pk: int) -> HttpResponse:
    company = get_scoped_or_404(Company, request.organisation, pk=pk)
    report = client_feedback(organisation=request.organisation, company=company, now=timezone.now())
    return render(
        request,
        "outreach/care/feedback.html",
        {"tabs": outreach_tabs(request, TAB), "company": company, "report": report},
    )


def _language(code: str) -> str:
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response


@csrf_exempt  # the signed token is the credential; the contractor has no session here
def check_in_form(request: HttpRequest, language: str, token: str) -> HttpResponse:
    """The contractor's answer, changeable through the same link while it works."""
    with translation.override(_language(language)):
        if request.method not in ("GET", "POST"):
            return HttpResponse(status=405)
        try:
            check_in = check_in_of(token)
        except InvalidLink:
            return _private(
                render(request, "messaging/link_invalid.html", {"problem": "invalid"}, status=404)
            )
        now = timezone.now()
        placement = check_in.placement
        can_rate = can_rate_client(check_in=check_in, now=now)
        form = CheckInAnswerForm(
            request.POST if request.method == "POST" else None,
            can_rate=can_rate,
            initial={
                "score": check_in.score,
                "comment": check_in.comment,
                "wants_call": check_in.wants_call,
            },
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                check_in_answer(
                    check_in=check_in,
                    score=data["score"],
                    comment=data["comment"],
                    wants_call=data["wants_call"],
                    rating_score=data.get("rating_score"),
                    rating_comment=data.get("rating_comment") or "",
                    now=now,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Thank you: your answers are saved."))
                here = reverse(
                    "outreach:check_in_form", kwargs={"language": language, "token": token}
                )
                return _private(redirect(here))
        owner = placement.owner
        return _private(
            render(
                request,
                "outreach/care/check_in_form.html",
                {
                    "form": form,
                    "placement": placement,
                    "check_in": check_in,
                    "can_rate": can_rate,
                    "k": client_k(placement.organisation),
                    "owner_name": (owner.get_full_name() or owner.email) if owner else "",
                },
                status=400 if form.is_bound and form.errors else 200,
            )
        )
