"""The forms of content sharing: a segment's filters and a shared article.

Field names are the services' (`segment_save`'s filters, `CampaignFields`), so a service's
problems land next to the field they are about.
"""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.core.widgets import LongSelect
from hallway.outreach.models import Campaign, Segment
from hallway.outreach.models.campaigns import SKIP_SENT_DAYS_DEFAULT, SKIP_TOUCHED_DAYS_DEFAULT
from hallway.outreach.services.campaigns import DAYS_MAX, INTRO_MAX, LANGUAGES, CampaignFields
from hallway.outreach.variables import NAMES
from hallway.relationships.interface import ContactKind

VARIABLES_HELP = _("Variables: %(names)s.")


def _words(text: str) -> list[str]:
    return [word.strip() for word in text.replace(";", ",").split(",") if word.strip()]


class SegmentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of contact"),
        choices=ContactKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every kind."),
    )
    industries = forms.CharField(
        label=_("Company industries"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas, for example: Retail, Logistics."),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas; a contact with any of them matches."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    touched_within_days = forms.IntegerField(
        label=_("Touched in the last (days)"), min_value=1, max_value=3650, required=False
    )
    not_touched_for_days = forms.IntegerField(
        label=_("Not touched for (days)"),
        min_value=1,
        max_value=3650,
        required=False,
        help_text=_("Includes contacts never touched."),
    )
    consent = forms.BooleanField(
        label=_("Only contacts who consented to marketing"),
        required=False,
        help_text=_("Shared articles reach only them anyway; tick this to see the list as sent."),
    )

    def filters(self) -> dict[str, Any]:
        """The filters as `segment_save` takes them (from what the form could read)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {
            "kinds": list(data.get("kinds") or []),
            "industries": _words(data.get("industries") or ""),
            "tags": _words(data.get("tags") or ""),
            "languages": list(data.get("languages") or []),
            "touched_within_days": data.get("touched_within_days"),
            "not_touched_for_days": data.get("not_touched_for_days"),
            "consent": bool(data.get("consent")),
        }


def segment_filter_lines(filters: dict[str, Any]) -> list[tuple[str, str]]:
    """The filters as (label, value) lines for people who read a segment."""
    kinds = dict(ContactKind.choices)
    languages = dict(settings.LANGUAGES)
    lines = []
    for name, field in SegmentForm.base_fields.items():
        value = filters.get(name)
        if name == "name" or value in (None, [], False, ""):
            continue
        if name == "kinds":
            value = ", ".join(str(kinds.get(kind, kind)) for kind in value)
        elif name == "languages":
            value = ", ".join(str(languages.get(code, code)) for code in value)
        elif isinstance(value, list):
            value = ", ".join(value)
        elif value is True:
            value = _("yes")
        lines.append((str(field.label), str(value)))
    return lines


def segment_initial(segment: Segment) -> dict[str, Any]:
    filters = segment.filters or {}
    return {
        "name": segment.name,
        "kinds": filters.get("kinds", []),
        "industries": ", ".join(filters.get("industries", [])),
        "tags": ", ".join(filters.get("tags", [])),
        "languages": filters.get("languages", []),
        "touched_within_days": filters.get("touched_within_days"),
        "not_touched_for_days": filters.get("not_touched_for_days"),
        "consent": bool(filters.get("consent")),
    }


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.CharField(
        label=_("Link"),
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("The article itself; recipients reach it through a link that counts clicks."),
    )
    segment = forms.ModelChoiceField(
        label=_("Segment"), queryset=Segment.objects.none(), widget=LongSelect
    )
    skip_touched_days = forms.IntegerField(
        label=_("Skip anyone touched in the last (days)"),
        min_value=0,
        max_value=DAYS_MAX,
        help_text=_("0: skip nobody for a recent touch."),
    )
    skip_sent_days = forms.IntegerField(
        label=_("Skip anyone sent content in the last (days)"),
        min_value=0,
        max_value=DAYS_MAX,
        help_text=_("0: skip nobody for an earlier article."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        segment_field = self.fields["segment"]
        assert isinstance(segment_field, forms.ModelChoiceField)
        segment_field.queryset = scoped(Segment, organisation)
        names = ", ".join("{" + name + "}" for name in NAMES)
        for code, language in settings.LANGUAGES:
            self.fields[f"intro_{code}"] = forms.CharField(
                label=_("Introduction (%(language)s)") % {"language": language},
                required=False,
                max_length=INTRO_MAX,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=VARIABLES_HELP % {"names": names},
            )

    def values(self) -> CampaignFields:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return CampaignFields(
            title=data.get("title") or "",
            url=data.get("url") or "",
            intros={code: data.get(f"intro_{code}") or "" for code in LANGUAGES},
            segment=data.get("segment"),
            skip_touched_days=data.get("skip_touched_days", SKIP_TOUCHED_DAYS_DEFAULT),
            skip_sent_days=data.get("skip_sent_days", SKIP_SENT_DAYS_DEFAULT),
        )


def campaign_initial(campaign: Campaign | None) -> dict[str, Any]:
    if campaign is None:
        return {
            "skip_touched_days": SKIP_TOUCHED_DAYS_DEFAULT,
            "skip_sent_days": SKIP_SENT_DAYS_DEFAULT,
        }
    return {
        "title": campaign.title,
        "url": campaign.url,
        "segment": campaign.segment_id,
        "skip_touched_days": campaign.skip_touched_days,
        "skip_sent_days": campaign.skip_sent_days,
        **{f"intro_{code}": text for code, text in (campaign.intros or {}).items()},
    }
