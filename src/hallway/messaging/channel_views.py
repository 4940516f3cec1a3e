"""Settings → Messages → Channels: the organisation's channels, each kind's own form, and a
test message through any of them."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.links import absolute_url
from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404, role_required
from hallway.core.crypto import SecretsUnreadable
from hallway.messaging.channel_setup import (
    channel_delete,
    channel_email,
    channel_name_problem,
    channel_save,
    channel_summary,
    channel_test_send,
    channels_of,
)
from hallway.messaging.channels import kind_get, kinds
from hallway.messaging.channels.base import ChannelForm
from hallway.messaging.models import Channel, Status
from hallway.messaging.views import messaging_page


class ChannelNameForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=60)
    enabled = forms.BooleanField(
        label=gettext_lazy("Send messages through this channel"), required=False, initial=True
    )


def _kind_form(kind_slug: str, data: Any, channel: Channel | None) -> ChannelForm:
    kind = kind_get(kind_slug)
    if kind is None:
        raise Http404
    saved: dict[str, Any] = {}
    initial: dict[str, Any] = {}
    if channel is not None:
        initial = dict(channel.settings or {})
        try:
            saved = channel.secrets
        except SecretsUnreadable:
            saved = {}
    return kind.form(data=data, initial=initial, saved_secrets=saved, prefix="config")


def _save(
    request: MemberRequest, kind_slug: str, channel: Channel | None
) -> tuple[bool, ChannelNameForm, ChannelForm]:
    """Whether the channel was saved, and the forms to show again when not. The kind's form
    shows its own errors; the service adds what only it knows (a name already taken)."""
    name_form = ChannelNameForm(request.POST, prefix="channel")
    config_form = _kind_form(kind_slug, request.POST, channel)
    names_valid, config_valid = name_form.is_valid(), config_form.is_valid()
    if not (names_valid and config_valid):
        if names_valid:  # a name in use shows with the kind's problems, not after them
            problem = channel_name_problem(
                organisation=request.organisation,
                name=name_form.cleaned_data["name"],
                channel=channel,
            )
            if problem:
                name_form.add_error("name", problem)
        return False, name_form, config_form
    try:
        channel_save(
            organisation=request.organisation,
            kind=kind_slug,
            name=name_form.cleaned_data["name"],
            values={name: request.POST.get(f"config-{name}", "") for name in config_form.fields},
            enabled=name_form.cleaned_data["enabled"],
            channel=channel,
        )
    except ValidationError as exc:
        for field, problems in exc.message_dict.items():
            if field in name_form.fields:
                name_form.add_error(field, problems)
            elif field not in config_form.fields:
                config_form.add_error(None, problems)
            elif not config_form.has_error(field):
                config_form.add_error(field, problems)
        return False, name_form, config_form
    return True, name_form, config_form


@role_required(Role.ADMIN)
def channels(request: MemberRequest) -> HttpResponse:
    """The list, and the form to add a channel of the kind chosen with ?kind=."""
    kind_slug = request.POST.get("kind") or request.GET.get("kind", "")
    name_form: ChannelNameForm | None = None
    config_form: ChannelForm | None = None
    if kind_slug:
        if request.method == "POST":
            saved, name_form, config_form = _save(request, kind_slug, None)
            if saved:
                messages.success(request, _("The channel is added."))
                return redirect("messaging:channels")
        else:
            name_form = ChannelNameForm(prefix="channel")
            config_form = _kind_form(kind_slug, None, None)
    channel_email(request.organisation)  # email is always there, through this installation
    rows = [
        {"channel": channel, "summary": channel_summary(channel)}
        for channel in channels_of(request.organisation)
    ]
    return messaging_page(
        request,
        "channels",
        "messaging:channels",
        {
            "rows": rows,
            "kinds": kinds(),
            "adding": kind_get(kind_slug),
            "name_form": name_form,
            "config_form": config_form,
            "slack_callback": _slack_callback(request),
        },
    )


@role_required(Role.ADMIN)
def channel_edit(request: MemberRequest, pk: int) -> HttpResponse:
    channel = get_scoped_or_404(Channel, request.organisation, pk=pk)
    if request.method == "POST":
        saved, name_form, config_form = _save(request, channel.kind, channel)
        if saved:
            messages.success(request, _("The channel is saved."))
            return redirect("messaging:channels")
    else:
        name_form = ChannelNameForm(
            prefix="channel", initial={"name": channel.name, "enabled": channel.enabled}
        )
        config_form = _kind_form(channel.kind, None, channel)
    return messaging_page(
        request,
        "channel_edit",
        "messaging:channels",
        {
            "channel": channel,
            "kind": kind_get(channel.kind),
            "summary": channel_summary(channel),
            "name_form": name_form,
            "config_form": config_form,
            "slack_callback": _slack_callback(request),
        },
    )


@require_POST
@role_required(Role.ADMIN)
def channel_remove(request: MemberRequest, pk: int) -> HttpResponse:
    channel = get_scoped_or_404(Channel, request.organisation, pk=pk)
    channel_delete(channel=channel)
    messages.success(request, _("The channel “%(name)s” is removed.") % {"name": channel.name})
    return redirect("messaging:channels")


@require_POST
@role_required(Role.ADMIN)
def channel_test(request: MemberRequest, pk: int) -> HttpResponse:
    """A test message now: to the admin's own address on the channel, or to the channel."""
    channel = get_scoped_or_404(Channel, request.organisation, pk=pk)
    try:
        message = channel_test_send(
            channel=channel,
            organisation=request.organisation,
            address=request.POST.get("to", ""),
            language=request.LANGUAGE_CODE,
            sent_by=request.user.get_full_name() or request.user.email,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if message.status == Status.SENT:
            messages.success(
                request, _("The test message went out through “%(name)s”.") % {"name": channel.name}
            )
        else:
            messages.error(
                request,
                _("The test message did not go out: %(error)s") % {"error": message.last_error},
            )
    return redirect("messaging:channel_edit", pk=channel.pk)


def _slack_callback(request: MemberRequest) -> str:
    return absolute_url(reverse("messaging:slack_interactions", args=[request.organisation.slug]))
