"""The charts' fast paths write what Django's formatting and templates wrote: numbers in
the language's form, and a chart's table body."""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from hallway.core.charts import Table, number

VALUES = [0, -0.0, 1, -1, 7.5, 0.825, 999, 1000, -1234.5, 1234567.891, 10**9 + 0.5, 2.675]


@pytest.mark.parametrize("language", ["en", "de", "nl"])
@pytest.mark.parametrize("decimals", [0, 1, 2])
def test_number_is_djangos_number_format(language, decimals):
    step = Decimal(1).scaleb(-decimals)
    with translation.override(language):
        for value in VALUES:
            rounded = Decimal(format(float(value), ".12g")).quantize(step, rounding=ROUND_HALF_UP)
            django = formats.number_format(
                rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True
            )
            assert number(value, decimals) == django, value


# The table body as core/_chart.html wrote it before the rows moved to Python.
TEMPLATE_BODY = (
    "{% load hallway_dates %}{% for row in table.rows %}<tr>{% for value in row %}<td>"
    "{% if value is None %}–{% else %}{{ value|medium_date|default:value }}{% endif %}"
    "</td>{% endfor %}</tr>{% endfor %}"
)


@pytest.mark.parametrize("language", ["en", "de", "nl"])
def test_table_body_is_what_the_template_wrote(language):
    table = Table(
        headers=["Day", "Team", "Pairs", "Share"],
        rows=[
            [datetime.date(2026, 12, 28), "R&D <core>", 12, 0.5],
            [datetime.date(2027, 1, 11), 'Say "hi"', 0, None],
            ["2027-01-25", "Ops", 1234, 12.75],
            [None, "", -3, 1],
        ],
    )
    with translation.override(language):
        expected = Template(TEMPLATE_BODY).render(Context({"table": table}))
        ours = table.body_html()
    assert re.sub(r">\s+<", "><", ours) == re.sub(r">\s+<", "><", expected)
    assert "R&amp;D &lt;core&gt;" in ours
