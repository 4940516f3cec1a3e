"""The demo company's coffee dates: "Coffee across Acme" with history.

Six past rounds are planned by the real planner at their own past moment, then marked as
announced and closed without sending anything (the outbox stays empty for the past), and
get feedback as people really give it: most met and liked it, some could not make it, some
never answered, a few wrote a comment in their own language. One more round is planned for
the next cadence date, waiting for the organiser to announce it.

Idempotent: the history is written once (a program that has rounds keeps them); later runs
only plan what is due, which the services themselves never do twice.
"""

import datetime
import random
import zoneinfo
from dataclasses import dataclass

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.coffee.models import (
    Cadence,
    CoffeeProfile,
    JoinMode,
    Outcome,
    Pairing,
    PairingMember,
    Participation,
    Program,
    Round,
    RoundStatus,
    TeamPreference,
)
from hallway.demo.data import SEED
from hallway.messaging.channel_setup import channel_email
from hallway.people.models import Person, PersonStatus

PROGRAM_SLUG = "coffee"
PROGRAM_NAME = "Coffee across Acme"
PAST_ROUNDS = 6
CADENCE_DAYS = 14
# Share of the company that had joined by each past round, then by the upcoming one.
JOINED_SHARE = (0.55, 0.62, 0.68, 0.74, 0.79, 0.83, 0.86)

COMMENTS = {
    "en": (
        "Great chat, we found out we both grew up near the sea!",
        "Lovely to finally put a face to the name.",
        "We talked about sourdough for twenty minutes. No regrets.",
        "Really helpful, I learned how the sales team works.",
        "Nice break in a busy week.",
    ),
    "de": (
        "Super nettes Gespräch, wir wollen uns wieder treffen.",
        "Endlich mal jemanden aus einem anderen Team kennengelernt.",
        "Wir haben über Fahrräder gefachsimpelt, sehr lustig.",
        "Tolle Idee, gerne wieder!",
    ),
    "nl": (
        "Leuk gesprek, we hebben tips over fietsroutes uitgewisseld.",
        "Fijn om eens met iemand van een ander team te praten.",
        "Gezellig! Volgende keer met koffie én taart.",
    ),
    "pt": ("Conversa ótima, aprendi muito sobre o time de dados.",),
}


@dataclass(frozen=True)
class CoffeeSummary:
    program: Program
    rounds: int  # rounds of the program, past and upcoming
    pairings: int


def demo_coffee_seed(*, organisation: Organisation, today: datetime.date) -> CoffeeSummary:
    """Create the coffee program with its history and its next round planned."""
    zone = zoneinfo.ZoneInfo(organisation.timezone)
    now = datetime.datetime.combine(today, datetime.time(8, 0), tzinfo=zone)
    rng = random.Random(SEED + 6)
    program = _program(organisation, today)
    if not Round.objects.filter(program=program).exists():
        _profiles(organisation, rng=rng)
        _history(program, today=today, rng=rng)
    upcoming = Round.objects.filter(
        program=program,
        status__in=(RoundStatus.PLANNED, RoundStatus.ANNOUNCED),
        scheduled_for__gte=today,
    )
    # Planning needs the engine (NumPy, SciPy: half a second to import), so a repeated
    # `hallway demo` only loads it when something is due.
    if not upcoming.exists():
        from hallway.coffee.services.planning import round_plan

        round_plan(program=program, now=now)
    return CoffeeSummary(
        program=program,
        rounds=Round.objects.filter(program=program).count(),
        pairings=Pairing.objects.filter(round__program=program).count(),
    )


def _program(organisation: Organisation, today: datetime.date) -> Program:
    program, _created = Program.objects.get_or_create(
        organisation=organisation,
        slug=PROGRAM_SLUG,
        defaults={
            "name": PROGRAM_NAME,
            "description": (
                "Every other Monday you meet someone from another team for half an hour. "
                "No agenda: how are you, really?"
            ),
            "join_mode": JoinMode.OPT_IN,
            "cadence": Cadence.EVERY_2_WEEKS,
            "weekday": 1,
            "hour": 9,
            "group_size": 2,
            "team_preference": TeamPreference.DIFFERENT,
            "min_overlap_minutes": 60,
            "require_shared_language": True,
            "automatic": False,
            # Six fortnights back, so the round being planned now is the seventh on the cadence.
            "first_round_on": today - datetime.timedelta(days=CADENCE_DAYS * PAST_ROUNDS),
        },
    )
    if not program.channels.exists():
        program.channels.set([channel_email(organisation)])
    return program


def _profiles(organisation: Organisation, *, rng: random.Random) -> None:
    """Most people wrote a few "ask me about" topics for their partners, often interests."""
    interests: dict[int, list[str]] = {}
    rows = Person.interests.through.objects.filter(person__organisation=organisation)
    for person_id, name in rows.order_by("person_id", "tag__name").values_list(
        "person_id", "tag__name"
    ):
        interests.setdefault(person_id, []).append(name)
    CoffeeProfile.objects.bulk_create(
        (
            CoffeeProfile(
                organisation=organisation,
                person_id=person_id,
                ask_me_about=rng.sample(names, k=min(len(names), rng.randint(1, 3))),
            )
            for person_id, names in interests.items()
            if rng.random() < 0.6
        ),
        ignore_conflicts=True,
    )


def _history(program: Program, *, today: datetime.date, rng: random.Random) -> None:
    from hallway.coffee.round_dates import next_round_date
    from hallway.coffee.services.planning import round_plan

    organisation = program.organisation
    zone = zoneinfo.ZoneInfo(organisation.timezone)
    people = list(
        scoped(Person, organisation)
        .filter(status=PersonStatus.ACTIVE, start_date__lte=program.first_round_on)
        .order_by("id")
        .values_list("id", "preferred_language")
    )
    language = dict(people)
    order = [pk for pk, _language in people]
    rng.shuffle(order)
    joined = 0
    day = program.first_round_on
    for index in range(PAST_ROUNDS):
        day = next_round_date(program=program, today=day)
        at = datetime.datetime.combine(day, datetime.time(program.hour), tzinfo=zone)
        joined = _join(program, order, joined, JOINED_SHARE[index], at - datetime.timedelta(days=3))
        # A few are away for this round (holidays, a busy launch): they sit it out, paused.
        away = rng.sample(order[:joined], k=max(1, joined // 25))
        Participation.objects.filter(program=program, person_id__in=away).update(paused_until=day)
        planned = round_plan(program=program, now=at)
        if planned.round is None:
            break
        _close_with_feedback(planned.round, rng=rng, language=language)
        day += datetime.timedelta(days=1)
    upcoming = datetime.datetime.combine(today, datetime.time(program.hour), tzinfo=zone)
    _join(program, order, joined, JOINED_SHARE[-1], upcoming - datetime.timedelta(days=2))


def _join(
    program: Program, order: list[int], joined: int, share: float, at: datetime.datetime
) -> int:
    target = int(len(order) * share)
    Participation.objects.bulk_create(
        Participation(
            organisation=program.organisation, program=program, person_id=pk, joined_at=at
        )
        for pk in order[joined:target]
    )
    return max(joined, target)


def _close_with_feedback(round_: Round, *, rng: random.Random, language: dict[int, str]) -> None:
    """Mark a past round as sent and closed, with its people's answers (no messages)."""
    Round.objects.filter(pk=round_.pk).update(
        status=RoundStatus.CLOSED,
        announced_at=round_.starts_at,
        reminded_at=round_.starts_at + (round_.ends_at - round_.starts_at) / 2,
        closed_at=round_.ends_at,
    )
    Pairing.objects.filter(round=round_).update(introduced_at=round_.starts_at)
    round_.left_out.update(told_at=round_.starts_at)
    members = list(PairingMember.objects.filter(pairing__round=round_).order_by("pairing_id", "id"))
    by_pairing: dict[int, list[PairingMember]] = {}
    for member in members:
        by_pairing.setdefault(member.pairing_id, []).append(member)
    for group in by_pairing.values():
        _answer(group, rng=rng, language=language, start=round_.starts_at)
    # Written back as one delete and one insert: much faster than an update per member.
    PairingMember.objects.filter(pairing__round=round_).delete()
    PairingMember.objects.bulk_create(members)


def _answer(
    group: list[PairingMember],
    *,
    rng: random.Random,
    language: dict[int, str],
    start: datetime.datetime,
) -> None:
    draw = rng.random()
    answered_at = start + datetime.timedelta(days=rng.randint(2, 12), hours=rng.randint(0, 8))
    if draw < 0.80:  # they met; most say so, a few never click
        for member in group:
            if rng.random() < 0.88:
                member.outcome = Outcome.MET
                member.rating = rng.choices((5, 4, 3, 2), weights=(48, 37, 11, 4))[0]
                member.answered_at = answered_at
                if rng.random() < 0.22:
                    texts = COMMENTS.get(language.get(member.person_id, "en"), COMMENTS["en"])
                    member.comment = rng.choice(texts)
        if all(not member.outcome for member in group):
            group[0].outcome, group[0].answered_at = Outcome.MET, answered_at
    elif draw < 0.90:  # it did not work out
        group[0].outcome, group[0].answered_at = Outcome.MISSED, answered_at
    elif draw < 0.94:  # still hoping to
        group[0].outcome, group[0].answered_at = Outcome.NOT_YET, answered_at
    # else: nobody answered
