"""Writes for absences: holidays (by hand and from the public calendars) and out-of-office.

Invalid input raises one `ValidationError` with every problem by field name and changes
nothing. Public holidays come from the `holidays` package: a location's from its country
and region (`Location.region`, "DE-NW"), each with its name in the calendar's own language
and in every UI language the package has.
"""

import datetime
import functools
import logging
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hallway.absences.models import Holiday, OutOfOffice
from hallway.accounts.models import Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.core.countries import countries_named
from hallway.core.dates import medium_date
from hallway.people.models import Location, Person

logger = logging.getLogger("hallway.absences")

MAX_NOTE = 200
#: Out-of-office ranges longer than this are almost certainly a typo in the year.
MAX_RANGE_DAYS = 366


def holiday_date_problem(
    *, organisation: Organisation, date: datetime.date, location: Location | None
) -> str | None:
    """That the day already is a holiday there (pages ask it beside their form's problems)."""
    if Holiday.objects.filter(organisation=organisation, location=location, date=date).exists():
        return _("There is already a holiday on this day.")
    return None


def holiday_add(
    *,
    organisation: Organisation,
    date: datetime.date,
    name: str,
    location: Location | None = None,
) -> Holiday:
    """A day off for the whole organisation, or only at `location`."""
    errors: dict[str, list[str]] = {}
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = [_("Give the holiday a name.")]
    elif len(name) > 120:
        errors["name"] = [_("Enter at most %(max)s characters.") % {"max": 120}]
    if location is not None and location.organisation_id != organisation.pk:
        errors["location"] = [_("Choose only from this organisation.")]
    else:
        taken = holiday_date_problem(organisation=organisation, date=date, location=location)
        if taken:
            errors["date"] = [taken]
    if errors:
        raise ValidationError(errors)
    return Holiday.objects.create(
        organisation=organisation, date=date, name=name, location=location
    )


def holiday_remove(*, holiday: Holiday) -> None:
    holiday.delete()


def public_holiday_countries(language: str | None = None) -> list[tuple[str, str]]:
    """(ISO code, name) of every country the public-holiday calendar knows, named in
    `language` (default: the active one) and sorted by that name."""
    from holidays import registry

    countries = {}
    for entry in registry.COUNTRIES.values():
        # The class name is the country in CamelCase: "UnitedKingdom" → "United Kingdom";
        # the name when CLDR has none.
        countries[entry[1]] = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", entry[0])
    return countries_named(countries.items(), language)


def _language_of(calendar: Any, code: str) -> str | None:
    """The calendar's language for UI language `code` ("en" → "en_US"), if it has one;
    its default language first ("en_IN" for India)."""
    supported = [str(language) for language in getattr(calendar, "supported_languages", ())]
    matching = [
        language
        for language in supported
        if language.lower() == code or language.lower().startswith(f"{code}_")
    ]
    default = str(getattr(calendar, "default_language", "") or "")
    if default in matching:
        return default
    for preferred in (f"{code}_US", f"{code}_GB"):
        if preferred in matching:
            return preferred
    return matching[0] if matching else None


@functools.lru_cache(maxsize=128)
def public_holiday_dates(region: str, year: int) -> frozenset[datetime.date]:
    """Only the days of a calendar's public holidays ("BR-SP", "NL") in a year, for someone
    without a location in the directory (a contact); none for a calendar `holidays` lacks."""
    import holidays

    country, _sep, subdivision = region.upper().partition("-")
    try:
        found = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    except NotImplementedError:  # the package's answer for a country it does not know
        return frozenset()
    return frozenset(found)


def public_holidays(
    *, country: str, subdivision: str, year: int
) -> dict[datetime.date, tuple[str, dict[str, str]]]:
    """The public holidays of a country (and region) in a year: each day's name in the
    calendar's own language, and by UI language code where the calendar has it."""
    import holidays

    probe = holidays.country_holidays(country, subdiv=subdivision or None)
    default = getattr(probe, "default_language", None)
    local = holidays.country_holidays(
        country, subdiv=subdivision or None, years=year, language=default
    )
    names: dict[datetime.date, dict[str, str]] = {day: {} for day in local}
    for code, _label in settings.LANGUAGES:
        language = _language_of(probe, code)
        if language is None:
            continue
        translated = holidays.country_holidays(
            country, subdiv=subdivision or None, years=year, language=language
        )
        for day, name in translated.items():
            names.setdefault(day, {})[code] = name[:120]
    return {day: (name[:120], names.get(day, {})) for day, name in sorted(local.items())}


def _check_public(
    organisation: Organisation,
    country: str,
    subdivision: str,
    year: int,
    location: Location | None,
) -> None:
    import holidays

    errors: dict[str, list[str]] = {}
    known = dict(public_holiday_countries())
    if country not in known:
        errors["country"] = [
            _("No public holiday calendar for the country code “%(code)s”.") % {"code": country}
        ]
    elif subdivision and subdivision not in holidays.list_supported_countries()[country]:
        errors["subdivision"] = [
            _("%(country)s has no region “%(code)s”.") % {"country": country, "code": subdivision}
        ]
    if not 1900 <= year <= 2200:
        errors["year"] = [_("Enter a year from %(low)d to %(high)d.") % {"low": 1900, "high": 2200}]
    if location is not None and location.organisation_id != organisation.pk:
        errors["location"] = [_("Choose only from this organisation.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def holidays_import_public(
    *,
    organisation: Organisation,
    country: str,
    year: int,
    location: Location | None = None,
    subdivision: str = "",
) -> list[Holiday]:
    """Add the public holidays of `country` (ISO code, and region `subdivision`) in `year`,
    for the whole organisation or at `location`; days already marked stay as they are.

    Returns the holidays added.
    """
    country = (country or "").strip().upper()
    subdivision = (subdivision or "").strip()
    _check_public(organisation, country, subdivision, year, location)
    region = f"{country}-{subdivision}" if subdivision else country
    taken = set(
        Holiday.objects.filter(
            organisation=organisation, location=location, date__year=year
        ).values_list("date", flat=True)
    )
    added = [
        Holiday(
            organisation=organisation,
            location=location,
            date=day,
            name=name,
            names=names,
            region=region,
        )
        for day, (name, names) in public_holidays(
            country=country, subdivision=subdivision, year=year
        ).items()
        if day not in taken
    ]
    return Holiday.objects.bulk_create(added)


def holidays_fill_locations(*, organisation: Organisation, years: list[int]) -> int:
    """Give every location with a country its public holidays of `years`, from its country
    and region. Returns how many days were added.

    Idempotent: a year that has any public holiday of the location's region already is left
    alone, so a day an organiser removed stays removed (removing all of a year's brings
    them back; clear the location's country to have none). A location that moved to
    another region loses that year's days of the old one.
    """
    added = 0
    locations = scoped(Location, organisation).exclude(country="").order_by("pk")
    for location in locations:
        for year in years:
            with transaction.atomic():
                days = Holiday.objects.filter(
                    organisation=organisation, location=location, date__year=year
                )
                if days.filter(region=location.region).exists():
                    continue
                days.exclude(region="").delete()  # another region's public holidays
                try:
                    added += len(
                        holidays_import_public(
                            organisation=organisation,
                            country=location.country,
                            subdivision=location.subdivision,
                            year=year,
                            location=location,
                        )
                    )
                except ValidationError:
                    # A country or region the calendar does not know: nothing to fill.
                    logger.info("absences: no public holidays for %s", location.region)
    return added


def holidays_fill_all(*, today: datetime.date) -> int:
    """Public holidays of this year and the next for every organisation's locations."""
    return sum(
        holidays_fill_locations(organisation=organisation, years=[today.year, today.year + 1])
        for organisation in Organisation.objects.order_by("pk")
    )


# --- Out of office ------------------------------------------------------------------------


def out_of_office_range_problem(first_day: datetime.date, last_day: datetime.date) -> str | None:
    """What is wrong with the range itself (forms check it too, beside their own fields)."""
    if last_day < first_day:
        return _("The last day cannot be before the first day.")
    if (last_day - first_day).days >= MAX_RANGE_DAYS:
        return _("A range can be at most a year long; add another one after it.")
    return None


@transaction.atomic
def out_of_office_add(
    *,
    person: Person,
    first_day: datetime.date | None,
    last_day: datetime.date | None,
    note: str = "",
    created_by: User | None = None,
) -> OutOfOffice:
    """A range of days `person` is away (both days included). Refused: a missing day, an
    end before the start, a range over a year, and an overlap with one of their ranges."""
    errors: dict[str, list[str]] = {}
    note = " ".join((note or "").split())
    if not isinstance(first_day, datetime.date):
        errors["first_day"] = [_("Enter the first day you are away.")]
    if not isinstance(last_day, datetime.date):
        errors["last_day"] = [_("Enter the last day you are away.")]
    if len(note) > MAX_NOTE:
        errors["note"] = [_("Enter at most %(max)s characters.") % {"max": MAX_NOTE}]
    if isinstance(first_day, datetime.date) and isinstance(last_day, datetime.date):
        range_problem = out_of_office_range_problem(first_day, last_day)
        if range_problem:
            errors["last_day"] = [range_problem]
        else:
            # Serialises two saves for the same person, so both cannot pass the check.
            Person.objects.select_for_update().filter(pk=person.pk).first()
            clash = (
                OutOfOffice.objects.filter(
                    person=person, first_day__lte=last_day, last_day__gte=first_day
                )
                .order_by("first_day")
                .first()
            )
            if clash is not None:
                errors["first_day"] = [
                    _("This overlaps the time away from %(first)s to %(last)s.")
                    % {"first": medium_date(clash.first_day), "last": medium_date(clash.last_day)}
                ]
    if errors:
        raise ValidationError(errors)
    assert isinstance(first_day, datetime.date)
    assert isinstance(last_day, datetime.date)
    return OutOfOffice.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        first_day=first_day,
        last_day=last_day,
        note=note,
        created_by=created_by,
    )


def out_of_office_remove(*, out_of_office: OutOfOffice) -> None:
    out_of_office.delete()
