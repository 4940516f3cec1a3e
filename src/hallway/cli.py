"""The `hallway` command: Django's management commands under Hallway's settings.

Commands are spelled with hyphens on the command line (`hallway import-people`)
and live as Django management commands with underscores (`import_people`).
"""

import os
import sys


def main() -> None:
    if sys.argv[1:2] == ["engine"]:
        # The engine is pure: its command runs without setting up Django.
        from hallway.engine.command import main as engine_main

        sys.exit(engine_main(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallway.config.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
