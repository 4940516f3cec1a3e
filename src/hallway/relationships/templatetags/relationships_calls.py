"""Template helpers for calls and the brief: stored codes as text in the active language."""

import datetime
import zoneinfo

from django import template
from django.conf import settings

from hallway.relationships.models import TouchKind

register = template.Library()


@register.filter
def touch_kind_label(code: object) -> str:
    """ "Video call" for "video" (the code itself for one Hallway does not know)."""
    try:
        return str(TouchKind(str(code)).label)
    except ValueError:
        return str(code or "")


@register.filter
def language_name(code: object) -> str:
    """The name of a language Hallway speaks, in the active language ("Deutsch" → "German")."""
    return str(dict(settings.LANGUAGES).get(str(code), code or ""))


@register.filter
def local_to(value: object, zone: str) -> datetime.datetime | None:
    """A moment as wall-clock time in `zone` (someone else's local time); naive, so the date
    filters do not convert it back to the reader's zone."""
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime.datetime) or value.tzinfo is None:
        return None
    try:
        there = value.astimezone(zoneinfo.ZoneInfo(str(zone)))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    return there.replace(tzinfo=None)
