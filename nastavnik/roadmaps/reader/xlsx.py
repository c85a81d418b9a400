"""Reading a roadmap from an Excel (XLSX) workbook with openpyxl.

The first sheet that has a recognizable header row is used.  Merged ranges
become one cell spanning the merged columns in their top row and
``continued=True`` cells (same text) in the rows below, exactly like vertically
merged Word cells.  Rows above the header are the title block; the table ends
at a blank row followed by free text (goals, targets) rather than table rows.
Risks tables on the same or any later sheet are picked up too.

Numbers typed into the «№» column arrive as floats: «1.1» is fine, but Excel
has already turned «1.10» into 1.1 — nothing can recover that.
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from .columns import map_main_header, map_risk_header
from .source import Cell, SourceDocument, SourceTable


def _text(value: object) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%d.%m.%Y")
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _sheet_rows(ws: Worksheet) -> list[list[Cell]]:
    values = [list(row) for row in ws.iter_rows(values_only=True)]
    starts: dict[tuple[int, int], int] = {}  # (row, col) → width, top-left of a merged range
    below: dict[tuple[int, int], tuple[int, int, int]] = {}  # (row, col) → (top row, col, width)
    for merged in ws.merged_cells.ranges:
        width = merged.max_col - merged.min_col + 1
        starts[(merged.min_row - 1, merged.min_col - 1)] = width
        for r in range(merged.min_row, merged.max_row):
            below[(r, merged.min_col - 1)] = (merged.min_row - 1, merged.min_col - 1, width)
    rows: list[list[Cell]] = []
    for r, row_values in enumerate(values):
        cells: list[Cell] = []
        c = 0
        while c < len(row_values):
            if (r, c) in below:
                top_row, top_col, width = below[(r, c)]
                top = values[top_row][top_col] if top_col < len(values[top_row]) else None
                cells.append(Cell(_text(top), c, width, continued=True))
                c += width
                continue
            width = starts.get((r, c), 1)
            text = _text(row_values[c])
            if text.strip():
                cells.append(Cell(text, c, width))
            c += width
        rows.append(cells)
    return rows


def _is_blank(row: list[Cell]) -> bool:
    return not any(c.text.strip() for c in row)


def _split_trailer(rows: list[list[Cell]], header: int) -> tuple[list[list[Cell]], list[str | SourceTable]]:
    """Cut the free text that follows the table (after a blank row) off into paragraphs."""
    for index in range(header + 2, len(rows)):
        if not _is_blank(rows[index]):
            continue
        following = next((r for r in rows[index + 1 :] if not _is_blank(r)), None)
        if following is None:
            return rows[:index], []
        if map_risk_header(following) is not None:
            continue
        non_empty = [c for c in following if c.text.strip()]
        if len(non_empty) == 1 and non_empty[0].col == 0 and len(non_empty[0].text) > 60:
            trailer: list[str | SourceTable] = []
            rest = rows[index + 1 :]
            for position, row in enumerate(rest):
                if map_risk_header(row) is not None:
                    trailer.append(SourceTable(rest[position:]))
                    break
                trailer.append(" ".join(c.text for c in row if c.text.strip() and not c.continued))
            return rows[:index], trailer
    return rows, []


def read_xlsx(data: bytes) -> SourceDocument:
    """The first sheet with a roadmap header (or the first sheet), plus risks tables elsewhere."""
    workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    try:
        main: list[str | SourceTable] | None = None
        extra: list[str | SourceTable] = []
        first: list[list[Cell]] | None = None
        for ws in workbook.worksheets:
            rows = _sheet_rows(ws)
            if first is None and any(not _is_blank(r) for r in rows):
                first = rows
            header = next((i for i, row in enumerate(rows) if map_main_header(row) is not None), None)
            if main is None and header is not None:
                table_rows, trailer = _split_trailer(rows, header)
                main = [SourceTable(table_rows), *trailer]
            elif main is not None and any(map_risk_header(row) is not None for row in rows):
                extra.append(SourceTable(rows))
        if main is None:
            main = [SourceTable(first or [])]
        return SourceDocument(blocks=main + extra, format="xlsx")
    finally:
        workbook.close()
