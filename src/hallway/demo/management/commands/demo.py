"""`hallway demo [--reset]`: create or refresh the demo organisation, print how to sign in.

Migrates the database first when it is behind (a data folder that was never set up).
"""

import zoneinfo
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.accounts.models import Role
from hallway.demo.data import COMPANY_TIMEZONE
from hallway.demo.seed import demo_seed


class Command(BaseCommand):
    help = "Create or refresh the demo organisation (slug “demo”) and print the demo logins."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo organisation and everything in it first, then recreate it.",
        )

    def handle(self, *args: Any, reset: bool, **options: Any) -> None:
        if _migrations_pending():
            self.stdout.write(_("Setting up the database first…"))
            call_command("migrate", interactive=False, verbosity=0)
        # "Today" where the demo company sits, so new hires start in its next four weeks.
        today = timezone.localdate(timezone=zoneinfo.ZoneInfo(COMPANY_TIMEZONE))
        summary = demo_seed(reset=reset, today=today)

        write = self.stdout.write
        write(
            self.style.SUCCESS(
                _("The demo organisation “%(name)s” (slug %(slug)s) is ready.")
                % {"name": summary.organisation.name, "slug": summary.organisation.slug}
            )
        )
        write(
            _("%(created)d people created, %(updated)d updated, %(unchanged)d unchanged.")
            % {
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
            }
        )
        write(_("People: %(count)d") % {"count": summary.people})
        write(_("Teams: %(count)d") % {"count": summary.teams})
        write(_("Locations: %(count)d") % {"count": summary.locations})
        write(
            _("New hires starting in the next four weeks: %(count)d") % {"count": summary.new_hires}
        )
        write(
            _(
                "Time off: %(holidays)d public holidays in the offices, %(away)d people out of office."
            )
            % {"holidays": summary.absences.holidays, "away": summary.absences.out_of_office}
        )
        coffee = summary.coffee
        write(
            _(
                "Coffee: “%(program)s” with %(rounds)d rounds and %(pairings)d pairings; "
                "%(tracks)d onboarding tracks, %(buddies)d buddy volunteers."
            )
            % {
                "program": coffee.program.name,
                "rounds": coffee.rounds,
                "pairings": coffee.pairings,
                "tracks": summary.onboarding.tracks,
                "buddies": summary.onboarding.buddies,
            }
        )
        book = summary.client_book
        write(
            _(
                "Client book: %(companies)d companies, %(contacts)d contacts, "
                "%(orders)d orders, %(touches)d touches."
            )
            % {
                "companies": book.companies,
                "contacts": book.contacts,
                "orders": book.orders,
                "touches": book.touches,
            }
        )
        write(
            _("Gatherings: %(gatherings)d, with %(guests)d guests.")
            % {
                "gatherings": summary.gatherings.gatherings,
                "guests": summary.gatherings.guests,
            }
        )
        write(
            _(
                "Rituals: %(standups)d daily stand-ups with %(checkins)d answers, a weekly "
                "pulse with %(rounds)d rounds, %(wins)d wins and %(kudos)d kudos on the wall."
            )
            % {
                "standups": summary.standups.standups,
                "checkins": summary.standups.checkins,
                "rounds": summary.pulse.rounds,
                "wins": summary.gong.celebrations,
                "kudos": summary.gong.kudos,
            }
        )
        write(
            _(
                "Projects: %(projects)d client projects mid-way, %(covered)d of %(required)d "
                "required 1:1s took place."
            )
            % {
                "projects": summary.projects.projects,
                "covered": summary.projects.covered,
                "required": summary.projects.required,
            }
        )
        write(
            _(
                "Outreach: %(sequences)d sequences, %(sent)d messages sent, %(waiting)d waiting "
                "for approval, %(placements)d contractors placed, %(quiet)d quiet clients "
                "offered to their owners."
            )
            % {
                "sequences": summary.outreach.sequences,
                "sent": summary.outreach.messages_sent,
                "waiting": summary.outreach.waiting_for_approval,
                "placements": summary.outreach.placements,
                "quiet": summary.outreach.quiet_proposals,
            }
        )
        write("")
        write(
            _("Open %(url)s and sign in with one of these demo logins:")
            % {"url": settings.BASE_URL}
        )
        for login in summary.logins:
            write(
                _("  %(role)s: %(email)s, password %(password)s (%(name)s)")
                % {
                    "role": Role(login.role).label,
                    "email": login.email,
                    "password": login.password,
                    "name": login.name,
                }
            )


def _migrations_pending() -> bool:
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
