"""Small forms of the company and contact pages: a touch, an order, a note, a detail."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallway.core.forms import form_field
from hallway.people.field_kinds import DATE_INPUT
from hallway.relationships.models import OrderStatus, TouchKind, Visibility

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class TouchForm(forms.Form):
    """Log a touch: the kind, when (now by default, in the viewer's zone), a summary; on a
    company's page, which of its contacts."""

    contact = forms.TypedChoiceField(label=_("With"), coerce=int, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=TouchKind.choices, initial=TouchKind.CALL)
    at = forms.DateTimeField(
        label=_("When"), widget=DATETIME_INPUT, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, contacts: list[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("at", timezone.localtime().replace(second=0, microsecond=0))
        super().__init__(*args, **kwargs)
        contact = form_field(self, "contact", forms.TypedChoiceField)
        if contacts is None:
            del self.fields["contact"]
        else:
            contact.choices = [("", _("The company, no one in particular")), *contacts]

    def clean_at(self) -> datetime.datetime:
        at: datetime.datetime = self.cleaned_data["at"]
        if at > timezone.now() + datetime.timedelta(minutes=5):
            raise forms.ValidationError(_("A touch has already happened: choose a past time."))
        return at


class OrderForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    at = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    status = forms.ChoiceField(label=_("Status"), choices=OrderStatus.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "order_%s")
        kwargs.setdefault("initial", {"at": timezone.localdate()})
        super().__init__(*args, **kwargs)


VISIBILITY_HELP = _("Only you, unless you choose otherwise.")


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
    )
    visibility = forms.ChoiceField(
        label=_("Visible to"),
        choices=Visibility.choices,
        initial=Visibility.PRIVATE,
        help_text=VISIBILITY_HELP,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "note_%s")
        super().__init__(*args, **kwargs)


class DetailForm(forms.Form):
    text = forms.CharField(
        label=_("Personal detail"),
        max_length=500,
        help_text=_("For example: running the Köln marathon on 4 October."),
    )
    ask_next_time = forms.BooleanField(label=_("Ask about it next time"), required=False)
    due_on = forms.DateField(
        label=_("Ask on or after"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Empty: at the next touch."),
    )
    sensitive = forms.BooleanField(
        label=_("Sensitive"),
        required=False,
        help_text=_("Health, family matters and the like: never shown in briefs to others."),
    )
    visibility = forms.ChoiceField(
        label=_("Visible to"),
        choices=Visibility.choices,
        initial=Visibility.PRIVATE,
        help_text=VISIBILITY_HELP,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "detail_%s")
        super().__init__(*args, **kwargs)
