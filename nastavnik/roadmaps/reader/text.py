"""Reading a roadmap saved from Word as plain text (or pasted HTML).

Word writes a table to plain text in one of two shapes, and the seeds have both:

* **rows on lines** — one line per row, cells separated by tabs
  («1.1.⇥Утверждение …⇥до 01.09.2023⇥Директор …⇥Приказ»).  A cell with
  several paragraphs breaks the line: the next line carries on the last cell
  (no tab) or the rest of the row (fewer tabs than the header).  A row merged
  across the whole table has no tab at all.  A row split by a page break
  appears as a new line whose first cell (№) is empty.
* **cells on lines** — every cell starts a new line with a tab, its further
  paragraphs follow on plain lines, and a blank line followed by a tab line
  starts the next row.  Justified text inside a cell has tabs between words.

Everything above the header row is the title block, everything after the table
is trailing text (goals, targets, a risks table in either shape).  A document
that contains ``<table>`` markup is read as HTML instead (row/colspan aware).
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from typing import Any

from .columns import map_main_header, map_risk_header
from .normalize import clean_text
from .rows import looks_like_stage_heading
from .source import Cell, SourceDocument, SourceTable

_ROW_START_RE = re.compile(
    r"^\s*(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.?|(?:этап|раздел|блок)\s*\d{1,3}\b.*)\s*$", re.I
)
_STAGE_LINE_RE = re.compile(
    r"^\s*(?:(?:этап|раздел|блок)\s*(?:\d{1,3}|[IVXLC]{1,6})\b|\d{1,3}\.?\s+(?:этап\b|[А-ЯЁ])|[IVXLC]{1,6}\.\s+\S)",
    re.I,
)
_SECTION_RE = re.compile(
    r"^\s*(?:\*\*)?\s*(?:возможные\s+)?(?:риски|целевые\s+показатели|показатели\s+эффективности|ожидаемые\s+результаты)\b",
    re.I,
)


def _cells(parts: list[str]) -> list[Cell]:
    return [Cell(part, col) for col, part in enumerate(parts)]


def _is_blank(line: str) -> bool:
    return not line.strip()


def read_text(text: str) -> SourceDocument:
    """Split a text export into title lines, the table and trailing text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    if re.search(r"<\s*table\b", text, re.I) and re.search(r"<\s*t[dh]\b", text, re.I):
        return read_html(text)
    lines = text.split("\n")
    horizontal = _find_horizontal_header(lines)
    vertical = _find_vertical_header(lines)
    if horizontal is None and vertical is None:
        return SourceDocument(blocks=_plain_blocks(lines), format="text")
    if vertical is not None and (horizontal is None or vertical[0] < horizontal[0]):
        start, width, _ = vertical
        blocks = _plain_blocks(lines[:start])
        table, rest = _read_vertical(lines, start, width)
    else:
        assert horizontal is not None
        start, header_end, header = horizontal
        blocks = _plain_blocks(lines[:start])
        table, rest = _read_horizontal(lines, header_end, header)
    blocks.append(table)
    blocks.extend(_plain_blocks(lines[rest:]))
    return SourceDocument(blocks=blocks, format="text")


# ---------------------------------------------------------------------------
# Header search


def _typical_width(lines: list[str]) -> int:
    """The most common number of cells on tabbed lines: the table's width."""
    counts = Counter(line.count("\t") + 1 for line in lines if "\t" in line.strip("\t "))
    return counts.most_common(1)[0][0] if counts else 0


def _find_horizontal_header(lines: list[str]) -> tuple[int, int, list[str]] | None:
    """Find the header line; return (first line, last line, header cells).

    A header cell with two paragraphs («Наименование¶мероприятия») breaks the
    header over two lines, so a short tabbed line is stitched with the next
    ones until it is as wide as the table's rows.
    """
    width = _typical_width(lines)
    for index, line in enumerate(lines):
        if "\t" not in line:
            continue
        parts = line.split("\t")
        end = index
        while (
            sum(1 for p in line.split("\t") if p.strip()) >= 2
            and len(parts) < width
            and end + 1 < len(lines)
            and not _is_blank(lines[end + 1])
        ):
            following = lines[end + 1].split("\t")
            if len(parts) + len(following) - 1 > width:
                break
            parts[-1] += "\n" + following[0]
            parts.extend(following[1:])
            end += 1
        if len(parts) == width and end > index and map_main_header(_cells(parts)) is not None:
            return index, end, parts
        parts = line.split("\t")
        if map_main_header(_cells(parts)) is not None:
            return index, index, parts
    return None


def _find_vertical_header(lines: list[str]) -> tuple[int, int, int] | None:
    """Find a run of «⇥№», «⇥Мероприятие», «⇥Сроки» … lines; return (start, width, end)."""
    index = 0
    while index < len(lines):
        if not lines[index].startswith("\t"):
            index += 1
            continue
        start = index
        cells: list[str] = []
        while index < len(lines) and (lines[index].startswith("\t") or not _is_blank(lines[index])):
            line = lines[index]
            if line.startswith("\t"):
                cells.append(line[1:].replace("\t", " "))
            elif cells:
                cells[-1] += "\n" + line
            index += 1
        if len(cells) >= 2 and map_main_header(_cells(cells)) is not None:
            return start, len(cells), index
        index = max(index, start + 1)
    return None


# ---------------------------------------------------------------------------
# Rows on lines


def _next_content(lines: list[str], index: int) -> str | None:
    for line in lines[index:]:
        if not _is_blank(line):
            return line
    return None


def _read_horizontal(lines: list[str], start: int, header: list[str]) -> tuple[SourceTable, int]:
    width = len(header)
    rows: list[list[str]] = [header]
    current: list[str] | None = None
    gap = False
    index = start + 1
    while index < len(lines):
        line = lines[index]
        if _is_blank(line):
            gap = True
            index += 1
            continue
        if "\t" in line:
            parts = line.split("\t")
            if map_risk_header(_cells(parts)) is not None:
                break
            if (
                current is not None
                and not gap
                and len(current) < width
                and len(current) + len(parts) - 1 <= width
                and not _ROW_START_RE.match(parts[0])
            ):
                current[-1] += "\n" + parts[0]
                current.extend(parts[1:])
            else:
                if current is not None:
                    rows.append(current)
                current = parts
            gap = False
            index += 1
            continue
        # A line without tabs.
        if _SECTION_RE.match(line):
            break
        following = _next_content(lines, index + 1)
        table_goes_on = following is not None and "\t" in following
        if table_goes_on and (_STAGE_LINE_RE.match(line) or looks_like_stage_heading(line)):
            if current is not None:
                rows.append(current)
            current = [line]
            gap = False
        elif gap or current is None:
            if not table_goes_on or current is None:
                break
            current[-1] += "\n" + line
        else:
            current[-1] += "\n" + line
        index += 1
    if current is not None:
        rows.append(current)
    table = SourceTable([_row_cells(parts, width) for parts in rows])
    return table, index


def _row_cells(parts: list[str], width: int) -> list[Cell]:
    if len(parts) == 1 and width > 1:
        return [Cell(parts[0], 0, span=width)]
    return _cells(parts)


# ---------------------------------------------------------------------------
# Cells on lines


def _read_vertical(lines: list[str], start: int, width: int) -> tuple[SourceTable, int]:
    last_cell_line = max((i for i in range(start, len(lines)) if lines[i].startswith("\t")), default=start)
    rows: list[list[str]] = []
    current: list[str] = []
    blank_seen = False
    index = start
    while index < len(lines):
        line = lines[index]
        if line.startswith("\t"):
            if current and blank_seen:
                rows.append(current)
                current = []
            current.append(line[1:].replace("\t", " "))
            blank_seen = False
            index += 1
            continue
        if _is_blank(line):
            blank_seen = True
            if current:
                current[-1] += "\n"
            index += 1
            continue
        if index > last_cell_line and (blank_seen or _SECTION_RE.match(line) or "\t" in line):
            break
        if _SECTION_RE.match(line):
            break
        if current:
            current[-1] += "\n" + line
        index += 1
    if current:
        rows.append(current)
    table = SourceTable([_row_cells(parts, width) for parts in rows])
    return table, index


# ---------------------------------------------------------------------------
# Text outside the table


def _plain_blocks(lines: list[str]) -> list[str | SourceTable]:
    """Plain lines as paragraphs; runs of tabbed lines (side-by-side blocks, a risks table) as tables."""
    blocks: list[str | SourceTable] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if "\t" in line.strip("\t ") or (line.startswith("\t") and line.strip()):
            run: list[list[Cell]] = []
            while index < len(lines) and (("\t" in lines[index]) or _is_blank(lines[index])):
                if not _is_blank(lines[index]):
                    run.append(_cells(lines[index].split("\t")))
                index += 1
            blocks.append(SourceTable(run))
            continue
        blocks.append(line)
        index += 1
    return blocks


# ---------------------------------------------------------------------------
# HTML


class _HtmlTableParser(HTMLParser):
    """Collects paragraphs and tables (with colspan/rowspan) from an HTML fragment."""

    _BREAKS = frozenset({"br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str | SourceTable] = []
        self._text: list[str] = []
        self._tables: list[dict[str, Any]] = []

    # Paragraph text outside tables
    def _flush_text(self) -> None:
        text = "".join(self._text)
        self._text = []
        for line in text.split("\n"):
            if line.strip():
                self.blocks.append(line)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag == "table":
            if not self._tables:
                self._flush_text()
            self._tables.append({"rows": [], "row": None, "cell": None, "spans": {}})
            return
        if not self._tables:
            if tag in self._BREAKS:
                self._text.append("\n")
            return
        table = self._tables[-1]
        if tag == "tr":
            table["row"] = []
        elif tag in ("td", "th"):
            values = dict(attrs)
            table["cell"] = {
                "text": [],
                "colspan": _int_attr(values.get("colspan")),
                "rowspan": _int_attr(values.get("rowspan")),
            }
        elif tag in self._BREAKS and table["cell"] is not None:
            table["cell"]["text"].append("\n")

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if not self._tables:
            if tag in self._BREAKS:
                self._text.append("\n")
            return
        table = self._tables[-1]
        if tag in ("td", "th") and table["cell"] is not None:
            if table["row"] is None:
                table["row"] = []
            table["row"].append(table["cell"])
            table["cell"] = None
        elif tag == "tr" and table["row"] is not None:
            table["rows"].append(self._layout_row(table))
            table["row"] = None
        elif tag == "table":
            self._tables.pop()
            if table["row"]:
                table["rows"].append(self._layout_row(table))
            source = SourceTable([row for row in table["rows"] if row])
            if self._tables:  # a nested table: its text goes into the outer cell
                outer = self._tables[-1]
                text = "\n".join(c.text for row in source.rows for c in row)
                if outer["cell"] is not None:
                    outer["cell"]["text"].append("\n" + text)
            else:
                self.blocks.append(source)

    def handle_data(self, data: str) -> None:
        if self._tables:
            cell = self._tables[-1]["cell"]
            if cell is not None:
                cell["text"].append(data)
        else:
            self._text.append(data)

    @staticmethod
    def _layout_row(table: dict[str, Any]) -> list[Cell]:
        spans: dict[int, tuple[int, str, int]] = table["spans"]  # col -> (rows left, text, colspan)
        cells: list[Cell] = []
        col = 0

        def fill_spans() -> None:
            nonlocal col
            while col in spans:
                left, text, width = spans[col]
                cells.append(Cell(text, col, width, continued=True))
                if left <= 1:
                    del spans[col]
                else:
                    spans[col] = (left - 1, text, width)
                col += width

        for raw in table["row"] or []:
            fill_spans()
            text = clean_text("".join(raw["text"]))
            width = raw["colspan"]
            cells.append(Cell(text, col, width))
            if raw["rowspan"] > 1:
                spans[col] = (raw["rowspan"] - 1, text, width)
            col += width
        fill_spans()
        for start in sorted(c for c in spans if c >= col):
            left, text, width = spans[start]
            cells.append(Cell(text, start, width, continued=True))
            if left <= 1:
                del spans[start]
            else:
                spans[start] = (left - 1, text, width)
        return cells

    def close(self) -> None:
        super().close()
        while self._tables:
            self.handle_endtag("table")
        self._flush_text()


def _int_attr(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), 100))
    except (TypeError, ValueError):
        return 1


def read_html(text: str) -> SourceDocument:
    parser = _HtmlTableParser()
    parser.feed(text)
    parser.close()
    return SourceDocument(blocks=parser.blocks, format="html")
