from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from hallway.core.dates import time_of_day, weekday_time
from hallway.people.hours import local_now

register = template.Library()


@register.simple_tag
def local_time(timezone_name: str) -> SafeString:
    """The wall-clock time now in `timezone_name`, with the weekday when it is not the
    viewer's today (late in Bangalore can be tomorrow for a viewer in New York)."""
    current = timezone.now()
    there = local_now(timezone_name, current)
    here = timezone.localtime(current)
    wall_clock = there.replace(tzinfo=None)  # formatting must not convert it back
    shown = time_of_day(wall_clock) if there.date() == here.date() else weekday_time(wall_clock)
    return format_html('<time datetime="{}">{}</time>', there.isoformat(timespec="minutes"), shown)
