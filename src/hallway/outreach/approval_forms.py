"""Forms of the approval queue, the organisation's outreach settings and a sender's own."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hallway.accounts.models import Organisation
from hallway.outreach.models import OutreachSettings, PersonalMessage, SenderProfile
from hallway.outreach.selectors.settings import outreach_settings_of
from hallway.outreach.services.personal import BODY_MAX, SUBJECT_MAX


class ApprovalForm(forms.Form):
    """One waiting message's words as its owner leaves them (prefixed by the message)."""

    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=SUBJECT_MAX)
    body = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=BODY_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args: Any, message: PersonalMessage, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"m{message.pk}")
        kwargs.setdefault("initial", {"subject": message.subject, "body": message.body})
        super().__init__(*args, **kwargs)
        self.message = message

    def clean_body(self) -> str:
        # Browsers send a textarea's line breaks as CRLF; the mail's text has its own.
        return str(self.cleaned_data["body"]).replace("\r\n", "\n")


class OutreachSettingsForm(forms.ModelForm[OutreachSettings]):
    class Meta:
        model = OutreachSettings
        fields = ["daily_send_limit", "quiet_fallback_days"]


class SenderProfileForm(forms.ModelForm[SenderProfile]):
    class Meta:
        model = SenderProfile
        fields = ["signature", "daily_send_limit"]
        widgets = {"signature": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation_limit = outreach_settings_of(organisation).daily_send_limit
        self.fields["daily_send_limit"].help_text = _(
            "Empty: the organisation's limit, %(limit)d. Yours may be lower, not higher."
        ) % {"limit": self.organisation_limit}

    def clean_signature(self) -> str:
        return str(self.cleaned_data["signature"]).replace("\r\n", "\n")

    def clean_daily_send_limit(self) -> int | None:
        limit: int | None = self.cleaned_data.get("daily_send_limit")
        if limit is not None and limit > self.organisation_limit:
            raise forms.ValidationError(
                _("At most the organisation's limit, %(limit)d.")
                % {"limit": self.organisation_limit}
            )
        return limit
