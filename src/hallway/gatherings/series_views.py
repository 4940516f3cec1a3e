"""The pages of gatherings that come back: "run it again" on a gathering's page, a new
series of recurring happy hours, and pausing or resuming a series.

A gathering's hosts and the organisers repeat it; organisers create and pause series (a
series invites a whole team, department or location).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role, User
from hallway.accounts.tenancy import get_scoped_or_404, role_required, scoped
from hallway.gatherings.models import Gathering, GatheringSeries
from hallway.gatherings.selectors.gatherings import may_manage
from hallway.gatherings.series_forms import RepeatForm, SeriesForm
from hallway.gatherings.services.series import gathering_repeat, series_create
from hallway.people.forms import add_service_errors
from hallway.people.models import Location, Person, Team


@require_POST
@role_required()
def gathering_repeat_view(request: MemberRequest, pk: int) -> HttpResponse:
    gathering = get_scoped_or_404(Gathering, request.organisation, pk=pk)
    if not may_manage(user=request.user, role=request.membership.role, gathering=gathering):
        raise PermissionDenied
    form = RepeatForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the next start as a date and a time."))
        repeat = gathering_repeat(
            gathering=gathering, starts_at=form.cleaned_data["starts_at"], by=request.user
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("gatherings:detail", pk=pk)
    messages.success(
        request,
        _("Run again: %(title)s, with everyone who said yes or maybe invited.")
        % {"title": repeat.title},
    )
    return redirect("gatherings:detail", pk=repeat.pk)


@role_required(Role.ORGANISER)
def series_new(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    departments = sorted(
        {
            *scoped(Person, organisation)
            .exclude(department="")
            .values_list("department", flat=True),
            *scoped(Team, organisation).exclude(department="").values_list("department", flat=True),
        }
    )
    form = SeriesForm(
        request.POST if request.method == "POST" else None,
        members=User.objects.filter(memberships__organisation=organisation).order_by(
            "first_name", "email"
        ),
        teams=scoped(Team, organisation),
        locations=scoped(Location, organisation),
        departments=departments,
        initial={"hosts": [request.user.pk]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            series = series_create(
                organisation=organisation,
                title=data["title"],
                hosts=list(data["hosts"]),
                cadence=data["cadence"],
                first_on=data["first_on"],
                team=data["team"],
                department=data["department"],
                location=data["location"],
                hour=data["hour"],
                minutes=data["minutes"],
                capacity=data["capacity"],
                kind=data["kind"],
                topic=data["topic"],
                invitation_text=data["invitation_text"],
                language=request.LANGUAGE_CODE,
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Created the series %(title)s. Each time is planned ten days ahead.")
                % {"title": series.title},
            )
            return redirect("gatherings:list")
    return render(request, "gatherings/series_form.html", {"form": form})


@require_POST
@role_required(Role.ORGANISER)
def series_active(request: MemberRequest, pk: int) -> HttpResponse:
    series = get_scoped_or_404(GatheringSeries, request.organisation, pk=pk)
    series.active = not series.active
    series.save(update_fields=["active"])
    if series.active:
        messages.success(request, _("The series is on again."))
    else:
        messages.success(request, _("The series is paused; gatherings already planned stay."))
    return redirect("gatherings:list")
