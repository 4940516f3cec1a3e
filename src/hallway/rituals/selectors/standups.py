"""Reads of stand-ups: the list, who may change what, one date's summary (the digest and
the page show the same), and the answer form's values.

Mood is personal: a person sees their own; everyone else sees only the average of a group
of at least `MOOD_MIN_ANSWERS` answers, never a figure for fewer people.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from hallway.accounts.models import Organisation, Role, User
from hallway.accounts.tenancy import scoped
from hallway.rituals.models import (
    Celebration,
    CelebrationSource,
    CheckIn,
    CheckInStatus,
    Digest,
    Occurrence,
    StandUp,
)
from hallway.rituals.services.standups import cadence_of, checkin_win_ref

MOOD_MIN_ANSWERS = 3


def standups_listed(*, organisation: Organisation) -> QuerySet[StandUp]:
    return (
        scoped(StandUp, organisation)
        .select_related("circle_team", "circle_location", "owner")
        .annotate(circle_people_count=Count("circle_people", distinct=True))
    )


def standup_may_manage(*, user: User, role: str, standup: StandUp) -> bool:
    """Organisers (and above) and the stand-up's owner change it."""
    if Role.rank(role) >= Role.rank(Role.ORGANISER):
        return True
    return standup.owner_id is not None and standup.owner_id == user.pk


def standup_may_create(*, role: str) -> bool:
    return Role.rank(role) >= Role.rank(Role.ORGANISER)


def checkin_may_act(*, user: User, role: str, checkin: CheckIn) -> bool:
    """Who may resolve an answer's blocker or send its win to the gong: the person who
    answered, the stand-up's owner and organisers."""
    if checkin.person.user_id is not None and checkin.person.user_id == user.pk:
        return True
    return standup_may_manage(user=user, role=role, standup=checkin.occurrence.standup)


def mood_average(moods: list[int]) -> float | None:
    """The average of `moods`, or None for fewer than three (one person's mood stays theirs)."""
    if len(moods) < MOOD_MIN_ANSWERS:
        return None
    return round(sum(moods) / len(moods), 1)


@dataclass
class DateSummary:
    occurrence: Occurrence
    answers: list[CheckIn] = field(default_factory=list)
    away: list[CheckIn] = field(default_factory=list)
    missing: list[CheckIn] = field(default_factory=list)
    waiting: list[CheckIn] = field(default_factory=list)
    mood: float | None = None

    @property
    def blockers(self) -> list[CheckIn]:
        return [c for c in self.answers if c.blocked]

    @property
    def open_blockers(self) -> list[CheckIn]:
        return [c for c in self.answers if c.blocked and c.blocker_resolved_at is None]


def date_summary(
    *, occurrence: Occurrence, now: datetime.datetime, digest: Digest | None = None
) -> DateSummary:
    """Who answered what, who is away (with the reason), who did not answer by the cut-off
    and who still may (before it), for one date or one zone group of it."""
    rows = CheckIn.objects.filter(occurrence=occurrence).select_related("person")
    if digest is not None:
        rows = rows.filter(digest=digest)
    summary = DateSummary(occurrence=occurrence)
    for row in rows.order_by("person__name", "id"):
        if row.status == CheckInStatus.ANSWERED:
            summary.answers.append(row)
        elif row.status == CheckInStatus.AWAY:
            if row.away_reason != "day_off":
                summary.away.append(row)
        elif row.closes_at <= now:
            summary.missing.append(row)
        else:
            summary.waiting.append(row)
    summary.mood = mood_average([c.mood for c in summary.answers if c.mood is not None])
    return summary


def summary_context(summary: DateSummary) -> dict[str, Any]:
    """A summary as a message's JSON context (names and texts; never anyone's mood)."""
    answers = [
        {
            "id": c.pk,
            "name": c.person.name,
            "yesterday": c.yesterday,
            "today": c.today,
            "blockers": c.blockers,
            "blocked": c.blocked,
            "resolved": c.blocker_resolved_at is not None,
            "small_talk": c.small_talk,
        }
        for c in summary.answers
    ]
    return {
        "answers": answers,
        "blockers": [a for a in answers if a["blocked"] and not a["resolved"]],
        "away": [
            {"name": c.person.name, "reason": c.away_reason, "detail": c.away_detail}
            for c in summary.away
        ],
        "missing": [c.person.name for c in summary.missing + summary.waiting],
        "mood_average": f"{summary.mood:.1f}" if summary.mood is not None else "",
    }


def standup_questions(standup: StandUp) -> dict[str, str]:
    return {
        "yesterday": standup.question_yesterday,
        "today": standup.question_today,
        "blockers": standup.question_blockers,
    }


def standup_cadence(standup: StandUp) -> str:
    cadence, _day = cadence_of(standup.rule)
    return cadence


def answer_form_context(*, checkin: CheckIn) -> dict[str, Any]:
    """What the answer form (the signed link's page) shows: the questions, and the answers
    given so far."""
    standup = checkin.occurrence.standup
    return {
        "checkin": checkin,
        "questions": standup_questions(standup),
        "cadence": standup_cadence(standup),
        "ask_mood": standup.ask_mood,
        "starter_key": checkin.occurrence.starter_key if standup.ask_small_talk else "",
        "moods": [1, 2, 3, 4, 5],
    }


def occurrences_of(*, standup: StandUp) -> QuerySet[Occurrence]:
    """The stand-up's dates, newest first, with their counts."""
    return (
        Occurrence.objects.filter(standup=standup)
        .annotate(
            answered=Count("checkins", filter=Q(checkins__status=CheckInStatus.ANSWERED)),
            blockers=Count(
                "checkins",
                filter=Q(checkins__blocked=True, checkins__blocker_resolved_at__isnull=True),
            ),
            asked=Count("checkins", filter=~Q(checkins__status=CheckInStatus.AWAY)),
        )
        .order_by("-date", "-id")
    )


def open_blockers_of(*, standup: StandUp) -> QuerySet[CheckIn]:
    """Blockers nobody marked resolved yet, of every date, newest first."""
    return (
        CheckIn.objects.filter(
            occurrence__standup=standup, blocked=True, blocker_resolved_at__isnull=True
        )
        .select_related("person", "occurrence")
        .order_by("-occurrence__date", "person__name")
    )


def mood_trend(*, standup: StandUp, since: datetime.date) -> float | None:
    """The team's average mood since `since` (None under three answers), counted in the
    database: a month of a big stand-up is tens of thousands of answers."""
    found = CheckIn.objects.filter(
        occurrence__standup=standup, occurrence__date__gte=since, mood__isnull=False
    ).aggregate(count=Count("mood"), total=Sum("mood"))
    count, total = found["count"] or 0, found["total"] or 0
    if count < MOOD_MIN_ANSWERS:
        return None
    return round(total / count, 1)


def checkins_on_the_gong(*, organisation: Organisation, checkins: list[CheckIn]) -> dict[int, int]:
    """Which of `checkins` were sent to the gong: check-in id → celebration id."""
    refs = {checkin_win_ref(c.pk): c.pk for c in checkins}
    if not refs:
        return {}
    found = Celebration.objects.filter(
        organisation=organisation, source=CelebrationSource.STANDUP, source_ref__in=list(refs)
    ).values_list("source_ref", "pk")
    return {refs[ref]: pk for ref, pk in found}
