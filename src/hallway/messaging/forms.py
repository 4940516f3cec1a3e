from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hallway.core.collation import alphabetical
from hallway.core.forms import form_field
from hallway.messaging.channels import kind_choices
from hallway.messaging.models import MessagingSettings, Status, TemplateOverride
from hallway.messaging.rendering import override_problem
from hallway.messaging.types import message_types


class OutboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Status.choices]
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    message_type = forms.ChoiceField(label=_("Message type"), required=False)
    recipient = forms.CharField(label=_("Recipient"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "channel", forms.ChoiceField).choices = [
            ("", _("Any channel")),
            *kind_choices(),
        ]
        form_field(self, "message_type", forms.ChoiceField).choices = [
            ("", _("Any type")),
            *sorted(
                ((kind.name, str(kind.label)) for kind in message_types()),
                key=lambda choice: alphabetical(choice[1]),
            ),
        ]


class MessagingSettingsForm(forms.ModelForm[MessagingSettings]):
    class Meta:
        model = MessagingSettings
        fields = [
            "sending_windows",
            "quiet_start",
            "quiet_end",
            "reply_to",
            "video_mode",
            "video_url_template",
        ]
        widgets = {
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("video_mode") == "template" and "{room}" not in (
            data.get("video_url_template") or ""
        ):
            self.add_error(
                "video_url_template",
                _(
                    "A URL template must contain {room}, for example https://video.example.com/{room}."
                ),
            )
        if bool(data.get("quiet_start")) != bool(data.get("quiet_end")):
            self.add_error("quiet_end", _("Give both ends of the quiet hours, or neither."))
        return data


class TemplateOverrideForm(forms.ModelForm[TemplateOverride]):
    class Meta:
        model = TemplateOverride
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def clean_subject(self) -> str:
        return self._checked("subject")

    def clean_body(self) -> str:
        return self._checked("body")

    def _checked(self, name: str) -> str:
        text = str(self.cleaned_data.get(name) or "")
        problem = override_problem(text)
        if problem:
            raise forms.ValidationError(problem)
        return text


def language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]
