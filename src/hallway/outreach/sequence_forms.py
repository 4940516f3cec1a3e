"""The forms of the sequence pages: a sequence's settings, one step, contacts to add.

They read what a person types; the rules are the service's (`services.sequence_rules`),
whose problems are shown next to the field they are about (`add_problems`).
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import Organisation
from hallway.outreach.models import (
    Condition,
    Goal,
    OnFalse,
    Segment,
    Sequence,
    Stage,
    Step,
    StepKind,
    Trigger,
)
from hallway.outreach.services.sequence_rules import (
    LANGUAGES,
    OFFSET_MAX,
    OFFSET_MIN,
    WAIT_MAX,
    SequenceFields,
    StepFields,
)
from hallway.relationships.interface import ContactKind

LANGUAGE_NAMES = {"en": _("English"), "de": _("German"), "nl": _("Dutch")}
DATE_FIELD_CHOICES = [
    ("placement_starts_on", _("A placement’s start")),
    ("placement_ends_on", _("A placement’s end")),
    ("consent_on", _("The day consent was given")),
]
# Where a service's problem about a setting is shown on the form.
FIELD_OF = {
    "trigger_config": "trigger",
    "goal_config": "goal",
    "texts": "subject_en",
    "condition_config": "condition",
}


def add_problems(form: forms.Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        field = FIELD_OF.get(name, name)
        form.add_error(field if field in form.fields else None, messages)


class SequenceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    trigger = forms.ChoiceField(label=_("Contacts enter when"), choices=Trigger.choices)
    segment = forms.ModelChoiceField(
        label=_("Segment"),
        queryset=Segment.objects.none(),
        required=False,
        help_text=_("For “Joins a segment”: everyone in it enters, and whoever joins later."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Only contacts of these kinds"),
        choices=ContactKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For “A new contact”; none ticked: every new contact."),
    )
    stage = forms.ChoiceField(
        label=_("Stage reached"),
        choices=[("", "—"), *Stage.choices],
        required=False,
        help_text=_("For “A candidate reaches a stage”."),
    )
    date_field = forms.ChoiceField(
        label=_("Date"),
        choices=[("", "—"), *DATE_FIELD_CHOICES],
        required=False,
        help_text=_("For “A date comes round”."),
    )
    offset_days = forms.IntegerField(
        label=_("Days after the date (negative: before)"),
        min_value=OFFSET_MIN,
        max_value=OFFSET_MAX,
        required=False,
        help_text=_("-14: two weeks before a placement ends; 330: renew consent within a year."),
    )
    goal = forms.ChoiceField(label=_("Goal"), choices=Goal.choices, required=False)
    goal_stage = forms.ChoiceField(
        label=_("Goal stage"),
        choices=[("", "—"), *Stage.choices],
        required=False,
        help_text=_("For the goal “The candidate reaches a stage”: this one or a later one."),
    )
    approval = forms.BooleanField(
        label=_("The owner approves each message before it goes"), required=False
    )
    marketing = forms.BooleanField(
        label=_("Marketing: only to contacts who consented"),
        required=False,
        help_text=_("An unsubscribe ends every marketing sequence at once."),
    )
    reentry_days = forms.IntegerField(
        label=_("May enter again after (days)"),
        min_value=1,
        max_value=3650,
        required=False,
        help_text=_("Empty: nobody enters twice."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = Segment.objects.filter(organisation=organisation)  # type: ignore[attr-defined]

    def values(self) -> SequenceFields:
        data = self.cleaned_data
        trigger = data.get("trigger") or Trigger.MANUAL
        config: dict[str, Any] = {}
        if trigger == Trigger.SEGMENT:
            config = {"segment": data["segment"].pk} if data.get("segment") else {}
        elif trigger == Trigger.NEW_CONTACT and data.get("kinds"):
            config = {"kinds": list(data["kinds"])}
        elif trigger == Trigger.STAGE_CHANGE:
            config = {"stage": data.get("stage") or ""}
        elif trigger == Trigger.DATE_FIELD:
            config = {
                "field": data.get("date_field") or "",
                "offset_days": data.get("offset_days") or 0,
            }
        goal = data.get("goal") or ""
        goal_config = {"stage": data.get("goal_stage") or ""} if goal == Goal.STAGE else {}
        return SequenceFields(
            name=data.get("name", ""),
            description=data.get("description", ""),
            trigger=trigger,
            trigger_config=config,
            goal=goal,
            goal_config=goal_config,
            approval=bool(data.get("approval")),
            marketing=bool(data.get("marketing")),
            reentry_days=data.get("reentry_days"),
        )


def sequence_initial(sequence: Sequence) -> dict[str, Any]:
    config, goal_config = sequence.trigger_config, sequence.goal_config
    return {
        "name": sequence.name,
        "description": sequence.description,
        "trigger": sequence.trigger,
        "segment": config.get("segment"),
        "kinds": config.get("kinds", []),
        "stage": config.get("stage", ""),
        "date_field": config.get("field", ""),
        "offset_days": config.get("offset_days"),
        "goal": sequence.goal,
        "goal_stage": goal_config.get("stage", ""),
        "approval": sequence.approval,
        "marketing": sequence.marketing,
        "reentry_days": sequence.reentry_days,
    }


class StepForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the step does"), choices=StepKind.choices)
    wait_days = forms.IntegerField(
        label=_("Days"),
        min_value=0,
        max_value=WAIT_MAX,
        initial=0,
        help_text=_("A wait: how long. A message or task: how long after the step before."),
    )
    task_title = forms.CharField(
        label=_("Task for the owner"),
        max_length=200,
        required=False,
        help_text=_("For example “Call {first_name} about the start”."),
    )
    condition = forms.ChoiceField(
        label=_("Condition"), choices=[("", "—"), *Condition.choices], required=False
    )
    condition_kinds = forms.MultipleChoiceField(
        label=_("Kinds"),
        choices=ContactKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    condition_languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    condition_stages = forms.MultipleChoiceField(
        label=_("Stages"),
        choices=Stage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    on_false = forms.ChoiceField(label=_("Otherwise"), choices=OnFalse.choices, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code in LANGUAGES:
            self.fields[f"subject_{code}"] = forms.CharField(
                label=_("Subject"), max_length=300, required=False
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Message"),
                max_length=20000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 8}),
            )

    def languages(self) -> list[dict[str, Any]]:
        """Each language's pair of fields, for the template's fieldsets."""
        return [
            {
                "code": code,
                "name": LANGUAGE_NAMES[code],
                "subject": self[f"subject_{code}"],
                "body": self[f"body_{code}"],
            }
            for code in LANGUAGES
        ]

    def values(self) -> StepFields:
        data = self.cleaned_data
        condition = data.get("condition") or ""
        config: dict[str, Any] = {}
        if condition == Condition.KIND:
            config = {"kinds": list(data.get("condition_kinds") or [])}
        elif condition == Condition.LANGUAGE:
            config = {"languages": list(data.get("condition_languages") or [])}
        elif condition == Condition.STAGE:
            config = {"stages": list(data.get("condition_stages") or [])}
        return StepFields(
            kind=data.get("kind") or StepKind.MESSAGE,
            wait_days=data.get("wait_days") or 0,
            texts={
                code: {
                    "subject": data.get(f"subject_{code}", ""),
                    "body": data.get(f"body_{code}", ""),
                }
                for code in LANGUAGES
            },
            task_title=data.get("task_title", ""),
            condition=condition,
            condition_config=config,
            on_false=data.get("on_false") or OnFalse.LEAVE,
        )


def step_initial(step: Step) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "kind": step.kind,
        "wait_days": step.wait_days,
        "task_title": step.task_title,
        "condition": step.condition,
        "condition_kinds": step.condition_config.get("kinds", []),
        "condition_languages": step.condition_config.get("languages", []),
        "condition_stages": step.condition_config.get("stages", []),
        "on_false": step.on_false,
    }
    for code, text in step.texts.items():
        initial[f"subject_{code}"] = text.get("subject", "")
        initial[f"body_{code}"] = text.get("body", "")
    return initial
