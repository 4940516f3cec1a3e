"""Panels: pages that show what other apps know, without importing them.

The home page and a person's page are composed of panels that each app registers in its
`AppConfig.ready()` (`panel_register("person", Panel(...))`); the page renders the ones
that have something to say with `{% panels "person" person=person %}`. So the directory
shows a new hire's onboarding without depending on onboarding.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Panel:
    name: str
    order: int
    # Renders the panel's HTML for this request and these objects, or "" to show nothing.
    render: Callable[..., str]


_slots: dict[str, dict[str, Panel]] = {}


def panel_register(slot: str, panel: Panel) -> Panel:
    _slots.setdefault(slot, {})[panel.name] = panel
    return panel


def panels_render(slot: str, request: HttpRequest, **objects: Any) -> SafeString:
    panels = sorted(_slots.get(slot, {}).values(), key=lambda panel: (panel.order, panel.name))
    rendered = [panel.render(request, **objects) for panel in panels]
    return format_html_join("\n", "{}", ((html,) for html in rendered if html))
