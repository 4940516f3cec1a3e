"""Email: HTML and text with calendar invitations, through the installation's mail server
or the organisation's own."""

from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from hallway.core.mail_url import email_settings
from hallway.messaging.channels.base import EMAIL, ChannelForm, ChannelKind
from hallway.messaging.channels.email.transport import EmailTransport


class EmailForm(ChannelForm):
    url = forms.CharField(
        label=_("Mail server"),
        required=False,
        max_length=500,
        help_text=_(
            "For example smtp://user:password@mail.example.com:587?tls=1 or "
            "smtps://mail.example.com. Empty: the installation's mail server."
        ),
    )
    from_address = forms.CharField(
        label=_("Sender"),
        required=False,
        max_length=200,
        help_text=_(
            "For example Acme People Team <people@acme.example>. Empty: the installation's."
        ),
    )
    secret_fields = ("url",)
    cli_fields = {"url": "url"}

    def clean_url(self) -> str:
        url = str(self.cleaned_data.get("url") or "").strip()
        if not url:
            return ""
        if urlsplit(url).scheme.lower() not in {"smtp", "smtps", "submission"}:
            raise forms.ValidationError(
                _("A mail server address starts with smtp://, smtps:// or submission://.")
            )
        try:
            email_settings(url)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return url

    def clean_from_address(self) -> str:
        from email.utils import parseaddr

        from django.core.validators import validate_email

        value = str(self.cleaned_data.get("from_address") or "").strip()
        if value:
            try:
                validate_email(parseaddr(value)[1])
            except forms.ValidationError as exc:
                raise forms.ValidationError(
                    _("Give a sender address, e.g. Acme <people@acme.example>.")
                ) from exc
        return value


KIND = ChannelKind(
    slug="email",
    label=_("Email"),
    template_kind=EMAIL,
    form=EmailForm,
    transport=EmailTransport.for_channel,
    address_of=lambda person: person.email,
    help=_(
        "Every organisation can send email through the installation's mail server; add an email channel to use your own."
    ),
    test_needs_address=True,
)
