"""Rendering a message in its recipient's language and time zone.

Templates live in the owning app's `templates/<app>/messages/<template>/` (see
`types.template_folder`): `email_subject.txt`, `email.txt` and `email.html` for email,
`chat.txt` for chat channels and webhooks. An organisation can override the subject and body
per language (see `TemplateOverride`); overrides are rendered in a sandbox that knows only
variables, `if`, `for` and a few filters (see `sandbox`).

Context values are JSON. Strings under keys ending in `_at`, and a `calendar`'s `start`
and `end`, are read as ISO datetimes so templates show them in the recipient's zone
(`meeting_start`, `meeting_end`).
"""

import datetime
import zoneinfo
from contextvars import ContextVar
from dataclasses import replace
from html import unescape
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import linebreaks

from hallway.accounts.links import absolute_url
from hallway.messaging import sandbox
from hallway.messaging.channels import kind_get
from hallway.messaging.channels.base import CHAT, EMAIL, Button, Rendered, context_buttons
from hallway.messaging.types import message_type_get, template_folder

if TYPE_CHECKING:
    from hallway.messaging.models import OutboxMessage


def template_kind(channel: str) -> str:
    """Which templates a message on the channel kind `channel` is written from."""
    found = kind_get(channel)
    return found.template_kind if found else CHAT


def _buttons(template: str, context: dict[str, Any], language: str) -> tuple[Button, ...]:
    """The message's link buttons: its type's own (made in the active language), else the
    context's "buttons" ({label, url or value "purpose:token", style}). A button that only
    carries a signed-link token also gets the link's address, for channels without
    in-place answers (Teams, email-like webhooks)."""
    kind = message_type_get(template)
    found = kind.buttons(context) if kind and kind.buttons else context_buttons(context)
    return tuple(_with_url(button, language) for button in found)


def _with_url(button: Button, language: str) -> Button:
    if button.url or not button.value:
        return button
    purpose, _sep, token = button.value.partition(":")
    path = reverse(
        "messaging:link", kwargs={"language": language, "purpose": purpose, "token": token}
    )
    return replace(button, url=absolute_url(path))


def _as_datetime(value: object) -> object:
    if not isinstance(value, str):
        return value
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        return value
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)


def prepare_context(context: dict[str, Any]) -> dict[str, Any]:
    prepared = {
        key: _as_datetime(value) if key.endswith("_at") else value for key, value in context.items()
    }
    calendar = context.get("calendar")
    if isinstance(calendar, dict):
        prepared["meeting_start"] = _as_datetime(calendar.get("start"))
        prepared["meeting_end"] = _as_datetime(calendar.get("end"))
        prepared["video_url"] = calendar.get("video_url", "")
        prepared["cancelled"] = calendar.get("method") == "CANCEL"
    return prepared


def _one_line(text: str) -> str:
    return " ".join(text.split())


# Set by a delivery run: each organisation's overrides are read once per run instead of
# once per message (an admin's change applies from the next run, seconds later).
override_cache: ContextVar[dict[int, dict[tuple[str, str, str], Any]] | None] = ContextVar(
    "override_cache", default=None
)


def _override(organisation_id: int | None, template: str, kind: str, language: str) -> Any:
    found = message_type_get(template)
    if organisation_id is None or (found is not None and not found.overridable):
        return None
    from hallway.messaging.models import TemplateOverride

    cache = override_cache.get()
    if cache is None:
        return TemplateOverride.objects.filter(
            organisation_id=organisation_id, template=template, kind=kind, language=language
        ).first()
    if organisation_id not in cache:
        cache[organisation_id] = {
            (o.template, o.kind, o.language): o
            for o in TemplateOverride.objects.filter(organisation_id=organisation_id)
        }
    return cache[organisation_id].get((template, kind, language))


def message_render(
    *,
    template: str,
    channel: str,
    language: str,
    timezone_name: str,
    context: dict[str, Any],
    organisation_id: int | None = None,
    extra: dict[str, Any] | None = None,
) -> Rendered:
    """Subject (a chat card's title), text, HTML and buttons of one message, as its recipient
    will read it."""
    kind = template_kind(channel)
    folder = template_folder(template)
    base = f"{folder}/{kind}"
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(timezone_name)):
        values = {
            **prepare_context(context),
            "base_url": settings.BASE_URL,
            "language": language,
            **(extra or {}),
        }
        override = _override(organisation_id, template, kind, language)
        # Chat messages use the email subject as their title (a Teams card's heading).
        # A subject is plain text, but templates escape for HTML: "O'Brien", not "O&#x27;Brien".
        subject = _one_line(unescape(render_to_string(f"{folder}/email_subject.txt", values)))
        text = render_to_string(f"{base}.txt", values).strip() + "\n"
        html = render_to_string(f"{base}.html", values) if kind == EMAIL else ""
        if override is not None:
            own_subject = _render_text(override.subject, values, autoescape=False)
            if own_subject is not None:
                subject = _one_line(own_subject)
            own_text = _render_text(override.body, values, autoescape=False)
            if own_text is not None:
                text = own_text.strip() + "\n"
                if kind == EMAIL:
                    own_html = _render_text(override.body, values, autoescape=True) or ""
                    html = render_to_string(
                        "messaging/messages/_override.html",
                        {**values, "body_html": linebreaks(own_html.strip())},
                    )
        buttons = _buttons(template, context, language)
    return Rendered(subject=subject, text=text, html=html, buttons=buttons)


def outbox_render(message: "OutboxMessage") -> Rendered:
    """An outbox message as its recipient will read it (email: with its footer links)."""
    from hallway.messaging.links import footer_links

    extra = footer_links(message) if template_kind(message.channel) == EMAIL else {}
    return message_render(
        template=message.template,
        channel=message.channel,
        language=message.language,
        timezone_name=message.timezone,
        context=message.context if isinstance(message.context, dict) else {},
        organisation_id=message.organisation_id,
        extra=extra,
    )


def _render_text(source: str, values: dict[str, Any], *, autoescape: bool) -> str | None:
    """An override's text rendered in the sandbox (see `sandbox`), or None to keep Hallway's
    own text: when it is empty, or when it was saved before the sandbox's rules and uses
    something they refuse (it is never run, and the editor says why)."""
    if not source.strip():
        return None
    return sandbox.render(source, values, autoescape=autoescape)


def override_problem(source: str) -> str:
    """Why an admin's override text cannot be used (a sentence for the admin), or ""."""
    return sandbox.template_problem(source)
