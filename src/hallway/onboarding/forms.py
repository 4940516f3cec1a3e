"""Forms of the onboarding pages: the template with its steps, buddy volunteers, and the
buddy an organiser chooses by hand."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.core.forms import form_field
from hallway.onboarding.models import OnboardingStep, OnboardingTemplate, StepKind
from hallway.onboarding.selectors import BuddyRoom
from hallway.onboarding.services.setup import StepChange
from hallway.people.models import Person, PersonStatus, Tag, Team

MAX_WEEK = 26


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    active = forms.BooleanField(
        label=_("Plan tracks for new hires automatically"),
        required=False,
        help_text=_("Every day Hallway plans a track for everyone about to start."),
    )
    plan_days_ahead = forms.IntegerField(
        label=_("Plan this many days before the start date"), min_value=0, max_value=90
    )

    @classmethod
    def initial_for(cls, template: OnboardingTemplate) -> dict[str, Any]:
        return {
            "name": template.name,
            "active": template.active,
            "plan_days_ahead": template.plan_days_ahead,
        }


class StepForm(forms.Form):
    step_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The blank choice lets the spare "add a step" row stay unchanged (and be skipped).
    kind = forms.ChoiceField(label=_("Who"), choices=[("", "—"), *StepKind.choices])
    week = forms.IntegerField(label=_("Week"), min_value=1, max_value=MAX_WEEK)
    teams = forms.ModelMultipleChoiceField(
        label=_("From these teams"),
        queryset=Team.objects.none(),
        required=False,
        help_text=_("Empty: anyone of the kind."),
    )
    tags = forms.ModelMultipleChoiceField(
        label=_("With these tags"),
        queryset=Tag.objects.none(),
        required=False,
        help_text=_("For example “leader”. Empty: anyone of the kind."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = form_field(self, "teams", forms.ModelMultipleChoiceField)
        teams.queryset = scoped(Team, organisation).order_by("name")
        tags = form_field(self, "tags", forms.ModelMultipleChoiceField)
        tags.queryset = scoped(Tag, organisation).order_by("name")

    @staticmethod
    def initial_for(step: OnboardingStep) -> dict[str, Any]:
        return {
            "step_id": step.pk,
            "kind": step.kind,
            "week": step.week,
            "teams": list(step.qualifying_teams.all()),
            "tags": list(step.qualifying_tags.all()),
        }


class BaseStepFormSet(forms.BaseFormSet[StepForm]):
    def changes(self, steps: dict[int, OnboardingStep]) -> list[StepChange]:
        """The edited rows as service input; rows left empty (the spare one) are skipped."""
        found = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or (not data.get("step_id") and not form.has_changed()):
                continue
            step = steps.get(data.get("step_id") or 0)
            if data.get("step_id") and step is None:
                continue  # not one of this template's steps
            if data.get("DELETE"):
                # Deleted rows are not validated: their week or kind may be blank.
                if step is not None:
                    found.append(StepChange(step=step, kind=step.kind, week=step.week, delete=True))
                continue
            found.append(
                StepChange(
                    step=step,
                    kind=data["kind"],
                    week=data["week"],
                    teams=list(data.get("teams") or ()),
                    tags=list(data.get("tags") or ()),
                )
            )
        return found


# formset_factory makes a subclass of the formset it is given (django-stubs types it as
# returning the plain BaseFormSet).
StepFormSet = cast(
    type[BaseStepFormSet],
    forms.formset_factory(StepForm, formset=BaseStepFormSet, extra=1, can_delete=True, max_num=20),
)


class BuddyForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    capacity = forms.IntegerField(
        label=_("New hires at a time"), min_value=1, max_value=10, initial=1
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "person", forms.ModelChoiceField).queryset = (
            scoped(Person, organisation)
            .filter(status=PersonStatus.ACTIVE, buddy_volunteer__isnull=True)
            .only("id", "name", "email")
            .order_by("name", "id")
        )


class BuddyEditForm(forms.Form):
    capacity = forms.IntegerField(label=_("New hires at a time"), min_value=1, max_value=10)
    active = forms.BooleanField(label=_("Available"), required=False)


class BuddyChoiceForm(forms.Form):
    """An organiser's choice of buddy when the engine found nobody: any active volunteer,
    full or not, each shown with the new hires they already look after."""

    buddy = forms.TypedChoiceField(
        label=_("Buddy"),
        coerce=int,
        error_messages={"required": _("Choose a buddy.")},
    )

    def __init__(self, *args: Any, room: BuddyRoom, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[int | str, str]] = [("", "—")]
        for volunteer, load in room.volunteers:
            counts = _("%(load)d of %(capacity)d new hires") % {
                "load": load,
                "capacity": volunteer.capacity,
            }
            choices.append((volunteer.person_id, f"{volunteer.person.name} ({counts})"))
        form_field(self, "buddy", forms.TypedChoiceField).choices = choices
