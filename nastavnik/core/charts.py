"""Server-rendered charts: SVG strings for pages, PNG bytes for DOCX documents.

No Django models: a chart is drawn from plain numbers, so pages, documents and the region share it. Its words
(«нет данных», «цель») and numbers follow the active language (`gettext`, `django.utils.formats.number_format`):
a page in English gets an English chart, a document (built in Russian) a Russian one.
The SVG is safe to mark_safe: every label passes through ``xml.sax.saxutils`` escaping, and it uses presentation
attributes only (no ``style``: the Content-Security-Policy allows no inline style). Each chart is ``role="img"``
with ``<title>``/``<desc>``, scales through its ``viewBox`` (width 100 %, any phone), and its colours keep at least
4.5:1 against white (text and marks alike, WCAG 1.4.3/1.4.11); series differ by dash pattern and marker too, not by
colour alone. A page shows every chart with the table of its numbers (``core/_chart.html``).

``svg_to_png`` rasterizes with Pillow (in the lock; no SVG library is): it draws the small SVG subset this module
emits (rect, line, polyline, circle, text), so the PNG of a document is the same chart as the page's.
"""

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

__all__ = ["bar_chart", "format_value", "line_chart", "svg_to_png"]

SVG_NS = "http://www.w3.org/2000/svg"

#: Dark text and axis colour (15.3:1 on white).
INK = "#1f2937"
#: Muted text (gridline labels): 7.5:1 on white.
MUTED = "#4b5563"
#: Gridlines: decorative, light.
GRID = "#d1d5db"
#: The target: a dark red dashed line (6.5:1 on white).
TARGET = "#b91c1c"
#: Series colours, each at least 4.5:1 on white: blue, amber, green, violet, pink, slate.
PALETTE = ("#1d4ed8", "#92400e", "#047857", "#6d28d9", "#be185d", "#334155")
#: Dash patterns paired with the palette, so that series differ without colour.
DASHES = ("", "8 4", "2 3", "10 3 2 3", "4 4", "12 4")

WIDTH = 640
FONT = 14
LABEL_MAX = 60


def format_value(value: float | None, unit: str = "%") -> str:
    """A number as the reader's language writes it (Russian: decimal comma; English: point), at most one
    decimal, the unit after a space."""
    if value is None:
        return _("нет данных")
    rounded = round(float(value), 1)
    text = f"{rounded:.0f}" if rounded == int(rounded) else number_format(rounded, 1, use_l10n=True)
    if text == "-0":
        text = "0"
    return f"{text}\u00a0{unit}" if unit else text


_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _esc(text: str) -> str:
    """Escaped for XML text, without the characters XML 1.0 forbids (control characters, lone surrogates)."""
    return escape(_NOT_XML.sub("", str(text)))


def _num(value: float) -> str:
    """A coordinate with at most two decimals (short, stable output)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _clip(label: str) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"


def _nice_max(value: float) -> float:
    """The smallest 'round' number (1, 2, 2.5, 5 × 10ⁿ) at or above ``value``."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        candidate = step * 10.0**exponent
        if candidate >= value - 1e-9:
            return candidate
    return 10.0 ** (exponent + 1)  # pragma: no cover - the loop always returns


def _scale_max(values: Sequence[float], unit: str, max_value: float | None) -> float:
    if max_value is not None and max_value > 0:
        return float(max_value)
    top = max(values, default=0.0)
    if unit == "%" and top <= 100:
        return 100.0
    return _nice_max(top * 1.05 if top > 0 else 1.0)


def _ticks(top: float) -> list[float]:
    return [top * i / 4 for i in range(5)]


def _open(width: int, height: int, title: str, desc: str, kind: str) -> list[str]:
    return [
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label={quoteattr(_NOT_XML.sub("", title))} class="chart chart-{kind}" '
        f'font-family="DejaVu Sans, Arial, sans-serif" font-size="{FONT}" preserveAspectRatio="xMinYMin meet">',
        f"<title>{_esc(title)}</title>",
        f"<desc>{_esc(desc)}</desc>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def _text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    fill: str = INK,
    size: int = FONT,
    bold: bool = False,
) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" fill="{fill}" font-size="{size}"{weight}>'
        f"{_esc(text)}</text>"
    )


def _line(
    x1: float, y1: float, x2: float, y2: float, *, stroke: str, width: float = 1, dash: str = ""
) -> str:
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" stroke="{stroke}" '
        f'stroke-width="{_num(width)}"{dashed}/>'
    )


def _empty(title: str, kind: str) -> str:
    parts = _open(WIDTH, 80, title, _("Нет данных для графика."), kind)
    parts.append(_text(WIDTH / 2, 46, _("Нет данных"), anchor="middle", fill=MUTED))
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(
    items: Sequence[tuple[str, float | None]],
    *,
    title: str,
    unit: str = "%",
    target: float | None = None,
    max_value: float | None = None,
) -> str:
    """Horizontal bars, one per item, the label above its bar (long Russian labels fit a phone this way).

    A ``None`` value draws no bar and says «нет данных»; ``target`` is a dashed vertical line across all bars.
    """
    if not items:
        return _empty(title, "bar")
    values = [float(v) for _label, v in items if v is not None]
    top = _scale_max([*values, *([float(target)] if target is not None else [])], unit, max_value)
    left, right, row, head = 12, 110, 46, 34
    plot = WIDTH - left - right
    height = head + row * len(items) + 26
    desc = "; ".join(f"{_clip(label)}: {format_value(v, unit)}" for label, v in items)
    if target is not None:
        desc += ". " + _("Цель: %(value)s") % {"value": format_value(target, unit)}
    parts = _open(WIDTH, height, title, desc, "bar")

    def x_of(value: float) -> float:
        return left + plot * max(0.0, min(value, top)) / top

    for tick in _ticks(top):
        x = x_of(tick)
        parts.append(_line(x, head - 6, x, height - 24, stroke=GRID))
        parts.append(_text(x, height - 8, format_value(tick, unit), anchor="middle", fill=MUTED, size=12))
    for index, (label, value) in enumerate(items):
        y = head + index * row
        parts.append(_text(left, y + 12, _clip(label)))
        if value is None:
            parts.append(_text(left, y + 32, _("нет данных"), fill=MUTED, size=12))
            continue
        bar = max(x_of(float(value)) - left, 0.0)
        parts.append(
            f'<rect x="{left}" y="{y + 18}" width="{_num(bar)}" height="18" fill="{PALETTE[0]}">'
            f"<title>{_esc(_clip(label))}: {_esc(format_value(value, unit))}</title></rect>"
        )
        parts.append(_text(left + bar + 6, y + 32, format_value(value, unit), bold=True))
    if target is not None:
        x = x_of(float(target))
        parts.append(_line(x, head - 8, x, height - 24, stroke=TARGET, width=2.5, dash="6 4"))
        parts.append(
            _text(
                x,
                head - 14,
                _("цель %(value)s") % {"value": format_value(target, unit)},
                anchor="middle",
                fill=TARGET,
                bold=True,
            )
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    series: Sequence[tuple[str, Sequence[tuple[str, float | None]]]],
    *,
    title: str,
    unit: str = "%",
    targets: Sequence[tuple[str, float]] = (),
) -> str:
    """Lines over shared categories (academic years, months), one per series; a ``None`` leaves a gap.

    ``targets`` are ``(label, value)``: when the label is one of the categories, the target is a marker at that
    category (consecutive ones joined by a dashed line — the ladder of a region's targets); otherwise a dashed
    horizontal line across the chart named by the label («цель 2024»).
    """
    categories: list[str] = []
    for _name, points in series:
        for label, _value in points:
            if label not in categories:
                categories.append(label)
    if not categories:
        return _empty(title, "line")
    values = [float(v) for _name, points in series for _label, v in points if v is not None]
    top = _scale_max([*values, *(float(v) for _label, v in targets)], unit, None)
    left, right, head = 64, 48, 24
    plot_h = 220
    legend_top = head + plot_h + 44
    legend_rows = len(series) + (1 if targets else 0)
    height = legend_top + 22 * legend_rows + 8
    plot_w = WIDTH - left - right
    step = plot_w / max(len(categories) - 1, 1)

    def x_of(label: str) -> float:
        if len(categories) == 1:
            return left + plot_w / 2
        return left + step * categories.index(label)

    def y_of(value: float) -> float:
        return head + plot_h - plot_h * max(0.0, min(value, top)) / top

    desc_parts = []
    for name, points in series:
        desc_parts.append(
            f"{_clip(name)}: " + ", ".join(f"{lab} — {format_value(v, unit)}" for lab, v in points)
        )
    if targets:
        listed = ", ".join(f"{lab} — {format_value(v, unit)}" for lab, v in targets)
        desc_parts.append(_("Цели: %(targets)s") % {"targets": listed})
    parts = _open(WIDTH, height, title, "; ".join(desc_parts), "line")
    for tick in _ticks(top):
        y = y_of(tick)
        parts.append(_line(left, y, WIDTH - right, y, stroke=GRID))
        parts.append(_text(left - 8, y + 4, format_value(tick, unit), anchor="end", fill=MUTED, size=12))
    parts.append(_line(left, head + plot_h, WIDTH - right, head + plot_h, stroke=INK))
    for label in categories:
        parts.append(_text(x_of(label), head + plot_h + 20, _clip(label)[:16], anchor="middle", size=12))

    ladder = [(lab, float(v)) for lab, v in targets if lab in categories]
    lines = [(lab, float(v)) for lab, v in targets if lab not in categories]
    for lab, value in lines:
        y = y_of(value)
        parts.append(_line(left, y, WIDTH - right, y, stroke=TARGET, width=2, dash="6 4"))
        parts.append(
            _text(
                WIDTH - right,
                y - 5,
                f"{_clip(lab)}: {format_value(value, unit)}",
                anchor="end",
                fill=TARGET,
                size=12,
            )
        )
    ladder.sort(key=lambda item: categories.index(item[0]))
    for (la, va), (lb, vb) in zip(ladder, ladder[1:], strict=False):
        parts.append(_line(x_of(la), y_of(va), x_of(lb), y_of(vb), stroke=TARGET, width=2, dash="6 4"))
    for lab, value in ladder:
        x, y = x_of(lab), y_of(value)
        target_title = _("цель %(label)s: %(value)s") % {"label": lab, "value": format_value(value, unit)}
        parts.append(
            f'<rect x="{_num(x - 5)}" y="{_num(y - 5)}" width="10" height="10" fill="#ffffff" stroke="{TARGET}" '
            f'stroke-width="2.5"><title>{_esc(target_title)}</title></rect>'
        )

    for index, (name, points) in enumerate(series):
        colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
        segment: list[tuple[float, float]] = []
        segments: list[list[tuple[float, float]]] = []
        for label, point in points:
            if point is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append((x_of(label), y_of(float(point))))
        if segment:
            segments.append(segment)
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        for seg in segments:
            if len(seg) > 1:
                points_attr = " ".join(f"{_num(x)},{_num(y)}" for x, y in seg)
                parts.append(
                    f'<polyline points="{points_attr}" fill="none" stroke="{colour}" stroke-width="3"{dashed}/>'
                )
        for label, point in points:
            if point is None:
                continue
            parts.append(
                f'<circle cx="{_num(x_of(label))}" cy="{_num(y_of(float(point)))}" r="5" fill="{colour}">'
                f"<title>{_esc(_clip(name))}, {_esc(label)}: {_esc(format_value(point, unit))}</title></circle>"
            )
        y = legend_top + 22 * index
        parts.append(_line(left, y - 5, left + 36, y - 5, stroke=colour, width=3, dash=dash))
        parts.append(_text(left + 44, y, _clip(name)))
    if targets:
        y = legend_top + 22 * len(series)
        parts.append(_line(left, y - 5, left + 36, y - 5, stroke=TARGET, width=2, dash="6 4"))
        parts.append(_text(left + 44, y, pgettext("indicator target", "цель"), fill=TARGET))
    parts.append("</svg>")
    return "".join(parts)


# --- PNG ---------------------------------------------------------------------------------------------------------

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF")


def _font(size: int, bold: bool):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    name = FONT_FILES[1 if bold else 0]
    for folder in ("", *FONT_DIRS):
        try:
            return ImageFont.truetype(f"{folder}/{name}" if folder else name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def _colour(value: str | None) -> str | None:
    if not value or value == "none":
        return None
    return value


def _dashed(draw, points: list[tuple[float, float]], colour: str, width: int, dash: list[float]) -> None:  # type: ignore[no-untyped-def]
    """Pillow draws no dashes: walk the polyline and draw the 'on' pieces."""
    pattern = dash if len(dash) % 2 == 0 else dash * 2
    index, left, on = 0, pattern[0], True
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        length = math.hypot(x2 - x1, y2 - y1)
        done = 0.0
        while done < length:
            piece = min(left, length - done)
            if on:
                a, b = done / length, (done + piece) / length
                draw.line(
                    [(x1 + (x2 - x1) * a, y1 + (y2 - y1) * a), (x1 + (x2 - x1) * b, y1 + (y2 - y1) * b)],
                    fill=colour,
                    width=width,
                )
            done += piece
            left -= piece
            if left <= 1e-9:
                index = (index + 1) % len(pattern)
                left, on = pattern[index], not on


def svg_to_png(svg: str, *, width: int = 800) -> bytes:
    """The PNG of a chart made by this module, ``width`` pixels wide (height by the viewBox's proportion)."""
    from PIL import Image, ImageDraw

    root = ET.fromstring(svg)  # noqa: S314 - our own markup, produced above
    _, _, vb_w, vb_h = (float(v) for v in root.attrib["viewBox"].split())
    scale = width / vb_w
    image = Image.new("RGB", (width, max(1, round(vb_h * scale))), "#ffffff")
    draw = ImageDraw.Draw(image)

    def pt(x: str | None, y: str | None) -> tuple[float, float]:
        return float(x or 0) * scale, float(y or 0) * scale

    def stroke_width(el: ET.Element) -> int:
        return max(1, round(float(el.get("stroke-width", "1")) * scale))

    default_size = float(root.get("font-size", FONT))
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "rect":
            x, y = pt(el.get("x"), el.get("y"))
            w, h = float(el.get("width", 0)) * scale, float(el.get("height", 0)) * scale
            if w <= 0 or h <= 0:
                continue
            outline = _colour(el.get("stroke"))
            draw.rectangle(
                [x, y, x + w, y + h],
                fill=_colour(el.get("fill")),
                outline=outline,
                width=stroke_width(el) if outline else 0,
            )
        elif tag in ("line", "polyline"):
            if tag == "line":
                points = [pt(el.get("x1"), el.get("y1")), pt(el.get("x2"), el.get("y2"))]
            else:
                points = [pt(*pair.split(",")) for pair in el.get("points", "").split()]
            colour = _colour(el.get("stroke"))
            if colour is None or len(points) < 2:
                continue
            dash = [float(v) * scale for v in el.get("stroke-dasharray", "").split()]
            if dash:
                _dashed(draw, points, colour, stroke_width(el), dash)
            else:
                draw.line(points, fill=colour, width=stroke_width(el), joint="curve")
        elif tag == "circle":
            cx, cy = pt(el.get("cx"), el.get("cy"))
            r = float(el.get("r", 0)) * scale
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=_colour(el.get("fill")))
        elif tag == "text":
            x, y = pt(el.get("x"), el.get("y"))
            size = max(6, round(float(el.get("font-size", default_size)) * scale))
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}.get(el.get("text-anchor", "start"), "ls")
            font = _font(size, el.get("font-weight") == "bold")
            draw.text((x, y), el.text or "", fill=el.get("fill", INK), font=font, anchor=anchor)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
