"""How fast the client book's pages answer: 100,000 contacts at 20,000 companies.

The book: 20,000 companies, 100,000 contacts (one in five without a company), each with one
owner of 20 users and one of 50 tags on every other contact, TOUCHES touches (default
300,000, each with one contact and its company) spread over two years, and 500 addresses
shared by two contacts. Timed: REQUESTS GET requests per page through Django's test client as
a member (after one warm-up request), with the number of queries of one request:

* the contacts list (by name, searched, by last touch, "mine", a tag, "no touch for 90 days"),
* the companies list, a company page, a contact page,
* as an organiser: the duplicates page and the CSV export of one company's contacts.

Runs on a throw-away SQLite file and a throw-away PostgreSQL database
(`hallway_bench_relationships` on BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432),
each in its own process. Target: p95 ≤ 300 ms per page.

    .venv/bin/python bench/relationships_pages.py                 # both backends
    CONTACTS=20000 .venv/bin/python bench/relationships_pages.py sqlite
"""

import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _backends import PG_SERVER, run_per_backend  # noqa: E402

CONTACTS = int(os.environ.get("CONTACTS", "100000"))
COMPANIES = CONTACTS // 5
TOUCHES = int(os.environ.get("TOUCHES", "300000"))
REQUESTS = int(os.environ.get("REQUESTS", "20"))
TARGET_MS = 300.0
PG_DATABASE = "hallway_bench_relationships"
BATCH = 5000


def main() -> None:
    results = run_per_backend(
        __file__, pg_database=PG_DATABASE, backends=sys.argv[1:] or ["sqlite", "postgres"]
    )
    first = results[0]
    print(
        f"Relationships pages: {first['contacts']:,} contacts, {first['companies']:,} "
        f"companies, {first['touches']:,} touches; {REQUESTS} requests per page "
        f"(target p95 ≤ {TARGET_MS:.0f} ms)"
    )
    print(f"{'backend':<10} {'page':<30} {'median':>8} {'p95':>8} {'max':>8} {'queries':>8}")
    slow = []
    for result in results:
        print(f"{result['backend']:<10} (built in {result['build_seconds']:.0f} s)")
        for page in result["pages"]:
            print(
                f"{result['backend']:<10} {page['name']:<30} {page['median']:>6.0f}ms "
                f"{page['p95']:>6.0f}ms {page['max']:>6.0f}ms {page['queries']:>8}"
            )
            if page["p95"] > TARGET_MS:
                slow.append(f"{result['backend']} {page['name']}")
    if slow:
        print(f"over the target: {', '.join(slow)}")
        sys.exit(1)


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

    response = client.get(url)  # warm-up
    assert response.status_code == 200, (url, response.status_code)
    queries = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

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


def build():  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from hallway.accounts.models import Membership, Organisation, Role, User
    from hallway.relationships.models import Company, Contact, ContactTag, Touch

    rng = random.Random(14)
    now = timezone.now()
    organisation = Organisation.objects.create(name="Bench", slug="bench", timezone="Europe/Berlin")
    users = [
        User.objects.create_user(email=f"user{n}@bench.test", password=None) for n in range(20)
    ]
    for number, user in enumerate(users):
        role = Role.ORGANISER if number == 0 else Role.MEMBER
        Membership.objects.create(user=user, organisation=organisation, role=role)
    tags = ContactTag.objects.bulk_create(
        ContactTag(organisation=organisation, name=f"Tag {n:02d}") for n in range(50)
    )
    Company.objects.bulk_create(
        (
            Company(
                organisation=organisation, name=f"Company {n:05d}", industry=f"Industry {n % 30}"
            )
            for n in range(COMPANIES)
        ),
        batch_size=BATCH,
    )
    company_ids = list(Company.objects.values_list("pk", flat=True))
    contacts = []
    for n in range(CONTACTS):
        email = (
            f"contact{n}@client{n % COMPANIES}.test" if n >= 1000 else f"dup{n // 2}@client.test"
        )
        contacts.append(
            Contact(
                organisation=organisation,
                name=f"Contact {n:06d}",
                email=email,
                company_id=None if n % 5 == 0 else company_ids[n % COMPANIES],
                last_touch_at=now - datetime.timedelta(days=rng.randint(0, 730)),
            )
        )
    Contact.objects.bulk_create(contacts, batch_size=BATCH)
    contact_rows = list(Contact.objects.values_list("pk", "company_id"))
    owners = Contact.owners.through
    owners.objects.bulk_create(
        (owners(contact_id=pk, user_id=users[pk % 20].pk) for pk, _c in contact_rows),
        batch_size=BATCH,
    )
    tagged = Contact.tags.through
    tagged.objects.bulk_create(
        (
            tagged(contact_id=pk, contacttag_id=tags[pk % 50].pk)
            for pk, _c in contact_rows
            if pk % 2
        ),
        batch_size=BATCH,
    )
    picks = [contact_rows[rng.randrange(len(contact_rows))] for _ in range(TOUCHES)]
    Touch.objects.bulk_create(
        (
            Touch(
                organisation=organisation,
                kind="call",
                at=now - datetime.timedelta(minutes=rng.randint(0, 730 * 24 * 60)),
                company_id=company_id,
                by=users[n % 20],
            )
            for n, (_pk, company_id) in enumerate(picks)
        ),
        batch_size=BATCH,
    )
    touch_ids = list(Touch.objects.order_by("pk").values_list("pk", flat=True))
    linked = Touch.contacts.through
    linked.objects.bulk_create(
        (linked(touch_id=t, contact_id=c) for t, (c, _co) in zip(touch_ids, picks, strict=True)),
        batch_size=BATCH,
    )
    busy = max(contact_rows[:2000], key=lambda row: row[1] or 0)
    return organisation, users, company_ids[0], busy[0]


def run(backend: str) -> dict:
    sys.path.insert(0, str(HERE.parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallway.config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    _organisation, users, company_id, contact_id = build()
    build_seconds = time.perf_counter() - started
    if backend == "postgres":
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    member, organiser = Client(), Client()
    member.force_login(users[3])
    organiser.force_login(users[0])
    contacts = reverse("relationships:contacts")
    pages = [
        (member, "contacts", contacts),
        (member, "contacts, page 1000", f"{contacts}?page=1000"),
        (member, "contacts, search", f"{contacts}?q=Contact+0421"),
        (member, "contacts, search company", f"{contacts}?q=Company+00042"),
        (member, "contacts, by last touch", f"{contacts}?sort=last_touch"),
        (member, "contacts, mine", f"{contacts}?owner=mine"),
        (member, "contacts, a tag", f"{contacts}?tag=Tag+07"),
        (member, "contacts, quiet 90 days", f"{contacts}?quiet=on"),
        (member, "companies", reverse("relationships:companies")),
        (
            member,
            "companies, by last touch",
            reverse("relationships:companies") + "?sort=-last_touch",
        ),
        (member, "company page", reverse("relationships:company", args=[company_id])),
        (member, "contact page", reverse("relationships:contact", args=[contact_id])),
        (organiser, "contacts as organiser", contacts),
        (organiser, "duplicates", reverse("relationships:duplicates")),
        (
            organiser,
            "export, one company",
            reverse("relationships:contact_export") + f"?company={company_id}",
        ),
    ]
    return {
        "backend": backend,
        "contacts": CONTACTS,
        "companies": COMPANIES,
        "touches": TOUCHES,
        "build_seconds": build_seconds,
        "pages": [_time_page(client, name, url) for client, name, url in pages],
    }


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
