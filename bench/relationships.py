"""How fast the quiet-clients list, a user's reach-out queue and the nightly rhythm recount
are on a big client book: 20,000 companies, 100,000 contacts, 2,000,000 touches.

The book: 50 account managers, each owning 400 companies and their contacts (5 a company).
Companies have weekly (10 %), monthly (40 %) or quarterly (30 %) order rhythms over two
years, or only touches (20 %); about one in ten has fallen silent. A third of the contacts
keep a cadence, one in ten is a candidate; 50,000 personal details, a fifth of them "ask
next time". Touches, orders and the touch–contact links are written with raw bulk inserts
(COPY on PostgreSQL).

Timed: `quiet_companies` and `reach_out_queue` (p50/p95 over repeated calls, several
users), the two pages as a user opens them (the whole response through Django's test
client: "Quiet clients" and "Reach out today", p95), and `rhythms_recount` once. Targets:
≤ 300 ms p95 for the reads and the pages, ≤ 60 s for the recount.

Runs on a throw-away SQLite file and on a throw-away PostgreSQL database
(`hallway_bench_rel`, or BENCH_PG_DATABASE, on BENCH_PG_URL, default
postgres://postgres@127.0.0.1:5432); BENCH_KEEP_DB=1 leaves that database in place to
look into afterwards.

    .venv/bin/python bench/relationships.py                     # both backends
    COMPANIES=2000 TOUCHES=200000 .venv/bin/python bench/relationships.py sqlite
"""

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

COMPANIES = int(os.environ.get("COMPANIES", "20000"))
CONTACTS_PER_COMPANY = 5
TOUCHES = int(os.environ.get("TOUCHES", "2000000"))
USERS = 50
DETAILS = COMPANIES * 5 // 2
REPEAT = int(os.environ.get("REPEAT", "30"))
TARGET_READ_MS = 300.0
TARGET_RECOUNT_S = 60.0
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "hallway_bench_rel")
TODAY = datetime.date(2026, 12, 7)
HISTORY_DAYS = 730


def main() -> None:
    results = run_per_backend(
        __file__, pg_database=PG_DATABASE, backends=sys.argv[1:] or ["sqlite", "postgres"]
    )
    print(
        f"Rhythms and the queue: {COMPANIES:,} companies, {COMPANIES * CONTACTS_PER_COMPANY:,} "
        f"contacts, {TOUCHES:,} touches (targets: reads ≤ {TARGET_READ_MS:.0f} ms p95, "
        f"recount ≤ {TARGET_RECOUNT_S:.0f} s)"
    )
    print(
        f"{'backend':<10} {'build':>7} {'recount':>8} {'quiet p50':>10} {'quiet p95':>10} "
        f"{'queue p50':>10} {'queue p95':>10} {'quiet':>6} {'items':>6} "
        f"{'quiet page':>11} {'queue page':>11}"
    )
    for r in results:
        print(
            f"{r['backend']:<10} {r['build']:>6.0f}s {r['recount']:>7.1f}s "
            f"{r['quiet_p50']:>8.0f}ms {r['quiet_p95']:>8.0f}ms "
            f"{r['queue_p50']:>8.0f}ms {r['queue_p95']:>8.0f}ms {r['quiet']:>6} {r['items']:>6} "
            f"{r['quiet_page_p95']:>9.0f}ms {r['queue_page_p95']:>9.0f}ms"
        )
    slow = [
        r["backend"]
        for r in results
        if max(r["quiet_p95"], r["queue_p95"], r["quiet_page_p95"], r["queue_page_p95"])
        > TARGET_READ_MS
        or r["recount"] > TARGET_RECOUNT_S
    ]
    if slow:
        print(f"over the target: {', '.join(slow)}")
        sys.exit(1)


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


def run(backend: str) -> dict:
    sys.path.insert(0, str(HERE.parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallway.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from hallway.relationships.selectors.queue import quiet_companies, reach_out_queue
    from hallway.relationships.services.rhythms import rhythms_recount

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    org, users = build(backend)
    build_seconds = time.perf_counter() - started
    if backend == "postgres":
        # Fresh bulk inserts have no statistics yet; autovacuum gathers them in production.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    started = time.perf_counter()
    rhythms_recount(organisation=org, today=TODAY)
    recount = time.perf_counter() - started

    quiet_samples, queue_samples, items = [], [], 0
    quiet = quiet_companies(organisation=org, today=TODAY)  # warm
    for i in range(REPEAT):
        started = time.perf_counter()
        quiet = quiet_companies(organisation=org, today=TODAY)
        quiet_samples.append(time.perf_counter() - started)
        user = users[i % 10]
        started = time.perf_counter()
        items = len(reach_out_queue(user=user, organisation=org, today=TODAY))
        queue_samples.append(time.perf_counter() - started)
    quiet_p50, quiet_p95 = _percentiles(quiet_samples)
    queue_p50, queue_p95 = _percentiles(queue_samples)
    quiet_page_p95, queue_page_p95 = _page_p95s(users)
    return {
        "quiet_page_p95": quiet_page_p95,
        "queue_page_p95": queue_page_p95,
        "backend": backend,
        "build": build_seconds,
        "recount": recount,
        "quiet_p50": quiet_p50,
        "quiet_p95": quiet_p95,
        "queue_p50": queue_p50,
        "queue_p95": queue_p95,
        "quiet": len(quiet),
        "items": items,
    }


def _page_p95s(users: list) -> tuple[float, float]:  # type: ignore[type-arg]
    """p95 of the whole pages, through Django's test client: the quiet clients (as the
    first user) and "Reach out today" (each of ten users in turn)."""
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    settings.ALLOWED_HOSTS = ["*"]
    clients = []
    for user in users[:10]:
        client = Client()
        client.force_login(user)
        clients.append(client)
    quiet_url, queue_url = reverse("relationships:quiet"), reverse("relationships:queue")
    for client in clients:  # warm-up
        assert client.get(queue_url).status_code == 200
    quiet_samples, queue_samples = [], []
    for i in range(REPEAT):
        started = time.perf_counter()
        assert clients[0].get(quiet_url).status_code == 200
        quiet_samples.append(time.perf_counter() - started)
        started = time.perf_counter()
        assert clients[i % 10].get(queue_url).status_code == 200
        queue_samples.append(time.perf_counter() - started)
    return _percentiles(quiet_samples)[1], _percentiles(queue_samples)[1]


def _insert(backend: str, table: str, columns: list[str], rows: list[tuple]) -> None:
    """Many rows at once: COPY on PostgreSQL, executemany on SQLite."""
    from django.db import connection

    with connection.cursor() as cursor:
        if backend == "postgres":
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
            for start in range(0, len(rows), 50_000):
                cursor.executemany(sql, rows[start : start + 50_000])


def _stamp(backend: str, moment: datetime.datetime) -> str:
    text = moment.strftime("%Y-%m-%d %H:%M:%S")
    return text + "+00" if backend == "postgres" else text


def build(backend: str):
    import numpy as np
    from django.db import connection, transaction
    from django.db.models import Max, OuterRef, Subquery

    from hallway.accounts.models import Membership, Organisation, User
    from hallway.relationships.models import (
        Company,
        Contact,
        ContactKind,
        Detail,
        Order,
        Touch,
        Visibility,
    )

    rng = np.random.default_rng(14)
    utc = datetime.UTC
    start = TODAY - datetime.timedelta(days=HISTORY_DAYS)
    with transaction.atomic():
        org = Organisation.objects.create(name="Bench", slug="bench", timezone="Europe/Berlin")
        users = User.objects.bulk_create(
            [User(username=f"am{i}", email=f"am{i}@bench.test") for i in range(USERS)]
        )
        Membership.objects.bulk_create(
            [Membership(user=user, organisation=org, role="member") for user in users]
        )
        # Each company's rhythm (days between orders, 0: touches only) and its silence.
        rhythm = rng.choice([7, 30, 91, 0], size=COMPANIES, p=[0.1, 0.4, 0.3, 0.2])
        silent = np.where(
            rng.random(COMPANIES) < 0.1,
            rng.integers(100, 300, COMPANIES),  # gone quiet, whatever the rhythm
            rng.integers(0, 20, COMPANIES),
        )
        companies = Company.objects.bulk_create(
            [Company(organisation=org, name=f"Company {i:05}") for i in range(COMPANIES)],
            batch_size=5000,
        )
        owners = Company.owners.through
        owners.objects.bulk_create(
            [
                owners(company_id=company.pk, user_id=users[i % USERS].pk)
                for i, company in enumerate(companies)
            ],
            batch_size=10_000,
        )
        created = datetime.datetime.combine(start, datetime.time(9), tzinfo=utc)
        kinds = rng.choice(
            [ContactKind.CLIENT, ContactKind.CANDIDATE, ContactKind.PROSPECT],
            size=COMPANIES * CONTACTS_PER_COMPANY,
            p=[0.8, 0.1, 0.1],
        )
        cadences = rng.choice([14, 30, 91], size=len(kinds))
        with_cadence = rng.random(len(kinds)) < 1 / 3
        contacts = Contact.objects.bulk_create(
            [
                Contact(
                    organisation=org,
                    name=f"Contact {i:06}",
                    email=f"c{i}@client.test",
                    company=companies[i // CONTACTS_PER_COMPANY],
                    kind=str(kinds[i]),
                    cadence_days=int(cadences[i]) if with_cadence[i] else None,
                    created_at=created,
                )
                for i in range(len(kinds))
            ],
            batch_size=5000,
        )
        contact_owners = Contact.owners.through
        contact_owners.objects.bulk_create(
            [
                contact_owners(contact_id=contact.pk, user_id=users[(i // 5) % USERS].pk)
                for i, contact in enumerate(contacts)
            ],
            batch_size=10_000,
        )

        # Orders: on rhythm (± a fifth) from the start until each company fell silent.
        order_rows = []
        for i, company in enumerate(companies):
            every = int(rhythm[i])
            if not every:
                continue
            end = TODAY - datetime.timedelta(days=int(silent[i]))
            day = start + datetime.timedelta(days=int(rng.integers(0, every)))
            while day <= end:
                order_rows.append((org.pk, company.pk, "Order", day.isoformat(), "open", "", ""))
                step = max(1, round(every * rng.uniform(0.8, 1.2)))
                day += datetime.timedelta(days=step)
        created_text = _stamp(backend, created)
        _insert(
            backend,
            Order._meta.db_table,
            ["organisation_id", "company_id", "title", "at", "status", "external_id", "created_at"],
            [(*row[:-1], created_text) for row in order_rows],
        )

        # Touches: spread over each company's active time, each with one of its contacts.
        company_of = rng.integers(0, COMPANIES, TOUCHES)
        active_days = HISTORY_DAYS - silent[company_of]
        offsets = (rng.random(TOUCHES) * active_days * 86400).astype(np.int64)
        base = datetime.datetime.combine(start, datetime.time(0), tzinfo=utc)
        contact_index = company_of * CONTACTS_PER_COMPANY + rng.integers(
            0, CONTACTS_PER_COMPANY, TOUCHES
        )
        touch_kinds = rng.choice(["call", "email", "video", "meeting"], size=TOUCHES)
        moments = [base + datetime.timedelta(seconds=int(s)) for s in offsets]
        company_ids = [company.pk for company in companies]
        _insert(
            backend,
            Touch._meta.db_table,
            [
                "organisation_id",
                "kind",
                "at",
                "company_id",
                "summary",
                "source",
                "direction",
                "external_id",
                "created_at",
            ],
            [
                (
                    org.pk,
                    str(touch_kinds[n]),
                    _stamp(backend, moments[n]),
                    company_ids[int(company_of[n])],
                    "",
                    "import",
                    "",
                    "",
                    created_text,
                )
                for n in range(TOUCHES)
            ],
        )
        first_touch = (
            Touch.objects.filter(organisation=org).order_by("id").values_list("id", flat=True)[0]
        )
        _insert(
            backend,
            Touch.contacts.through._meta.db_table,
            ["touch_id", "contact_id"],
            [(first_touch + n, contacts[int(contact_index[n])].pk) for n in range(TOUCHES)],
        )
        # The derived "last" fields, as touch_record and order_record keep them: one UPDATE
        # each, reading the indexes (company, at) and the touch–contact link.
        if backend == "postgres":
            # Fresh tables without statistics would get poor plans for the updates below.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        latest = (
            Touch.contacts.through.objects.filter(contact_id=OuterRef("pk"))
            .values("contact_id")
            .annotate(latest=Max("touch__at"))
            .values("latest")
        )
        Contact.objects.filter(organisation=org).update(last_touch_at=Subquery(latest))
        Company.objects.filter(organisation=org).update(
            last_touch_at=Subquery(
                Touch.objects.filter(company_id=OuterRef("pk"))
                .values("company_id")
                .annotate(latest=Max("at"))
                .values("latest")
            ),
            last_order_on=Subquery(
                Order.objects.filter(company_id=OuterRef("pk"))
                .values("company_id")
                .annotate(latest=Max("at"))
                .values("latest")
            ),
        )

        # Personal details: a fifth to ask about next time, some with a date.
        Detail.objects.bulk_create(
            [
                Detail(
                    organisation=org,
                    author=users[(n // 2) % USERS],
                    visibility=Visibility.OWNERS if n % 3 else Visibility.PRIVATE,
                    contact=contacts[(n * 2) % len(contacts)],
                    text=f"Detail {n}",
                    ask_next_time=n % 5 == 0,
                    due_on=TODAY - datetime.timedelta(days=n % 40 - 20) if n % 10 == 0 else None,
                )
                for n in range(DETAILS)
            ],
            batch_size=5000,
        )
    return org, users


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
