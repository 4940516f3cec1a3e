"""How long `hallway import-contacts` takes for 20,000 LinkedIn connections (target ≤ 20 s
for the whole command: reading, checking, preview and the write in one transaction).

Runs on a throw-away SQLite database in a temporary folder, or on DATABASE_URL when set
(it creates and deletes its own organisation there). The file is shaped like LinkedIn's
export: notes above the header, about a third of the rows without an email address.

    .venv/bin/python bench/contacts_import.py            # 20,000 connections
    ROWS=5000 .venv/bin/python bench/contacts_import.py
"""

import io
import os
import random
import tempfile
import time
from pathlib import Path

if "DATABASE_URL" not in os.environ:
    os.environ["HALLWAY_DATA_DIR"] = tempfile.mkdtemp(prefix="hallway-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallway.config.settings")
os.environ.setdefault("HALLWAY_LOG_LEVEL", "WARNING")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from hallway.accounts.models import Organisation  # noqa: E402
from hallway.relationships.models import Contact  # noqa: E402

ROWS = int(os.environ.get("ROWS", "20000"))
TARGET_SECONDS = 20
FIRST = ["Jana", "Pieter", "Müge", "Tom", "Anna", "Lukas", "Eva", "Jörg", "Sofia", "Daan"]
LAST = ["Kessler", "de Boer", "Yılmaz", "Becker", "Schmidt", "Hoffmann", "Janssen", "Weiß"]
TITLES = ["Head of Talent", "CTO", "Data Engineer", "Recruiter", "Product Manager, EMEA"]
PREAMBLE = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email '
    'addresses are missing."\n\n'
)


def linkedin_file(rows: int) -> bytes:
    rng = random.Random(1)
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for i in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        slug = f"{first}-{last}-{i}".lower().replace(" ", "")
        email = f"person{i}@bench.test" if rng.random() < 0.66 else ""
        company = f"Company {rng.randrange(2000)}" if rng.random() < 0.9 else ""
        title = rng.choice(TITLES)
        lines.append(
            f'{first},{last},https://www.linkedin.com/in/{slug},{email},{company},"{title}",'
            f"{rng.randrange(1, 28):02d} Nov 2026"
        )
    return (PREAMBLE + "\n".join(lines) + "\n").encode("utf-8")


def main() -> None:
    call_command("migrate", verbosity=0)
    Organisation.objects.filter(slug="bench-contacts").delete()
    organisation = Organisation.objects.create(name="Bench", slug="bench-contacts")
    path = Path(tempfile.mkdtemp(prefix="hallway-bench-")) / "Connections.csv"
    path.write_bytes(linkedin_file(ROWS))
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"contacts import: {ROWS} LinkedIn connections, {path.stat().st_size / 1024:.0f} KiB, {engine}"
    )
    print("(a shared, busy machine makes these figures an upper bound)")
    try:
        for label in ("import-contacts, all new", "import-contacts, all unchanged"):
            started = time.perf_counter()
            call_command(
                "import_contacts", str(path), "--org", organisation.slug, stdout=io.StringIO()
            )
            seconds = time.perf_counter() - started
            verdict = "ok" if seconds <= TARGET_SECONDS else f"over the {TARGET_SECONDS} s target"
            print(f"  {label:<32} {seconds:7.2f} s  ({verdict})")
        assert Contact.objects.filter(organisation=organisation).count() == ROWS
    finally:
        organisation.delete()


if __name__ == "__main__":
    main()
