"""Forms of a person's coffee page."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hallway.coffee.models import Frequency
from hallway.core.forms import form_field

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ParticipationForm(forms.Form):
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices)
    paused_until = forms.DateField(
        label=_("Pause until"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Leave empty to take part in every round you are due."),
    )


class ProfileForm(forms.Form):
    ask_me_about = forms.CharField(
        label=_("Ask me about"),
        required=False,
        max_length=400,
        help_text=_("Up to 8 topics, separated by commas, e.g. climbing, sourdough, jazz."),
    )
    block_email = forms.EmailField(
        label=_("Never pair me with (email address)"),
        required=False,
        help_text=_("Nobody is told. You can undo it here at any time."),
    )
    unblock = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=[])

    def __init__(self, *args: Any, blocked_ids: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "unblock", forms.TypedMultipleChoiceField).choices = [
            (pk, pk) for pk in blocked_ids or []
        ]

    def topics(self) -> list[str]:
        return list(self.cleaned_data.get("ask_me_about", "").split(","))
