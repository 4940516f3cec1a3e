"""Server-side SVG charts: accessible, escaped, numbers in the active language."""

import xml.etree.ElementTree as ET

from django.utils import translation

from hallway.core import charts
from hallway.core.charts import Series, Table

SVG = "{http://www.w3.org/2000/svg}"


def parse(chart):
    return ET.fromstring(str(chart.svg))  # noqa: S314 - our own markup


def test_bar_chart_is_an_accessible_image():
    chart = charts.bar_chart(
        slug="participation",
        title="Participation <per> round",
        description="12 people & more",
        labels=["#1", "#2"],
        series=[Series("Paired", [10, 12]), Series("Left out", [1, 0], charts.PALETTE[1])],
        table=Table(["Round", "Paired", "Left out"], [[1, 10, 1], [2, 12, 0]]),
        stacked=True,
    )
    root = parse(chart)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-participation-title chart-participation-desc"
    assert root.find(f"{SVG}title").text == "Participation <per> round"
    assert root.find(f"{SVG}desc").text == "12 people & more"
    bars = root.findall(f"{SVG}rect")
    assert len(bars) == 4  # the zero "left out" of round 2 is still a (flat) bar
    # Every bar names its value for screen readers and tooltips.
    assert bars[0].find(f"{SVG}title").text == "#1, Paired: 10"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "11" in texts  # the stacked total above the first bar
    assert chart.legend == [("Paired", charts.PALETTE[0]), ("Left out", charts.PALETTE[1])]
    assert not chart.empty


def test_line_chart_skips_missing_values():
    chart = charts.line_chart(
        slug="rate",
        title="Meeting rate",
        description="",
        labels=["#1", "#2", "#3"],
        series=[Series("Rate", [0.5, None, 0.75])],
        table=Table(["Round", "Rate"], []),
        max_value=1.0,
        value_format=charts.percent,
    )
    root = parse(chart)
    assert len(root.findall(f"{SVG}circle")) == 2
    assert root.findall(f"{SVG}polyline") == []  # no line across the gap
    assert "75 %" in [t.text for t in root.iter(f"{SVG}text")]


def test_heatmap_text_stays_readable_on_dark_cells():
    chart = charts.heatmap(
        slug="teams",
        title="Teams",
        description="",
        rows=["Alpha", "Beta"],
        counts=[[10, 1], [1, 0]],
        table=Table(["Team", "Team", "Connections"], []),
    )
    root = parse(chart)
    cells = root.findall(f"{SVG}rect")
    assert len(cells) == 4
    assert cells[0].get("fill") == "#0b6b57"  # the largest count gets the darkest colour
    values = {t.text: t.get("fill") for t in root.iter(f"{SVG}text") if t.get("fill")}
    assert values["10"] == "#ffffff"
    assert values["1"] == charts.INK


def test_numbers_follow_the_language():
    with translation.override("de"):
        assert charts.number(1234.5, 1) == "1.234,5"
        assert charts.percent(0.5) == "50 %"
    with translation.override("en"):
        assert charts.number(1234.5, 1) == "1,234.5"


def test_table_as_csv():
    table = Table(["Round", "Average rating (1-5)"], [[1, 4.5], [2, None]])
    assert table.csv().decode("utf-8-sig").splitlines() == [
        "Round,Average rating (1-5)",
        "1,4.5",
        "2,",
    ]


def test_empty_chart_is_marked_empty():
    chart = charts.stacked_rows(
        slug="onboarding",
        title="Onboarding",
        description="",
        labels=[],
        series=[],
        table=Table([], []),
    )
    assert chart.empty


def test_one_rounding_rule_for_charts_tables_and_pages():
    from django.template import Context, Template

    assert charts.percent(0.829) == "83 %"  # rounded, not cut
    assert charts.percent(33 / 40) == "83 %"  # 82.5, although the float is 82.4999…
    assert charts.percent(0.824) == "82 %"
    assert charts.number(2.25, 1) == "2.3"
    page = Template("{% load hallway_numbers %}{{ share|percent }} {{ none|percent }}")
    assert page.render(Context({"share": 0.829, "none": None})) == "83 % –"
