"""The SVG charts: valid XML, escaped labels, accessible names, gaps for missing values, PNG of the same chart."""

import io
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from nastavnik.core.charts import PALETTE, TARGET, bar_chart, format_value, line_chart, svg_to_png

NS = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox")
    assert root.find(f"{NS}title") is not None and root.find(f"{NS}desc") is not None
    return root


def _texts(root: ET.Element) -> list[str]:
    return [el.text or "" for el in root.iter(f"{NS}text")]


def test_bar_chart_escapes_labels_and_says_the_values():
    svg = bar_chart([("<script>alert(1)</script> & Co", 72.5), ("Учителя", 40)], title='Доля "учителей" <b>')
    assert "<script>" not in svg and "<b>" not in svg
    root = _parse(svg)
    assert root.find(f"{NS}title").text == 'Доля "учителей" <b>'
    assert root.get("aria-label") == 'Доля "учителей" <b>'
    assert "<script>alert(1)</script> & Co" in _texts(root)
    assert "72,5\u00a0%" in _texts(root) and "40\u00a0%" in _texts(root)
    assert "72,5" in root.find(f"{NS}desc").text


def test_bar_lengths_follow_values_and_none_draws_no_bar():
    root = _parse(bar_chart([("a", 25), ("b", None), ("c", 100)], title="t"))
    bars = [el for el in root.iter(f"{NS}rect") if el.get("fill") == PALETTE[0]]
    assert len(bars) == 2
    assert float(bars[1].get("width")) == 4 * float(bars[0].get("width"))
    assert "нет данных" in _texts(root)


def test_bar_chart_target_line_and_scale_beyond_percent():
    root = _parse(bar_chart([("встречи", 340)], title="t", unit="", target=500))
    target = [el for el in root.iter(f"{NS}line") if el.get("stroke") == TARGET]
    assert len(target) == 1
    assert any("цель 500" in t for t in _texts(root))
    bar = next(el for el in root.iter(f"{NS}rect") if el.get("fill") == PALETTE[0])
    # The scale reaches the target: the bar stops before the target line.
    assert float(bar.get("x")) + float(bar.get("width")) < float(target[0].get("x1"))


def test_empty_charts_say_so():
    for svg in (
        bar_chart([], title="пусто"),
        line_chart([], title="пусто"),
        line_chart([("s", [])], title="x"),
    ):
        assert "Нет данных" in _texts(_parse(svg))


def test_line_chart_leaves_a_gap_for_missing_years():
    root = _parse(
        line_chart(
            [("доля", [("2023/24", 10), ("2024/25", 20), ("2025/26", None), ("2026/27", 40)])], title="t"
        )
    )
    polylines = list(root.iter(f"{NS}polyline"))
    assert len(polylines) == 1  # 2023–2024 joined; 2026 alone after the gap
    assert len(polylines[0].get("points").split()) == 2
    assert len(list(root.iter(f"{NS}circle"))) == 3


def test_line_chart_targets_ladder_and_line():
    root = _parse(
        line_chart(
            [("a", [("2024/25", 30), ("2025/26", 50)]), ("b", [("2024/25", 10)])],
            title="t",
            targets=[("2024/25", 40), ("2025/26", 70), ("цель 2030", 90)],
        )
    )
    markers = [el for el in root.iter(f"{NS}rect") if el.get("stroke") == TARGET]
    assert len(markers) == 2
    assert any("цель 2030" in t for t in _texts(root))
    # Series differ by dash pattern, not by colour alone.
    legend = [el for el in root.iter(f"{NS}line") if el.get("stroke") in PALETTE]
    assert len({el.get("stroke-dasharray", "") for el in legend}) == 2


def test_format_value_is_russian():
    assert format_value(72.46) == "72,5\u00a0%"
    assert format_value(70.0) == "70\u00a0%"
    assert format_value(7.25, "") == "7,2" or format_value(7.25, "") == "7,3"
    assert format_value(None) == "нет данных"


def test_png_is_the_same_chart():
    svg = bar_chart([("Вовлечённость", 72.5), ("Учителя", 40)], title="t", target=70)
    png = svg_to_png(svg, width=800)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width == 800
    root = ET.fromstring(svg)
    _, _, w, h = (float(v) for v in root.get("viewBox").split())
    assert abs(image.height - round(h * 800 / w)) <= 1
    colours = {c for _, c in image.convert("RGB").getcolors(maxcolors=1 << 20)}
    assert (0x1D, 0x4E, 0xD8) in colours  # the bars
    assert (0xB9, 0x1C, 0x1C) in colours  # the target


values = st.one_of(st.none(), st.floats(min_value=-50, max_value=1e6, allow_nan=False))
labels = st.text(min_size=0, max_size=80)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(labels, values), max_size=8), st.one_of(st.none(), st.floats(0, 1e6)), labels)
def test_any_bar_chart_is_valid_svg(items, target, title):
    root = _parse(bar_chart(items, title=title, target=target))
    shown = root.find(f"{NS}title").text or ""
    assert [c for c in shown if c.isalnum()] == [c for c in title if c.isalnum()]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(labels, st.lists(st.tuples(st.sampled_from(["2023", "2024", "2025"]), values), max_size=3)),
        max_size=4,
    )
)
def test_any_line_chart_is_valid_svg_and_rasterizes(series):
    svg = line_chart(series, title="t", unit="")
    _parse(svg)
    assert svg_to_png(svg, width=200).startswith(b"\x89PNG")


def test_chart_include_shows_the_numbers_as_a_table():
    from django.template.loader import render_to_string

    svg = bar_chart([("Учителя <i>", 40)], title="Доля")
    html = render_to_string(
        "core/_chart.html",
        {"svg": svg, "caption": "Доля учителей", "rows": [("Учителя <i>", format_value(40))]},
    )
    assert html.count("<svg") == 1
    assert '<th scope="row">Учителя &lt;i&gt;</th><td>40\u00a0%</td>' in html
    assert "Доля учителей" in html
