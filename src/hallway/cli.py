"""The `hallway` command: Django's management commands under Hallway's settings.

Commands are spelled with hyphens on the command line (`hallway import-people`)
and live as Django management commands with underscores (`import_people`).
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallway.config.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
