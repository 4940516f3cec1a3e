"""Forms of the sources of touches: a calendar address, an IMAP folder, the text opt-in."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hallway.relationships.sources_models import MailSecurity


class CalendarForm(forms.Form):
    url = forms.CharField(
        label=_("Your calendar's secret address (ICS)"),
        max_length=2000,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "Starts with https:// or webcal:// and usually ends in .ics. Hallway keeps it "
            "encrypted and never shows it again."
        ),
    )


class MailboxForm(forms.Form):
    host = forms.CharField(label=_("IMAP server"), max_length=255)
    port = forms.IntegerField(label=_("Port"), min_value=1, max_value=65535, initial=993)
    security = forms.ChoiceField(
        label=_("Encryption"), choices=MailSecurity.choices, initial=MailSecurity.IMPLICIT
    )
    username = forms.CharField(label=_("User name"), max_length=255)
    password = forms.CharField(
        label=_("Password"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("An app password, if your provider offers them."),
    )
    folder = forms.CharField(label=_("Folder"), max_length=255, initial="INBOX")

    def __init__(self, *args: Any, password_stored: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if password_stored:
            self.fields["password"].help_text = _(
                "A password is stored. Leave this empty to keep it."
            )
        else:
            self.fields["password"].required = True


class MailBodiesForm(forms.Form):
    mail_bodies = forms.BooleanField(
        label=_("Keep the text of mails read into touches"),
        required=False,
        help_text=_(
            "Off, Hallway reads only who wrote to whom, when, and the subject. On, it also "
            "keeps the plain text of each mail (shortened) as the touch's summary."
        ),
    )
