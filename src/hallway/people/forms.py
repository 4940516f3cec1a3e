"""Forms of the directory pages. They parse input; people.services validates and writes."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.http import urlencode
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.core.validators import known_timezones, validate_timezone
from hallway.core.widgets import LongSelect
from hallway.people.field_kinds import DATE_INPUT as DATE_INPUT  # other forms take it from here
from hallway.people.field_kinds import split_list as split_list  # part of this module's API
from hallway.people.fields import FORM_FIELDS, FORM_SECTIONS, FormSection, PersonData
from hallway.people.models import MESSAGE_LANGUAGES, Location, Person, PersonStatus, Team
from hallway.people.selectors import tag_names
from hallway.people.validation import country_code_problem


def timezone_names() -> list[str]:
    return sorted(known_timezones())


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the form fields of the same name.

    A field the form already found wrong keeps only the form's message: a service checked
    with what the form could read says the same thing again in other words.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        if name in form.errors:
            continue
        form.add_error(name if name in form.fields else None, messages)


class PeopleFilterForm(forms.Form):
    """The list page's search and filters. Invalid values are reported and then ignored."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Name, email, job title or department."),
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("All teams"),
        widget=LongSelect,
    )
    location = forms.ModelChoiceField(
        label=_("Location"),
        queryset=Location.objects.none(),
        required=False,
        empty_label=_("All locations"),
        widget=LongSelect,
    )
    tag = forms.ChoiceField(label=_("Interest"), required=False, widget=LongSelect)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *PersonStatus.choices],
        widget=LongSelect,
    )
    language = forms.ChoiceField(
        label=_("Message language"),
        required=False,
        choices=[("", _("Any language")), *MESSAGE_LANGUAGES],
        widget=LongSelect,
    )
    new_hires = forms.BooleanField(
        label=_("New hires only"),
        required=False,
        help_text=_("Starting in the next 4 weeks or started in the last 6 weeks."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_field = self.fields["team"]
        location_field = self.fields["location"]
        assert isinstance(team_field, forms.ModelChoiceField)
        assert isinstance(location_field, forms.ModelChoiceField)
        team_field.queryset = scoped(Team, organisation).order_by("name")
        # Options straight from the names: a model per team to label it costs more than the
        # page (thousands of teams). The field still validates against the queryset.
        team_field.widget.choices = [
            ("", team_field.empty_label),
            *team_field.queryset.values_list("pk", "name"),
        ]
        location_field.queryset = scoped(Location, organisation).order_by("name")
        # Likewise, and on PostgreSQL a model choice iterator opens a server-side cursor.
        location_field.widget.choices = [
            ("", location_field.empty_label),
            *location_field.queryset.values_list("pk", "name"),
        ]
        tag_field = self.fields["tag"]
        assert isinstance(tag_field, forms.ChoiceField)
        self.tag_names = tag_names(organisation=organisation)
        tag_field.choices = [("", _("Any interest"))] + [(name, name) for name in self.tag_names]

    def export_query(self) -> str:
        """The valid, non-empty filters as a query string (for links that keep them)."""
        self.is_valid()
        kept = {
            name: self.data[name]
            for name in self.fields
            if name in self.cleaned_data and self.cleaned_data[name] and name in self.data
        }
        return urlencode(kept)

    def search_arguments(self) -> dict[str, Any]:
        """Keyword arguments for `people_search` from the valid part of the input."""
        self.is_valid()
        data = self.cleaned_data
        team = data.get("team")
        location = data.get("location")
        return {
            "query": data.get("q") or "",
            "team_id": team.pk if team else None,
            "location_id": location.pk if location else None,
            "tag": data.get("tag") or "",
            "status": data.get("status") or "",
            "language": data.get("language") or "",
            "new_hires": bool(data.get("new_hires")),
        }


class PersonForm(forms.Form):
    """Create or edit a person: the fields of `people.fields` that have a form section."""

    def __init__(
        self, *args: Any, organisation: Organisation, person: Person | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for field in FORM_FIELDS:
            form_field = field.kind.form_field(field)
            field.kind.form_bind(form_field, organisation=organisation, person=person)
            self.fields[field.key] = form_field

    def sections(self) -> list[tuple[FormSection, list[forms.BoundField]]]:
        """The form's fieldsets in order, each with its fields."""
        return [
            (section, [self[field.key] for field in FORM_FIELDS if field.section == section])
            for section in FORM_SECTIONS
        ]

    @staticmethod
    def initial_for(person: Person) -> dict[str, Any]:
        return {field.key: field.kind.form_initial(person, field.key) for field in FORM_FIELDS}

    @staticmethod
    def initial_for_new(organisation: Organisation) -> dict[str, Any]:
        """The model's defaults, with the organisation's time zone and language."""
        initial = {
            field.key: field.kind.form_value(field.model_field.get_default())
            for field in FORM_FIELDS
            if field.model_field.has_default()
        }
        initial.update(timezone=organisation.timezone, preferred_language=organisation.language)
        return initial

    def person_data(self) -> PersonData:
        """The fields the form could read (all of them when it is valid)."""
        data = self.cleaned_data
        return {
            field.key: field.kind.from_form(data[field.key])
            for field in FORM_FIELDS
            if field.key in data
        }


class IdListField(forms.Field):
    """Several ids from checkboxes or hidden inputs of the same name."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": _("The selection could not be read; please try again.")}

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        try:
            return [int(item) for item in value]
        except (TypeError, ValueError) as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


class BulkAction:
    TAG = "tag"
    PAUSE = "pause"
    LEAVE = "leave"
    REACTIVATE = "reactivate"
    CHOICES = [
        (TAG, _("Add an interest")),
        (PAUSE, _("Pause until a date")),
        (LEAVE, _("Mark as left")),
        (REACTIVATE, _("Set active again")),
    ]


class BulkActionForm(forms.Form):
    """An action for the people ticked on one page of the list."""

    action = forms.ChoiceField(label=_("Action"), choices=BulkAction.CHOICES, widget=LongSelect)
    tag_name = forms.CharField(
        label=_("Interest to add"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"list": "tag-options", "autocomplete": "off"}),
    )
    paused_until = forms.DateField(label=_("Paused until"), required=False, widget=DATE_INPUT)
    left_on = forms.DateField(label=_("Left on"), required=False, widget=DATE_INPUT)
    person_ids = IdListField(required=False)
    page_ids = IdListField(required=False)
    select_page = forms.BooleanField(label=_("Select everyone on this page"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "bulk_%s")
        super().__init__(*args, **kwargs)
        self.fields["left_on"].initial = localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Without JavaScript, "select everyone" cannot tick the boxes, so the page's ids
        # travel along and are used when it is checked.
        ids = data.get("page_ids") if data.get("select_page") else data.get("person_ids")
        # Every problem at once: an empty selection does not hide a missing interest or date.
        if not ids:
            self.add_error(
                None, ValidationError(_("Select at least one person first."), code="empty")
            )
        data["ids"] = ids or []
        action = data.get("action")
        if action == BulkAction.TAG and not (data.get("tag_name") or "").strip():
            self.add_error("tag_name", _("Enter the interest to add."))
        if action == BulkAction.PAUSE and "paused_until" not in self.errors:
            until = data.get("paused_until")
            if not until:
                self.add_error("paused_until", _("Enter the date the pause ends."))
            elif until <= localdate():  # people_bulk_pause checks it too, for other callers
                self.add_error("paused_until", _("The date a pause ends must be in the future."))
        if action == BulkAction.LEAVE and not data.get("left_on"):
            data["left_on"] = localdate()
        return data


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    department = forms.CharField(label=_("Department"), max_length=120, required=False)


class LocationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    country = forms.CharField(
        label=_("Country code"),
        required=False,
        help_text=_("Two letters (ISO 3166-1), for example DE, NL, BR, US, IN."),
    )
    subdivision = forms.CharField(
        label=_("Region"),
        required=False,
        max_length=16,
        help_text=_(
            "The state or province whose public holidays apply, for example NW "
            "(North Rhine-Westphalia), SP (São Paulo), NY or KA (Karnataka). Empty where "
            "the country has one calendar, as in the Netherlands."
        ),
    )
    timezone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        validators=[validate_timezone],
        widget=forms.TextInput(attrs={"list": "timezone-options", "autocomplete": "off"}),
        help_text=_("An IANA time zone such as Europe/Amsterdam or Asia/Kolkata."),
    )

    # location_save checks these too (for every caller); checked here as well so that they
    # show together with the form's own problems, not after those are fixed.
    def clean_country(self) -> str:
        country = str(self.cleaned_data.get("country") or "").strip()
        problem = country_code_problem(country)
        if problem:
            raise ValidationError(problem, code="invalid_country")
        return country
