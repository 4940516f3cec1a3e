"""The pulse's forms: the pulse itself (with its circle and channels), and a question of
the organisers' own."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import Organisation
from hallway.messaging.channel_setup import channel_email, channels_of
from hallway.messaging.models import Channel
from hallway.people.forms import add_service_errors
from hallway.rituals.forms import CircleFields
from hallway.rituals.models import Pulse, QuestionKind
from hallway.rituals.services.pulse import pulse_problems

PULSE_FIELDS = [
    "name",
    "anonymous",
    "cadence",
    "weekday",
    "ask_at",
    "timezone",
    "starts_on",
    "open_days",
    "questions_per_round",
    "active",
]


class PulseForm(CircleFields, forms.ModelForm[Pulse]):
    channels = forms.ModelMultipleChoiceField(
        label=_("Ask through"),
        queryset=Channel.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each person on every chosen channel that reaches them, else by email."),
    )

    class Meta:
        model = Pulse
        fields = [*PULSE_FIELDS, "circle_kind", "circle_team", "circle_location"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ask_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        channels = self.fields["channels"]
        assert isinstance(channels, forms.ModelMultipleChoiceField)
        email = channel_email(organisation)
        channels.queryset = channels_of(organisation, enabled_only=True).order_by("kind", "name")
        pulse = self.instance
        if pulse.pk:
            self.initial.setdefault("channels", list(pulse.channels.all()))
            self.initial.setdefault("circle_people", list(pulse.circle_people.all()))
            if pulse.anonymous and pulse.anonymity_locked:
                # Enforced by the service too; the form does not even offer it.
                self.fields["anonymous"].disabled = True
                self.fields["anonymous"].help_text = _(
                    "This pulse has anonymous answers: it stays anonymous."
                )
        elif not self.is_bound:
            self.initial.setdefault("channels", [email])
            self.initial.setdefault("timezone", organisation.timezone)
        self.instance.organisation = organisation

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]  # BaseForm's, missing from the stubs
        # The service's rules (the cadence as a recurrence, the anonymity lock), once.
        problems = pulse_problems(pulse=self.instance)
        if problems:
            add_service_errors(self, ValidationError(problems))


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Your question"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Answered with"), choices=QuestionKind.choices, initial=QuestionKind.AGREE
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "question_%s")
        super().__init__(*args, **kwargs)
