"""The forms of contractor care: a placement (recorded, changed, ended) and the
contractor's check-in answer (behind the signed link)."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import Organisation, User
from hallway.core.widgets import LongSelect
from hallway.people.field_kinds import DATE_INPUT
from hallway.relationships.interface import Company, Contact, ContactKind

SCORES = [(value, str(value)) for value in range(1, 6)]


def members_of(organisation: Organisation) -> QuerySet[User]:
    return User.objects.filter(memberships__organisation=organisation).order_by(
        "first_name", "email"
    )


class MemberChoice(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.email)


class PlacementForm(forms.Form):
    contractor = forms.ModelChoiceField(
        label=_("Contractor"),
        queryset=Contact.objects.none(),
        widget=LongSelect,
        help_text=_("A contractor or candidate from your relationships, with an email address."),
    )
    company = forms.ModelChoiceField(
        label=_("Client"), queryset=Company.objects.none(), widget=LongSelect
    )
    starts_on = forms.DateField(label=_("Start"), widget=DATE_INPUT)
    ends_on = forms.DateField(
        label=_("End"),
        widget=DATE_INPUT,
        required=False,
        help_text=_("Empty when open-ended: then only the 30, 45 and 60 day check-ins."),
    )
    owner = MemberChoice(
        label=_("Owner"),
        queryset=User.objects.none(),
        widget=LongSelect,
        help_text=_("Check-ins go out in their name, and the answers come to them."),
    )

    def __init__(
        self, *args: Any, organisation: Organisation, editing: bool = False, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        contractors = Contact.objects.filter(
            organisation=organisation, kind__in=[ContactKind.CONTRACTOR, ContactKind.CANDIDATE]
        ).order_by("name", "id")
        self.fields["contractor"].queryset = contractors  # type: ignore[attr-defined]
        self.fields["company"].queryset = Company.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        ).order_by("name", "id")
        self.fields["owner"].queryset = members_of(organisation)  # type: ignore[attr-defined]
        if editing:  # the person placed is the placement; a new one is a new placement
            del self.fields["contractor"]


class PlacementEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Last day"), widget=DATE_INPUT)


class CheckInAnswerForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How is it going?"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1: not well at all · 5: very well"),
    )
    comment = forms.CharField(
        label=_("Anything we can help with?"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    wants_call = forms.BooleanField(label=_("I would like a call"), required=False)
    rating_score = forms.TypedChoiceField(
        label=_("How is it to work for this client?"),
        choices=SCORES,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
        help_text=_("1: poor · 5: excellent"),
    )
    rating_comment = forms.CharField(
        label=_("Anything the client should know? (anonymous)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Please leave out anything that would tell who wrote it."),
    )

    def __init__(self, *args: Any, can_rate: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_rate:
            del self.fields["rating_score"]
            del self.fields["rating_comment"]
