"""Benchmark: outbox delivery to a local SMTP server (aiosmtpd) from one worker.

Run with `make bench` (or `.venv/bin/python bench/messaging.py`). Uses a fresh SQLite
database in a temporary folder, or PostgreSQL when BENCH_DATABASE_URL is set. Measures

* the delivery loop in-process (claim, render, SMTP over one reused connection, record),
  for plain test mails and for meeting invitations with an iCalendar part, and
* a real `hallway worker --until-idle` process end to end (start-up included).

The target is at least 50 emails per second from one worker.
"""

import os
import socket
import subprocess
import sys
import tempfile
import threading
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


def start_smtp() -> tuple[object, list[int]]:
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    received = [0]
    lock = threading.Lock()

    class Counting:
        async def handle_DATA(self, server, session, envelope):
            with lock:
                received[0] += 1
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Counting(), hostname="127.0.0.1", port=port)
    controller.start()
    return controller, received


def main() -> None:
    controller, received = start_smtp()
    port = controller.port  # type: ignore[attr-defined]
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"

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
    for kind in ("plain", "invite"):
        seed_seconds = seed(kind, COUNT)
        before = received[0]
        report = Deliverer(worker="bench").run()
        assert report.sent == COUNT, report
        assert received[0] - before == COUNT
        rows.append((f"in-process, {kind}", COUNT, report.seconds, seed_seconds))

    seed("plain", COUNT)
    before = received[0]
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src")
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "hallway.cli", "worker", "--until-idle"],
        env=env,
        check=True,
        cwd=ROOT,
    )
    seconds = time.perf_counter() - began
    assert received[0] - before == COUNT
    rows.append(("hallway worker process, plain", COUNT, seconds, 0.0))
    assert OutboxMessage.objects.filter(status="sent").count() == 3 * COUNT

    print(f"database: {connection.vendor}, SMTP: aiosmtpd on 127.0.0.1, one worker")
    print(f"{'run':<34} {'emails':>7} {'seconds':>8} {'emails/s':>9} {'enqueue/s':>10}")
    for name, count, seconds, seed_seconds in rows:
        enqueue_rate = f"{count / seed_seconds:10.0f}" if seed_seconds else f"{'':>10}"
        print(f"{name:<34} {count:>7} {seconds:8.2f} {count / seconds:9.1f} {enqueue_rate}")
    slowest = min(count / seconds for _name, count, seconds, _seed in rows)
    print(f"target ≥ {TARGET:.0f} emails/s: {'met' if slowest >= TARGET else 'NOT MET'}")
    controller.stop()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
