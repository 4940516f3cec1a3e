"""Forms of the time-off pages. They parse input; absences.services validates and writes."""

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hallway.absences.services import out_of_office_range_problem
from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.core.forms import form_field
from hallway.people.field_kinds import DATE_INPUT
from hallway.people.models import Location


class WhereForm(forms.Form):
    """A form about the whole organisation or one of its locations."""

    location = forms.ModelChoiceField(
        label=_("Where"),
        queryset=Location.objects.none(),
        required=False,
        empty_label=_("The whole organisation"),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = form_field(self, "location", forms.ModelChoiceField)
        field.queryset = scoped(Location, organisation).order_by("name")


class HolidayForm(WhereForm):
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    name = forms.CharField(label=_("Name"), max_length=120)
    field_order = ["date", "name", "location"]


class PublicHolidaysForm(WhereForm):
    """Add a country's public holidays of one year (names in every UI language it has)."""

    country = forms.ChoiceField(label=_("Country"))
    subdivision = forms.CharField(
        label=_("Region"),
        required=False,
        max_length=16,
        help_text=_("Optional: a state or province code such as NW, SP, NY or KA."),
    )
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200)

    def __init__(self, *args: Any, countries: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = form_field(self, "country", forms.ChoiceField)
        field.choices = [(code, f"{name} ({code})") for code, name in countries]
        self.fields["year"].initial = datetime.date.today().year


class OutOfOfficeForm(forms.Form):
    first_day = forms.DateField(label=_("First day away"), widget=DATE_INPUT)
    last_day = forms.DateField(label=_("Last day away"), widget=DATE_INPUT)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=200,
        help_text=_(
            "Optional, for example “parental leave”. Only you, your manager and organisers see it."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first_day, last_day = data.get("first_day"), data.get("last_day")
        if first_day and last_day:
            # With the form's own problems, not after them (out_of_office_add checks it too).
            problem = out_of_office_range_problem(first_day, last_day)
            if problem:
                self.add_error("last_day", problem)
        return data
