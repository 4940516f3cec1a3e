"""`hallway backup FILE`: a consistent copy of the whole database, safe while Hallway runs.

Exit code 0 when written; 2 when it cannot be (the file's folder is missing, pg_dump absent).
"""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hallway.core.backup import BackupProblem, backup_write

INVALID_INPUT = 2


class Command(BaseCommand):
    help = "Write a backup of the database to FILE (SQLite online backup, or pg_dump)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="Where to write the backup (a .zip file).")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        path = Path(file)
        if not path.parent.resolve().is_dir():
            raise CommandError(
                f"The folder {path.parent} does not exist.", returncode=INVALID_INPUT
            )
        try:
            manifest = backup_write(path)
        except BackupProblem as problem:
            raise CommandError(str(problem), returncode=INVALID_INPUT) from problem
        size = path.stat().st_size
        self.stdout.write(
            f"Backed up the {manifest.database} database to {path} "
            f"({size / 1024 / 1024:.1f} MB, {manifest.created_at:%Y-%m-%d %H:%M:%S %Z})."
        )
