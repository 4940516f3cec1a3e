"""The main navigation. Capabilities not yet enabled show what they will do."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Capability:
    slug: str
    title: Promise
    summary: Promise


UPCOMING_CAPABILITIES = {
    c.slug: c
    for c in [
        Capability(
            "gatherings",
            _("Gatherings"),
            _(
                "Small invited virtual cocktail parties and happy hours with RSVPs, a guest "
                "speaker and breakout rounds in which everyone meets someone new."
            ),
        ),
        Capability(
            "rituals",
            _("Rituals"),
            _(
                "Async check-ins and stand-ups, weekly pulse questions, project rosters, "
                "1:1 coverage and the virtual gong that celebrates wins."
            ),
        ),
        Capability(
            "relationships",
            _("Relationships"),
            _(
                "Clients, prospects, candidates and contractors with personal notes, "
                "keep-in-touch cadences and alerts for relationships that have gone quiet."
            ),
        ),
    ]
}


# Which main-navigation entry a URL namespace belongs to (for aria-current).
SECTION_OF_NAMESPACE = {
    "people": "people",
    "people_transfer": "people",
    "accounts": "settings",
    "coffee": "coffee",
}


def current_section(resolver_match: object) -> str:
    if resolver_match is None:
        return ""
    if getattr(resolver_match, "view_name", "").startswith("coffee:insights"):
        return "insights"
    if getattr(resolver_match, "view_name", "") == "core:soon":
        return str(resolver_match.kwargs.get("capability", ""))  # type: ignore[attr-defined]
    return SECTION_OF_NAMESPACE.get(getattr(resolver_match, "app_name", ""), "")
