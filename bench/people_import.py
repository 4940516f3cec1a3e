"""How long previewing, applying and exporting a large people file takes.

Runs on a throw-away SQLite database in a temporary folder, or on DATABASE_URL when set
(it creates and deletes its own organisation there). Prints one line per step.

    .venv/bin/python bench/people_import.py            # 5,000 rows
    ROWS=20000 .venv/bin/python bench/people_import.py
"""

import os
import random
import tempfile
import time
from collections.abc import Callable
from typing import Any

if "DATABASE_URL" not in os.environ:
    os.environ["HALLWAY_DATA_DIR"] = tempfile.mkdtemp(prefix="hallway-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallway.config.settings")
os.environ.setdefault("HALLWAY_LOG_LEVEL", "WARNING")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from hallway.accounts.models import Organisation  # noqa: E402
from hallway.people.exporting import people_export_csv  # noqa: E402
from hallway.people.importing import people_import_apply, people_import_preview  # noqa: E402

ROWS = int(os.environ.get("ROWS", "5000"))
PLACES = [
    ("Berlin", "Europe/Berlin"),
    ("Köln", "Europe/Berlin"),
    ("Amsterdam", "Europe/Amsterdam"),
    ("São Paulo", "America/Sao_Paulo"),
    ("New York", "America/New_York"),
    ("Bangalore", "Asia/Kolkata"),
]
TAGS = ["climbing", "sourdough", "chess", "running", "jazz", "gardening", "cycling", "yoga"]
HEADER = (
    "Name;E-Mail;Team;Abteilung;Standort;Zeitzone;Arbeitszeit;Arbeitstage;Sprachen;"
    "Interessen;Vorgesetzte(r);Eintrittsdatum;Sprache"
)


def german_excel_file(rows: int) -> bytes:
    """A file as German Excel saves it: semicolons, cp1252, dd.mm.yyyy dates."""
    rng = random.Random(1)
    lines = [HEADER]
    for i in range(rows):
        place, zone = rng.choice(PLACES)
        manager = f"person{rng.randrange(i)}@bench.test" if i else ""
        start = f"{rng.randrange(1, 28):02d}.{rng.randrange(1, 13):02d}.20{rng.randrange(15, 27)}"
        fields = [
            f"Person {i}", f"person{i}@bench.test", f"Team {rng.randrange(12)}", "Engineering",
            place, zone, "09:00-17:00", "Mo-Fr", "de, en", ", ".join(rng.sample(TAGS, 3)),
            manager, start, "de",
        ]  # fmt: skip
        lines.append(";".join(fields))
    return ("\n".join(lines) + "\n").encode("cp1252")


def timed(label: str, step: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = step()
    print(f"  {label:<28} {time.perf_counter() - started:7.2f} s")
    return result


def main() -> None:
    call_command("migrate", verbosity=0)
    Organisation.objects.filter(slug="bench-import").delete()
    organisation = Organisation.objects.create(name="Bench", slug="bench-import")
    content = german_excel_file(ROWS)
    changed = content.replace(b";Engineering;", b";Research;")
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"people import: {ROWS} rows, {len(content) / 1024:.0f} KiB, {engine}")

    def preview(data: bytes) -> None:
        result = people_import_preview(organisation=organisation, filename="p.csv", content=data)
        assert result.ok, result.problems[:3]

    def apply(data: bytes) -> None:
        people_import_apply(organisation=organisation, filename="p.csv", content=data)

    try:
        timed("preview, all new", lambda: preview(content))
        timed("apply, create all", lambda: apply(content))
        timed("preview, all unchanged", lambda: preview(content))
        timed("apply, all unchanged", lambda: apply(content))
        timed("preview, all changed", lambda: preview(changed))
        timed("apply, update all", lambda: apply(changed))
        timed("export to CSV", lambda: people_export_csv(organisation=organisation))
    finally:
        organisation.delete()


if __name__ == "__main__":
    main()
