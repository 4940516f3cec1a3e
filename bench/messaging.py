"""Benchmark: outbox delivery to a local SMTP server (aiosmtpd) from one worker.

Run with `make bench` (or `.venv/bin/python bench/messaging.py`). Uses a fresh SQLite
database in a temporary folder, or PostgreSQL when BENCH_DATABASE_URL is set. Measures

* the delivery loop in this process (claim, render, SMTP over one reused connection,
  record), for plain test mails and for meeting invitations with an iCalendar part, and
* a real `hallway worker --until-idle` process end to end (start-up included).

The SMTP server runs in a process of its own, as a mail server would; every message the
worker records as sent was accepted by it.

The target is at least 50 emails per second from one worker.
"""

import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COUNT = 2_000
TARGET = 50.0

DATA_DIR = Path(tempfile.mkdtemp(prefix="hallway-bench-messaging-"))
os.environ["HALLWAY_DATA_DIR"] = str(DATA_DIR)
os.environ["HALLWAY_LOG_LEVEL"] = "WARNING"
os.environ["HALLWAY_SENDING_WINDOWS"] = "off"
if os.environ.get("BENCH_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
else:
    os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallway.config.settings")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_smtp() -> tuple[subprocess.Popen[bytes], int]:
    """aiosmtpd in a process of its own (accepts and discards), as a real server would be."""
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Sink",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return server, port
        time.sleep(0.1)
    server.kill()
    raise SystemExit("the SMTP server did not start")


def main() -> None:
    server, port = start_smtp()
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
    try:
        run(server)
    finally:
        server.kill()
        server.wait()


def run(server: subprocess.Popen[bytes]) -> None:

    import datetime

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from hallway.accounts.models import Organisation
    from hallway.messaging.delivery import Deliverer
    from hallway.messaging.models import OutboxMessage
    from hallway.messaging.services import Recipient, message_enqueue

    if connection.vendor == "postgresql":
        call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", "--noinput", verbosity=0)
    organisation = Organisation.objects.create(name="Bench", slug=f"bench-{os.getpid()}")
    start = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2)

    def seed(kind: str, count: int) -> float:
        began = time.perf_counter()
        with transaction.atomic():
            for n in range(count):
                context: dict[str, object] = {"recipient_name": f"Person {n}"}
                message_type = "test"
                if kind == "invite":
                    message_type = "meeting"
                    context = {
                        "recipient_name": f"Person {n}",
                        "partner_name": "Bruno Souza",
                        "starter": "Which book changed your mind?",
                        "calendar": {
                            "uid": f"bench-{n}@hallway",
                            "sequence": 0,
                            "method": "REQUEST",
                            "start": start.isoformat(),
                            "end": (start + datetime.timedelta(minutes=30)).isoformat(),
                            "video_url": "https://meet.jit.si/Hallway-bench",
                            "organizer": {"name": "Hallway", "email": "hallway@bench.test"},
                            "attendees": [
                                {"name": f"Person {n}", "email": f"p{n}@bench.test"},
                                {"name": "Bruno Souza", "email": "bruno@bench.test"},
                            ],
                        },
                    }
                message_enqueue(
                    organisation=organisation,
                    recipient=Recipient(
                        address=f"p{n}@bench.test",
                        name=f"Person {n}",
                        language=("en", "de", "nl")[n % 3],
                        timezone="Europe/Berlin",
                    ),
                    channel="email",
                    message_type=message_type,
                    context=context,
                    idempotency_key=f"{kind}:{n}:{time.time_ns()}",
                )
        return time.perf_counter() - began

    rows = []
    sent = 0
    for kind in ("plain", "invite"):
        seed_seconds = seed(kind, COUNT)
        cpu_before = time.process_time()
        report = Deliverer(worker="bench").run()
        cpu = time.process_time() - cpu_before
        assert report.sent == COUNT, report
        sent += COUNT
        rows.append((f"delivery loop, {kind}", COUNT, report.seconds, cpu, seed_seconds))

    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src")
    for kind in ("plain", "invite"):
        seed(kind, COUNT)
        usage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "hallway.cli", "worker", "--until-idle"],
            env=env,
            check=True,
            cwd=ROOT,
        )
        seconds = time.perf_counter() - began
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (usage.ru_utime - usage_before.ru_utime) + (usage.ru_stime - usage_before.ru_stime)
        sent += COUNT
        assert OutboxMessage.objects.filter(status="sent").count() == sent
        rows.append((f"hallway worker process, {kind}", COUNT, seconds, cpu, 0.0))
    assert server.poll() is None, "the SMTP server died"

    load = os.getloadavg()[0]
    print(
        f"database: {connection.vendor}, SMTP: aiosmtpd (own process) on 127.0.0.1, one worker, "
        f"{os.cpu_count()} cores, load average {load:.1f} at the end"
    )
    print(
        f"{'run':<34} {'emails':>7} {'seconds':>8} {'emails/s':>9} {'CPU s':>7} "
        f"{'emails/CPU-s':>13} {'enqueue/s':>10}"
    )
    for name, count, seconds, cpu, seed_seconds in rows:
        enqueue_rate = f"{count / seed_seconds:10.0f}" if seed_seconds else f"{'':>10}"
        print(
            f"{name:<34} {count:>7} {seconds:8.2f} {count / seconds:9.1f} {cpu:7.1f} "
            f"{count / cpu:13.1f} {enqueue_rate}"
        )
    slowest = min(count / seconds for _name, count, seconds, _cpu, _seed in rows)
    per_cpu = min(count / cpu for _name, count, _seconds, cpu, _seed in rows)
    print(
        f"target ≥ {TARGET:.0f} emails/s: {'met' if slowest >= TARGET else 'NOT MET'} by wall "
        f"clock (slowest {slowest:.1f}/s), {'met' if per_cpu >= TARGET else 'NOT MET'} per CPU "
        f"second of the worker (slowest {per_cpu:.1f}); on a busy machine the wall clock also "
        "counts the time other processes had the cores"
    )


if __name__ == "__main__":
    main()
