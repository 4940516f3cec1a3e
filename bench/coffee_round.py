"""How long planning and saving a coffee round takes: 10,000 people, 50 rounds of history.

The organisation comes from `_round_generator.py` (teams of 5–10 mostly in one of six
cities with their real time zones, departments, local languages, working-hour patterns,
interests, new hires), written with bulk inserts; then 50 fortnightly closed rounds in
which everyone was paired at random and 85 % of the pairs met, a few hundred people with
their own settings (paused, every other round, monthly, owed rounds, blocked partners) and
a few holidays. Timed: `round_plan` of round 51, split into load (reading people, history
and rules), engine (`plan_round`) and save (one transaction of bulk inserts), with the
number of queries.

Runs on a throw-away SQLite file and on a throw-away PostgreSQL database
(`hallway_bench_coffee` on BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432),
each in its own process. Target: at most 30 s per backend.

    .venv/bin/python bench/coffee_round.py                    # both backends
    PEOPLE=2000 ROUNDS=10 .venv/bin/python bench/coffee_round.py sqlite
"""

import datetime
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _backends import PG_SERVER, run_per_backend  # noqa: E402

PEOPLE = int(os.environ.get("PEOPLE", "10000"))
ROUNDS = int(os.environ.get("ROUNDS", "50"))
TARGET_SECONDS = 30.0
PG_DATABASE = "hallway_bench_coffee"


def main() -> None:
    results = run_per_backend(
        __file__, pg_database=PG_DATABASE, backends=sys.argv[1:] or ["sqlite", "postgres"]
    )
    print(
        f"Planning and saving a coffee round: {PEOPLE:,} people, {ROUNDS} rounds of history "
        f"(target ≤ {TARGET_SECONDS:.0f} s)"
    )
    header = (
        f"{'backend':<10} {'build':>7} {'history':>9} {'load':>6} {'engine':>7} {'save':>6} "
        f"{'total':>7} {'queries':>8} {'pairs':>6} {'left out':>9}"
    )
    print(header)
    for r in results:
        print(
            f"{r['backend']:<10} {r['build']:>6.1f}s {r['history_rows']:>9,} {r['load']:>5.1f}s "
            f"{r['engine']:>6.1f}s {r['save']:>5.1f}s {r['total']:>6.1f}s {r['queries']:>8} "
            f"{r['groups']:>6,} {r['left_out']:>9,}"
        )
    slow = [r["backend"] for r in results if r["total"] > TARGET_SECONDS]
    if slow:
        print(f"over the target: {', '.join(slow)}")
        sys.exit(1)


# --- The child: one backend ----------------------------------------------------------------


def _create_pg_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}"')
        conn.execute(f'CREATE DATABASE "{PG_DATABASE}"')


def _drop_pg_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')


def child(backend: str) -> None:
    if backend == "postgres":
        _create_pg_database()
    try:
        result = run(backend)
    finally:
        if backend == "postgres":
            from django.db import connections

            connections.close_all()
            _drop_pg_database()
    print(json.dumps(result))


def run(backend: str) -> dict:
    sys.path.insert(0, str(HERE.parent / "src"))
    sys.path.insert(0, str(HERE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallway.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hallway.coffee.services.planning import round_plan

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    program, history_rows = build()
    build_seconds = time.perf_counter() - started

    import _round_generator as generator

    now = datetime.datetime.combine(generator.TODAY, datetime.time(6), tzinfo=datetime.UTC)
    with CaptureQueriesContext(connection) as queries:
        planned = round_plan(program=program, now=now)
    assert planned.round is not None
    assert planned.round.number == ROUNDS + 1
    return {
        "backend": backend,
        "build": build_seconds,
        "history_rows": history_rows,
        "load": planned.timings["load"],
        "engine": planned.timings["engine"],
        "save": planned.timings["save"],
        "total": planned.seconds,
        "queries": len(queries),
        "groups": len(planned.groups),
        "left_out": len(planned.left_out),
    }


def build():
    """The organisation, its people and program, and ROUNDS closed rounds of history."""
    import _round_generator as generator
    import numpy as np
    from django.db import transaction

    from hallway.absences.models import Holiday
    from hallway.accounts.models import Organisation
    from hallway.coffee.models import (
        Cadence,
        CoffeeProfile,
        Frequency,
        JoinMode,
        Outcome,
        Pairing,
        PairingMember,
        Participation,
        Program,
        Round,
        RoundStatus,
    )
    from hallway.people.models import Location, Person, Tag, Team

    batch = 5000
    rng = np.random.default_rng(7)
    today = generator.TODAY  # a Monday
    people_data = generator.people(PEOPLE)
    with transaction.atomic():
        org = Organisation.objects.create(name="Bench", slug="bench", timezone="Europe/Berlin")
        zones = {name: zone for name, zone, _, _ in generator.CITIES}
        locations = {
            name: Location.objects.create(organisation=org, name=name, timezone=zone)
            for name, zone in zones.items()
        }
        departments = {p.team: p.department for p in people_data}
        teams = {
            t.name: t
            for t in Team.objects.bulk_create(
                [Team(organisation=org, name=name, department=d) for name, d in departments.items()]
            )
        }
        tags = {
            t.name: t
            for t in Tag.objects.bulk_create(
                [Tag(organisation=org, name=name) for name in generator.INTERESTS]
            )
        }
        people = Person.objects.bulk_create(
            [
                Person(
                    organisation=org,
                    name=f"Person {p.id}",
                    email=f"{p.id}@bench.test",
                    team=teams[p.team],
                    location=locations[p.location],
                    timezone=p.timezone,
                    work_start=p.work_start,
                    work_end=p.work_end,
                    working_days=sorted(p.working_days),
                    languages=sorted(p.languages),
                    start_date=p.start_date,
                )
                for p in people_data
            ],
            batch_size=batch,
        )
        by_id = {p.id: person for p, person in zip(people_data, people, strict=True)}
        for p in people_data:
            if p.manager:
                by_id[p.id].manager_id = by_id[p.manager].pk
        Person.objects.bulk_update(
            [by_id[p.id] for p in people_data if p.manager], ["manager"], batch_size=batch
        )
        through = Person.interests.through
        through.objects.bulk_create(
            [
                through(person_id=by_id[p.id].pk, tag_id=tags[name].pk)
                for p in people_data
                for name in p.interests
            ],
            batch_size=batch,
        )
        first = today - datetime.timedelta(days=14 * ROUNDS)
        program = Program.objects.create(
            organisation=org,
            name="Coffee across Bench",
            slug="coffee",
            join_mode=JoinMode.OPT_OUT,
            cadence=Cadence.EVERY_2_WEEKS,
            weekday=1,
            hour=9,
            first_round_on=first,
            min_overlap_minutes=60,
            require_shared_language=True,
        )

        # People with settings of their own.
        chosen = rng.choice(len(people), size=min(600, len(people)), replace=False).tolist()
        settings_rows = []
        for k, index in enumerate(chosen):
            row = Participation(organisation=org, program=program, person=people[index])
            kind = k % 6
            if kind == 0:
                row.paused_until = today + datetime.timedelta(days=10)
            elif kind == 1:
                row.frequency = Frequency.EVERY_OTHER_ROUND
            elif kind == 2:
                row.frequency = Frequency.MONTHLY
            elif kind == 3:
                row.owed_rounds = 1
            elif kind == 4:
                row.auto_paused_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
            settings_rows.append(row)
        Participation.objects.bulk_create(settings_rows, batch_size=batch)
        profiles = CoffeeProfile.objects.bulk_create(
            [CoffeeProfile(organisation=org, person=people[i]) for i in chosen[:200]]
        )
        blocked = CoffeeProfile.blocked.through
        blocked.objects.bulk_create(
            [
                blocked(coffeeprofile_id=profile.pk, person_id=people[int(j)].pk)
                for profile, j in zip(
                    profiles, rng.integers(0, len(people), len(profiles)), strict=True
                )
                if people[int(j)].pk != profile.person_id
            ]
        )
        Holiday.objects.bulk_create(
            [
                Holiday(
                    organisation=org,
                    date=today + datetime.timedelta(days=3),
                    name="Local",
                    location=locations["Berlin"],
                ),
                Holiday(
                    organisation=org,
                    date=today + datetime.timedelta(days=8),
                    name="Local",
                    location=locations["Bangalore"],
                ),
            ]
        )

    # History: ROUNDS closed rounds, random pairs, 85 % met (one transaction per round).
    zone = datetime.UTC
    history_rows = 0
    ids = np.array([p.pk for p in people])
    for number in range(1, ROUNDS + 1):
        day = first + datetime.timedelta(days=14 * (number - 1))
        starts = datetime.datetime.combine(day, datetime.time(8), tzinfo=zone)
        with transaction.atomic():
            round_ = Round.objects.create(
                organisation=org,
                program=program,
                number=number,
                scheduled_for=day,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(days=14),
                status=RoundStatus.CLOSED,
            )
            order = rng.permutation(len(ids))
            pair_count = len(ids) // 2
            pairings = Pairing.objects.bulk_create(
                [
                    Pairing(
                        organisation=org,
                        round=round_,
                        due_on=day + datetime.timedelta(days=13),
                        score=1.0,
                    )
                    for _ in range(pair_count)
                ],
                batch_size=batch,
            )
            met = rng.random(pair_count) < 0.85
            answered = rng.random(pair_count) < 0.7
            members = []
            for k, pairing in enumerate(pairings):
                outcome = (Outcome.MET if met[k] else Outcome.MISSED) if answered[k] else ""
                for side in (0, 1):
                    members.append(
                        PairingMember(
                            organisation=org,
                            pairing=pairing,
                            person_id=int(ids[order[2 * k + side]]),
                            outcome=outcome if side == 0 else "",
                        )
                    )
            PairingMember.objects.bulk_create(members, batch_size=batch)
            history_rows += len(members)
    return program, history_rows


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
