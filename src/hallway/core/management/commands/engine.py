"""`hallway engine ...` for `call_command` and `hallway help`: the command itself lives in
`hallway.engine.command`, which the `hallway` script runs without starting Django."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hallway.engine import command


class Command(BaseCommand):
    help = command.HELP

    def add_arguments(self, parser: ArgumentParser) -> None:
        command.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            command.execute(options, self.stdout)
        except command.EngineCommandError as error:
            raise CommandError(str(error), returncode=2) from None
