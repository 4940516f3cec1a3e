"""Time-off pages: who is away, a person's out-of-office ranges, the holiday calendar."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hallway.absences.forms import HolidayForm, OutOfOfficeForm, PublicHolidaysForm
from hallway.absences.models import Holiday, OutOfOffice
from hallway.absences.selectors import (
    holidays_upcoming,
    out_of_office_may_edit,
    out_of_office_of,
    out_of_office_upcoming,
)
from hallway.absences.services import (
    holiday_add,
    holiday_date_problem,
    holiday_remove,
    holidays_fill_locations,
    holidays_import_public,
    out_of_office_add,
    out_of_office_remove,
    public_holiday_countries,
)
from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Organisation, Role
from hallway.accounts.tenancy import get_scoped_or_404, role_required, scoped
from hallway.core.timezones import organisation_today
from hallway.people.forms import add_service_errors
from hallway.people.models import Location, Person

#: How far ahead "who is away" looks.
AWAY_AHEAD = datetime.timedelta(weeks=4)


def _today(request: MemberRequest) -> datetime.date:
    return organisation_today(request.organisation, timezone.now())


def _may_edit(request: MemberRequest, person: Person) -> bool:
    return out_of_office_may_edit(
        membership=request.membership,
        user=request.user,
        person=person,
    )


@role_required()
def away_list(request: MemberRequest) -> HttpResponse:
    """Who is away in the coming four weeks, and the holidays in that time."""
    organisation = request.organisation
    today = _today(request)
    last = today + AWAY_AHEAD
    rows = [
        (row, _may_edit(request, row.person))
        for row in out_of_office_upcoming(organisation=organisation, first=today, last=last)
    ]
    me = scoped(Person, organisation).filter(user=request.user).first()
    context = {
        "rows": rows,
        "holidays": holidays_upcoming(organisation=organisation, first=today, last=last),
        "me": me,
        "today": today,
        "last": last,
        "is_organiser": request.membership.has_role(Role.ORGANISER),
    }
    return render(request, "absences/away.html", context)


@role_required()
def person_time_off(request: MemberRequest, pk: int) -> HttpResponse:
    """A person's out-of-office ranges, for those who may change them (POST adds one)."""
    organisation = request.organisation
    person = get_scoped_or_404(
        scoped(Person, organisation).select_related("manager"), organisation, pk=pk
    )
    if not _may_edit(request, person):
        raise Http404
    form = OutOfOfficeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            out_of_office_add(
                person=person,
                first_day=data["first_day"],
                last_day=data["last_day"],
                note=data["note"],
                created_by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved the time away."))
            return redirect("absences:person", pk=person.pk)
    today = _today(request)
    context = {
        "person": person,
        "ranges": out_of_office_of(person=person, since=today),
        "form": form,
        "today": today,
    }
    return render(request, "absences/person.html", context)


@require_POST
@role_required()
def out_of_office_delete(request: MemberRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    row = get_scoped_or_404(
        scoped(OutOfOffice, organisation).select_related("person__manager"), organisation, pk=pk
    )
    if not _may_edit(request, row.person):
        raise Http404
    person_pk = row.person_id
    out_of_office_remove(out_of_office=row)
    messages.success(request, _("Removed the time away."))
    return redirect("absences:person", pk=person_pk)


# --- The holiday calendar (organisers) ----------------------------------------------------


def _calendar_url(location: Location | None, year: int | None = None) -> str:
    query = [f"location={location.pk}" if location else "", f"year={year}" if year else ""]
    joined = "&".join(part for part in query if part)
    return reverse("absences:holidays") + (f"?{joined}" if joined else "")


def _location(request: MemberRequest, value: str | None) -> Location | None:
    if not value:
        return None
    return get_scoped_or_404(Location, request.organisation, pk=value)


def _usual_country(organisation: Organisation) -> str:
    """The country most of the organisation's locations are in (empty when none is known)."""
    usual = (
        scoped(Location, organisation)
        .exclude(country="")
        .values("country")
        .annotate(count=Count("id"))
        .order_by("-count", "country")
        .first()
    )
    return usual["country"] if usual else ""


@role_required(Role.ORGANISER)
def holiday_list(request: MemberRequest) -> HttpResponse:
    """One year of the calendar: the organisation's days, or those that apply at a location
    (its own plus the organisation-wide ones). POST adds a day."""
    organisation = request.organisation
    today = _today(request)
    location = _location(request, request.GET.get("location"))
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = today.year
    year = min(max(year, 1900), 2200)
    form = HolidayForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        initial={"location": location},
    )
    if request.method == "POST" and not form.is_valid():
        data = form.cleaned_data
        if data.get("date") and "location" in data:  # a day taken shows with the rest
            taken = holiday_date_problem(
                organisation=organisation, date=data["date"], location=data["location"]
            )
            if taken:
                form.add_error("date", taken)
    elif request.method == "POST":
        data = form.cleaned_data
        try:
            holiday = holiday_add(
                organisation=organisation,
                date=data["date"],
                name=data["name"],
                location=data["location"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Added %(name)s.") % {"name": holiday.name})
            return redirect(_calendar_url(location, holiday.date.year))
    days = scoped(Holiday, organisation).filter(date__year=year).select_related("location")
    if location is not None:
        days = days.filter(Q(location__isnull=True) | Q(location=location))
    default_country = location.country if location else _usual_country(organisation)
    locations = scoped(Location, organisation).order_by("name")
    context = {
        "location": location,
        "locations": locations,
        "without_region": [place for place in locations if not place.country],
        "year": year,
        "years": [year - 1, year + 1],
        "days": days,
        "form": form,
        "public_form": PublicHolidaysForm(
            organisation=organisation,
            countries=public_holiday_countries(),
            initial={
                "location": location,
                "country": default_country.upper(),
                "subdivision": location.subdivision if location else "",
                "year": year,
            },
        ),
        "today": today,
    }
    return render(request, "absences/holidays.html", context)


@require_POST
@role_required(Role.ORGANISER)
def holiday_public(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    form = PublicHolidaysForm(
        request.POST, organisation=organisation, countries=public_holiday_countries()
    )
    if not form.is_valid():
        for error_messages in form.errors.values():
            for message in error_messages:
                messages.error(request, str(message))
        return redirect(_calendar_url(_location(request, request.POST.get("location"))))
    data = form.cleaned_data
    try:
        added = holidays_import_public(
            organisation=organisation,
            country=data["country"],
            subdivision=data["subdivision"],
            year=data["year"],
            location=data["location"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _added(len(added)))
    return redirect(_calendar_url(data["location"], data["year"]))


def _added(count: int) -> str:
    return ngettext(
        "Added %(count)d public holiday.", "Added %(count)d public holidays.", count
    ) % {"count": count}


@require_POST
@role_required(Role.ORGANISER)
def holidays_fill(request: MemberRequest) -> HttpResponse:
    """Fill this year's and next year's public holidays of every location now (the daily
    job does the same)."""
    organisation = request.organisation
    today = _today(request)
    added = holidays_fill_locations(organisation=organisation, years=[today.year, today.year + 1])
    messages.success(request, _added(added))
    return redirect(_calendar_url(None, today.year))


@require_POST
@role_required(Role.ORGANISER)
def holiday_delete(request: MemberRequest, pk: int) -> HttpResponse:
    holiday = get_scoped_or_404(Holiday, request.organisation, pk=pk)
    name, year = holiday.display_name, holiday.date.year
    location = _location(request, request.POST.get("location"))
    holiday_remove(holiday=holiday)
    messages.success(request, _("Removed %(name)s.") % {"name": name})
    return redirect(_calendar_url(location, year))
