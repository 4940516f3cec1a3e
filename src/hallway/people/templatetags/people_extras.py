from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString

from hallway.people.list_rows import local_time_html, people_rows
from hallway.people.models import Person

register = template.Library()

# Where a page keeps the local times it worked out (one per zone).
LOCAL_TIMES = "people_extras.local_time"


@register.simple_tag(takes_context=True)
def local_time(context: template.Context, timezone_name: str) -> SafeString:
    """The wall-clock time now in `timezone_name`, with the weekday when it is not the
    viewer's today (late in Bangalore can be tomorrow for a viewer in New York).

    Worked out once per zone and page: a list of fifty people shares a handful of zones."""
    known = _local_times(context)
    if timezone_name not in known:
        known[timezone_name] = local_time_html(timezone_name)
    shown: SafeString = known[timezone_name]
    return shown


@register.simple_tag(takes_context=True)
def person_rows(context: template.Context, people: Iterable[Person], can_edit: bool) -> SafeString:
    """The people list's table rows (see `hallway.people.list_rows`)."""
    return people_rows(people, can_edit=can_edit, local_times=_local_times(context))


def _local_times(context: template.Context) -> dict[str, SafeString]:
    known = context.render_context.get(LOCAL_TIMES)
    if not isinstance(known, dict):
        known = {}
        context.render_context[LOCAL_TIMES] = known
    return known
