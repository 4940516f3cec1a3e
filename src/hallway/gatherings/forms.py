"""The forms of the gatherings pages: a gathering, inviting guests, a new time, breakout
rounds."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import User
from hallway.gatherings.models import MAX_CAPACITY, GatheringKind
from hallway.gatherings.services.breakouts import MAX_ROUNDS, MAX_SIZE, MIN_SIZE

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def member_label(user: User) -> str:
    return user.get_full_name() or user.email


class GatheringForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=GatheringKind.choices)
    topic = forms.CharField(label=_("Topic"), max_length=300, required=False)
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
        help_text=_("In your time zone; the invitations show each guest their own."),
    )
    minutes = forms.IntegerField(label=_("Length in minutes"), min_value=15, max_value=480)
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=2,
        max_value=MAX_CAPACITY,
        help_text=_("Guests beyond it join the waitlist; hosts and the senior guest take no seat."),
    )
    hosts = forms.ModelMultipleChoiceField(
        label=_("Hosts"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    invitation_text = forms.CharField(
        label=_("Invitation text"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hosts = self.fields["hosts"]
        assert isinstance(hosts, forms.ModelMultipleChoiceField)
        hosts.queryset = members
        hosts.label_from_instance = member_label  # type: ignore[method-assign,assignment]


class InviteForm(forms.Form):
    emails = forms.CharField(
        label=_("Email addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Colleagues, contacts or anyone else, separated by commas or new lines; an "
            "address nobody has becomes a contact."
        ),
    )
    attendees = forms.FileField(
        label=_("Or an attendee list"),
        required=False,
        help_text=_(
            "CSV or Excel with a name and an email on every row; company, role, time zone, "
            "language and topics if you have them."
        ),
    )
    senior_guest = forms.EmailField(
        label=_("Senior guest or speaker"),
        required=False,
        help_text=_("Joins for part of the time and meets a different room every round."),
    )
    senior_text = forms.CharField(
        label=_("What the senior guest reads"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Their own invitation, for example: would you say a few words at the start and "
            "meet everyone in the rooms after? Empty: the invitation text."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("emails", "").strip()
            and not data.get("attendees")
            and not data.get("senior_guest")
        ):
            raise forms.ValidationError(_("Give at least one address or an attendee list."))
        return data

    def email_list(self) -> list[str]:
        text = self.cleaned_data.get("emails", "")
        return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


class RescheduleForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("New start"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "reschedule_%s")
        super().__init__(*args, **kwargs)


class BreakoutForm(forms.Form):
    rounds = forms.IntegerField(label=_("Rounds"), min_value=1, max_value=MAX_ROUNDS, initial=3)
    size = forms.IntegerField(
        label=_("People per room"), min_value=MIN_SIZE, max_value=MAX_SIZE, initial=3
    )
