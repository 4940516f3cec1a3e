"""`hallway restore FILE [--yes]`: replace the database's contents with a backup's.

Everything that can refuse is checked before anything changes. Exit code 0 when restored;
2 when FILE is not a backup this installation can restore (or the restore was not
confirmed); nothing is changed then.
"""

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from hallway.core.backup import BackupProblem, backup_restore, restore_check

INVALID_INPUT = 2


class Command(BaseCommand):
    help = "Restore the database from a backup made by `hallway backup` (replaces all data)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="A backup written by `hallway backup`.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask: replace the data without asking."
        )

    def handle(self, *args: Any, file: str, yes: bool, **options: Any) -> None:
        path = Path(file)
        try:
            manifest = restore_check(path)
        except BackupProblem as problem:
            raise CommandError(str(problem), returncode=INVALID_INPUT) from problem
        target = connection.settings_dict["NAME"]
        self.stdout.write(
            f"{path}: a backup of a {manifest.database} database made "
            f"{manifest.created_at:%Y-%m-%d %H:%M:%S %Z}."
        )
        if not yes and not self._confirmed(f"Replace ALL data in {target} with it?"):
            raise CommandError(
                "Nothing was restored (confirm with --yes).", returncode=INVALID_INPUT
            )
        try:
            report = backup_restore(path)
        except BackupProblem as problem:
            raise CommandError(str(problem), returncode=INVALID_INPUT) from problem
        self.stdout.write(self.style.SUCCESS(f"Restored {path} into {target}."))
        if report.needs_migrate:
            self.stdout.write("The backup is older than this version: run `hallway migrate`.")
        if report.key_missing:
            self.stderr.write(
                "Channel secrets in this backup were encrypted with a key this installation "
                "does not have: set HALLWAY_ENCRYPTION_KEYS (or HALLWAY_SECRET_KEY) as it was "
                "where the backup was made, or enter the channels' secrets again."
            )

    def _confirmed(self, question: str) -> bool:
        if not sys.stdin.isatty():
            return False
        answer = input(f"{question} Type 'yes' to go on: ")
        return answer.strip().lower() == "yes"
