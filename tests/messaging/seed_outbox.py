"""Run as a child process: `python -m tests.messaging.seed_outbox COUNT` fills the outbox of
the database in DATABASE_URL / HALLWAY_DATA_DIR with COUNT test emails."""

import os
import sys

import django


def main(count: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallway.config.settings")
    django.setup()
    from django.db import transaction

    from hallway.messaging.services import Recipient
    from tests.factories import make_message, make_organisation

    organisation = make_organisation("Crash Test", slug="crash-test")
    with transaction.atomic():
        for number in range(count):
            make_message(
                organisation,
                f"crash:{number}",
                recipient=Recipient(address=f"person{number}@example.com", name=f"P {number}"),
            )
    print(f"seeded {count}")


if __name__ == "__main__":
    main(int(sys.argv[1]))
