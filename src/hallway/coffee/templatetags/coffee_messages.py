"""Template helpers for coffee messages: stored keys and codes as text in the active language."""

import datetime
import zoneinfo
from collections.abc import Iterable

from django import template
from django.utils.translation import gettext as _

from hallway.coffee.reasons import left_out_reason_text, pair_reasons_text
from hallway.coffee.starters import starter_text

register = template.Library()


@register.simple_tag
def coffee_starter(key: str) -> str:
    return starter_text(str(key or ""))


@register.simple_tag
def coffee_left_out_reason(code: str) -> str:
    return left_out_reason_text(str(code or ""))


@register.simple_tag
def coffee_pair_reasons(codes: list[str]) -> str:
    return pair_reasons_text(codes or [])


@register.filter
def in_zone(value: object, zone: str) -> datetime.datetime | None:
    """A moment as wall-clock time in `zone` (for showing a partner's local time); naive, so
    the `date` and `time` filters do not convert it back to the reader's zone."""
    if not isinstance(value, datetime.datetime):
        return None
    try:
        there = value.astimezone(zoneinfo.ZoneInfo(str(zone)))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return value
    return there.replace(tzinfo=None)


@register.filter
def names(people: object) -> str:
    """ "Ann", "Ann and Ben", "Ann, Ben and Cem" from a list of person cards."""
    found = (
        [str(p.get("name", "")) for p in people if isinstance(p, dict)]
        if isinstance(people, list)
        else []
    )
    if len(found) < 2:
        return "".join(found)
    return _("%(first)s and %(last)s") % {"first": ", ".join(found[:-1]), "last": found[-1]}


@register.filter
def member_names(members: object) -> str:
    """The names of a pairing's members (`PairingMember`s), as `names` joins them."""
    found = list(members) if isinstance(members, Iterable) else []
    return names([{"name": member.person.name} for member in found])


@register.simple_tag(takes_context=True)
def meeting_names(context: template.Context) -> str:
    """Whom the message is about: the recipient's partners, or a group message's members."""
    return names(context.get("partners") or context.get("members") or [])


@register.simple_tag(takes_context=True)
def meeting_people(context: template.Context) -> list[object]:
    """The person cards a message lists: a group message's members, else the partners."""
    found = context.get("members") or context.get("partners") or []
    return found if isinstance(found, list) else []
