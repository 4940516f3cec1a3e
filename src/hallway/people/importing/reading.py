"""Turn an uploaded file (CSV in any of Excel's flavours, or XLSX) into rows of cells.

Format is decided by content, not by the file name: people rename files, and a
workbook saved as "people.csv" should still work. Everything that cannot be read
becomes a `FileProblem` with a message a person can act on.

Reading is bounded so that no file can take more than a few hundred megabytes, whatever it
declares: every row counts toward the row limit (blank ones too) and reading stops there;
blank rows are counted, not kept; only the columns under a heading are kept, at most
MAX_COLUMNS; a cell holds at most Excel's own limit; and a workbook's archive is checked
for its unpacked size and compression ratio before anything is unpacked.
"""

import codecs
import csv
import io
import re
import string
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from hallway.core.csv_files import FORMULA_STARTS

SNIFF_CHARS = 64 * 1024
DELIMITERS = ";,\t"
MAX_COLUMNS = 500
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
# A workbook of the largest upload unpacks to a few times its size; zip bombs to thousands.
MAX_XLSX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_XLSX_RATIO = 100
# More control characters than this share of the text means it is not a text file.
CONTROL_SHARE = 0.01
ALLOWED_CONTROLS = set("\t\n\r\f\x1a")  # \x1a: the end-of-file mark some old tools append


class FileProblem(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Row:
    number: int  # as the spreadsheet shows it, the header being row 1 in a plain file
    cells: list[Any]
    extra_values: int = 0  # non-empty cells beyond the last heading (CSV only)

    @property
    def is_blank(self) -> bool:
        return all(_is_empty(cell) for cell in self.cells) and not self.extra_values


@dataclass
class Table:
    columns: list[str]
    header_row: int
    rows: list[Row] = field(default_factory=list)  # the rows with a value, in file order
    blank_rows: int = 0  # between the header and the last row with a value
    kind: str = "csv"  # or "xlsx"
    delimiter: str = ""
    encoding: str = ""


class _Rows:
    """Collects a table's rows as they are read, within the limits."""

    def __init__(self, table: Table, *, width: int, max_rows: int, filler: Any) -> None:
        self.table, self.width, self.max_rows, self.filler = table, width, max_rows, filler
        self.seen = self.pending_blanks = 0

    def add(self, number: int, cells: list[Any], extra_values: int = 0) -> None:
        self.seen += 1
        if self.seen > self.max_rows:
            raise _too_many_rows(self.max_rows)
        cells = cells[: self.width]
        row = Row(number=number, cells=cells, extra_values=extra_values)
        if row.is_blank:
            self.pending_blanks += 1  # counted, not kept: trailing ones nobody sees
            return
        for index, cell in enumerate(cells):
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                raise _cell_too_long(number, index)
        row.cells = cells + [self.filler] * (self.width - len(cells))
        self.table.blank_rows += self.pending_blanks
        self.pending_blanks = 0
        self.table.rows.append(row)


def _is_empty(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def read_table(*, content: bytes, max_rows: int, filename: str = "") -> Table:
    """Parse `content` into a table, or raise FileProblem. The format is read from the
    content; a file named .xlsx that is no workbook is refused rather than read as text."""
    if not content.strip():
        raise FileProblem("empty_file", _("The file is empty."))
    if content.startswith(b"PK\x03\x04") or content.startswith(b"PK\x05\x06"):
        return _read_xlsx(content, max_rows)
    if filename.lower().endswith((".xlsx", ".xlsm")) and not content.startswith(b"\xd0\xcf"):
        raise FileProblem(
            "invalid_xlsx",
            _(
                "This is not a valid Excel file: “%(name)s” is named like a workbook but is "
                "not one. Save it again from Excel as .xlsx, or as CSV, and upload that."
            )
            % {"name": filename},
        )
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(
            "xls_not_supported",
            _(
                "This is an old Excel workbook (.xls). Please save it as an Excel workbook "
                "(.xlsx) or as CSV and upload that."
            ),
        )
    if content.startswith(b"%PDF"):
        raise FileProblem(
            "not_a_spreadsheet",
            _("This is a PDF document, not a spreadsheet. Please upload a CSV or XLSX file."),
        )
    text, encoding = decode_text(content)
    return _read_csv(text, encoding, max_rows)


# --- CSV ------------------------------------------------------------------------------


def decode_text(content: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in, as Excel and friends write them."""
    if content.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"  # Excel's "Unicode text": tab-separated UTF-16 with a BOM
    elif b"\x00" in content[:4096]:
        encoding = _utf16_without_bom(content[:4096])
    else:
        encoding = ""
    if encoding:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError as exc:
            raise FileProblem(
                "unknown_encoding",
                _(
                    "The file says it is %(encoding)s but contains bytes that are not. "
                    "Please save it again as CSV UTF-8."
                )
                % {"encoding": encoding.upper().replace("-SIG", "")},
            ) from exc
    else:
        # Not UTF-8: Excel on Windows in Western Europe writes cp1252, a superset of Latin-1
        # for printable characters; Latin-1 itself never fails and catches the rest.
        for encoding in ("utf-8", "cp1252", "latin-1"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    _require_text(text)
    return text, encoding


def _utf16_without_bom(head: bytes) -> str:
    """UTF-16 without a byte-order mark shows as ASCII with every other byte zero."""
    even_zeros = head[0::2].count(0)
    odd_zeros = head[1::2].count(0)
    half = len(head) // 2
    if odd_zeros > half * 0.3 and even_zeros < half * 0.05:
        return "utf-16-le"
    if even_zeros > half * 0.3 and odd_zeros < half * 0.05:
        return "utf-16-be"
    raise FileProblem(
        "not_a_spreadsheet",
        _("This is not a text file. Please upload a CSV or XLSX file."),
    )


def _require_text(text: str) -> None:
    sample = text[:SNIFF_CHARS]
    controls = sum(
        1
        for char in sample
        if char not in ALLOWED_CONTROLS and (ord(char) < 32 or 0x7F <= ord(char) <= 0x9F)
    )
    if "\x00" in sample or controls > max(2, len(sample) * CONTROL_SHARE):
        raise FileProblem(
            "not_a_spreadsheet",
            _("This is not a text file. Please upload a CSV or XLSX file."),
        )


def sniff_delimiter(text: str) -> str:
    """The field separator: ; , or tab. The header line has the final word."""
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    header = next((line for line in sample.splitlines() if line.strip()), "")
    counts = {delimiter: _count_outside_quotes(header, delimiter) for delimiter in DELIMITERS}
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = ""
    # The sniffer looks for consistency across lines and can be fooled by a few lines of
    # free text; a separator that never occurs in the header cannot be the right one.
    if sniffed and (counts[sniffed] or not any(counts.values())):
        return sniffed
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def _read_csv(text: str, encoding: str, max_rows: int) -> Table:
    # "sep=;" on the first line tells Excel the separator; Excel does not show that line.
    hint = re.match(r"sep=(.)\r?\n", text)
    if hint:
        delimiter, text = hint.group(1), text[hint.end() :]
    else:
        delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    records = enumerate(reader, start=1)
    try:
        header_row, header = next(
            ((number, cells) for number, cells in records if any(c.strip() for c in cells)),
            (0, []),
        )
        if not header:
            raise FileProblem("no_header", _("The file has no header row."))
        table = Table(
            columns=[], header_row=header_row, kind="csv", delimiter=delimiter, encoding=encoding
        )
        width = min(len(header), MAX_COLUMNS)
        rows = _Rows(table, width=width, max_rows=max_rows, filler="")
        for number, cells in records:
            extra = sum(1 for cell in cells[width:] if cell.strip())
            rows.add(number, [_unescape_formula(cell.strip()) for cell in cells[:width]], extra)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _cell_too_long(reader.line_num, None) from exc
        raise FileProblem(
            "invalid_csv",
            _("The file could not be read as CSV (%(reason)s).") % {"reason": exc},
        ) from exc
    return _finish(table, [cell.strip() for cell in header[:width]])


def _unescape_formula(cell: str) -> str:
    """Take off the apostrophe our export puts before cells a spreadsheet would run."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_STARTS else cell


# --- XLSX -----------------------------------------------------------------------------


def _read_xlsx(content: bytes, max_rows: int) -> Table:
    from openpyxl import load_workbook

    _check_archive(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except zipfile.BadZipFile as exc:
        raise FileProblem(
            "invalid_xlsx",
            _("The file looks like an Excel workbook but is damaged (%(reason)s).")
            % {"reason": exc},
        ) from exc
    except Exception as exc:  # openpyxl raises many kinds on foreign or broken archives
        raise FileProblem(
            "invalid_xlsx",
            _(
                "The file is not an Excel workbook (.xlsx) that can be read. If it comes from "
                "another program, save it as .xlsx or CSV and upload that."
            ),
        ) from exc
    try:
        if not workbook.worksheets:
            raise FileProblem("no_header", _("The workbook has no sheets."))
        sheet = workbook.worksheets[0]
        # Streaming, and never wider than the columns we keep: a stray cell in column XFD
        # must not make every row 16,384 cells wide.
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        header_row, header = 0, []
        for number, values in enumerate(rows, start=1):
            if any(not _is_empty(value) for value in values):
                header_row, header = number, list(values)
                break
            if number > max_rows:
                raise _too_many_rows(max_rows)
        if not header:
            raise FileProblem("no_header", _("The first sheet of the workbook is empty."))
        while header and _is_empty(header[-1]):
            header.pop()
        width = min(len(header), MAX_COLUMNS)
        table = Table(columns=[], header_row=header_row, kind="xlsx")
        collected = _Rows(table, width=width, max_rows=max_rows, filler=None)
        for number, values in enumerate(rows, start=header_row + 1):
            cells = [value.strip() if isinstance(value, str) else value for value in values]
            collected.add(number, cells)
    except FileProblem:
        raise
    except Exception as exc:  # a damaged part inside an otherwise valid archive
        raise FileProblem(
            "invalid_xlsx",
            _("The Excel workbook is damaged and could not be read (%(reason)s).")
            % {"reason": exc},
        ) from exc
    finally:
        workbook.close()
    headings = ["" if value is None else str(value).strip() for value in header[:width]]
    return _finish(table, headings)


def _check_archive(content: bytes) -> None:
    """Refuse a workbook whose parts would unpack to too much, before unpacking any.

    The sizes are the archive's own declarations; Python's zipfile never unpacks more than
    a member declares, so a lying archive fails when read rather than growing without end.
    """
    try:
        members = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except zipfile.BadZipFile as exc:
        raise FileProblem(
            "invalid_xlsx",
            _("The file looks like an Excel workbook but is damaged (%(reason)s).")
            % {"reason": exc},
        ) from exc
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise FileProblem(
            "xlsx_too_large",
            _(
                "The workbook would unpack to %(size)s MB, more than the %(max)s MB allowed. "
                "Please save only the sheet with the people, or as CSV, and upload that."
            )
            % {
                "size": f"{unpacked // (1024 * 1024):,}",
                "max": MAX_XLSX_UNPACKED_BYTES // (1024 * 1024),
            },
        )
    for member in members:
        if member.file_size > 1024 * 1024 and (
            member.file_size > MAX_XLSX_RATIO * max(member.compress_size, 1)
        ):
            raise FileProblem(
                "xlsx_too_large",
                _(
                    "Part “%(part)s” of the workbook is compressed %(ratio)s times, far more "
                    "than any spreadsheet: it is refused as a possible zip bomb."
                )
                % {
                    "part": member.filename,
                    "ratio": f"{member.file_size // max(member.compress_size, 1):,}",
                },
            )


# --- both -----------------------------------------------------------------------------


def _too_many_rows(max_rows: int) -> FileProblem:
    # Counted as rows arrive, blank ones too, so that a huge file stops early.
    return FileProblem(
        "too_many_rows",
        _(
            "The file has more than %(max)s rows (empty rows count too). Please delete empty "
            "rows at the end, or split it into smaller files."
        )
        % {"max": f"{max_rows:,}"},
    )


def _cell_too_long(row: int, column: int | None) -> FileProblem:
    where = (
        _("Row %(row)s, column %(column)s") % {"row": row, "column": _column_letter(column)}
        if column is not None
        else _("Around row %(row)s") % {"row": row}
    )
    return FileProblem(
        "cell_too_long",
        _("%(where)s holds more than %(max)s characters, the most a cell can hold.")
        % {"where": where, "max": f"{MAX_CELL_CHARS:,}"},
    )


def _finish(table: Table, headings: list[str]) -> Table:
    used = [any(not _is_empty(row.cells[i]) for row in table.rows) for i in range(len(headings))]
    columns: list[str] = []
    keep: list[int] = []
    for index, heading in enumerate(headings):
        if not heading and not used[index]:
            continue  # a trailing separator or an empty spreadsheet column
        name = heading or f"[{_column_letter(index)}]"
        unique, counter = name, 2
        while unique in columns:
            unique, counter = f"{name} ({counter})", counter + 1
        columns.append(unique)
        keep.append(index)
    table.columns = columns
    for row in table.rows:
        row.cells = [row.cells[i] for i in keep]
    return table


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = string.ascii_uppercase[remainder] + letters
    return letters
