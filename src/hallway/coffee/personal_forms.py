"""Forms of a person's coffee page."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hallway.coffee.models import Frequency, Outcome
from hallway.coffee.services.feedback import COMMENT_MAX_LENGTH
from hallway.coffee.services.participation import pause_problem, topics_clean
from hallway.core.forms import form_field
from hallway.people.fields import FIELDS_BY_KEY, PersonData
from hallway.people.models import Person
from hallway.people.validation import working_hours_problem

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ParticipationForm(forms.Form):
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices)
    paused_until = forms.DateField(
        label=_("Pause until"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Leave empty to take part in every round you are due."),
    )

    def __init__(self, *args: Any, today: datetime.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_paused_until(self) -> datetime.date | None:
        # The service refuses a past day too; said here, it shows with any other mistake.
        value: datetime.date | None = self.cleaned_data.get("paused_until")
        problem = pause_problem(value, today=self.today) if self.today else ""
        if problem:
            raise forms.ValidationError(problem)
        return value


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

    def __init__(
        self,
        *args: Any,
        person: Person,
        blocked_ids: list[int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        form_field(self, "unblock", forms.TypedMultipleChoiceField).choices = [
            (pk, pk) for pk in blocked_ids or []
        ]

    def clean_ask_me_about(self) -> str:
        value: str = self.cleaned_data.get("ask_me_about", "")
        try:
            topics_clean(value.split(","))
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
        return value

    def clean_block_email(self) -> Person | None:
        """The person to block, found in the directory by their address."""
        email = self.cleaned_data.get("block_email", "")
        if not email:
            return None
        other = Person.objects.filter(
            organisation_id=self.person.organisation_id, email__iexact=email
        ).first()
        if other is None:
            raise forms.ValidationError(_("Nobody with this address is in the directory."))
        return other

    def topics(self) -> list[str]:
        return list(self.cleaned_data.get("ask_me_about", "").split(","))


class FeedbackForm(forms.Form):
    """ "Did you meet?" for one match, right on the page. `coffee.services.feedback` checks
    what depends on more than one field (only a meeting that took place is rated)."""

    pairing = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=_("Did you meet?"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the answers.")},
    )
    rating = forms.TypedChoiceField(
        label=_("How was it? (optional)"),
        choices=[(n, n) for n in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    comment = forms.CharField(
        label=_("A comment for the organisers (optional)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
    )


class WorkingHoursForm(forms.Form):
    """A person's own working hours and days: the directory's fields of the same name (see
    `people.fields`), saved through `people.services` like any change to the directory."""

    KEYS = ("work_start", "work_end", "working_days")

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key in self.KEYS:
            field = FIELDS_BY_KEY[key]
            form_field = field.kind.form_field(field)
            field.kind.form_bind(form_field, organisation=person.organisation, person=person)
            self.fields[key] = form_field

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        return {key: FIELDS_BY_KEY[key].kind.form_initial(person, key) for key in cls.KEYS}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Said now, with any other mistake, rather than after those are corrected.
        start, end = data.get("work_start"), data.get("work_end")
        if start and end:
            problem = working_hours_problem(start, end)
            if problem:
                self.add_error("work_end", problem)
        return data

    def person_data(self) -> PersonData:
        return {key: FIELDS_BY_KEY[key].kind.from_form(self.cleaned_data[key]) for key in self.KEYS}
