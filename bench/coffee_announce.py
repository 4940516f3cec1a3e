"""How long announcing, reminding and closing a coffee round of 10,000 people takes.

The organisation and the round come from `coffee_round.py` (its people, settings and
history; fewer rounds of history by default, which announcing does not read). Timed:
`round_announce` (an intro per member and the left-out notices, written to the outbox in
bulk), `round_remind` half-way (nobody has answered) and `round_close` at the end (every
intro unanswered), each with its number of queries, plus rendering a sample of the intros
as their recipients will read them.

    .venv/bin/python bench/coffee_announce.py                 # both backends
    PEOPLE=2000 .venv/bin/python bench/coffee_announce.py sqlite
"""

import datetime
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _backends import run_per_backend  # noqa: E402

os.environ.setdefault("ROUNDS", "5")
PEOPLE = int(os.environ.get("PEOPLE", "10000"))
PG_DATABASE = "hallway_bench_coffee_announce"
RENDER_SAMPLE = 500


def main() -> None:
    results = run_per_backend(
        __file__, pg_database=PG_DATABASE, backends=sys.argv[1:] or ["sqlite", "postgres"]
    )
    print(f"Announcing, reminding and closing a coffee round: {PEOPLE:,} people")
    print(
        f"{'backend':<10} {'pairs':>6} {'messages':>9} {'announce':>9} {'queries':>8} "
        f"{'remind':>7} {'close':>7} {'render/msg':>11}"
    )
    for r in results:
        print(
            f"{r['backend']:<10} {r['pairs']:>6,} {r['messages']:>9,} {r['announce']:>8.1f}s "
            f"{r['announce_queries']:>8} {r['remind']:>6.1f}s {r['close']:>6.1f}s "
            f"{r['render_ms']:>9.1f}ms"
        )


def child(backend: str) -> None:
    sys.path.insert(0, str(HERE))
    import coffee_round

    coffee_round.PG_DATABASE = PG_DATABASE
    if backend == "postgres":
        coffee_round._create_pg_database()
    try:
        result = run(backend)
    finally:
        if backend == "postgres":
            from django.db import connections

            connections.close_all()
            coffee_round._drop_pg_database()
    print(json.dumps(result))


def run(backend: str) -> dict:
    sys.path.insert(0, str(HERE.parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallway.config.settings")
    import django

    django.setup()
    import _round_generator as generator
    import coffee_round
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hallway.coffee.services.announcing import round_announce, round_close, round_remind
    from hallway.coffee.services.planning import round_plan
    from hallway.messaging.models import OutboxMessage
    from hallway.messaging.rendering import message_render

    call_command("migrate", verbosity=0)
    program, _rows = coffee_round.build()
    now = datetime.datetime.combine(generator.TODAY, datetime.time(6), tzinfo=datetime.UTC)
    planned = round_plan(program=program, now=now)
    round_ = planned.round
    assert round_ is not None

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        round_announce(round=round_, now=now)
    announce = time.perf_counter() - started
    messages = OutboxMessage.objects.count()

    middle = round_.starts_at + (round_.ends_at - round_.starts_at) / 2
    started = time.perf_counter()
    round_remind(round=round_, now=middle)
    remind = time.perf_counter() - started

    started = time.perf_counter()
    round_close(round=round_, now=round_.ends_at)
    close = time.perf_counter() - started

    sample = list(OutboxMessage.objects.filter(message_type="coffee_intro")[:RENDER_SAMPLE])
    started = time.perf_counter()
    for message in sample:
        message_render(
            template=message.template,
            channel=message.channel,
            language=message.language,
            timezone_name=message.timezone,
            context=message.context,
        )
    render_ms = (time.perf_counter() - started) * 1000 / max(len(sample), 1)
    return {
        "backend": backend,
        "pairs": len(planned.groups),
        "messages": messages,
        "announce": announce,
        "announce_queries": len(queries),
        "remind": remind,
        "close": close,
        "render_ms": render_ms,
    }


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
