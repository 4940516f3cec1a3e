"""Channels as plug-ins: one folder per kind (see `base.ChannelKind`), listed once here.

To add a kind, write its folder (`__init__.py` with `KIND`, its transport, settings form
and tests) and add its module to `KIND_MODULES`; nothing else in Hallway changes.
"""

from functools import cache
from importlib import import_module
from typing import Any

from hallway.messaging.channels.base import ChannelKind

EMAIL_KIND = "email"

KIND_MODULES = (
    "hallway.messaging.channels.email",
    "hallway.messaging.channels.slack",
    "hallway.messaging.channels.mattermost",
    "hallway.messaging.channels.discord",
    "hallway.messaging.channels.webhook",
    "hallway.messaging.channels.teams",
)


@cache
def _registry() -> dict[str, ChannelKind]:
    found: dict[str, ChannelKind] = {}
    for module in KIND_MODULES:
        kind = import_module(module).KIND
        found[kind.slug] = kind
    return found


def kinds() -> list[ChannelKind]:
    return list(_registry().values())


def kind_get(slug: str) -> ChannelKind | None:
    return _registry().get(slug)


def kind_choices() -> list[tuple[str, Any]]:
    return [(kind.slug, kind.label) for kind in kinds()]
