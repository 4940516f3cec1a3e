"""Forms of the directory pages. They parse input; people.services validates and writes."""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.http import urlencode
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.core.validators import known_timezones
from hallway.people.hours import WEEKDAYS
from hallway.people.models import MESSAGE_LANGUAGES, Location, Person, PersonStatus, Team
from hallway.people.selectors import manager_choices, tag_names
from hallway.people.services import PersonData

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def timezone_names() -> list[str]:
    return sorted(known_timezones())


def split_list(value: str, separators: str = r"[,;]") -> list[str]:
    return [part.strip() for part in re.split(separators, value or "") if part.strip()]


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the form fields of the same name."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
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
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All teams")
    )
    location = forms.ModelChoiceField(
        label=_("Location"),
        queryset=Location.objects.none(),
        required=False,
        empty_label=_("All locations"),
    )
    tag = forms.ChoiceField(label=_("Interest"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *PersonStatus.choices],
    )
    language = forms.ChoiceField(
        label=_("Message language"),
        required=False,
        choices=[("", _("Any language")), *MESSAGE_LANGUAGES],
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
        location_field.queryset = scoped(Location, organisation).order_by("name")
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


class ManagerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.email})"


class PersonForm(forms.Form):
    """Create or edit a person. Field names are those of `PersonData`."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email address"))
    job_title = forms.CharField(label=_("Job title"), max_length=120, required=False)
    team = forms.CharField(
        label=_("Team"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"list": "team-options", "autocomplete": "off"}),
        help_text=_("Choose an existing team or type the name of a new one."),
    )
    department = forms.CharField(label=_("Department"), max_length=120, required=False)
    location = forms.CharField(
        label=_("Location"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"list": "location-options", "autocomplete": "off"}),
        help_text=_("Choose an existing location or type the name of a new one."),
    )
    timezone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        widget=forms.TextInput(attrs={"list": "timezone-options", "autocomplete": "off"}),
        help_text=_("An IANA time zone such as Europe/Berlin or America/Sao_Paulo."),
    )
    work_start = forms.TimeField(label=_("Working hours start"), widget=TIME_INPUT)
    work_end = forms.TimeField(label=_("Working hours end"), widget=TIME_INPUT)
    working_days = forms.TypedMultipleChoiceField(
        label=_("Working days"),
        coerce=int,
        choices=list(WEEKDAYS.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one working day.")},
    )
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        help_text=_("Two-letter codes separated by commas, for example de, en, pt."),
    )
    interests = forms.CharField(
        label=_("Interests"),
        required=False,
        help_text=_("Separated by commas, for example climbing, sourdough."),
    )
    manager = ManagerChoiceField(
        label=_("Manager"), queryset=Person.objects.none(), required=False, empty_label=_("None")
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DATE_INPUT)
    preferred_language = forms.ChoiceField(label=_("Message language"), choices=MESSAGE_LANGUAGES)
    slack_id = forms.CharField(
        label=_("Slack member ID"),
        max_length=32,
        required=False,
        help_text=_("For example U01AB2CD3EF, from the person's Slack profile."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=PersonStatus.choices)
    paused_until = forms.DateField(
        label=_("Paused until"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Needed when the status is paused."),
    )
    left_on = forms.DateField(
        label=_("Left on"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("When the status is left; today if empty."),
    )

    def __init__(
        self, *args: Any, organisation: Organisation, person: Person | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        manager_field = self.fields["manager"]
        assert isinstance(manager_field, forms.ModelChoiceField)
        manager_field.queryset = manager_choices(organisation=organisation, exclude=person)

    @staticmethod
    def initial_for(person: Person) -> dict[str, Any]:
        return {
            "name": person.name,
            "email": person.email,
            "job_title": person.job_title,
            "team": person.team.name if person.team else "",
            "department": person.department,
            "location": person.location.name if person.location else "",
            "timezone": person.timezone,
            "work_start": person.work_start,
            "work_end": person.work_end,
            "working_days": person.working_days,
            "languages": ", ".join(person.languages or []),
            "interests": ", ".join(tag.name for tag in person.interests.all()),
            "manager": person.manager_id,
            "start_date": person.start_date,
            "preferred_language": person.preferred_language,
            "slack_id": person.slack_id,
            "status": person.status,
            "paused_until": person.paused_until,
            "left_on": person.left_on,
        }

    @staticmethod
    def initial_for_new(organisation: Organisation) -> dict[str, Any]:
        return {
            "timezone": organisation.timezone,
            "work_start": "09:00",
            "work_end": "17:00",
            "working_days": [1, 2, 3, 4, 5],
            "preferred_language": organisation.language,
            "status": PersonStatus.ACTIVE,
        }

    def person_data(self) -> PersonData:
        data = self.cleaned_data
        manager = data.get("manager")
        return PersonData(
            name=data["name"],
            email=data["email"],
            job_title=data["job_title"],
            team=data["team"] or None,
            department=data["department"],
            location=data["location"] or None,
            timezone=data["timezone"],
            work_start=data["work_start"],
            work_end=data["work_end"],
            working_days=sorted(data["working_days"]),
            languages=[code.lower() for code in split_list(data["languages"], r"[,;\s]+")],
            interests=split_list(data["interests"]),
            manager=manager.email if manager else None,
            start_date=data["start_date"],
            preferred_language=data["preferred_language"],
            slack_id=data["slack_id"],
            status=data["status"],
            paused_until=data["paused_until"],
            left_on=data["left_on"],
        )


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

    action = forms.ChoiceField(label=_("Action"), choices=BulkAction.CHOICES)
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
        if not ids:
            raise ValidationError(_("Select at least one person first."), code="empty")
        data["ids"] = ids
        action = data.get("action")
        if action == BulkAction.TAG and not (data.get("tag_name") or "").strip():
            self.add_error("tag_name", _("Enter the interest to add."))
        if action == BulkAction.PAUSE and not data.get("paused_until"):
            self.add_error("paused_until", _("Enter the date the pause ends."))
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
        widget=forms.TextInput(attrs={"list": "timezone-options", "autocomplete": "off"}),
        help_text=_("An IANA time zone such as Europe/Amsterdam or Asia/Kolkata."),
    )
