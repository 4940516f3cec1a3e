"""The small forms behind the queue's one-click actions."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hallway.relationships.models import TouchKind
from hallway.relationships.services.queue import SNOOZE_DAYS


class QueueTouchForm(forms.Form):
    contact = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    company = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    # Logging the touch for an "ask next time" item marks the detail as asked.
    detail = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=TouchKind.choices)
    summary = forms.CharField(label=_("Summary"), required=False, max_length=5000)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("contact") and not data.get("company"):
            raise forms.ValidationError(_("A touch needs a contact or a company."))
        return data


class DismissForm(forms.Form):
    key = forms.CharField(max_length=120)
    snooze_days = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "")] + [(str(days), str(days)) for days in SNOOZE_DAYS],
    )
