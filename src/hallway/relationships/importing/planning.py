"""Check every row of a contacts file and decide what applying it would do. Writes nothing.

Rows are matched to existing contacts by email (any of a contact's addresses), else by
profile URL (LinkedIn's connections often have no email), and otherwise created. An empty
cell never clears a value: a file that lacks something does not erase what is known.
Everything a row refers to (contacts, companies, members) is loaded once, in chunks.
"""

import re
from dataclasses import asdict, dataclass, field
from functools import cache, lru_cache
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.core.validators import known_timezones
from hallway.people import cell_values
from hallway.people.cell_values import CellProblem
from hallway.people.importing.reading import FileProblem, Table
from hallway.people.importing.results import ImportPreview, NewName, Problem
from hallway.relationships.importing.columns import detect_contact_mapping
from hallway.relationships.importing.sources import read_contacts_table
from hallway.relationships.models import Company, Contact, ContactKind, LegalBasis
from hallway.relationships.services.records import contacts_by_email, members_by_email

CHUNK = 500  # values per query: under every database's parameter limit
LIMITS = {"name": 200, "job_title": 120, "phone": 40, "source": 120, "company": 200}
DEFAULT_KIND = ContactKind.OTHER
SOURCE_OF = {"linkedin": "LinkedIn", "vcard": "vCard"}
CADENCE_WORDS = {
    7: "weekly wöchentlich wekelijks",
    14: "fortnightly biweekly zweiwöchentlich tweewekelijks",
    30: "monthly monatlich maandelijks",
    91: "quarterly vierteljährlich quartalsweise perkwartaal driemaandelijks",
    365: "yearly annually jährlich jaarlijks",
}
KIND_WORDS = {
    ContactKind.CLIENT: "kunde kundenkontakt klant klantcontact customer",
    ContactKind.PROSPECT: "interessent lead",
    ContactKind.CANDIDATE: "kandidat kandidaat bewerber sollicitant",
    ContactKind.CONTRACTOR: "freelancer freiberufler auftragnehmer opdrachtnemer zzper",
    ContactKind.ATTENDEE: "teilnehmer deelnemer",
    ContactKind.OTHER: "sonstige andere overig anders",
}
LEGAL_WORDS = {
    LegalBasis.CONSENT: "consent einwilligung toestemming",
    LegalBasis.CONTRACT: "contract vertrag overeenkomst",
    LegalBasis.LEGAL_OBLIGATION: "legalobligation rechtlichepflicht wettelijkeverplichting",
    LegalBasis.LEGITIMATE_INTEREST: "legitimateinterest berechtigtesinteresse gerechtvaardigdbelang",
}


@dataclass
class ContactImportPreview(ImportPreview):
    """The people importer's preview, with the companies the import would create."""

    source: str = "table"  # "table" (CSV or XLSX), "linkedin" or "vcard"
    new_companies: list[NewName] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = super().as_dict()
        for people_only in ("new_teams", "new_locations"):
            data.pop(people_only)
        data["source"] = self.source
        data["new_companies"] = [asdict(name) for name in self.new_companies]
        return data


@dataclass
class ContactRow:
    number: int
    values: dict[str, Any]  # the parsed, non-empty cells by field
    contact: Contact | None  # the contact it updates
    action: str  # "create", "update" or "unchanged"


@dataclass
class ContactPlan:
    preview: ContactImportPreview
    rows: list[ContactRow] = field(default_factory=list)
    companies: dict[str, Company] = field(default_factory=dict)  # by folded name
    new_companies: dict[str, str] = field(default_factory=dict)  # folded -> as written
    members: dict[str, User] = field(default_factory=dict)


@lru_cache(maxsize=65536)
def company_key(value: str) -> str:
    """How company names are compared: case, accents and spacing do not matter."""
    return " ".join(cell_values.fold(value).split())


def squash(value: str) -> str:
    return re.sub(r"[^a-z0-9]", "", cell_values.fold(value))


@cache
def choice_words(
    choices: tuple[tuple[str, Any], ...], extra: tuple[tuple[str, str], ...]
) -> dict[str, str]:
    found: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for value, label in choices:
                if value:
                    found.setdefault(squash(value), value)
                    found.setdefault(squash(str(label)), value)
    for value, words in extra:
        for word in words.split():
            found.setdefault(word, value)
    return found


def _kind(cell: str) -> str:
    words = tuple((str(k), v) for k, v in KIND_WORDS.items())
    value = choice_words(tuple(ContactKind.choices), words).get(squash(cell))
    if value is None:
        raise CellProblem("invalid_kind", _("“%(value)s” is not a kind of contact. Use one of: %(kinds)s.") % {
            "value": cell, "kinds": ", ".join(ContactKind.values)})  # fmt: skip
    return value


def _legal_basis(cell: str) -> str:
    words = tuple((str(k), v) for k, v in LEGAL_WORDS.items())
    value = choice_words(tuple(LegalBasis.choices), words).get(squash(cell))
    if value is None:
        raise CellProblem("invalid_legal_basis", _(
            "“%(value)s” is not a legal basis. Use one of: %(choices)s."
        ) % {"value": cell, "choices": ", ".join(v for v in LegalBasis.values if v)})  # fmt: skip
    return value


def _cadence(cell: Any) -> int:
    text = cell_values.text(cell)
    match = re.fullmatch(r"(\d{1,4})\s*(?:d|days?|tage?n?|dagen)?", text.strip().lower())
    days = int(match[1]) if match else None
    if days is None:
        words = {word: d for d, spelled in CADENCE_WORDS.items() for word in spelled.split()}
        days = words.get(squash(text))
    if days is None or not 1 <= days <= 3660:
        raise CellProblem("invalid_cadence", _(
            "“%(value)s” is not a cadence. Write a number of days (1 to 3660) or weekly, "
            "monthly, quarterly."
        ) % {"value": text})  # fmt: skip
    return days


def _timezone(cell: Any) -> str:
    value = cell_values.timezone(cell)
    if value not in known_timezones():
        raise CellProblem("invalid_timezone", _(
            "“%(value)s” is not a time zone. Use a name like Europe/Berlin."
        ) % {"value": value})  # fmt: skip
    return value


# What a profile URL must look like (URLValidator's full check is slow for 20,000 rows).
PROFILE_URL = re.compile(
    r"https?://[a-z0-9.-]+\.[a-z]{2,}(?::\d{1,5})?(?:[/?#]\S*)?", re.IGNORECASE
)


def _profile_url(cell: Any) -> str:
    value = cell_values.text(cell).strip()
    if not PROFILE_URL.fullmatch(value):
        raise CellProblem("invalid_url", _("“%(value)s” is not a web address.") % {"value": value})
    if len(value) > 300:
        raise CellProblem("too_long", _("Enter at most %(max)s characters.") % {"max": 300})
    return value.rstrip("/")


def email_list(cell: Any) -> list[str]:
    return [
        cell_values.email(part) for part in re.split(r"[,;\s]+", cell_values.text(cell)) if part
    ]


def _tags(cell: Any) -> list[str]:
    tags = cell_values.tags(cell)
    long = [tag for tag in tags if len(tag) > 60]
    if long:
        raise CellProblem("too_long", _("Tags have at most %(max)s characters: %(tag)s") % {
            "max": 60, "tag": long[0]})  # fmt: skip
    return tags


def _text(key: str) -> Any:
    def parse(cell: Any) -> str:
        value = " ".join(cell_values.text(cell).split())
        limit = LIMITS.get(key)
        if limit and len(value) > limit:
            raise CellProblem("too_long", _("Enter at most %(max)s characters.") % {"max": limit})
        return value

    return parse


PARSERS: dict[str, Any] = {
    "name": _text("name"),
    "first_name": _text("name"),
    "last_name": _text("name"),
    "email": cell_values.email,
    "other_emails": email_list,
    "kind": lambda cell: _kind(cell_values.text(cell)),
    "company": _text("company"),
    "job_title": _text("job_title"),
    "phone": _text("phone"),
    "language": cell_values.message_language,
    "timezone": _timezone,
    "tags": lambda cell: _tags(cell),
    "owners": email_list,
    "legal_basis": lambda cell: _legal_basis(cell_values.text(cell)),
    "source": _text("source"),
    "cadence_days": _cadence,
    "profile_url": _profile_url,
}
# Compared with the contact's attribute of the same name to tell an update from no change.
SCALARS = ("name", "email", "kind", "job_title", "phone", "language", "timezone",
           "legal_basis", "source", "cadence_days", "profile_url")  # fmt: skip


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def plan_contacts_import(
    *, organisation: Organisation, filename: str, content: bytes
) -> ContactPlan:
    preview = ContactImportPreview()
    plan = ContactPlan(preview=preview)
    try:
        table, source = read_contacts_table(
            content=content, filename=filename, max_rows=settings.HALLWAY_IMPORT_MAX_ROWS
        )
    except FileProblem as problem:
        preview.problems.append(Problem(None, None, None, problem.code, problem.message))
        return plan
    preview.source = source
    preview.columns = list(table.columns)
    preview.mapping = detect_contact_mapping(table.columns)
    preview.skipped = table.blank_rows
    for index, column in enumerate(table.columns):
        samples = [cell_values.text(row.cells[index]) for row in table.rows[:50]]
        preview.examples[column] = [s for s in samples if s][:3]
    keys = {key for key in preview.mapping.values() if key}
    if "name" not in keys and not keys & {"first_name", "last_name"}:
        preview.problems.append(Problem(None, None, "name", "missing_column", _(
            "No column holds the name. Add a name column, or first and last name columns."
        )))  # fmt: skip
        return plan
    _plan_rows(organisation, table, source, plan)
    return plan


def _parse_rows(
    table: Table, mapping: dict[str, str], source: str, plan: ContactPlan
) -> list[tuple[int, dict[str, Any]]]:
    preview = plan.preview
    parsed_rows = []
    for row in table.rows:
        values: dict[str, Any] = {}
        for column, cell in zip(table.columns, row.cells, strict=True):
            key = mapping.get(column)
            if not key or _blank(cell):
                continue
            try:
                values[key] = PARSERS[key](cell)
            except CellProblem as problem:
                preview.problems.append(
                    Problem(row.number, column, key, problem.code, problem.message)
                )
        first, last = values.pop("first_name", ""), values.pop("last_name", "")
        if "name" not in values and (first or last):
            values["name"] = f"{first} {last}".strip()[:200]
        if not values.get("name"):
            preview.problems.append(Problem(row.number, None, "name", "required", _(
                "The name is missing."
            )))  # fmt: skip
        if source in SOURCE_OF and "source" not in values:
            values["source"] = SOURCE_OF[source]
        parsed_rows.append((row.number, values))
    return parsed_rows


def _plan_rows(organisation: Organisation, table: Table, source: str, plan: ContactPlan) -> None:
    preview = plan.preview
    column_of = {key: column for column, key in preview.mapping.items() if key}
    parsed = _parse_rows(table, preview.mapping, source, plan)
    preview.rows = len(parsed)

    emails = {v["email"] for _n, v in parsed if v.get("email")}
    by_email: dict[str, Contact] = {}
    chunked = sorted(emails)
    for start in range(0, len(chunked), CHUNK):
        by_email.update(contacts_by_email(organisation, chunked[start : start + CHUNK]))
    urls = sorted({v["profile_url"] for _n, v in parsed if v.get("profile_url")})
    by_url: dict[str, Contact] = {}
    for start in range(0, len(urls), CHUNK):
        for known in (
            scoped(Contact, organisation)
            .filter(profile_url__in=urls[start : start + CHUNK])
            .order_by("-id")
        ):
            by_url[known.profile_url] = known
    owner_emails = {e for _n, v in parsed for e in v.get("owners", [])}
    plan.members = members_by_email(organisation, owner_emails) if owner_emails else {}
    plan.companies = {
        company_key(c.name): c for c in scoped(Company, organisation).only("id", "name")
    }
    matched_ids = {c.pk for c in (*by_email.values(), *by_url.values())}
    tags_of: dict[int, set[str]] = {}
    owners_of: dict[int, set[str]] = {}
    if any("tags" in v for _n, v in parsed) or owner_emails:
        ids = sorted(matched_ids)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            for contact_id, name in Contact.tags.through.objects.filter(
                contact_id__in=chunk
            ).values_list("contact_id", "contacttag__name"):
                tags_of.setdefault(contact_id, set()).add(name.lower())
            for contact_id, email in Contact.owners.through.objects.filter(
                contact_id__in=chunk
            ).values_list("contact_id", "user__email"):
                owners_of.setdefault(contact_id, set()).add(email.lower())
    company_names = {c.pk: company_key(c.name) for c in plan.companies.values()}

    seen: dict[str, int] = {}
    new_company_rows: dict[str, int] = {}
    rows_with_problems = {p.row for p in preview.problems if p.row is not None}
    for number, values in parsed:
        row_ok = number not in rows_with_problems
        for key in ("email", "profile_url"):
            value = values.get(key)
            if not value:
                continue
            if value in seen:
                preview.problems.append(Problem(number, column_of.get(key), key, "duplicate_in_file", _(
                    "%(value)s is also in row %(row)s."
                ) % {"value": value, "row": seen[value]}))  # fmt: skip
                row_ok = False
            else:
                seen[value] = number
        missing = [e for e in values.get("owners", []) if e not in plan.members]
        if missing:
            preview.problems.append(Problem(number, column_of.get("owners"), "owners", "unknown_owner", _(
                "Not members of this organisation: %(emails)s"
            ) % {"emails": ", ".join(missing)}))  # fmt: skip
            row_ok = False
        contact: Contact | None = by_email.get(values.get("email", "")) or by_url.get(
            values.get("profile_url", "")
        )
        company = values.get("company")
        if company and company_key(company) not in plan.companies:
            plan.new_companies.setdefault(company_key(company), company)
            if row_ok:
                new_company_rows[company_key(company)] = (
                    new_company_rows.get(company_key(company), 0) + 1
                )
        if contact is None:
            action = "create"
        else:
            changed = any(values[k] != getattr(contact, k) for k in SCALARS if k in values)
            changed |= bool(company) and company_names.get(contact.company_id or 0) != company_key(
                company or ""
            )
            changed |= "tags" in values and {t.lower() for t in values["tags"]} != tags_of.get(
                contact.pk, set()
            )
            changed |= "owners" in values and set(values["owners"]) != owners_of.get(
                contact.pk, set()
            )
            if "other_emails" in values:
                changed = True
            action = "update" if changed else "unchanged"
        if row_ok:
            plan.rows.append(
                ContactRow(number=number, values=values, contact=contact, action=action)
            )
    preview.rows_with_problems = len({p.row for p in preview.problems if p.row is not None})
    if preview.ok:
        actions = [row.action for row in plan.rows]
        preview.would_create = actions.count("create")
        preview.would_update = actions.count("update")
        preview.unchanged = actions.count("unchanged")
        preview.new_companies = [
            NewName(plan.new_companies[key], count)
            for key, count in sorted(new_company_rows.items())
        ]
    preview.problems.sort(key=lambda p: (p.row or 0, p.column or ""))
