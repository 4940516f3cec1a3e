"""The main navigation, built from what each installed app registers.

An app adds its entry in its `AppConfig.ready()` with `nav_register(NavEntry(...))`; an app
that is not installed shows no entry, so there are no dead ends. The entry whose `sections`
prefix matches the current view name best is marked as the current page.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise


def everyone(request: HttpRequest) -> bool:
    return True


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: Promise | str
    url_name: str
    order: int
    # View-name prefixes that belong to this entry ("coffee:", "coffee:insights").
    sections: tuple[str, ...] = ()
    visible: Callable[[HttpRequest], bool] = field(default=everyone)
    # Under "More": entries people open now and then (time off, insights), so the header
    # stays one row on a laptop in German, the longest of its languages.
    more: bool = False


@dataclass(frozen=True)
class NavLink:
    key: str
    label: Promise | str
    url: str
    current: bool
    more: bool = False


_entries: dict[str, NavEntry] = {}


def nav_register(entry: NavEntry) -> NavEntry:
    _entries[entry.key] = entry
    return entry


def current_section(view_name: str) -> str:
    """The key of the entry the view belongs to (the longest matching prefix), or ""."""
    best, length = "", 0
    for entry in _entries.values():
        for prefix in entry.sections:
            if view_name.startswith(prefix) and len(prefix) > length:
                best, length = entry.key, len(prefix)
    return best


def nav_links(request: HttpRequest, section: str = "") -> list[NavLink]:
    """The entries this request may see, in order, the current one marked."""
    if not section:
        match = getattr(request, "resolver_match", None)
        section = current_section(getattr(match, "view_name", "") or "")
    return [
        NavLink(entry.key, entry.label, reverse(entry.url_name), entry.key == section, entry.more)
        for entry in sorted(_entries.values(), key=lambda entry: (entry.order, entry.key))
        if entry.visible(request)
    ]
