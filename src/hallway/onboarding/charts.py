"""The onboarding progress chart: each recent new hire's meetings, met to unfilled."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hallway.accounts.models import Organisation
from hallway.core import charts
from hallway.core.charts import PALETTE, Chart, Series, Table
from hallway.onboarding.selectors import (
    MET,
    MISSED,
    NO_ANSWER,
    PLANNED,
    STATUS_LABELS,
    UNFILLED,
    onboarding_progress,
    tracks_for_progress,
)

# The chart shows the tracks of people who started at most this long ago.
PROGRESS_WEEKS = 12
ORDER = [MET, MISSED, NO_ANSWER, PLANNED, UNFILLED]
STATUS_COLOURS = {
    MET: PALETTE[2],
    MISSED: PALETTE[5],
    NO_ANSWER: PALETTE[1],
    PLANNED: PALETTE[4],
    UNFILLED: PALETTE[6],
}


def progress_chart(*, organisation: Organisation, today: datetime.date) -> Chart:
    since = today - datetime.timedelta(weeks=PROGRESS_WEEKS)
    tracks = tracks_for_progress(organisation=organisation).filter(start_date__gte=since)
    progress = onboarding_progress(tracks=tracks, organisation=organisation, today=today)
    table = Table(
        [_("New hire"), _("Start date"), *[str(STATUS_LABELS[s]) for s in ORDER]],
        [
            [
                entry.person.name,
                entry.track.start_date,
                *[entry.counts[s] for s in ORDER],
            ]
            for entry in progress
        ],
    )
    met = sum(entry.counts[MET] for entry in progress)
    steps = sum(len(entry.steps) for entry in progress)
    description = ngettext(
        "%(hires)s new hire: %(met)s of %(steps)s onboarding meetings have happened.",
        "%(hires)s new hires: %(met)s of %(steps)s onboarding meetings have happened.",
        len(progress),
    ) % {
        "hires": charts.number(len(progress)),
        "met": charts.number(met),
        "steps": charts.number(steps),
    }
    return charts.stacked_rows(
        slug="onboarding",
        title=_("Onboarding progress per new hire"),
        description=description,
        labels=[entry.person.name for entry in progress],
        series=[
            Series(
                str(STATUS_LABELS[s]), [entry.counts[s] for entry in progress], STATUS_COLOURS[s]
            )
            for s in ORDER
        ],
        table=table,
    )
