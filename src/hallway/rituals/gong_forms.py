"""Forms of the gong's pages: ring the gong, give kudos, the digest, gong channels and
webhooks. The rules live in the services; these forms only read the fields."""

import json
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.core.widgets import LongSelect, LongSelectMultiple
from hallway.messaging.channels import kind_get
from hallway.messaging.channels.base import CHAT
from hallway.messaging.models import Channel
from hallway.people.models import Person, PersonStatus, Team
from hallway.rituals.models import CelebrationKind, DigestFrequency
from hallway.rituals.services.gong_webhook import DEFAULT_MAPPING, mapping_problems


def _people(organisation: Organisation) -> Any:
    return scoped(Person, organisation).exclude(status=PersonStatus.LEFT).order_by("name", "pk")


def _long_choices(field: forms.Field, queryset: Any) -> None:
    """Validate against `queryset` as usual, but write the options from ids and names: a
    list of every person of a big organisation as model instances, through Django's
    widget templates, took longer than the rest of the page."""
    field.queryset = queryset  # type: ignore[attr-defined]  # ModelChoiceField
    rows = list(queryset.values_list("pk", "name"))
    empty = getattr(field, "empty_label", None)
    field.widget.choices = [("", empty), *rows] if empty is not None else rows


class CelebrationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What are you celebrating?"),
        choices=[c for c in CelebrationKind.choices if c[0] != CelebrationKind.KUDOS],
        initial=CelebrationKind.WIN,
    )
    title = forms.CharField(label=_("Headline"), max_length=200)
    text = forms.CharField(
        label=_("A few words"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    people = forms.ModelMultipleChoiceField(
        label=_("Who to cheer"),
        queryset=Person.objects.none(),
        required=False,
        widget=LongSelectMultiple,
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, widget=LongSelect
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _long_choices(self.fields["people"], _people(organisation))
        _long_choices(self.fields["team"], scoped(Team, organisation).order_by("name"))


class KudosForm(forms.Form):
    receiver = forms.ModelChoiceField(
        label=_("Kudos to"), queryset=Person.objects.none(), widget=LongSelect
    )
    message = forms.CharField(label=_("What for?"), max_length=280)
    on_wall = forms.BooleanField(
        label=_("Show on the wall of wins and in the gong's channels"),
        required=False,
        initial=True,
    )

    def __init__(
        self, *args: Any, organisation: Organisation, giver: Person | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        people = _people(organisation)
        if giver is not None:
            people = people.exclude(pk=giver.pk)
        _long_choices(self.fields["receiver"], people)


class DigestForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Wins by email"),
        choices=[("", _("No, thanks")), *DigestFrequency.choices],
        required=False,
    )


class TargetForm(forms.Form):
    channel = forms.ModelChoiceField(label=_("Channel"), queryset=Channel.objects.none())
    address = forms.CharField(
        label=_("Slack channel ID"),
        max_length=80,
        required=False,
        help_text=_("Slack only: the channel to post in, such as C0123ABCD."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("The organisation's language")), *settings.LANGUAGES],
        required=False,
    )
    enabled = forms.BooleanField(label=_("Ring the gong here"), required=False, initial=True)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chat = [
            channel.pk
            for channel in scoped(Channel, organisation)
            if (kind := kind_get(channel.kind)) is not None and kind.template_kind == CHAT
        ]
        self.fields["channel"].queryset = scoped(Channel, organisation).filter(pk__in=chat)  # type: ignore[attr-defined]  # ModelChoiceField


class WebhookForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    mapping = forms.CharField(
        label=_("Mapping (JSON)"),
        widget=forms.Textarea(attrs={"rows": 9, "spellcheck": "false"}),
        initial=json.dumps(DEFAULT_MAPPING, indent=2),
        help_text=_(
            "kind: a kind (placement, deal, launch, anniversary, kudos, win) or a path; "
            "title and text: words with {field} placeholders; recruiter_email: the path to "
            "the person credited; external_id: the path to the sender's id (the same id "
            "posts once); any other name: a field read by a path such as $.candidate.name."
        ),
    )

    def clean_mapping(self) -> dict[str, Any]:
        try:
            mapping = json.loads(self.cleaned_data["mapping"])
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("This is not JSON: %(error)s") % {"error": exc}) from exc
        problems = mapping_problems(mapping)
        if problems:
            raise forms.ValidationError(problems)
        return dict(mapping)
