"""How fast the organiser's coffee pages answer: 10,000 participants, 50 rounds of history.

The data comes from `coffee_round.build()` (the planning benchmark's organisation: 10,000
people in six cities, one program, 50 closed fortnightly rounds with feedback); then round
51 is planned for real, so its preview has reasons, slots and people left out. Timed: 20
GET requests per page through Django's test client as the organisation's admin (after one
warm-up request), with the number of queries of one request:

* the programs list,
* the program page (rounds with their figures, no-shows, holidays),
* the plan preview of round 51 (5,000 groups, the first page of 50) and a search in it,
* the insights page, when the coffee insights exist.

Runs on a throw-away SQLite file and a throw-away PostgreSQL database
(`hallway_bench_coffee_pages` on BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432),
each in its own process. Target: p95 ≤ 300 ms per page.

    .venv/bin/python bench/coffee_pages.py                    # both backends
    PEOPLE=2000 ROUNDS=10 .venv/bin/python bench/coffee_pages.py sqlite
"""

import contextlib
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _backends import PG_SERVER, run_per_backend  # noqa: E402

REQUESTS = int(os.environ.get("REQUESTS", "20"))
TARGET_MS = 300.0
PG_DATABASE = "hallway_bench_coffee_pages"


def main() -> None:
    results = run_per_backend(
        __file__, pg_database=PG_DATABASE, backends=sys.argv[1:] or ["sqlite", "postgres"]
    )
    first = results[0]
    print(
        f"Coffee organiser pages: {first['people']:,} people, {first['rounds']} rounds of "
        f"history, {first['groups']:,} groups in the previewed round; {REQUESTS} requests "
        f"per page (target p95 ≤ {TARGET_MS:.0f} ms)"
    )
    print(f"{'backend':<10} {'page':<24} {'median':>8} {'p95':>8} {'max':>8} {'queries':>8}")
    slow = []
    for result in results:
        for page in result["pages"]:
            print(
                f"{result['backend']:<10} {page['name']:<24} {page['median']:>6.0f}ms "
                f"{page['p95']:>6.0f}ms {page['max']:>6.0f}ms {page['queries']:>8}"
            )
            if page["p95"] > TARGET_MS:
                slow.append(f"{result['backend']} {page['name']}")
    if slow:
        print(f"over the target: {', '.join(slow)}")
        sys.exit(1)


# --- The child: one backend ----------------------------------------------------------------


def _pg(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(statement)


def child(backend: str) -> None:
    if backend == "postgres":
        _pg(f'DROP DATABASE IF EXISTS "{PG_DATABASE}"')
        _pg(f'CREATE DATABASE "{PG_DATABASE}"')
    try:
        result = run(backend)
    finally:
        if backend == "postgres":
            from django.db import connections

            connections.close_all()
            _pg(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
    print(json.dumps(result))


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def _time_page(client, name: str, url: str) -> dict:  # type: ignore[no-untyped-def]
    from django.db import connection

    response = client.get(url)  # warm-up: templates, translations, the query planner
    assert response.status_code == 200, (url, response.status_code)
    queries = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    # A wrapper, unlike the debug cursor, survives the reconnect at the end of a request.
    with connection.execute_wrapper(count):
        client.get(url)
    samples = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return {
        "name": name,
        "median": statistics.median(samples),
        "p95": _p95(samples),
        "max": max(samples),
        "queries": len(queries),
    }


def run(backend: str) -> dict:
    sys.path.insert(0, str(HERE.parent / "src"))
    sys.path.insert(0, str(HERE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallway.config.settings")
    import django

    django.setup()
    import _round_generator as generator
    import coffee_round
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from hallway.accounts.models import Membership, Role, User
    from hallway.coffee.services.planning import round_plan

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    program, _history_rows = coffee_round.build()
    now = datetime.datetime.combine(generator.TODAY, datetime.time(6), tzinfo=datetime.UTC)
    planned = round_plan(program=program, now=now)
    assert planned.round is not None
    if backend == "postgres":
        # Fresh bulk inserts have no statistics yet; autovacuum gathers them in production.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    user = User.objects.create_user(email="organiser@bench.test", password=None)
    Membership.objects.create(user=user, organisation=program.organisation, role=Role.ADMIN)
    client = Client()
    client.force_login(user)
    preview = reverse("coffee:round", args=[planned.round.pk])
    pages = [
        ("programs list", reverse("coffee:programs")),
        ("program page", reverse("coffee:program", args=[program.pk])),
        ("plan preview", preview),
        ("plan preview, page 50", f"{preview}?page=50"),
        ("plan preview, search", f"{preview}?q=Person+12"),
    ]
    with contextlib.suppress(NoReverseMatch):  # the insights pages, once they exist
        pages.append(("insights", reverse("coffee:insights_program", args=[program.pk])))
    return {
        "backend": backend,
        "people": coffee_round.PEOPLE,
        "rounds": coffee_round.ROUNDS,
        "groups": len(planned.groups),
        "pages": [_time_page(client, name, url) for name, url in pages],
    }


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
