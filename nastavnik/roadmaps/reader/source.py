"""The format-neutral document every format reader (text, DOCX, XLSX, PDF) produces.

Paragraph lines and tables in document order, every table a list of rows of
``Cell`` objects that know their grid column, horizontal span and whether they
are the continuation of a vertically merged cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Cell:
    """One cell of a table as laid out on the grid."""

    text: str
    col: int
    span: int = 1
    continued: bool = False  # lower part of a vertically merged cell: same content as above


@dataclass
class SourceTable:
    """A table as rows of cells; rows may have fewer cells than the grid is wide."""

    rows: list[list[Cell]]

    @property
    def width(self) -> int:
        return max((c.col + c.span for row in self.rows for c in row), default=0)


@dataclass
class SourceDocument:
    """Paragraph lines and tables in document order, as produced by a format reader."""

    blocks: list[str | SourceTable]
    format: str
    warnings: list[str] = field(default_factory=list)
