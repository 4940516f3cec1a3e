"""Forms of the organiser pages. They parse input; coffee.services validates and writes."""

import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.coffee.models import Cadence, JoinMode, Program, StarterTheme, TeamPreference
from hallway.messaging.channel_setup import channel_email, channels_of
from hallway.messaging.models import Channel
from hallway.people.forms import DATE_INPUT, IdListField
from hallway.people.models import Location, Person, Tag, Team

WEEKDAYS = [
    (1, _("Monday")),
    (2, _("Tuesday")),
    (3, _("Wednesday")),
    (4, _("Thursday")),
    (5, _("Friday")),
    (6, _("Saturday")),
    (7, _("Sunday")),
]
HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]


class NamedChoiceField(forms.ModelMultipleChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PeopleByEmailField(forms.CharField):
    """Email addresses (one per line or separated by commas) of people in the directory."""

    widget = forms.Textarea(attrs={"rows": 2})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.organisation: Organisation | None = None
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> list[Person]:
        text = super().clean(value)
        emails = [part.lower() for part in re.split(r"[\s,;]+", text or "") if part]
        if not emails:
            return []
        people = {
            person.email: person
            for person in scoped(Person, self.organisation).filter(email__in=emails)
        }
        unknown = [email for email in emails if email not in people]
        if unknown:
            raise ValidationError(
                _("Nobody in the directory has the address %(emails)s."),
                code="unknown_email",
                params={"emails": ", ".join(unknown)},
            )
        return list(dict.fromkeys(people[email] for email in emails))


class ProgramForm(forms.Form):
    """Create or change a program. Field names are those of `program_create`."""

    name = forms.CharField(label=_("Name"), max_length=120)
    slug = forms.CharField(
        label=_("Short name for links"),
        max_length=60,
        required=False,
        help_text=_("Lowercase letters, numbers and hyphens. Empty: made from the name."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    audience_teams = NamedChoiceField(
        label=_("Teams"),
        queryset=Team.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience_locations = NamedChoiceField(
        label=_("Locations"),
        queryset=Location.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience_tags = NamedChoiceField(
        label=_("Interests"),
        queryset=Tag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    include_people = PeopleByEmailField(
        label=_("Also include"), help_text=_("Email addresses, one per line.")
    )
    exclude_people = PeopleByEmailField(
        label=_("Leave out"), help_text=_("Email addresses, one per line.")
    )
    join_mode = forms.ChoiceField(
        label=_("Joining"), choices=JoinMode.choices, widget=forms.RadioSelect
    )
    cadence = forms.ChoiceField(label=_("Cadence"), choices=Cadence.choices)
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=WEEKDAYS, coerce=int)
    hour = forms.TypedChoiceField(
        label=_("Hour"),
        choices=HOURS,
        coerce=int,
        help_text=_("When intros go out, in the organisation's time zone."),
    )
    first_round_on = forms.DateField(label=_("First round on or after"), widget=DATE_INPUT)
    group_size = forms.TypedChoiceField(
        label=_("Groups of"),
        choices=[(2, _("Pairs")), (3, _("Trios"))],
        coerce=int,
        widget=forms.RadioSelect,
    )
    team_preference = forms.ChoiceField(
        label=_("Teams within a group"), choices=TeamPreference.choices
    )
    location_preference = forms.ChoiceField(
        label=_("Locations within a group"), choices=TeamPreference.choices
    )
    require_shared_language = forms.BooleanField(
        label=_("Only pair people who share a language"), required=False
    )
    min_overlap_minutes = forms.IntegerField(
        label=_("Minimum overlap of working hours (minutes a week)"), min_value=0
    )
    avoid_repeat_days = forms.IntegerField(
        label=_("Do not repeat a partner within (days)"), min_value=0
    )
    meeting_minutes = forms.IntegerField(label=_("Meeting length (minutes)"), min_value=10)
    starter_theme = forms.ChoiceField(
        label=_("Conversation starters"), choices=StarterTheme.choices
    )
    channels = NamedChoiceField(
        label=_("Introduce people through"),
        queryset=Channel.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Email carries the calendar invite; on Slack each pair gets one group message. "
            "Admins add channels under Settings → Messages → Channels."
        ),
    )
    automatic = forms.BooleanField(
        label=_("Plan and announce automatically"),
        required=False,
        help_text=_("Otherwise you review every plan before it goes out."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, model in (
            ("audience_teams", Team),
            ("audience_locations", Location),
            ("audience_tags", Tag),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = scoped(model, organisation).order_by("name")
        for name in ("include_people", "exclude_people"):
            people_field = self.fields[name]
            assert isinstance(people_field, PeopleByEmailField)
            people_field.organisation = organisation
        channels = self.fields["channels"]
        assert isinstance(channels, forms.ModelMultipleChoiceField)
        email = channel_email(organisation)  # email is always there to choose
        channels.queryset = channels_of(organisation, enabled_only=True).order_by("kind", "name")
        if not self.is_bound and not self.initial.get("channels"):
            self.initial["channels"] = [email]

    @staticmethod
    def initial_for(program: Program | None, *, today: datetime.date) -> dict[str, Any]:
        """The form's starting values; a new program's first round is on or after `today`
        (in the organisation's zone)."""
        if program is None:
            defaults = Program()
            initial = {name: getattr(defaults, name) for name in PROGRAM_FIELDS}
            initial["first_round_on"] = today
            return initial
        initial = {name: getattr(program, name) for name in PROGRAM_FIELDS}
        for name in ("audience_teams", "audience_locations", "audience_tags", "channels"):
            initial[name] = list(getattr(program, name).all())
        for name in ("include_people", "exclude_people"):
            initial[name] = "\n".join(person.email for person in getattr(program, name).all())
        return initial

    def program_fields(self) -> dict[str, Any]:
        """The fields the form could read (all of them when it is valid)."""
        data = dict(self.cleaned_data)
        for name in ("audience_teams", "audience_locations", "audience_tags", "channels"):
            if name in data:
                data[name] = list(data[name])
        return data


PROGRAM_FIELDS = (
    "name", "slug", "description", "join_mode", "cadence", "weekday", "hour", "first_round_on",
    "group_size", "team_preference", "location_preference", "require_shared_language",
    "min_overlap_minutes", "avoid_repeat_days", "meeting_minutes", "starter_theme",
    "automatic",
)  # fmt: skip


class _ChosenIds(IdListField):
    """Ids from checkboxes or selects; a select left at "Choose someone" sends nothing."""

    def to_python(self, value: Any) -> list[int]:
        return super().to_python([item for item in value or [] if item != ""])


class SwapForm(forms.Form):
    people = _ChosenIds(required=False)

    def clean_people(self) -> list[int]:
        people = self.cleaned_data["people"]
        if len(set(people)) != 2 or len(people) != 2:
            raise ValidationError(
                _("Choose exactly two people from different pairs to swap."), code="two_people"
            )
        return list(people)
