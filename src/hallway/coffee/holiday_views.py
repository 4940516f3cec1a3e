"""The holiday calendar: days without rounds, for the organisation or one location."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hallway.accounts.models import Organisation, Role
from hallway.accounts.tenancy import get_scoped_or_404, role_required, scoped
from hallway.coffee.forms import HolidayForm, PublicHolidaysForm
from hallway.coffee.models import Holiday
from hallway.coffee.services.programs import (
    holiday_add,
    holiday_remove,
    holidays_import_public,
    public_holiday_countries,
)
from hallway.core.timezones import organisation_today
from hallway.people.forms import add_service_errors
from hallway.people.models import Location


def _calendar_url(location: Location | None, year: int | None = None) -> str:
    query = [f"location={location.pk}" if location else "", f"year={year}" if year else ""]
    joined = "&".join(part for part in query if part)
    return reverse("coffee:holidays") + (f"?{joined}" if joined else "")


def _location(request: HttpRequest, value: str | None) -> Location | None:
    if not value:
        return None
    return get_scoped_or_404(Location, request.organisation, pk=value)  # type: ignore[attr-defined]


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
def holiday_list(request: HttpRequest) -> HttpResponse:
    """One year of the calendar: the organisation's days, or those that apply at a location
    (its own plus the organisation-wide ones). POST adds a day."""
    organisation = request.organisation  # type: ignore[attr-defined]
    today = organisation_today(organisation, timezone.now())
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
    if request.method == "POST" and form.is_valid():
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
    context = {
        "location": location,
        "locations": scoped(Location, organisation).order_by("name"),
        "year": year,
        "years": [year - 1, year + 1],
        "days": days,
        "form": form,
        "public_form": PublicHolidaysForm(
            organisation=organisation,
            countries=public_holiday_countries(),
            initial={"location": location, "country": default_country.upper(), "year": year},
        ),
        "today": today,
    }
    return render(request, "coffee/organiser/holidays.html", context)


@require_POST
@role_required(Role.ORGANISER)
def holiday_public(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    form = PublicHolidaysForm(
        request.POST, organisation=organisation, countries=public_holiday_countries()
    )
    if not form.is_valid():
        for error_messages in form.errors.values():
            for message in error_messages:
                messages.error(request, message)
        return redirect(_calendar_url(_location(request, request.POST.get("location"))))
    data = form.cleaned_data
    try:
        added = holidays_import_public(
            organisation=organisation,
            country=data["country"],
            year=data["year"],
            location=data["location"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            ngettext(
                "Added %(count)d public holiday.", "Added %(count)d public holidays.", len(added)
            )
            % {"count": len(added)},
        )
    return redirect(_calendar_url(data["location"], data["year"]))


@require_POST
@role_required(Role.ORGANISER)
def holiday_delete(request: HttpRequest, pk: int) -> HttpResponse:
    holiday = get_scoped_or_404(Holiday, request.organisation, pk=pk)  # type: ignore[attr-defined]
    name, year = holiday.name, holiday.date.year
    location = _location(request, request.POST.get("location"))
    holiday_remove(holiday=holiday)
    messages.success(request, _("Removed %(name)s.") % {"name": name})
    return redirect(_calendar_url(location, year))
