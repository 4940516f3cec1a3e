"""Turn an uploaded contacts file into a table: CSV and XLSX through the people importer's
reader (Excel's encodings and separators, bounded), vCard 3 and 4 cards, and LinkedIn's
"Connections.csv" as LinkedIn writes it (a few lines of notes above the header row).

vCards become a table with our own English headings, one row per card; the row number is
the card's number in the file. A card's NOTE is not imported: notes in Hallway have an
author and a visibility that an address book cannot say.
"""

import re

import vobject  # type: ignore[import-untyped]  # vobject ships no type information
from django.utils.translation import gettext as _

from hallway.people.importing.reading import FileProblem, Row, Table, decode_text, read_table

LINKEDIN_HEADER = re.compile(r"^\ufeff?\"?First Name\"?,\"?Last Name\"?,\"?URL\"?,", re.MULTILINE)
VCARD_START = re.compile(rb"^(\xef\xbb\xbf)?\s*BEGIN:VCARD", re.IGNORECASE)
VCARD_COLUMNS = ["Name", "Email", "Other emails", "Phone", "Company", "Job title", "Tags", "URL"]
# The preamble LinkedIn puts above the header is a few lines; more is not LinkedIn's file.
LINKEDIN_PREAMBLE_LINES = 20


def read_contacts_table(*, content: bytes, filename: str, max_rows: int) -> tuple[Table, str]:
    """The file's table and what it is: "vcard", "linkedin" or "table" (CSV or XLSX)."""
    if VCARD_START.match(content[:1024]):
        return _read_vcards(content, max_rows), "vcard"
    if not content.startswith(b"PK"):
        head = content[:8192]
        try:
            text = head.decode("utf-8-sig", errors="replace")
        except LookupError:  # pragma: no cover - utf-8 is always there
            text = ""
        match = LINKEDIN_HEADER.search(text)
        if match and text[: match.start()].count("\n") <= LINKEDIN_PREAMBLE_LINES:
            return _read_linkedin(content, max_rows), "linkedin"
    return read_table(content=content, max_rows=max_rows, filename=filename), "table"


def _read_linkedin(content: bytes, max_rows: int) -> Table:
    text, encoding = decode_text(content)
    match = LINKEDIN_HEADER.search(text)
    assert match is not None
    skipped_lines = text[: match.start()].count("\n")
    table = read_table(content=text[match.start() :].encode("utf-8"), max_rows=max_rows)
    # Row numbers as a spreadsheet shows the whole file, notes included.
    table.header_row += skipped_lines
    for row in table.rows:
        row.number += skipped_lines
    table.encoding = encoding
    return table


def _value(card: vobject.base.Component, name: str) -> str:
    item = getattr(card, name, None)
    if item is None:
        return ""
    value = item.value
    if isinstance(value, list):
        return ", ".join(str(part) for part in value if part)
    return str(value).strip()


def _name(card: vobject.base.Component) -> str:
    full = _value(card, "fn")
    if full:
        return full
    n = getattr(card, "n", None)
    if n is None:
        return ""
    parts = n.value
    return " ".join(str(p) for p in (parts.given, parts.additional, parts.family) if p).strip()


def _organisation(card: vobject.base.Component) -> str:
    org = getattr(card, "org", None)
    if org is None:
        return ""
    value = org.value
    return str(value[0] if isinstance(value, list) and value else value).strip()


def _read_vcards(content: bytes, max_rows: int) -> Table:
    text, encoding = decode_text(content)
    table = Table(columns=list(VCARD_COLUMNS), header_row=0, kind="vcard", encoding=encoding)
    try:
        for number, card in enumerate(vobject.readComponents(text, ignoreUnreadable=True), 1):
            if number > max_rows:
                raise FileProblem(
                    "too_many_rows",
                    _("The file has more than %(max)s cards. Please split it into smaller files.")
                    % {"max": f"{max_rows:,}"},
                )
            if card.name.upper() != "VCARD":
                continue
            emails = [str(item.value).strip() for item in card.contents.get("email", [])]
            emails = [email for email in emails if email]
            phones = [str(item.value).strip() for item in card.contents.get("tel", [])]
            categories: list[str] = []
            for item in card.contents.get("categories", []):
                value = item.value
                categories += value if isinstance(value, list) else str(value).split(",")
            cells = [
                _name(card),
                emails[0] if emails else "",
                ", ".join(emails[1:]),
                phones[0] if phones else "",
                _organisation(card),
                _value(card, "title"),
                ", ".join(c.strip() for c in categories if c.strip()),
                _value(card, "url"),
            ]
            table.rows.append(Row(number=number, cells=cells))
    except FileProblem:
        raise
    except Exception as exc:  # vobject raises many kinds on broken cards
        raise FileProblem(
            "invalid_vcard",
            _("The file could not be read as vCards (%(reason)s).") % {"reason": exc},
        ) from exc
    if not table.rows:
        raise FileProblem("empty_file", _("The file holds no vCards."))
    return table
