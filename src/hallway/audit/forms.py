from django import forms
from django.utils.translation import gettext_lazy as _

from hallway.audit.actions import ACTIONS


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions")), *((key, label) for key, label in ACTIONS.items())],
    )
    q = forms.CharField(label=_("Who or what"), required=False, max_length=200)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The last day cannot be before the first."))
        return cleaned
