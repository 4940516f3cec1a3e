"""Charts as server-rendered SVG: no JavaScript, readable without colour, with the numbers.

Every chart is a `Chart`: the SVG (role="img", labelled by its <title> and <desc>), a
legend, and the `Table` behind it, which the page shows as a data table and offers as a
CSV download. Colours are the Okabe–Ito palette (distinguishable with every common colour
vision deficiency); values are also written on or next to the marks, so no reading
depends on colour alone. Labels arrive already translated and numbers are formatted in the
active language.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from hallway.core.csv_files import csv_bytes, csv_download
from hallway.core.dates import medium_date

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999")
INK = "#1d232b"
MUTED = "#4f5b67"
GRID = "#d9dee4"
# Heatmap: from almost white to the product's accent green.
HEAT_LOW = (240, 247, 244)
HEAT_HIGH = (11, 107, 87)

WIDTH = 640
FONT = 'font-family="system-ui, sans-serif"'


@dataclass(frozen=True)
class Table:
    """The numbers behind a chart: column headers and rows of plain values (a day as a
    `datetime.date`: ISO in the CSV, the reader's own form on the page)."""

    headers: Sequence[str]
    rows: Sequence[Sequence[object]]

    def csv(self) -> bytes:
        return csv_bytes([self.headers, *self.rows])

    def body_html(self) -> SafeString:
        """The rows as `<tr>`s for the page: a day in the reader's form, a number in the
        language's, "–" for none. Written here rather than by a template: a team heatmap's
        table has thousands of cells, which took Django's templates most of a page."""
        rows = []
        for row in self.rows:
            cells = "".join(f"<td>{_cell(value)}</td>" for value in row)
            rows.append(f"<tr>{cells}</tr>")
        return mark_safe("".join(rows))  # noqa: S308 - every cell went through _cell's escape


def _cell(value: object) -> str:
    if value is None:
        return "–"
    if type(value) is int:  # most cells; localize() writes a plain int as str() does
        return str(value)
    return conditional_escape(medium_date(value) or str(formats.localize(value)))


def csv_response(table: Table, name: str) -> HttpResponse:
    """The table as a CSV download named after `name` and today's date."""
    day = timezone.localdate().isoformat()
    return csv_download(table.csv(), f"{slugify(name)}-{day}.csv")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    colour: str = PALETTE[0]


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    description: str
    svg: SafeString
    table: Table
    legend: Sequence[tuple[str, str]] = field(default_factory=tuple)  # (name, colour)
    empty: bool = False
    csv_url: str = ""  # where the page offers the table as CSV (set by the page's view)


def number(value: float | None, decimals: int = 0) -> str:
    """`value` in the active language, rounded half up to `decimals` places: the one
    rounding rule of every page, chart and table (Django's formatting alone cuts digits)."""
    if value is None:
        return "–"
    step = Decimal(1).scaleb(-decimals)
    # Twelve significant digits first: 0.825 * 100 is 82.49999999999999 as a float.
    rounded = Decimal(format(float(value), ".12g")).quantize(step, rounding=ROUND_HALF_UP)
    # Django's number_format, done by Python's own grouping where the language groups by
    # threes (a heatmap writes thousands of numbers; Django's formatter took most of it).
    if formats.get_format("NUMBER_GROUPING", use_l10n=True) != 3:
        return str(
            formats.number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)
        )
    decimal_separator = str(formats.get_format("DECIMAL_SEPARATOR", use_l10n=True))
    thousand_separator = str(formats.get_format("THOUSAND_SEPARATOR", use_l10n=True))
    written = format(rounded or Decimal(0), f",.{decimals}f")  # no "-0", as Django
    return (
        written.replace(",", "\0").replace(".", decimal_separator).replace("\0", thousand_separator)
    )


def percent(value: float | None) -> str:
    """A share (0.825) as a whole percentage ("83 %"), rounded like every other number."""
    return "–" if value is None else f"{number(value * 100)} %"


def _frame(slug: str, title: str, description: str, height: int, body: str) -> SafeString:
    return mark_safe(  # noqa: S308 - every piece of text in `body` went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="chart-{slug}-title chart-{slug}-desc" {FONT} '
        f'font-size="12" fill="{INK}">'
        f'<title id="chart-{slug}-title">{escape(title)}</title>'
        f'<desc id="chart-{slug}-desc">{escape(description)}</desc>'
        f"{body}</svg>"
    )


def _axis(value: float, ticks: int = 5, *, integer: bool = True) -> tuple[float, float]:
    """A round top for an axis and its step (1, 2 or 5 times a power of ten), so that
    about `ticks` grid lines carry readable values (0, 10, 20, 30 rather than 0, 12, 25, 37)."""
    if value <= 0:
        return 1.0, 0.25
    raw = value / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if integer:
        step = max(step, 1.0)
    return step * math.ceil(value / step - 1e-9), step


def _axes(
    parts: list[str],
    *,
    labels: Sequence[str],
    ticks: Sequence[tuple[float, float]],
    value_format: Callable[[float | None], str],
    left: float,
    right: float,
    top: float,
    plot_h: float,
) -> None:
    """Horizontal grid lines with their values (ticks: value and y), the labels along the
    bottom (thinned out so they never overlap) and the baseline."""
    for value, y in ticks:
        parts.append(
            f'<line x1="{left}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">'
            f"{escape(value_format(value))}</text>"
        )
    slot = (WIDTH - left - right) / max(len(labels), 1)
    every = max(1, len(labels) // 12)
    for i, label in enumerate(labels):
        if i % every == 0:
            parts.append(
                f'<text x="{left + slot * i + slot / 2:.1f}" y="{top + plot_h + 18}" '
                f'text-anchor="middle" fill="{MUTED}">{escape(label)}</text>'
            )
    parts.append(
        f'<line x1="{left}" x2="{WIDTH - right}" y1="{top + plot_h}" y2="{top + plot_h}" '
        f'stroke="{MUTED}"/>'
    )


def bar_chart(
    *,
    slug: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    table: Table,
    stacked: bool = False,
    max_value: float | None = None,
    value_format: Callable[[float | None], str] = number,
    height: int = 260,
) -> Chart:
    """Vertical bars per label: side by side for several series, or stacked."""
    left, right, top, bottom = 48, 12, 16, 44
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    count = max(len(labels), 1)
    totals = [
        sum(v or 0 for v in column) if stacked else max((v or 0 for v in column), default=0)
        for column in zip(*(s.values for s in series), strict=True)
    ] or [0]
    top_value, step = _axis(max(totals)) if max_value is None else (max_value, max_value / 4)
    scale = plot_h / top_value if top_value else 0
    parts: list[str] = []
    values = [step * i for i in range(round(top_value / step) + 1)]
    _axes(
        parts,
        labels=labels,
        ticks=[(value, top + plot_h - value * scale) for value in values],
        value_format=value_format,
        left=left,
        right=right,
        top=top,
        plot_h=plot_h,
    )
    slot = plot_w / count
    groups = 1 if stacked else max(len(series), 1)
    bar_w = min(slot * 0.7 / groups, 48)
    show_values = count * groups <= 24
    for i, label in enumerate(labels):
        x0 = left + slot * i + (slot - bar_w * groups) / 2
        base = 0.0
        for k, s in enumerate(series):
            value = s.values[i]
            if value is None:
                continue
            h = value * scale
            x = x0 if stacked else x0 + k * bar_w
            y = top + plot_h - (base + value) * scale
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{max(h, 0):.1f}" '
                f'fill="{s.colour}"><title>{escape(label)}, {escape(s.name)}: '
                f"{escape(value_format(value))}</title></rect>"
            )
            if show_values and not stacked and h >= 0:
                parts.append(
                    f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
                    f'font-size="11">{escape(value_format(value))}</text>'
                )
            if stacked:
                base += value
        if show_values and stacked:
            y = top + plot_h - base * scale
            parts.append(
                f'<text x="{x0 + bar_w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
                f'font-size="11">{escape(value_format(base))}</text>'
            )
    svg = _frame(slug, title, description, height, "".join(parts))
    legend = [(s.name, s.colour) for s in series] if len(series) > 1 else []
    return Chart(slug, title, description, svg, table, legend, empty=not labels)


def line_chart(
    *,
    slug: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    table: Table,
    min_value: float = 0.0,
    max_value: float | None = None,
    value_format: Callable[[float | None], str] = number,
    height: int = 240,
) -> Chart:
    """Values per label as lines with labelled points; gaps where a value is missing."""
    left, right, top, bottom = 48, 16, 20, 44
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    values = [v for s in series for v in s.values if v is not None]
    top_value = (
        max_value if max_value is not None else _axis(max(values, default=0), integer=False)[0]
    )
    span = (top_value - min_value) or 1.0
    count = max(len(labels), 1)
    slot = plot_w / count

    def xy(i: int, value: float) -> tuple[float, float]:
        return left + slot * i + slot / 2, top + plot_h - (value - min_value) / span * plot_h

    parts: list[str] = []
    _axes(
        parts,
        labels=labels,
        ticks=[(min_value + span * i / 4, top + plot_h - plot_h * i / 4) for i in range(5)],
        value_format=value_format,
        left=left,
        right=right,
        top=top,
        plot_h=plot_h,
    )
    show_values = count <= 16
    for s in series:
        segment: list[str] = []
        for i, value in enumerate(s.values):
            if value is None:
                if len(segment) > 1:
                    parts.append(_polyline(segment, s.colour))
                segment = []
                continue
            x, y = xy(i, value)
            segment.append(f"{x:.1f},{y:.1f}")
        if len(segment) > 1:
            parts.append(_polyline(segment, s.colour))
        for i, value in enumerate(s.values):
            if value is None:
                continue
            x, y = xy(i, value)
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{s.colour}" stroke="#fff">'
                f"<title>{escape(labels[i])}, {escape(s.name)}: "
                f"{escape(value_format(value))}</title></circle>"
            )
            if show_values:
                parts.append(
                    f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" font-size="11">'
                    f"{escape(value_format(value))}</text>"
                )
    svg = _frame(slug, title, description, height, "".join(parts))
    legend = [(s.name, s.colour) for s in series] if len(series) > 1 else []
    return Chart(slug, title, description, svg, table, legend, empty=not values)


def _polyline(points: list[str], colour: str) -> str:
    return (
        f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
        f'stroke-width="2.5" stroke-linejoin="round"/>'
    )


def _heat(value: float, top: float) -> tuple[str, str]:
    """Cell colour and a text colour with enough contrast on it."""
    share = value / top if top else 0.0
    rgb = [round(lo + (hi - lo) * share) for lo, hi in zip(HEAT_LOW, HEAT_HIGH, strict=True)]
    luminance = (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255
    return "#{:02x}{:02x}{:02x}".format(*rgb), ("#ffffff" if luminance < 0.55 else INK)


def heatmap(
    *,
    slug: str,
    title: str,
    description: str,
    rows: Sequence[str],
    counts: Sequence[Sequence[int]],
    table: Table,
) -> Chart:
    """A square grid of counts, darker for more, with the count in every cell."""
    n = len(rows)
    label_w, right = 150, 90  # the slanted column labels reach past the last column
    cell = max(min((WIDTH - label_w - right) / max(n, 1), 48), 16)
    top = 130  # room for the rotated column labels
    height = int(top + cell * n + 10)
    peak = max((v for row in counts for v in row), default=0)
    parts = []
    for i, name in enumerate(rows):
        y = top + cell * i
        parts.append(
            f'<text x="{label_w - 6}" y="{y + cell / 2 + 4:.1f}" text-anchor="end">'
            f"{escape(_short(name))}</text>"
        )
        x = label_w + cell * i + cell / 2
        parts.append(
            f'<text transform="translate({x:.1f},{top - 6}) rotate(-50)" text-anchor="start">'
            f"{escape(_short(name))}</text>"
        )
    for i, row in enumerate(counts):
        for j, value in enumerate(row):
            fill, ink = _heat(value, peak)
            shown = escape(number(value))
            x, y = label_w + cell * j, top + cell * i
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{cell:.1f}" height="{cell:.1f}" '
                f'fill="{fill}" stroke="#ffffff"><title>{escape(rows[i])} × {escape(rows[j])}: '
                f"{shown}</title></rect>"
            )
            if value and cell >= 16:
                parts.append(
                    f'<text x="{x + cell / 2:.1f}" y="{y + cell / 2 + 4:.1f}" '
                    f'text-anchor="middle" font-size="10" fill="{ink}">{shown}</text>'
                )
    svg = _frame(slug, title, description, height, "".join(parts))
    return Chart(slug, title, description, svg, table, (), empty=not peak)


def _short(name: str, length: int = 22) -> str:
    return name if len(name) <= length else name[: length - 1] + "…"


def stacked_rows(
    *,
    slug: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    table: Table,
) -> Chart:
    """One horizontal bar per label made of its series (e.g. steps met/missed/planned)."""
    label_w, right, top, row_h = 170, 40, 8, 26
    height = top + row_h * max(len(labels), 1) + 8
    totals = [
        sum(v or 0 for v in column) for column in zip(*(s.values for s in series), strict=True)
    ]
    peak = max(totals, default=0) or 1
    plot_w = WIDTH - label_w - right
    parts = []
    for i, label in enumerate(labels):
        y = top + row_h * i
        parts.append(
            f'<text x="{label_w - 8}" y="{y + row_h / 2 + 4:.1f}" text-anchor="end">'
            f"{escape(_short(label, 26))}</text>"
        )
        x = float(label_w)
        for s in series:
            value = s.values[i] or 0
            if not value:
                continue
            w = value / peak * plot_w
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" '
                f'fill="{s.colour}" stroke="#ffffff"><title>{escape(label)}, {escape(s.name)}: '
                f"{escape(number(value))}</title></rect>"
            )
            x += w
        parts.append(
            f'<text x="{x + 6:.1f}" y="{y + row_h / 2 + 4:.1f}" fill="{MUTED}">'
            f"{escape(number(totals[i]))}</text>"
        )
    svg = _frame(slug, title, description, height, "".join(parts))
    return Chart(
        slug, title, description, svg, table, [(s.name, s.colour) for s in series], empty=not labels
    )
