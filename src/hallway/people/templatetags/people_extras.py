from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from hallway.core.dates import time_of_day, weekday_time
from hallway.people.hours import local_now

register = template.Library()

# Where a page keeps the local times it worked out (one per zone).
LOCAL_TIMES = "people_extras.local_time"


@register.simple_tag(takes_context=True)
def local_time(context: template.Context, timezone_name: str) -> SafeString:
    """The wall-clock time now in `timezone_name`, with the weekday when it is not the
    viewer's today (late in Bangalore can be tomorrow for a viewer in New York).

    Worked out once per zone and page: a list of fifty people shares a handful of zones."""
    known = context.render_context.get(LOCAL_TIMES)
    if not isinstance(known, dict):
        known = {}
        context.render_context[LOCAL_TIMES] = known
    if timezone_name not in known:
        known[timezone_name] = _local_time(timezone_name)
    shown: SafeString = known[timezone_name]
    return shown


def _local_time(timezone_name: str) -> SafeString:
    current = timezone.now()
    there = local_now(timezone_name, current)
    here = timezone.localtime(current)
    wall_clock = there.replace(tzinfo=None)  # formatting must not convert it back
    shown = time_of_day(wall_clock) if there.date() == here.date() else weekday_time(wall_clock)
    return format_html('<time datetime="{}">{}</time>', there.isoformat(timespec="minutes"), shown)
