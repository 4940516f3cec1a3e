"""`hallway coffee run-round PROGRAM --org SLUG [--dry-run]`: plan and announce a round.

An adapter: it finds the organisation and program, calls `round_plan` (and, unless it is a
dry run, `round_announce`), and prints the plan with its reasons as text.
"""

import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.coffee.models import Program
from hallway.coffee.reasons import left_out_reason_text, pair_reasons_text
from hallway.coffee.services.planning import PlannedRound, round_plan
from hallway.core.dates import long_date, short_date

INVALID_INPUT = 2


class Command(BaseCommand):
    # A lazy string, translated when the parser is made (BaseCommand.help is typed as str).
    help = cast(str, gettext_lazy("Coffee dates: plan and announce rounds."))

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        run = actions.add_parser(
            "run-round",
            help=_("Plan the program's next round and announce it."),
            description=_(
                "Plan the program's next round and announce it (intros go out through the "
                "outbox). With --dry-run, print the plan with its reasons and save nothing."
            ),
        )
        run.add_argument(
            "program", metavar="PROGRAM", help=_("The program's slug, such as coffee.")
        )
        run.add_argument("--org", required=True, help=_("The organisation's slug, such as acme."))
        run.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Print the plan with its reasons and save nothing."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        program = self.find_program(options["org"], options["program"])
        now = timezone.now()
        dry_run = options["dry_run"]
        try:
            planned = round_plan(program=program, now=now, dry_run=dry_run)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages), returncode=INVALID_INPUT) from error
        self.print_plan(program, planned, dry_run=dry_run)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was saved and nobody was told."))
            return
        from hallway.coffee.services.announcing import round_announce

        assert planned.round is not None
        try:
            round_ = round_announce(round=planned.round, now=now)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages), returncode=INVALID_INPUT) from error
        self.stdout.write(
            _("Announced round %(number)d: the intros are in the outbox.")
            % {"number": round_.number}
        )

    def find_program(self, org_slug: str, program_slug: str) -> Program:
        organisation = Organisation.objects.filter(slug=org_slug).first()
        if organisation is None:
            raise CommandError(
                _("There is no organisation with the slug “%(slug)s”.") % {"slug": org_slug},
                returncode=INVALID_INPUT,
            )
        program = (
            scoped(Program, organisation)
            .select_related("organisation")
            .filter(slug=program_slug)
            .first()
        )
        if program is None:
            slugs = list(scoped(Program, organisation).values_list("slug", flat=True))
            known = ", ".join(slugs) if slugs else _("none yet")
            raise CommandError(
                _("%(organisation)s has no program “%(slug)s” (its programs: %(known)s).")
                % {"organisation": organisation.name, "slug": program_slug, "known": known},
                returncode=INVALID_INPUT,
            )
        if program.archived_at is not None:
            raise CommandError(
                _("The program “%(slug)s” is archived.") % {"slug": program_slug},
                returncode=INVALID_INPUT,
            )
        return program

    def print_plan(self, program: Program, planned: PlannedRound, *, dry_run: bool) -> None:
        zone = ZoneInfo(program.organisation.timezone)
        day = planned.scheduled_for
        number = planned.round.number if planned.round is not None else None
        title = {
            "program": program.name,
            "date": long_date(day),
        }
        if number is None:
            self.stdout.write(_("%(program)s: the round on %(date)s") % title)
        else:
            self.stdout.write(
                _("%(program)s: round %(number)d on %(date)s") % {**title, "number": number}
            )
        people = sum(len(group.members) for group in planned.groups)
        self.stdout.write(
            ngettext("%(count)d person paired", "%(count)d people paired", people)
            % {"count": people}
            + ", "
            + ngettext("%(count)d group", "%(count)d groups", len(planned.groups))
            % {"count": len(planned.groups)}
            + ", "
            + ngettext("%(count)d left out", "%(count)d left out", len(planned.left_out))
            % {"count": len(planned.left_out)}
            + "."
        )
        self.stdout.write("")
        for index, group in enumerate(planned.groups, start=1):
            names = " & ".join(person.name for person in group.members)
            self.stdout.write(f"{index:>3}. {names}")
            if group.reasons:
                self.stdout.write(f"     {pair_reasons_text(group.reasons)}")
            if group.slot_start is not None and group.slot_end is not None:
                self.stdout.write(
                    "     "
                    + _("suggested: %(when)s (%(zone)s)")
                    % {"when": _slot_text(group.slot_start, group.slot_end, zone), "zone": zone.key}
                )
        if planned.left_out:
            self.stdout.write("")
            self.stdout.write(_("Left out:"))
            for person, reason in planned.left_out:
                self.stdout.write(f"  - {person.name}: {left_out_reason_text(reason)}")
        self.stdout.write("")


def _slot_text(start: datetime.datetime, end: datetime.datetime, zone: ZoneInfo) -> str:
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    day = short_date(local_start.date())
    return f"{day} {local_start:%H:%M}–{local_end:%H:%M}"
