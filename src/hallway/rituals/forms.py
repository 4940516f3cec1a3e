"""Forms shared by the rituals' pages: the circle a stand-up or pulse is for, and the
organisation's settings."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.people.models import Location, Person, PersonStatus, Team
from hallway.rituals.models import CircleKind, RitualSettings


class CircleFields(forms.Form):
    """The circle's fields, limited to one organisation's teams, locations and people.

    Mix into a form (before `forms.Form`/`ModelForm`) and pass `organisation=`; `clean()`
    checks that the chosen kind has what it needs, with the error on that field."""

    circle_kind = forms.ChoiceField(label=_("Who takes part"), choices=CircleKind.choices)
    circle_team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False
    )
    circle_department = forms.ChoiceField(label=_("Department"), choices=(), required=False)
    circle_location = forms.ModelChoiceField(
        label=_("Location"), queryset=Location.objects.none(), required=False
    )
    circle_people = forms.ModelMultipleChoiceField(
        label=_("People"), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["circle_team"].queryset = scoped(Team, organisation).order_by("name")  # type: ignore[attr-defined]  # ModelChoiceField's queryset
        self.fields["circle_location"].queryset = scoped(Location, organisation).order_by("name")  # type: ignore[attr-defined]  # as above
        self.fields["circle_people"].queryset = (  # type: ignore[attr-defined]  # as above
            scoped(Person, organisation).exclude(status=PersonStatus.LEFT).order_by("name")
        )
        departments = (
            scoped(Person, organisation)
            .exclude(department="")
            .values_list("department", flat=True)
            .distinct()
            .order_by("department")
        )
        self.fields["circle_department"].choices = [("", "—")] + [  # type: ignore[attr-defined]  # ChoiceField
            (name, name) for name in departments
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        needs = {
            CircleKind.TEAM: ("circle_team", _("Choose the team.")),
            CircleKind.DEPARTMENT: ("circle_department", _("Choose the department.")),
            CircleKind.LOCATION: ("circle_location", _("Choose the location.")),
            CircleKind.PEOPLE: ("circle_people", _("Choose at least one person.")),
        }
        need = needs.get(data.get("circle_kind", ""))
        if need is not None and not data.get(need[0]):
            self.add_error(need[0], need[1])
        return data


class RitualSettingsForm(forms.ModelForm[RitualSettings]):
    class Meta:
        model = RitualSettings
        fields = ["anonymity_threshold", "kudos_per_month"]
