"""Small counts are hidden on the public page so that a child of a small school cannot be recognised.

A count under `THRESHOLD` is shown as «< 5». When only one cell of a column is hidden, the total of the column
(which is also shown) would give it back by subtraction, so the next smallest cell of that column is hidden too.
Pure Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 5
HIDDEN = "< 5"


@dataclass(frozen=True)
class FigureRow:
    title: str
    pairings: str
    mentors: str
    mentees: str


def shown(value: int) -> str:
    return HIDDEN if value < THRESHOLD else str(value)


def suppress_column(values: Sequence[int]) -> list[str]:
    """Each value as shown; a single hidden value takes the next smallest with it (the total is public)."""
    out = [shown(v) for v in values]
    hidden = [i for i, v in enumerate(values) if v < THRESHOLD]
    if len(hidden) == 1 and len(values) > 1:
        rest = sorted((v, i) for i, v in enumerate(values) if i not in hidden)
        out[rest[0][1]] = HIDDEN
    return out


def suppress_table(rows: Sequence[tuple[str, int, int, int]]) -> list[FigureRow]:
    """Rows (form, pairings, mentors, mentees) and a last row of totals, every column suppressed."""
    if not rows:
        return []
    totals = ("", sum(r[1] for r in rows), sum(r[2] for r in rows), sum(r[3] for r in rows))
    columns = [suppress_column([r[c] for r in rows]) for c in (1, 2, 3)]
    out = [FigureRow(r[0], columns[0][i], columns[1][i], columns[2][i]) for i, r in enumerate(rows)]
    out.append(FigureRow("", shown(totals[1]), shown(totals[2]), shown(totals[3])))
    return out
