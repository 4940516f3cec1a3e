"""The forms of a project's meeting rhythm: a series (its cadence as a preset or a rule of
one's own, its circle of the roster), whether a meeting took place, and the note after a
check-in."""

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hallway.projects.models import MeetingSeries, Project, RosterMember, SeriesCircle, SeriesKind
from hallway.projects.selectors.roster import roster_of
from hallway.projects.services.series import (
    CUSTOM,
    KIND_PRESET,
    ORDINALS,
    PRESETS,
    WEEKDAY_NAMES,
    WEEKDAYS,
    SeriesFields,
    preset_of,
    series_rule,
)

PRESET_CHOICES = [*PRESETS, (CUSTOM, _("A rule of my own (RRULE)"))]


class MemberChoice(forms.ModelMultipleChoiceField[RosterMember]):
    def label_from_instance(self, obj: RosterMember) -> str:
        return f"{obj.name} ({obj.get_side_display()}{', ' + obj.role if obj.role else ''})"


class SeriesForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=SeriesKind.choices,
        help_text=_("A check-in is a deeper conversation with the sponsor or a sub-project lead."),
    )
    circle = forms.ChoiceField(label=_("Who"), choices=SeriesCircle.choices)
    sub_project = forms.CharField(
        label=_("Sub-project"), required=False, max_length=80, help_text=_("For a sub-project.")
    )
    members = MemberChoice(
        label=_("People"),
        queryset=RosterMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For chosen people and check-ins (empty: the sponsor)."),
    )
    preset = forms.ChoiceField(label=_("How often"), choices=PRESET_CHOICES)
    weekday = forms.ChoiceField(
        label=_("On"),
        choices=list(zip(WEEKDAYS, WEEKDAY_NAMES, strict=True)),
        required=False,
        help_text=_("For weekly, every two weeks and monthly."),
    )
    nth = forms.TypedChoiceField(
        label=_("Which one in the month"),
        choices=list(ORDINALS.items()),
        coerce=int,
        required=False,
    )
    rule = forms.CharField(
        label=_("Rule"),
        required=False,
        max_length=300,
        help_text=_("Only for a rule of your own, e.g. FREQ=WEEKLY;BYDAY=MO,TH."),
    )
    starts_on = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    at = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=10, max_value=240)
    timezone = forms.CharField(
        label=_("Time zone"),
        required=False,
        max_length=64,
        help_text=_("The clock the series follows. Empty: the project's."),
    )
    language = forms.ChoiceField(
        label=_("Meeting language"),
        required=False,
        choices=[("", _("The project's")), *settings.LANGUAGES],
        help_text=_("The small-talk opener of the week is in this language."),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One item a line; a small-talk opener always comes first."),
    )
    with_checkins = forms.BooleanField(
        label=_("Async check-ins in between (our side)"), required=False
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [m.pk for m in roster_of(project)]
        members = self.fields["members"]
        assert isinstance(members, forms.ModelMultipleChoiceField)
        members.queryset = RosterMember.objects.filter(pk__in=ids).select_related(
            "person", "contact"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        preset = data.get("preset")
        if preset == CUSTOM:
            if not (data.get("rule") or "").strip():
                self.add_error("rule", _("Enter your rule, or choose how often."))
        elif preset:
            data["rule"] = series_rule(preset, data.get("weekday") or "MO", data.get("nth") or 1)
        return data

    def to_values(self) -> SeriesFields:
        data = self.cleaned_data
        return SeriesFields(
            name=data["name"],
            kind=data["kind"],
            rule=data["rule"],
            starts_on=data["starts_on"],
            at=data["at"],
            minutes=data["minutes"],
            circle=data["circle"],
            sub_project=data.get("sub_project") or "",
            members=list(data.get("members") or []),
            timezone=data.get("timezone") or "",
            language=data.get("language") or "",
            agenda=data.get("agenda") or "",
            with_checkins=bool(data.get("with_checkins")),
        )


def series_initial(series: MeetingSeries | None, *, today: datetime.date) -> dict[str, Any]:
    if series is None:
        return {
            "kind": SeriesKind.WEEKLY,
            "circle": SeriesCircle.ROSTER,
            "preset": KIND_PRESET[SeriesKind.WEEKLY],
            "weekday": "TU",
            "nth": 1,
            "starts_on": today,
            "at": datetime.time(10, 0),
            "minutes": 30,
        }
    preset, weekday, nth = preset_of(series.rule)
    return {
        "name": series.name,
        "kind": series.kind,
        "circle": series.circle,
        "sub_project": series.sub_project,
        "members": list(series.members.all()),
        "preset": preset,
        "weekday": weekday or "MO",
        "nth": nth,
        "rule": series.rule,
        "starts_on": series.starts_on,
        "at": series.at,
        "minutes": series.minutes,
        "timezone": series.timezone,
        "language": series.language,
        "agenda": series.agenda,
        "with_checkins": series.with_checkins,
    }


class HeldForm(forms.Form):
    on = forms.DateField(widget=forms.HiddenInput)
    held = forms.TypedChoiceField(
        choices=[("yes", _("Took place")), ("no", _("Did not take place"))],
        coerce=lambda value: value == "yes",
    )


class NoteForm(forms.Form):
    on = forms.DateField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Your private note"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only you can read it, in the sponsor's record in relationships."),
    )


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
