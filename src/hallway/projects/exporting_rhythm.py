"""The JSON shapes the command line and the API share for a project's health, its kickoff
and its meeting series (issue 17: "API and CLI for all of it"). Times are ISO 8601 with an
offset; a member's local start is in their own zone, everything else in UTC."""

import datetime
from typing import Any

from django.utils.translation import get_language

from hallway.core.timezones import organisation_today
from hallway.projects.models import MeetingSeries, Project, RosterMember
from hallway.projects.selectors.health import project_health
from hallway.projects.selectors.roster import roster_of
from hallway.projects.selectors.series import SeriesRow
from hallway.projects.services.kickoff import PaysThePrice, kickoff_proposal, who_pays


def health_json(project: Project, now: datetime.datetime) -> dict[str, Any]:
    """`{"coverage", "cadence", "sponsor", "open_blockers", "attention_score"}`; `sponsor`
    is null without a sponsor, its `days_since_touch` null when they were never in touch."""
    health = project_health(project, organisation_today(project.organisation, now))
    return {
        "coverage": {
            "covered": health.covered,
            "required": health.required,
            "planned": health.planned,
            "overdue": health.overdue,
            "low": health.low_coverage,
        },
        "cadence": {
            "held": health.cadence.held,
            "planned": health.cadence.planned,
            "percent": health.cadence_percent,
            "low": health.low_cadence,
        },
        "sponsor": (
            {"days_since_touch": health.sponsor_days, "quiet": health.sponsor_quiet}
            if health.has_sponsor
            else None
        ),
        "open_blockers": health.blockers,
        "attention_score": health.score,
    }


def pays_json(pays: list[PaysThePrice]) -> list[dict[str, Any]]:
    return [
        {
            "member_id": p.member.pk,
            "name": p.member.name,
            "timezone": p.timezone,
            "local_start": p.local_start.isoformat(),
            "minutes": p.minutes,
            "early": p.early,
            "day_off": p.day_off,
        }
        for p in pays
    ]


def _scheduled_pays(project: Project, members: list[RosterMember]) -> list[PaysThePrice]:
    if project.kickoff_at is None or not project.kickoff_sequence:
        return []
    return who_pays(
        project=project, members=members, start=project.kickoff_at, minutes=project.kickoff_minutes
    )


def kickoff_state_json(project: Project, members: list[RosterMember]) -> dict[str, Any]:
    """The kickoff as scheduled (`kickoff_at` null before it is), and who pays for its time."""
    scheduled = project.kickoff_at if project.kickoff_sequence else None
    return {
        "kickoff_at": scheduled.isoformat() if scheduled is not None else None,
        "minutes": project.kickoff_minutes,
        "agenda": project.kickoff_agenda,
        "sequence": project.kickoff_sequence,
        "pays": pays_json(_scheduled_pays(project, members)),
    }


def kickoff_json(
    project: Project, now: datetime.datetime, minutes: int | None = None
) -> dict[str, Any]:
    """The state, the best times of the next 14 days (`minutes` long, else the project's
    kickoff length) with who pays for each, and the members who told about themselves."""
    members = roster_of(project)
    proposal = kickoff_proposal(project=project, now=now, minutes=minutes)
    return {
        **kickoff_state_json(project, members),
        "proposal": [
            {
                "start": option.start.isoformat(),
                "end": option.end.isoformat(),
                "suits_everyone": option.suits_everyone,
                "pays": pays_json(option.pays),
            }
            for option in proposal.options
        ],
        "answered": [m.pk for m in members if m.about_answered_at is not None],
    }


def series_json(row: SeriesRow) -> dict[str, Any]:
    """A series with its cadence in words and why a day is skipped, in the active language."""
    series: MeetingSeries = row.series
    language = get_language() or "en"
    return {
        "id": series.pk,
        "name": series.name,
        "kind": series.kind,
        "circle": series.circle,
        "sub_project": series.sub_project,
        "member_ids": [m.pk for m in row.members],
        "rule": series.rule,
        "cadence": row.cadence,
        "starts_on": series.starts_on.isoformat(),
        "at": series.at.strftime("%H:%M"),
        "minutes": series.minutes,
        "timezone": series.timezone,
        "language": series.language,
        "agenda": series.agenda,
        "video_url": series.video_url,
        "with_checkins": series.with_checkins,
        "ended_on": series.ended_on.isoformat() if series.ended_on else None,
        "next_start": row.next_start.isoformat() if row.next_start else None,
        "skipped": [{"on": day.on.isoformat(), "why": day.why(language)} for day in row.skipped],
    }
