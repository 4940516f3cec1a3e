"""The demo's weekly pulse: three months of closed rounds with a visible trend (the
workload eases, remote work gets easier), teams whose few answers stay hidden, comments.

Answers are written as the link would store them and every round is closed through the
service's own cut-off (counts, coarsening, forgetting). Nobody is asked: the demo
enqueues no messages.
"""

import datetime
import random
from dataclasses import dataclass

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.engine.cadence import local_instant, occurrence_dates
from hallway.rituals.models import (
    CircleKind,
    Pulse,
    PulseComment,
    PulseInvite,
    PulseQuestion,
    PulseResponse,
)
from hallway.rituals.selectors.circles import circle_members
from hallway.rituals.selectors.settings import ritual_settings_of
from hallway.rituals.services.pulse import pulse_recurrence, pulse_save
from hallway.rituals.services.pulse_rounds import pulse_round_close, pulse_round_open

PULSE_NAME = "Weekly pulse"
WEEKS = 13
# Where each question starts and ends over the three months (the mean answer).
TRENDS = {
    "workload": (2.7, 3.8),
    "connection": (3.5, 3.8),
    "manager_support": (3.9, 4.0),
    "remote": (3.0, 3.9),
    "enps": (6.5, 7.8),
}
# Teams that rarely answer: their figures stay hidden below k.
QUIET_TEAMS = {"Design", "Sales Benelux", "Research Bangalore"}
COMMENTS = (
    "The no-meeting Wednesday really helps.",
    "Too many tools, not enough time to use them.",
    "I miss the random chats at the coffee machine; the coffee dates help.",
    "Release week was rough, but the team pulled together.",
    "Please keep the async stand-ups short.",
    "Good to see the hiring plan shared openly.",
    "Time zones make it hard to get a decision quickly.",
    "The new onboarding buddies are great.",
)


@dataclass(frozen=True)
class PulseSummary:
    pulses: int
    rounds: int


def _value(rng: random.Random, mean: float, low: int, high: int) -> int:
    return max(low, min(high, round(rng.gauss(mean, 0.9 if high == 5 else 1.6))))


def demo_pulse_seed(*, organisation: Organisation, today: datetime.date) -> PulseSummary:
    """The weekly pulse and its past rounds, once (a second run finds it and leaves it)."""
    found = scoped(Pulse, organisation).filter(name=PULSE_NAME).first()
    if found is not None:
        return PulseSummary(pulses=1, rounds=found.rounds.count())
    pulse = pulse_save(
        pulse=Pulse(
            organisation=organisation,
            name=PULSE_NAME,
            circle_kind=CircleKind.EVERYONE,
            starts_on=today - datetime.timedelta(weeks=WEEKS),
            timezone=organisation.timezone,
            questions_per_round=3,
        )
    )
    k = ritual_settings_of(organisation).anonymity_threshold
    rng = random.Random(20261207)
    people = list(circle_members(owner=pulse, organisation=organisation).select_related("team"))
    questions = {q.pk: q for q in PulseQuestion.objects.filter(pulse=pulse)}
    days = [
        day
        for day in occurrence_dates(pulse_recurrence(pulse), pulse.starts_on, today)
        if day + datetime.timedelta(days=pulse.open_days) < today
    ]
    now = local_instant(today, datetime.time(0), organisation.timezone)
    rounds = 0
    for index, day in enumerate(days):
        round, _created = pulse_round_open(pulse=pulse, day=day)
        if round.closes_at >= now:
            continue
        progress = index / max(len(days) - 1, 1)
        answering = [
            person
            for person in people
            if rng.random() < (0.35 if person.team and person.team.name in QUIET_TEAMS else 0.8)
        ]
        chosen = {person.pk for person in answering}
        PulseInvite.objects.bulk_create(
            PulseInvite(
                organisation=organisation, round=round, person=person, answered=person.pk in chosen
            )
            for person in people
        )
        responses = []
        for person in answering:
            answers = {}
            for question_id in round.question_ids:
                question = questions[question_id]
                start, end = TRENDS.get(question.key, (3.5, 3.5))
                high = 10 if question.kind == "score" else 5
                answers[str(question_id)] = _value(
                    rng, start + (end - start) * progress, 0 if high == 10 else 1, high
                )
            responses.append(
                PulseResponse(
                    organisation=organisation,
                    round=round,
                    team_ref=person.team_id,
                    department=person.department,
                    answers=answers,
                )
            )
        PulseResponse.objects.bulk_create(responses)
        commenters = rng.sample(answering, min(len(answering), rng.randint(2, 4)))
        PulseComment.objects.bulk_create(
            PulseComment(
                organisation=organisation,
                round=round,
                team_ref=person.team_id,
                department=person.department,
                text=rng.choice(COMMENTS),
            )
            for person in commenters
        )
        pulse_round_close(round=round, k=k)
        rounds += 1
    # Answered under the promise of anonymity, as the answer service would have marked it.
    Pulse.objects.filter(pk=pulse.pk).update(anonymity_locked=bool(rounds))
    return PulseSummary(pulses=1, rounds=rounds)
