"""The page layout's tags: `{% main_nav %}` and `{% panels "slot" key=value %}`."""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from hallway.core.navigation import nav_links
from hallway.core.panels import panels_render

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context: template.Context, slot: str, **objects: Any) -> SafeString:
    return panels_render(slot, context["request"], **objects)


@register.inclusion_tag("core/_nav.html", takes_context=True)
def main_nav(context: template.Context) -> dict[str, Any]:
    """The main navigation; a page may name its section with `nav_section`."""
    links = nav_links(context["request"], context.get("nav_section") or "")
    more = [link for link in links if link.more]
    return {
        "links": [link for link in links if not link.more],
        "more": more,
        "more_current": any(link.current for link in more),
    }
