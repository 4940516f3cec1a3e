"""How fast the rituals are for what users run: `hallway ritual run-due` on a 10,000-person
organisation, and the rituals' pages and API.

The organisation comes from `_round_generator.py` (10,000 people in teams of 5–10 in six
cities: Berlin, Köln, Amsterdam, São Paulo, New York, Bangalore, with their real zones),
plus public holidays (Köln today, past ones in Berlin, Amsterdam and Bangalore) and ~3 % of
the people out of office. Rituals:

- 40 daily stand-ups of ~25 hand-picked people each and one department-wide stand-up
  (Customer Success, ~1,000 people), all asked at 09:00 in each person's zone, with a month
  of history written in the shape `standups_run` leaves it (occurrences, one digest per zone
  group, sent; check-ins asked, answered with mood and texts, a few blockers, away with the
  reason);
- one weekly organisation-wide pulse (everyone, Monday 09:00, anonymous) with 12 closed
  rounds of answers (written as `pulse_answer` stores them, then closed by the service's own
  cut-off);
- ~300 wins on the wall this month, with people, cheers and kudos.

Timed on TODAY (a Monday), each a whole `hallway ritual run-due --org bench` in a fresh
process (wall time, start-up included; the clock is moved with time-machine in that
process, nothing else differs from the installed command):

  03:35 UTC  Bangalore is due (stand-ups and the pulse's first asks; the round opens)
  08:05 UTC  Europe is due: ~5,800 people asked for the pulse, ~1,200 for stand-ups
  08:05 UTC  again at once: nothing to do
  09:40 UTC  stand-up reminders to Europe's unanswered
  11:05 UTC  Europe's digest cut-off (after 80 % answered): 41 digests, by email to each
  and, for scale, `run-due` of an empty organisation (the process's start-up alone).

Then the pages, through Django's test client as an admin who is in the directory (p50/p95
over REPEAT requests after a warm-up, and the SQL queries of one request): the 1,000-person
stand-up's page (today: ~1,000 check-ins), the stand-ups list, the pulse's results
(organisation-wide, with the group breakdown and trends), its API results endpoint, its CSV
export, and the wall of wins for this month.

Targets: run-due for 10,000 people ≤ 10 s (whole command); the idle run ≤ 2 s; every page
p95 ≤ 300 ms, with a query count that does not grow with the number of people or answers
shown (no N+1; `tests/rituals/test_speed_queries.py` holds that in place).

Runs on a throw-away SQLite file and a throw-away PostgreSQL database
(`hallway_bench_rituals` on BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432);
BENCH_KEEP_DB=1 leaves that database in place to look into afterwards.

    .venv/bin/python bench/rituals.py                 # both backends
    PEOPLE=2000 .venv/bin/python bench/rituals.py sqlite
"""

import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _backends import PG_SERVER, run_per_backend  # noqa: E402

PEOPLE = int(os.environ.get("PEOPLE", "10000"))
REPEAT = int(os.environ.get("REPEAT", "20"))
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "hallway_bench_rituals")
SQUADS = 40
SQUAD_SIZE = 25
DEPARTMENT = "Customer Success"
HISTORY_DAYS = 30
PULSE_ROUNDS = 12
WINS = 300
TARGET_RUN_S = 10.0
TARGET_IDLE_S = 2.0
TARGET_PAGE_MS = 300.0

RUNS = (
    # label, UTC time on TODAY
    ("Bangalore due", datetime.time(3, 35)),
    ("Europe due", datetime.time(8, 5)),
    ("idle", datetime.time(8, 5, 30)),
    ("reminders", datetime.time(9, 40)),
    ("digest cut-off", datetime.time(11, 5)),
)
PAGES_AT = datetime.time(11, 30)


def main() -> None:
    results = run_per_backend(
        __file__, pg_database=PG_DATABASE, backends=sys.argv[1:] or ["sqlite", "postgres"]
    )
    print(
        f"\nRituals: {PEOPLE:,} people, {SQUADS} stand-ups of ~{SQUAD_SIZE} and one of "
        f"~1,000, a weekly pulse for everyone ({PULSE_ROUNDS} closed rounds), {WINS} wins"
    )
    print(
        f"`hallway ritual run-due` as a whole command (targets: ≤ {TARGET_RUN_S:.0f} s, "
        f"idle ≤ {TARGET_IDLE_S:.0f} s)"
    )
    print(f"{'backend':<10} {'run':<16} {'wall':>7} {'queued':>7}  what it did")
    missed = []
    for r in results:
        for run in r["runs"]:
            print(
                f"{r['backend']:<10} {run['label']:<16} {run['seconds']:>6.2f}s "
                f"{run['queued']:>7}  {run['did']}"
            )
            limit = TARGET_IDLE_S if run["label"] in ("idle", "start-up") else TARGET_RUN_S
            if run["seconds"] > limit:
                missed.append(f"{r['backend']} run-due {run['label']}")
    print(f"\nPages through the test client (target p95 ≤ {TARGET_PAGE_MS:.0f} ms)")
    print(f"{'backend':<10} {'page':<22} {'p50':>7} {'p95':>7} {'queries':>8} {'size':>8}")
    for r in results:
        for page in r["pages"]:
            print(
                f"{r['backend']:<10} {page['name']:<22} {page['p50']:>5.0f}ms {page['p95']:>5.0f}ms "
                f"{page['queries']:>8} {page['bytes'] // 1024:>6}kB"
            )
            if page["p95"] > TARGET_PAGE_MS:
                missed.append(f"{r['backend']} {page['name']}")
    for r in results:
        print(f"{r['backend']}: built in {r['build']:.0f} s ({r['rows']})")
    if missed:
        print(f"over the target: {', '.join(missed)}")
        sys.exit(1)
    print("every target met")


# --- The child: one backend ----------------------------------------------------------------


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def child(backend: str) -> None:
    if backend == "postgres":
        _pg(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        _pg(f'CREATE DATABASE "{PG_DATABASE}"')
    try:
        result = run(backend)
    finally:
        if backend == "postgres" and not os.environ.get("BENCH_KEEP_DB"):
            from django.db import connections

            connections.close_all()
            _pg(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
    print(json.dumps(result))


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


# The installed `hallway` command, with the clock moved to argv[1] first.
_COMMAND = (
    "import sys, time_machine\n"
    "time_machine.travel(sys.argv[1], tick=True).start()\n"
    "sys.argv = ['hallway', *sys.argv[2:]]\n"
    "from hallway.cli import main\n"
    "main()\n"
)


def run_due(slug: str, at: datetime.datetime) -> tuple[float, dict]:
    """`hallway ritual run-due --org SLUG --json` at `at`, in a process of its own."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(HERE.parent / "src"), env.get("PYTHONPATH")])
    )
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 (our own interpreter and the project's command)
        [
            sys.executable,
            "-c",
            _COMMAND,
            at.isoformat(),
            "ritual",
            "run-due",
            "--org",
            slug,
            "--json",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"run-due failed (exit {done.returncode})")
    return seconds, json.loads(done.stdout.strip().splitlines()[-1])


def _did(report: dict) -> str:
    parts = []
    for part, counts in report.items():
        shown = [f"{key} {value:,}" for key, value in counts.items() if value]
        if shown:
            parts.append(f"{part}: {', '.join(shown)}")
    return "; ".join(parts) or "nothing"


def run(backend: str) -> dict:
    sys.path.insert(0, str(HERE.parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallway.config.settings")
    import django

    django.setup()
    import _round_generator as generator
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    built = build()
    build_seconds = time.perf_counter() - started
    if backend == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    connection.close()  # the command's process has the database to itself

    today = generator.TODAY
    runs = []
    seconds, report = run_due(
        "empty", datetime.datetime.combine(today, datetime.time(8, 5), tzinfo=datetime.UTC)
    )
    runs.append(
        {"label": "start-up", "seconds": seconds, "queued": 0, "did": "an empty organisation"}
    )
    for label, at in RUNS:
        if label == "digest cut-off":
            answer_today(built["department_standup"], built["squads"])
            connection.close()
        moment = datetime.datetime.combine(today, at, tzinfo=datetime.UTC)
        seconds, report = run_due("bench", moment)
        queued = (
            sum(
                report["standups"][k] for k in ("asked", "reminded", "digests", "video_invitations")
            )
            + report["pulses"]["asked"]
            + report["pulses"]["reminded"]
        )
        runs.append({"label": label, "seconds": seconds, "queued": queued, "did": _did(report)})
    if backend == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    pages = time_pages(built)
    return {
        "backend": backend,
        "build": build_seconds,
        "rows": built["rows"],
        "runs": runs,
        "pages": pages,
    }


def time_pages(built: dict) -> list[dict]:
    import _round_generator as generator
    import time_machine
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(built["user"])
    api = Client(HTTP_AUTHORIZATION=f"Bearer {built['token']}")
    pulse = built["pulse"]
    pages = [
        (
            "stand-up (1,000)",
            client,
            reverse("rituals:standup", kwargs={"pk": built["department_standup"]}),
        ),
        ("stand-ups list", client, reverse("rituals:standups")),
        ("pulse results", client, reverse("rituals:pulse_results", kwargs={"pk": pulse})),
        ("pulse API results", api, f"/api/v1/pulses/{pulse}/results"),
        ("pulse CSV export", client, reverse("rituals:pulse_export", kwargs={"pk": pulse})),
        (
            "wall of wins (month)",
            client,
            reverse("rituals:wins") + f"?month={generator.TODAY:%Y-%m}",
        ),
    ]
    moment = datetime.datetime.combine(generator.TODAY, PAGES_AT, tzinfo=datetime.UTC)
    results = []
    with time_machine.travel(moment, tick=True):
        for name, who, url in pages:
            response = who.get(url)  # warm-up
            assert response.status_code == 200, (name, response.status_code)
            counted: list[str] = []

            def count(execute, sql, params, many, context, counted=counted):
                counted.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                response = who.get(url)
            samples = []
            for _ in range(REPEAT):
                started = time.perf_counter()
                who.get(url)
                samples.append(time.perf_counter() - started)
            p50, p95 = _percentiles(samples)
            results.append(
                {
                    "name": name,
                    "p50": p50,
                    "p95": p95,
                    "queries": len(counted),
                    "bytes": len(response.content),
                }
            )
    return results


def answer_today(department_standup: int, squads: list[int]) -> None:
    """80 % of today's check-ins asked so far answer (texts, mood, a few blockers)."""
    import random

    import _round_generator as generator
    from django.db import transaction

    from hallway.rituals.models import CheckIn, CheckInStatus

    rng = random.Random(5)
    rows = list(
        CheckIn.objects.filter(
            occurrence__date=generator.TODAY,
            occurrence__standup_id__in=[department_standup, *squads],
            status=CheckInStatus.PENDING,
        )
    )
    chosen = [row for row in rows if rng.random() < 0.8]
    for row in chosen:
        row.status = CheckInStatus.ANSWERED
        row.answered_at = row.ask_at + datetime.timedelta(minutes=rng.randint(5, 120))
        row.yesterday = rng.choice(YESTERDAY)
        row.today = rng.choice(TODAY_TEXTS)
        row.mood = rng.choice((2, 3, 4, 4, 4, 5, 5))
        if rng.random() < 0.05:
            row.blocked = True
            row.blockers = rng.choice(BLOCKERS)
    with transaction.atomic():
        CheckIn.objects.bulk_update(
            chosen,
            ["status", "answered_at", "yesterday", "today", "mood", "blocked", "blockers"],
            batch_size=500,
        )


YESTERDAY = (
    "Finished the offline sync for the iOS app.",
    "Reviewed two pull requests and fixed the flaky login test.",
    "Customer call about the onboarding flow; notes are in the ticket.",
    "Profiled the image cache; memory is down by a third.",
)
TODAY_TEXTS = (
    "Release candidate for the Android app.",
    "Accessibility pass on the settings screen.",
    "Write the migration plan for the new API.",
    "Planning for next sprint, then deep work.",
)
BLOCKERS = ("Waiting for the signing certificate from IT.", "The staging API is down.")
SMALL_TALK = ("Masala chai, no question.", "A long walk along the canal.", "Pancakes!")
COMMENTS = (
    "The no-meeting Wednesday really helps.",
    "Too many tools, not enough time to use them.",
    "Time zones make it hard to get a decision quickly.",
    "Good to see the hiring plan shared openly.",
)


def build() -> dict:
    import random

    import _round_generator as generator
    import numpy as np
    from django.db import transaction

    from hallway.absences.models import Holiday, OutOfOffice
    from hallway.absences.selectors import DAY_OFF, AbsenceCalendar
    from hallway.accounts.models import Membership, Organisation, Role, User
    from hallway.accounts.tokens import token_create
    from hallway.coffee.interface import starter_pick
    from hallway.engine.cadence import local_instant
    from hallway.people.models import Location, Person, Team
    from hallway.rituals.models import (
        Celebration,
        CelebrationKind,
        CelebrationReaction,
        CelebrationSource,
        CheckIn,
        CheckInStatus,
        CircleKind,
        Digest,
        Kudos,
        Occurrence,
        Pulse,
        PulseComment,
        PulseInvite,
        PulseQuestion,
        PulseResponse,
        StandUp,
        Weekday,
    )
    from hallway.rituals.services.pulse import pulse_save
    from hallway.rituals.services.pulse_rounds import pulse_round_close, pulse_round_open
    from hallway.rituals.services.standups_run import _groups, ask_instant

    batch = 5000
    rng = random.Random(11)
    nrng = np.random.default_rng(11)
    today = generator.TODAY  # a Monday
    people_data = generator.people(PEOPLE)
    rows: dict[str, int] = {}
    with transaction.atomic():
        Organisation.objects.create(name="Empty", slug="empty", timezone="Europe/Berlin")
        org = Organisation.objects.create(name="Bench", slug="bench", timezone="Europe/Berlin")
        countries = {
            "Berlin": ("DE", "BE"),
            "Köln": ("DE", "NW"),
            "Amsterdam": ("NL", ""),
            "São Paulo": ("BR", "SP"),
            "New York": ("US", "NY"),
            "Bangalore": ("IN", "KA"),
        }
        locations = {
            name: Location.objects.create(
                organisation=org,
                name=name,
                timezone=zone,
                country=countries[name][0],
                subdivision=countries[name][1],
            )
            for name, zone, _, _ in generator.CITIES
        }
        departments = {p.team: p.department for p in people_data}
        teams = {
            t.name: t
            for t in Team.objects.bulk_create(
                [Team(organisation=org, name=name, department=d) for name, d in departments.items()]
            )
        }
        people = Person.objects.bulk_create(
            [
                Person(
                    organisation=org,
                    name=f"Person {p.id}",
                    email=f"{p.id}@bench.test",
                    team=teams[p.team],
                    department=p.department,
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
        user = User.objects.create(username="admin", email="admin@bench.test")
        Membership.objects.create(user=user, organisation=org, role=Role.ADMIN)
        people[0].user = user
        people[0].save(update_fields=["user"])
        _token, raw_token = token_create(organisation=org, user=user, name="bench")
        rows["people"] = len(people)

        # Public holidays: Köln today; earlier ones elsewhere; ~3 % out of office.
        holidays = [Holiday(organisation=org, date=today, name="Local", location=locations["Köln"])]
        for city, back in (("Berlin", 17), ("Amsterdam", 10), ("Bangalore", 4), ("São Paulo", 24)):
            holidays.append(
                Holiday(
                    organisation=org,
                    date=today - datetime.timedelta(days=back),
                    name="Local",
                    location=locations[city],
                )
            )
        Holiday.objects.bulk_create(holidays)
        away = nrng.choice(len(people), size=len(people) * 3 // 100, replace=False).tolist()
        OutOfOffice.objects.bulk_create(
            [
                OutOfOffice(
                    organisation=org,
                    person=people[i],
                    first_day=today - datetime.timedelta(days=int(nrng.integers(0, 20))),
                    last_day=today + datetime.timedelta(days=int(nrng.integers(0, 10))),
                )
                for i in away
            ],
            batch_size=batch,
        )

    # Stand-ups: 40 squads of 25 (hand-picked, neighbours in the directory's team order)
    # and the whole of one department.
    first_day = today - datetime.timedelta(days=HISTORY_DAYS)
    with transaction.atomic():
        common = {
            "organisation": org,
            "rule": "FREQ=DAILY",
            "starts_on": first_day - datetime.timedelta(days=5),
            "ask_at": datetime.time(9, 0),
            "owner": user,
        }
        department = StandUp.objects.create(
            name=f"{DEPARTMENT} daily",
            circle_kind=CircleKind.DEPARTMENT,
            circle_department=DEPARTMENT,
            **common,
        )
        step = len(people) // SQUADS
        squads = []
        squad_people = []
        for n in range(SQUADS):
            squad = StandUp.objects.create(
                name=f"Squad {n + 1:02} daily", circle_kind=CircleKind.PEOPLE, **common
            )
            members = people[n * step : n * step + SQUAD_SIZE]
            squad.circle_people.set(members)
            squads.append(squad)
            squad_people.append(members)
        dept_people = [people[i] for i, p in enumerate(people_data) if p.department == DEPARTMENT]
        circles = [(department, dept_people), *zip(squads, squad_people, strict=True)]

    calendar = AbsenceCalendar(
        organisation=org, first=first_day - datetime.timedelta(days=1), last=today
    )
    days = [first_day + datetime.timedelta(days=n) for n in range(HISTORY_DAYS)]
    checkins = 0
    for standup, members in circles:
        standup.organisation = org
        with transaction.atomic():
            occurrences = []
            for day in days:
                occurrences.append(
                    Occurrence(
                        organisation=org,
                        standup=standup,
                        date=day,
                        starter_key=starter_pick(
                            pairing_id=standup.pk * 1000 + day.toordinal(), theme="mixed"
                        ),
                    )
                )
            occurrences = Occurrence.objects.bulk_create(occurrences)
            digests = []
            asks = {}
            for occurrence in occurrences:
                day = occurrence.date
                asks[day] = {p.pk: ask_instant(standup, p, day) for p in members}
                cutoff = datetime.timedelta(minutes=standup.cutoff_minutes)
                for number, group in enumerate(_groups(list(asks[day].values())), 1):
                    digests.append(
                        Digest(
                            organisation=org,
                            occurrence=occurrence,
                            number=number,
                            first_ask=group[0],
                            last_ask=group[-1],
                            closes_at=group[-1] + cutoff,
                            sent_at=group[-1] + cutoff,
                        )
                    )
            digests = Digest.objects.bulk_create(digests, batch_size=batch)
            by_occurrence: dict[int, list] = {}
            for digest in digests:
                by_occurrence.setdefault(digest.occurrence_id, []).append(digest)
            history = []
            for occurrence in occurrences:
                day = occurrence.date
                for person in members:
                    absent = calendar.away_on(person, day)
                    if absent is not None and absent.reason == DAY_OFF:
                        continue
                    ask = asks[day][person.pk]
                    digest = next(
                        d for d in by_occurrence[occurrence.pk] if d.first_ask <= ask <= d.last_ask
                    )
                    row = CheckIn(
                        organisation=org,
                        occurrence=occurrence,
                        digest=digest,
                        person=person,
                        ask_at=ask,
                        closes_at=digest.closes_at,
                        asked_at=ask,
                    )
                    if absent is not None:
                        row.status = CheckInStatus.AWAY
                        row.away_reason = absent.reason
                        row.away_detail = (absent.holiday.name if absent.holiday else "")[:200]
                        row.asked_at = None
                    elif rng.random() < 0.15:
                        row.reminded_at = ask + datetime.timedelta(minutes=standup.reminder_minutes)
                    else:
                        row.status = CheckInStatus.ANSWERED
                        row.answered_at = ask + datetime.timedelta(minutes=rng.randint(5, 120))
                        row.yesterday = rng.choice(YESTERDAY)
                        row.today = rng.choice(TODAY_TEXTS)
                        row.mood = rng.choice((2, 3, 4, 4, 4, 5, 5))
                        if rng.random() < 0.3:
                            row.small_talk = rng.choice(SMALL_TALK)
                        if rng.random() < 0.03:
                            row.blocked = True
                            row.blockers = rng.choice(BLOCKERS)
                            if rng.random() < 0.7:
                                row.blocker_resolved_at = row.closes_at + datetime.timedelta(
                                    hours=20
                                )
                    history.append(row)
            CheckIn.objects.bulk_create(history, batch_size=batch)
            checkins += len(history)
    rows["check-ins"] = checkins

    # The pulse: everyone, Mondays 09:00 in each person's zone, 12 closed rounds.
    pulse = pulse_save(
        pulse=Pulse(
            organisation=org,
            name="Weekly pulse",
            circle_kind=CircleKind.EVERYONE,
            weekday=Weekday.MONDAY,
            ask_at=datetime.time(9, 0),
            timezone="Europe/Berlin",
            starts_on=today - datetime.timedelta(weeks=PULSE_ROUNDS),
            questions_per_round=3,
        ),
        by=user,
    )
    questions = {q.pk: q for q in PulseQuestion.objects.filter(pulse=pulse)}
    quiet = {t.pk for t in list(teams.values())[::15]}  # teams that rarely answer
    answers = comments = 0
    for week in range(PULSE_ROUNDS, 0, -1):
        day = today - datetime.timedelta(weeks=week)
        round_, _created = pulse_round_open(pulse=pulse, day=day)
        progress = (PULSE_ROUNDS - week) / PULSE_ROUNDS
        with transaction.atomic():
            answering = [p for p in people if rng.random() < (0.3 if p.team_id in quiet else 0.78)]
            chosen = {p.pk for p in answering}
            PulseInvite.objects.bulk_create(
                (
                    PulseInvite(organisation=org, round=round_, person=p, answered=p.pk in chosen)
                    for p in people
                ),
                batch_size=batch,
            )
            responses = []
            for person in answering:
                values = {}
                for question_id in round_.question_ids:
                    high = 10 if questions[question_id].kind == "score" else 5
                    mean = (3.0 + progress) if high == 5 else (6.5 + 1.5 * progress)
                    low = 0 if high == 10 else 1
                    values[str(question_id)] = max(low, min(high, round(rng.gauss(mean, 1.0))))
                responses.append(
                    PulseResponse(
                        organisation=org,
                        round=round_,
                        team_ref=person.team_id,
                        department=person.department,
                        answers=values,
                    )
                )
            PulseResponse.objects.bulk_create(responses, batch_size=batch)
            commenters = rng.sample(answering, len(answering) // 25)
            PulseComment.objects.bulk_create(
                (
                    PulseComment(
                        organisation=org,
                        round=round_,
                        team_ref=p.team_id,
                        department=p.department,
                        text=rng.choice(COMMENTS),
                    )
                    for p in commenters
                ),
                batch_size=batch,
            )
        pulse_round_close(round=round_)
        answers += len(responses)
        comments += len(commenters)
    rows["pulse answers"] = answers
    rows["comments"] = comments

    # The wall: ~300 wins this month (and last month's), cheers, kudos.
    with transaction.atomic():
        month_start = today.replace(day=1)
        span = (today - month_start).days * 86400 + 8 * 3600
        kinds = [k for k, _label in CelebrationKind.choices]
        wins = Celebration.objects.bulk_create(
            [
                Celebration(
                    organisation=org,
                    kind=rng.choice(kinds),
                    title=f"Win {n}",
                    text="A short story of what went well and who helped.",
                    team=people[rng.randrange(len(people))].team,
                    posted_by=people[rng.randrange(len(people))],
                    source=CelebrationSource.UI,
                    posted_at=local_instant(month_start, datetime.time(0), "Europe/Berlin")
                    + datetime.timedelta(seconds=rng.randrange(span))
                    - (datetime.timedelta(days=31) if n >= WINS else datetime.timedelta(0)),
                )
                for n in range(WINS * 2)
            ]
        )
        through = Celebration.people.through
        through.objects.bulk_create(
            [
                through(celebration_id=win.pk, person_id=people[rng.randrange(len(people))].pk)
                for win in wins
                for _ in range(rng.randint(1, 3))
            ],
            ignore_conflicts=True,
        )
        CelebrationReaction.objects.bulk_create(
            [
                CelebrationReaction(
                    organisation=org, celebration=win, person=people[rng.randrange(len(people))]
                )
                for win in wins
                for _ in range(rng.randint(0, 12))
            ],
            ignore_conflicts=True,
        )
        kudos = []
        seq: dict[int, int] = {}
        for _ in range(400):
            giver, receiver = rng.sample(people, 2)
            seq[giver.pk] = seq.get(giver.pk, 0) + 1
            kudos.append(
                Kudos(
                    organisation=org,
                    giver=giver,
                    receiver=receiver,
                    message="Thanks for the help!",
                    month=month_start,
                    seq=seq[giver.pk],
                    given_at=local_instant(month_start, datetime.time(12), "Europe/Berlin"),
                )
            )
        Kudos.objects.bulk_create(kudos)
    rows["wins"] = len(wins)
    return {
        "rows": ", ".join(f"{value:,} {key}" for key, value in rows.items()),
        "user": user,
        "token": raw_token,
        "pulse": pulse.pk,
        "department_standup": department.pk,
        "squads": [s.pk for s in squads],
        "department_size": len(dept_people),
    }


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
