"""How fast the main pages answer under load: a real `hallway serve` on a 10,000-person
organisation, loaded with locust.

The organisation comes from `coffee_round.build()` (10,000 people in six cities, teams,
managers, interests, one coffee program with ROUNDS closed fortnightly rounds of history),
plus an organiser who is signed in. Then, per backend:

1. server time of one request per page, through Django's WSGI handler in one process as a
   server calls it (connections opened and closed as in production, unlike the test
   client; the median of SAMPLES requests after a warm-up; target ≤ 25 ms each), with the
   CPU time of this process (on SQLite that includes the database's work; on a busy
   machine it is the steadier figure),
2. a real `hallway serve` (its default number of processes) loaded by locust (headless),
   each page on its own for SECONDS seconds (after eight requests at once, so every process
   has filled its caches) with 10 and then 50 users who wait for nothing:
   requests per second, p50/p95/p99 and errors (targets: 10 users ≥ 80 req/s on the people
   list and p95 ≤ 250 ms on every page; 50 users 0 errors and p95 ≤ 1 s).

Pages: home, the people list, a person, the coffee program and its insights.

Runs on a throw-away SQLite folder and a throw-away PostgreSQL database (`hallway_bench` on
BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432). The figures depend on the
machine: locust itself takes a good part of one core.

    .venv/bin/python bench/web_load.py                     # both backends (about 6 minutes)
    SECONDS=5 USERS=10 .venv/bin/python bench/web_load.py sqlite
    .venv/bin/python bench/web_load.py --no-load sqlite    # the server times only
"""

import csv
import functools
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _backends import PG_SERVER  # noqa: E402

os.environ.setdefault("PEOPLE", "10000")
os.environ.setdefault("ROUNDS", "20")
PG_DATABASE = "hallway_bench"
SAMPLES = int(os.environ.get("SAMPLES", "15"))
DURATION = int(os.environ.get("SECONDS", "10"))
USER_COUNTS = [int(n) for n in os.environ.get("USERS", "10,50").split(",")]
LOCUSTFILE = HERE / "_web_locustfile.py"
# Extra arguments for `hallway serve`, to compare settings: SERVE_ARGS="--threads 2".
SERVE_ARGS = os.environ.get("SERVE_ARGS", "").split()

SERVER_TIME_TARGET_MS = 25.0
TARGETS = {10: 250.0, 50: 1000.0}  # p95 per user count
PEOPLE_LIST_RPS_TARGET = 80.0


def main(argv: list[str]) -> None:
    load = "--no-load" not in argv
    backends = [a for a in argv if not a.startswith("--")] or ["sqlite", "postgres"]
    results = [run_backend(backend, load=load) for backend in backends]
    people = os.environ["PEOPLE"]
    print(f"\nServer time of one request, {int(people):,} people (target ≤ 25 ms)")
    print(f"{'backend':<10} {'page':<12} {'median':>8} {'p95':>8} {'cpu':>8} {'queries':>8}")
    missed = []
    for result in results:
        for page in result["server"]:
            print(
                f"{result['backend']:<10} {page['name']:<12} {page['median']:>6.1f}ms "
                f"{page['p95']:>6.1f}ms {page.get('cpu', 0):>6.1f}ms {page['queries']:>8}"
            )
            if page["median"] > SERVER_TIME_TARGET_MS:
                missed.append(f"{result['backend']} {page['name']} server time")
    if load:
        print(
            f"\nUnder load: `hallway serve` with {results[0]['processes']} process(es), "
            f"{DURATION} s per page and user count"
        )
        print(
            "(cpu: the server's CPU time per request, all its processes; load: the machine's "
            "1-minute load average after the run)"
        )
        print(
            f"{'backend':<10} {'users':>5} {'page':<12} {'req/s':>7} {'p50':>7} {'p95':>7} "
            f"{'p99':>7} {'errors':>7} {'cpu':>8} {'load':>5}"
        )
        for result in results:
            for row in result["load"]:
                print(
                    f"{result['backend']:<10} {row['users']:>5} {row['name']:<12} "
                    f"{row['rps']:>7.1f} {row['p50']:>5.0f}ms {row['p95']:>5.0f}ms "
                    f"{row['p99']:>5.0f}ms {row['errors']:>7} {row['cpu']:>6.1f}ms "
                    f"{row['loadavg']:>5.1f}"
                )
                target = TARGETS.get(row["users"])
                if not row["requests"]:
                    missed.append(
                        f"{result['backend']} {row['name']}: no answer at {row['users']} users"
                    )
                elif target is not None and row["p95"] > target:
                    missed.append(f"{result['backend']} {row['name']} p95 at {row['users']} users")
                if row["users"] == 50 and row["errors"]:
                    missed.append(f"{result['backend']} {row['name']} errors at 50 users")
                if (
                    row["users"] == 10
                    and row["name"] == "people list"
                    and row["rps"] < PEOPLE_LIST_RPS_TARGET
                ):
                    missed.append(f"{result['backend']} people list req/s at 10 users")
    if missed:
        print(f"targets missed: {', '.join(missed)}")
    else:
        print("every target met")


def _pg(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(statement)


def run_backend(backend: str, *, load: bool) -> dict:
    env = dict(os.environ, HALLWAY_LOG_LEVEL="WARNING", PYTHONUNBUFFERED="1")
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(HERE.parent / "src"), env.get("PYTHONPATH")])
    )
    data_dir = tempfile.mkdtemp(prefix="hallway-bench-web-")
    env["HALLWAY_DATA_DIR"] = data_dir
    if backend == "sqlite":
        env.pop("DATABASE_URL", None)
    else:
        env["DATABASE_URL"] = f"{PG_SERVER}/{PG_DATABASE}"
        _pg(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        _pg(f'CREATE DATABASE "{PG_DATABASE}"')
    try:
        print(f"== {backend}: building the organisation and timing single requests", flush=True)
        prepared = _child(env, "--prepare")
        result = {"backend": backend, "server": prepared["server"], "load": []}
        if load:
            result["processes"], result["load"] = _load(env, prepared)
        return result
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
        if backend == "postgres":
            _pg(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')


def _child(env: dict[str, str], step: str) -> dict:
    done = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, __file__, step], env=env, capture_output=True, text=True, check=False
    )
    sys.stderr.write(done.stderr)
    if done.returncode != 0:
        print(f"{step} failed (exit {done.returncode})")
        sys.exit(1)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(env: dict[str, str]) -> tuple[subprocess.Popen[str], str, list[str]]:
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 (our own interpreter)
        [sys.executable, "-m", "hallway.cli", "serve", "--port", str(port), *SERVE_ARGS],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    ready = threading.Event()
    url = f"http://127.0.0.1:{port}"

    def read() -> None:
        assert server.stdout is not None
        for line in server.stdout:
            lines.append(line)
            if f"Hallway is running at {url}/" in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(60):
        server.kill()
        sys.exit(f"hallway serve did not start:\n{''.join(lines)}")
    return server, url, lines


def _load(env: dict[str, str], prepared: dict) -> tuple[int, list[dict]]:
    server, url, lines = _serve(env)
    rows = []
    try:
        time.sleep(2)  # every process has booted
        for users in USER_COUNTS:
            for name, path in prepared["pages"]:
                print(f"   {users} users: {name}", flush=True)
                _warm_up(url, path, prepared["session"])
                cpu_before = _cpu_seconds(server.pid)
                row = _locust(url, users, name, path, prepared["session"])
                used = _cpu_seconds(server.pid) - cpu_before
                row["cpu"] = used * 1000 / row["requests"] if row["requests"] else float("nan")
                row["loadavg"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
                rows.append(row)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
    # "Serving with 2 processes (8 threads each, gunicorn)."; older versions said nothing.
    processes = next((int(line.split()[2]) for line in lines if line.startswith("Serving with")), 1)
    return processes, rows


def _warm_up(url: str, path: str, session: str) -> None:
    """A few requests at once before the measured run, so that every process has filled
    its cache (a large program's figures take seconds to count the first time; each
    process keeps its own copy for five minutes)."""
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    def get(_: int) -> None:
        # Our own server's http:// address.
        request = urllib.request.Request(url + path, headers={"Cookie": f"sessionid={session}"})  # noqa: S310
        with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310
            response.read()

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(get, range(8)))


def _cpu_seconds(pid: int) -> float:
    """CPU time used so far by the process `pid` and its descendants (Linux; 0 elsewhere):
    the server's CPU per request is the steady figure on a machine others share."""
    proc = Path("/proc")
    if not proc.is_dir():
        return 0.0
    children: dict[int, list[int]] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        total += times.get(current, 0.0)
        todo.extend(children.get(current, []))
    return total


def _locust(url: str, users: int, name: str, path: str, session: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        prefix = str(Path(folder) / "run")
        env = dict(os.environ, BENCH_PATH=path, BENCH_NAME=name, BENCH_SESSION=session)
        done = subprocess.run(  # noqa: S603 (the locust of our own environment)
            [
                str(Path(sys.executable).parent / "locust"),
                "-f",
                str(LOCUSTFILE),
                "--headless",
                "--host",
                url,
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{DURATION}s",
                "--csv",
                prefix,
                "--only-summary",
                "--loglevel",
                "ERROR",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        stats_file = Path(f"{prefix}_stats.csv")
        if not stats_file.exists():
            sys.exit(f"locust failed:\n{done.stdout}\n{done.stderr}")
        with stats_file.open() as file:
            row = next((r for r in csv.DictReader(file) if r["Name"] == name), None)
    if row is None:  # not one answer within the run
        return {
            "name": name,
            "users": users,
            "rps": 0.0,
            "p50": float("nan"),
            "p95": float("nan"),
            "p99": float("nan"),
            "errors": 0,
            "requests": 0,
        }
    return {
        "name": name,
        "users": users,
        "rps": float(row["Requests/s"]),
        "p50": float(row["50%"]),
        "p95": float(row["95%"]),
        "p99": float(row["99%"]),
        "errors": int(row["Failure Count"]),
        "requests": int(row["Request Count"]),
    }


# --- The children ----------------------------------------------------------------------------


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallway.config.settings")
    import django

    django.setup()


def prepare() -> None:
    """Build the organisation, sign in its organiser, time one request per page."""
    _setup_django()
    import coffee_round
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from hallway.accounts.models import Membership, Role, User
    from hallway.people.models import Person

    call_command("migrate", verbosity=0)
    program, _rows = coffee_round.build()
    if connection.vendor == "postgresql":
        # Fresh bulk inserts have no statistics and no visibility map yet (so index-only
        # counts still read every row); autovacuum does this in a settled database.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    organisation = program.organisation
    user = User.objects.create_user(email="organiser@bench.test", password=None)
    Membership.objects.create(user=user, organisation=organisation, role=Role.ORGANISER)
    person = Person.objects.filter(organisation=organisation, manager__isnull=False).order_by("pk")
    pages = [
        ("home", reverse("home")),
        ("people list", reverse("people:list")),
        ("person", reverse("people:detail", args=[person.first().pk])),  # type: ignore[union-attr]
        ("program", reverse("coffee:program", args=[program.pk])),
        ("insights", reverse("coffee:insights_program", args=[program.pk])),
    ]
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    server = [_time_page(f"{settings.SESSION_COOKIE_NAME}={session}", n, p) for n, p in pages]
    print(json.dumps({"pages": pages, "session": session, "server": server}))


@functools.cache
def _handler():  # type: ignore[no-untyped-def]
    from django.core.handlers.wsgi import WSGIHandler

    return WSGIHandler()


def _get(cookie: str, path: str) -> str:
    """GET `path` through the WSGI handler as a server would call it; the status line."""
    from django.test.client import RequestFactory

    environ = RequestFactory()._base_environ(
        PATH_INFO=path, REQUEST_METHOD="GET", HTTP_COOKIE=cookie
    )
    status: list[str] = []
    body = _handler()(environ, lambda line, headers, *rest: status.append(line))
    b"".join(body)
    body.close()  # request_finished: connections closed or kept as in production
    return status[0]


def _time_page(cookie: str, name: str, path: str) -> dict:
    from django.db import connection

    # Warm-up: templates, translations, caches, the query planner.
    assert _get(cookie, path).startswith("200"), path
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        _get(cookie, path)
    samples, cpu = [], []
    for _ in range(SAMPLES):
        started, cpu_started = time.perf_counter(), time.process_time()
        status = _get(cookie, path)
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        assert status.startswith("200"), (path, status)
    return {
        "name": name,
        "median": statistics.median(samples),
        "cpu": statistics.median(cpu),
        "p95": statistics.quantiles(samples, n=20, method="inclusive")[-1],
        "queries": len(queries),
    }


if __name__ == "__main__":
    if sys.argv[1:] == ["--prepare"]:
        prepare()
    else:
        main(sys.argv[1:])
