"""Reading a roadmap from a Word (DOCX) file with python-docx.

The body is walked in document order so the title block (paragraphs, or a
borderless table with «ПРИНЯТО | УТВЕРЖДАЮ») stays ahead of the roadmap table.

Table cells are read from the ``<w:tc>`` elements of each row rather than from
``row.cells``: python-docx repeats the same cell object once per grid column for
a horizontally merged cell, and iterating the underlying ``_tc`` elements is
exactly the de-duplication we need, while ``gridSpan`` tells how wide the cell
is.  A ``vMerge="continue"`` cell is the lower part of a vertically merged cell;
it is reported with the text of the cell above and ``continued=True`` so the
grouping rules can tell «same stage as above» from an empty cell.  Several
paragraphs in a cell are joined with line breaks.  A layout table that only
wraps other tables (one cell per row holding tables) is unwrapped.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import docx
from docx.oxml.ns import qn

from .source import Cell, SourceDocument, SourceTable

_P = qn("w:p")
_TBL = qn("w:tbl")
_TR = qn("w:tr")
_TC = qn("w:tc")
_SDT = qn("w:sdt")
_SDT_CONTENT = qn("w:sdtContent")
_CUSTOM_XML = qn("w:customXml")
_T = qn("w:t")
_TAB = qn("w:tab")
_BR = qn("w:br")
_CR = qn("w:cr")
_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")
_DEL = qn("w:del")
_TC_PR = qn("w:tcPr")
_GRID_SPAN = qn("w:gridSpan")
_V_MERGE = qn("w:vMerge")
_TR_PR = qn("w:trPr")
_GRID_BEFORE = qn("w:gridBefore")
_VAL = qn("w:val")
#: An lxml element of the document tree (python-docx and lxml ship no type information).
XmlElement = Any

_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _children(element: XmlElement) -> Iterator[XmlElement]:
    """Block-level children, looking through content controls and custom XML wrappers."""
    for child in element:
        if child.tag in (_SDT, _CUSTOM_XML):
            content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if content is not None:
                yield from _children(content)
        else:
            yield child


def _paragraph_text(p: XmlElement) -> str:
    parts: list[str] = []

    def walk(element: XmlElement) -> None:
        for child in element:
            tag = child.tag
            if tag in (_DEL, _FALLBACK):
                continue
            if tag == _T:
                parts.append(child.text or "")
            elif tag == _TAB:
                parts.append("\t")
            elif tag in (_BR, _CR):
                parts.append("\n")
            elif tag == _NO_BREAK_HYPHEN:
                parts.append("-")
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _int_val(element: XmlElement | None, tag: str, default: int) -> int:
    if element is None:
        return default
    found = element.find(tag)
    if found is None:
        return default
    try:
        return int(found.get(_VAL, default))
    except (TypeError, ValueError):
        return default


def _cell_text(tc: XmlElement) -> str:
    lines: list[str] = []
    for child in _children(tc):
        if child.tag == _P:
            lines.append(_paragraph_text(child).replace("\t", " "))
        elif child.tag == _TBL:
            for row in _read_table(child).rows:
                lines.append(" ".join(c.text for c in row if not c.continued))
    return "\n".join(lines)


def _read_table(tbl: XmlElement) -> SourceTable:
    rows: list[list[Cell]] = []
    above: dict[int, Cell] = {}
    for tr in _children(tbl):
        if tr.tag != _TR:
            continue
        col = _int_val(tr.find(_TR_PR), _GRID_BEFORE, 0)
        cells: list[Cell] = []
        current: dict[int, Cell] = {}
        for tc in _children(tr):
            if tc.tag != _TC:
                continue
            props = tc.find(_TC_PR)
            span = max(1, _int_val(props, _GRID_SPAN, 1))
            v_merge = props.find(_V_MERGE) if props is not None else None
            if v_merge is not None and v_merge.get(_VAL, "continue") == "continue":
                origin = above.get(col)
                cell = Cell(origin.text if origin else "", col, span, continued=True)
            else:
                cell = Cell(_cell_text(tc), col, span)
            cells.append(cell)
            current[col] = cell
            col += span
        rows.append(cells)
        above = current
    return SourceTable(rows)


def _is_wrapper(tbl: XmlElement) -> bool:
    """A table whose rows are single cells holding tables: a layout frame around the real content."""
    has_inner = False
    for tr in tbl.iter(_TR):
        if tr.getparent() is not tbl:
            continue
        tcs = [tc for tc in tr if tc.tag == _TC]
        if len(tcs) != 1:
            return False
        if tcs[0].find(_TBL) is not None:
            has_inner = True
    return has_inner


def _blocks(container: XmlElement) -> list[str | SourceTable]:
    blocks: list[str | SourceTable] = []
    for child in _children(container):
        if child.tag == _P:
            blocks.append(_paragraph_text(child))
        elif child.tag == _TBL:
            if _is_wrapper(child):
                for tr in child:
                    if tr.tag == _TR:
                        for tc in tr:
                            if tc.tag == _TC:
                                blocks.extend(_blocks(tc))
            else:
                blocks.append(_read_table(child))
    return blocks


def read_docx(data: bytes) -> SourceDocument:
    """Paragraphs and tables of the document body in order."""
    document = docx.Document(io.BytesIO(data))
    return SourceDocument(blocks=_blocks(document.element.body), format="docx")
