"""The stand-ups' pages: the list, a new one and its changes (organisers and the owner), and
one stand-up with its latest (or a chosen) date: answers, blockers to mark resolved, who is
away, and the team's mood as an average of three or more.

Every member of the organisation sees its stand-ups, like the digest their team gets; the
answers are the team's, not private (mood aside, which is never shown per person).
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.tenancy import get_scoped_or_404, role_required, scoped
from hallway.people.forms import add_service_errors
from hallway.people.models import Person
from hallway.rituals.models import CheckIn, Occurrence, StandUp, StandUpMode
from hallway.rituals.selectors.circles import circle_label, circle_members
from hallway.rituals.selectors.standups import (
    checkin_may_act,
    checkins_on_the_gong,
    date_summary,
    mood_trend,
    occurrences_of,
    open_blockers_of,
    standup_cadence,
    standup_may_create,
    standup_may_manage,
    standup_questions,
    standups_listed,
)
from hallway.rituals.services.standups import (
    blocker_resolve,
    cadence_label,
    checkin_celebrate,
    standup_create,
    standup_update,
)
from hallway.rituals.services.standups_video import standup_video_schedule, video_plan
from hallway.rituals.standup_forms import StandUpForm, standup_initial
from hallway.rituals.tabs import ritual_tabs

DATES_SHOWN = 30
MOOD_DAYS = 30


@role_required()
def standup_list(request: MemberRequest) -> HttpResponse:
    standups = list(standups_listed(organisation=request.organisation))
    rows = [
        {"standup": s, "circle": circle_label(s), "cadence": cadence_label(s.rule)}
        for s in standups
    ]
    return render(
        request,
        "rituals/standups/list.html",
        {
            "tabs": ritual_tabs(request, "rituals:standups"),
            "rows": rows,
            "may_create": standup_may_create(role=request.membership.role),
        },
    )


def _form_page(request: MemberRequest, form: StandUpForm, standup: StandUp | None) -> HttpResponse:
    return render(
        request,
        "rituals/standups/form.html",
        {"tabs": ritual_tabs(request, "rituals:standups"), "form": form, "standup": standup},
    )


@role_required()
@require_http_methods(["GET", "POST"])
def standup_new(request: MemberRequest) -> HttpResponse:
    if not standup_may_create(role=request.membership.role):
        raise PermissionDenied
    now = timezone.now()
    form = StandUpForm(
        request.POST or None,
        organisation=request.organisation,
        initial=standup_initial(None, today=timezone.localdate()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            standup = standup_create(
                organisation=request.organisation, data=form.to_data(), by=request.user, now=now
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Created %(name)s.") % {"name": standup.name})
            return redirect("rituals:standup", pk=standup.pk)
    return _form_page(request, form, None)


def _managed(request: MemberRequest, pk: int) -> StandUp:
    standup = get_scoped_or_404(StandUp, request.organisation, pk=pk)
    if not standup_may_manage(user=request.user, role=request.membership.role, standup=standup):
        raise PermissionDenied
    return standup


@role_required()
@require_http_methods(["GET", "POST"])
def standup_edit(request: MemberRequest, pk: int) -> HttpResponse:
    standup = _managed(request, pk)
    form = StandUpForm(
        request.POST or None,
        organisation=request.organisation,
        initial=standup_initial(standup, today=timezone.localdate()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            standup = standup_update(standup=standup, data=form.to_data(), now=timezone.now())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("rituals:standup", pk=standup.pk)
    return _form_page(request, form, standup)


def _chosen_date(request: MemberRequest) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return None


@role_required()
def standup_detail(request: MemberRequest, pk: int) -> HttpResponse:
    standup = get_scoped_or_404(StandUp, request.organisation, pk=pk)
    now = timezone.now()
    dates = list(occurrences_of(standup=standup)[:DATES_SHOWN])
    chosen = _chosen_date(request)
    occurrence: Occurrence | None = None
    if chosen is not None:
        occurrence = Occurrence.objects.filter(standup=standup, date=chosen).first()
    if occurrence is None and dates:
        occurrence = dates[0]
    summary = date_summary(occurrence=occurrence, now=now) if occurrence else None
    manage = standup_may_manage(user=request.user, role=request.membership.role, standup=standup)
    role = request.membership.role
    if summary is not None and occurrence is not None:
        occurrence.standup = standup
        on_gong = checkins_on_the_gong(organisation=request.organisation, checkins=summary.answers)
        for row in summary.answers:
            row.occurrence = occurrence  # read already
            row.celebration_id = on_gong.get(row.pk)  # type: ignore[attr-defined]  # for the page
            row.may_act = checkin_may_act(  # type: ignore[attr-defined]  # for the page
                user=request.user, role=role, checkin=row
            )
        for row in summary.blockers:
            row.occurrence = occurrence  # read already
            row.may_resolve = checkin_may_act(  # type: ignore[attr-defined]  # for the page
                user=request.user, role=role, checkin=row
            )
    older = [
        c
        for c in open_blockers_of(standup=standup)[:20]
        if occurrence is None or c.occurrence_id != occurrence.pk
    ]
    for row in older:
        row.occurrence.standup = standup
        row.may_resolve = checkin_may_act(  # type: ignore[attr-defined]  # for the page
            user=request.user, role=role, checkin=row
        )
    plan = video_plan(standup=standup) if standup.mode == StandUpMode.VIDEO else None
    context = {
        "tabs": ritual_tabs(request, "rituals:standups"),
        "standup": standup,
        "circle": circle_label(standup),
        "cadence": cadence_label(standup.rule),
        "questions": standup_questions(standup),
        "cadence_key": standup_cadence(standup),
        "members": circle_members(owner=standup, organisation=request.organisation).count(),
        "dates": dates,
        "occurrence": occurrence,
        "summary": summary,
        "manage": manage,
        "older_blockers": older,
        "mood_month": mood_trend(
            standup=standup, since=timezone.localdate() - datetime.timedelta(days=MOOD_DAYS)
        ),
        "plan": plan,
    }
    return render(request, "rituals/standups/detail.html", context)


@role_required()
@require_POST
def standup_blocker(request: MemberRequest, pk: int) -> HttpResponse:
    """Mark a blocker resolved (or open again); with htmx, the blocker's own block."""
    checkin = get_scoped_or_404(
        CheckIn.objects.select_related("person", "occurrence__standup"),
        request.organisation,
        pk=pk,
    )
    if not checkin_may_act(user=request.user, role=request.membership.role, checkin=checkin):
        raise PermissionDenied
    resolved = request.POST.get("resolved", "1") == "1"
    try:
        checkin = blocker_resolve(
            checkin=checkin, by=request.user, now=timezone.now(), resolved=resolved
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.htmx:
        return render(
            request,
            "rituals/standups/_blocker.html",
            {"row": checkin, "may_resolve": True},
        )
    standup = checkin.occurrence.standup
    url = f"{standup_url(standup)}?date={checkin.occurrence.date.isoformat()}"
    return redirect(url)


def standup_url(standup: StandUp) -> str:
    from django.urls import reverse

    return reverse("rituals:standup", kwargs={"pk": standup.pk})


@role_required()
@require_POST
def standup_video_time(request: MemberRequest, pk: int) -> HttpResponse:
    """Choose the video call's time again (the circle changed): everyone gets the update."""
    standup = _managed(request, pk)
    if standup.mode == StandUpMode.VIDEO:
        standup_video_schedule(standup=standup, now=timezone.now())
        messages.success(request, _("A new time was chosen; everyone gets the updated series."))
    return redirect("rituals:standup", pk=standup.pk)


@role_required()
@require_POST
def standup_win(request: MemberRequest, pk: int) -> HttpResponse:
    """Send the win in an answer to the gong; with htmx, the answer's actions again."""
    checkin = get_scoped_or_404(
        CheckIn.objects.select_related("person__team", "occurrence__standup__organisation"),
        request.organisation,
        pk=pk,
    )
    if not checkin_may_act(user=request.user, role=request.membership.role, checkin=checkin):
        raise PermissionDenied
    me = scoped(Person, request.organisation).filter(user=request.user).first()
    try:
        celebration = checkin_celebrate(checkin=checkin, posted_by=me, now=timezone.now())
    except ValidationError as exc:
        if request.htmx:
            return HttpResponse(" ".join(exc.messages), status=409)
        messages.error(request, " ".join(exc.messages))
        celebration = None
    if request.htmx:
        checkin.celebration_id = celebration.pk if celebration else None  # type: ignore[attr-defined]  # for the partial
        checkin.may_act = True  # type: ignore[attr-defined]  # checked above
        return render(request, "rituals/standups/_checkin_actions.html", {"row": checkin})
    if celebration is not None:
        messages.success(request, _("The gong rang: the win is on the wall."))
    url = reverse("rituals:standup", args=[checkin.occurrence.standup_id])
    return redirect(f"{url}?date={checkin.occurrence.date:%Y-%m-%d}#checkin-{checkin.pk}")
