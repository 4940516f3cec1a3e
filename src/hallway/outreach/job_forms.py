"""The forms of the jobs pages: a candidate's stage, adding a candidate, a hiring freeze.
Field names are the services' (`candidacy_add`, `freeze_announce`), so a service's problems
land next to the field they are about."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hallway.core.widgets import LongSelect
from hallway.outreach.models import OPEN_STAGES, Candidacy, Stage
from hallway.people.field_kinds import DATE_INPUT
from hallway.relationships.interface import Contact, ContactKind, Order

OPEN_STAGE_CHOICES = [(value, label) for value, label in Stage.choices if value in OPEN_STAGES]


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    notify = forms.BooleanField(
        label=_("Tell the candidate"),
        required=False,
        help_text=_("A short update in their language, from their recruiter."),
    )


class CandidateAddForm(forms.Form):
    contact = forms.ModelChoiceField(
        label=_("Candidate"),
        queryset=Contact.objects.none(),
        widget=LongSelect,
        help_text=_("Candidates and other contacts of your relationships not on this job yet."),
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices, initial=Stage.APPLIED)

    def __init__(self, *args: Any, order: Order, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        on_job = Candidacy.objects.filter(order=order).values("contact_id")
        field = self.fields["contact"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Contact.objects.filter(
                organisation_id=order.organisation_id,
                kind__in=[ContactKind.CANDIDATE, ContactKind.OTHER],
            )
            .exclude(pk__in=on_job)
            .order_by("name", "id")
        )


class FreezeForm(forms.Form):
    stages = forms.MultipleChoiceField(
        label=_("Tell candidates at these stages"),
        choices=OPEN_STAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=[Stage.APPLIED, Stage.SCREENING],
    )
    resume_on = forms.DateField(label=_("Hiring resumes on"), widget=DATE_INPUT)
    message = forms.CharField(
        label=_("Your own message (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Empty: a warm built-in text in each candidate's language. Your own words go to "
            "everyone as written; {first_name}, {job}, {owner_name} and the other variables "
            "are filled in."
        ),
    )
