"""The forms of series and "run it again": a new series, the start of a repeat."""

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import User
from hallway.gatherings.forms import DATETIME_FORMATS, DATETIME_INPUT, member_label
from hallway.gatherings.models import MAX_CAPACITY, GatheringKind, SeriesCadence
from hallway.people.models import Location, Team


class RepeatForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Next start"),
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
        help_text=_("Everyone who said yes or maybe is invited again; invite more afterwards."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "repeat_%s")
        super().__init__(*args, **kwargs)


class SeriesForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=GatheringKind.choices, initial=GatheringKind.HAPPY_HOUR
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    department = forms.ChoiceField(label=_("Or a department"), choices=(), required=False)
    location = forms.ModelChoiceField(
        label=_("Or a location"), queryset=Location.objects.none(), required=False
    )
    cadence = forms.ChoiceField(label=_("How often"), choices=SeriesCadence.choices)
    first_on = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    hour = forms.IntegerField(
        label=_("At (hour)"),
        min_value=0,
        max_value=23,
        initial=17,
        help_text=_("In the organisation's time zone."),
    )
    minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=15, max_value=480, initial=60
    )
    capacity = forms.IntegerField(
        label=_("Capacity"), min_value=2, max_value=MAX_CAPACITY, initial=MAX_CAPACITY
    )
    hosts = forms.ModelMultipleChoiceField(
        label=_("Hosts"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    topic = forms.CharField(label=_("Topic"), max_length=300, required=False)
    invitation_text = forms.CharField(
        label=_("Invitation text"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        members: Any,
        teams: Any,
        locations: Any,
        departments: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("hosts", members), ("team", teams), ("location", locations)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
        hosts = self.fields["hosts"]
        assert isinstance(hosts, forms.ModelMultipleChoiceField)
        hosts.label_from_instance = member_label  # type: ignore[method-assign,assignment]
        department = self.fields["department"]
        assert isinstance(department, forms.ChoiceField)
        department.choices = [("", "—")] + [(d, d) for d in departments]
        self.fields["first_on"].initial = datetime.date.today()
