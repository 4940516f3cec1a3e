"""The contacts and companies lists as CSV (through `core.csv_files`, spreadsheet-safe).

The columns are the record's own fields, its company, owners, tags and last touch; never
notes or personal details, whoever exports.
"""

import datetime
from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from hallway.core.csv_files import csv_bytes
from hallway.people.cell_values import format_working_days
from hallway.relationships.models import Company, Contact, ContactEmail

CHUNK = 2000


def _time(value: datetime.time | None) -> str:
    return value.strftime("%H:%M") if value is not None else ""


def _owners(obj: Contact | Company) -> str:
    return ", ".join(sorted(user.email for user in obj.owners.all()))


def _iso(value: datetime.date | None) -> str:
    return value.isoformat() if value is not None else ""


def contacts_export_csv(*, contacts: QuerySet[Contact]) -> bytes:
    """`contacts` (already scoped and filtered) as CSV, in their order."""
    rows_query = contacts.select_related("company").prefetch_related(
        "owners",
        "tags",
        Prefetch("other_emails", queryset=ContactEmail.objects.order_by("email")),
    )

    def rows() -> Iterator[list[object]]:
        yield [
            _("Name"), _("Email address"), _("Other email addresses"), _("Phone"), _("Kind"),
            _("Company"), _("Job title"), _("Language"), _("Time zone"),
            _("Working hours start"), _("Working hours end"), _("Working days"),
            _("Public holidays"), _("Legal basis"), _("Consent given on"), _("Source"),
            _("Keep in touch every (days)"), _("Owners"), _("Tags"), _("Last touch"),
            _("Created"),
        ]  # fmt: skip
        for contact in rows_query.iterator(chunk_size=CHUNK):
            yield [
                contact.name,
                contact.email,
                ", ".join(other.email for other in contact.other_emails.all()),
                contact.phone,
                contact.get_kind_display(),
                contact.company.name if contact.company else "",
                contact.job_title,
                contact.language,
                contact.timezone,
                _time(contact.work_start),
                _time(contact.work_end),
                format_working_days(contact.working_days or []),
                contact.holiday_region,
                contact.legal_basis,
                _iso(contact.consent_on),
                contact.source,
                contact.cadence_days if contact.cadence_days is not None else "",
                _owners(contact),
                ", ".join(sorted(tag.name for tag in contact.tags.all())),
                _iso(contact.last_touch_at),
                _iso(contact.created_at),
            ]

    return csv_bytes(rows())


def companies_export_csv(*, companies: QuerySet[Company]) -> bytes:
    """`companies` (already scoped and filtered) as CSV, in their order."""

    def rows() -> Iterator[list[object]]:
        yield [
            _("Name"), _("Kind"), _("Industry"), _("Website"), _("Language"), _("Time zone"),
            _("Owners"), _("Contacts"), _("Last touch"), _("Last order"),
            _("Usual gap in days"),
        ]  # fmt: skip
        for company in companies.prefetch_related("owners").iterator(chunk_size=CHUNK):
            yield [
                company.name,
                company.get_kind_display(),
                company.industry,
                company.website,
                company.language,
                company.timezone,
                _owners(company),
                getattr(company, "contacts_count", ""),
                _iso(company.last_touch_at),
                _iso(company.last_order_on),
                round(company.usual_gap_days, 1) if company.usual_gap_days is not None else "",
            ]

    return csv_bytes(rows())
