"""The rows of the people list, written in Python: the same markup the template wrote, at a
fraction of the cost. Fifty rows of a dozen tags and filters each were most of the page's
time with Django's template engine."""

from collections.abc import Iterable
from html import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from hallway.core.dates import medium_date, time_of_day, weekday_time
from hallway.people.hours import local_now
from hallway.people.models import Person, PersonStatus

# A number no person has, reversed once and replaced by each person's id.
_PK_MARK = 987654321987


def people_rows(
    people: Iterable[Person], *, can_edit: bool, local_times: dict[str, SafeString]
) -> SafeString:
    """One `<tr>` per person. `local_times` maps a zone to its shown time (`<time>` markup),
    filled as zones come up: a page of fifty people shares a handful of zones."""
    # Translations and the link worked out once per page, not once per row.
    select = gettext("Select %(name)s")
    there_text = gettext("%(time)s there")
    statuses = {str(value): str(label) for value, label in PersonStatus.choices}
    link = reverse("people:detail", args=[_PK_MARK])
    rows = []
    for person in people:
        pk = person.pk
        name = escape(person.name)
        cells = []
        if can_edit:
            label = escape(select % {"name": person.name})
            cells.append(
                f'<td class="select-cell"><input type="checkbox" name="person_ids" value="{pk}"'
                f' id="bulk_person_{pk}"><label for="bulk_person_{pk}" class="visually-hidden">'
                f"{label}</label></td>"
            )
        title = (
            f'<span class="subline">{escape(person.job_title)}</span>' if person.job_title else ""
        )
        url = escape(link.replace(str(_PK_MARK), str(pk)))
        cells.append(f'<th scope="row"><a href="{url}">{name}</a>{title}</th>')
        team = person.team.name if person.team else ""
        location = person.location.name if person.location else ""
        cells.append(f"<td>{escape(team) or '—'}</td>")
        cells.append(f'<td class="optional">{escape(location) or "—"}</td>')
        zone = person.timezone
        if zone not in local_times:
            local_times[zone] = local_time_html(zone)
        there = there_text % {"time": local_times[zone]}
        cells.append(f'<td>{there}<span class="subline">{escape(zone)}</span></td>')
        cells.append(f"<td>{_status(person, statuses)}</td>")
        languages = ", ".join(escape(str(language)) for language in person.languages or [])
        cells.append(f'<td class="optional">{languages or "—"}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return mark_safe("\n".join(rows))  # noqa: S308 (every value escaped above)


def _status(person: Person, statuses: dict[str, str]) -> str:
    """people/_status.html's badge."""
    if person.status == PersonStatus.PAUSED and person.paused_until:
        text = gettext("Paused until %(date)s") % {"date": medium_date(person.paused_until)}
    elif person.status == PersonStatus.LEFT and person.left_on:
        text = gettext("Left on %(date)s") % {"date": medium_date(person.left_on)}
    else:
        text = statuses.get(person.status, person.status)
    return f'<span class="badge badge-{escape(person.status)}">{conditional_escape(text)}</span>'


def local_time_html(timezone_name: str) -> SafeString:
    """The wall-clock time now in the zone, as `<time>` markup, with the weekday when it is
    not the viewer's today (late in Bangalore can be tomorrow for a viewer in New York)."""
    current = timezone.now()
    there = local_now(timezone_name, current)
    here = timezone.localtime(current)
    wall_clock = there.replace(tzinfo=None)  # formatting must not convert it back
    shown = time_of_day(wall_clock) if there.date() == here.date() else weekday_time(wall_clock)
    return format_html('<time datetime="{}">{}</time>', there.isoformat(timespec="minutes"), shown)
