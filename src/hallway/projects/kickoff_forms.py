"""The forms of the kickoff page and of "tell us about yourself"."""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from hallway.accounts.forms import TimezoneField
from hallway.projects.services.kickoff import MINUTES_MAX, MINUTES_MIN, KickoffOption
from hallway.projects.services.welcome import ASK_ME_ABOUT_MAX, AboutYou, about_problems

OTHER = "other"


class AboutYouForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to 5 MB. We crop it to a square."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)
    ask_me_about = forms.CharField(
        label=_("Ask me about"),
        required=False,
        max_length=ASK_ME_ABOUT_MAX,
        help_text=_("A hobby, a place, a book: something to start a conversation with."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    timezone = TimezoneField(
        label=_("Your time zone"),
        required=False,
        help_text=_("For example Europe/Berlin or America/New_York."),
    )
    work_start = forms.TimeField(
        label=_("Your working hours start"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    work_end = forms.TimeField(
        label=_("Your working hours end"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def __init__(self, *args: Any, has_photo: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_photo:
            del self.fields["remove_photo"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Said now, with any other mistake, rather than after those are corrected.
        for field, messages in about_problems(self.values()).items():
            if field not in self.errors:
                self.add_error(field, messages)
        return data

    def values(self) -> AboutYou:
        data = getattr(self, "cleaned_data", {})
        return AboutYou(
            ask_me_about=data.get("ask_me_about") or "",
            timezone=data.get("timezone") or "",
            work_start=data.get("work_start"),
            work_end=data.get("work_end"),
        )


class KickoffForm(forms.Form):
    start = forms.ChoiceField(label=_("When"), widget=forms.RadioSelect)
    other = forms.DateTimeField(
        label=_("Another time (your time zone)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=MINUTES_MIN, max_value=MINUTES_MAX
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Leave it empty for the usual agenda, in each person's own language."),
    )

    def __init__(self, *args: Any, options: list[KickoffOption], zone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.options = {option.start.isoformat(): option for option in options}
        start = self.fields["start"]
        assert isinstance(start, forms.ChoiceField)
        start.choices = [
            *[(key, key) for key in self.options],
            (OTHER, _("Another time")),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") == OTHER and not data.get("other"):
            self.add_error("other", _("Give the other time."))
        return data

    def chosen_start(self) -> datetime.datetime | None:
        key = self.cleaned_data.get("start")
        if key == OTHER:
            other: datetime.datetime | None = self.cleaned_data.get("other")
            if other is None:
                return None
            # The browser sends the lead's wall clock, without a zone.
            return other.replace(tzinfo=None).replace(tzinfo=ZoneInfo(self.zone))
        option = self.options.get(key or "")
        return option.start if option is not None else None
