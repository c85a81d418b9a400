"""Suppression of small counts in the region's tables, so that nobody in a small school can be recognised.

Pure Python (and NumPy for the audit), no Django. A table is a set of integer cells and a set of additive
relations `total = part_1 + … + part_n` between them (an organization's count adds up to its municipality's,
the municipalities' to the region's; pairings by form add up to the pairings of a municipality).

The rule (docs/region.md, "Suppression"):
1. **Primary**: a count from 1 to 4 is suppressed (shown as «< 5»). Zero is shown: "nobody" identifies nobody,
   and a school with no mentoring at all is exactly what the region must see.
2. **Complementary**: a relation with exactly one suppressed cell would give it away by subtraction
   (total − the shown parts). Such a relation gets a second suppressed cell: the smallest shown *part* with a
   positive count (else the smallest part, else the total). Repeated until every relation has none or ≥ 2.
3. **Audit**: where relations cross (a cell in two relations, as in a table with row and column totals) the
   subtraction can go round a loop; the audit solves the linear system of the suppressed cells and, for every
   cell the shown values still determine, suppresses one more cell of its relations. Repeated until no
   suppressed cell is determined by the shown cells through any combination of the relations.

Totals are true totals (over all organizations, suppressed or not), never sums of the shown cells only.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

THRESHOLD = 5

Key = Hashable


@dataclass(frozen=True)
class Relation:
    """`total` equals the sum of `parts`."""

    total: Key
    parts: tuple[Key, ...]

    @property
    def cells(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)


def is_small(value: int | None) -> bool:
    """A count that must not be shown: 1 to 4."""
    return value is not None and 0 < value < THRESHOLD


def suppress(
    cells: Mapping[Key, int | None], relations: Iterable[Relation], *, threshold: int = THRESHOLD
) -> set[Key]:
    """The keys of the cells to hide. `None` cells (no data) are never hidden and add nothing to a total."""
    relations = [
        Relation(r.total, tuple(p for p in r.parts if cells.get(p) is not None))
        for r in relations
        if cells.get(r.total) is not None
    ]
    hidden = {k for k, v in cells.items() if v is not None and 0 < v < threshold}
    while True:
        _complete_relations(cells, relations, hidden)
        determined = _determined(relations, hidden)
        if not determined:
            return hidden
        added = False
        for key in determined:
            for relation in relations:
                if key in relation.cells:
                    complement = _complement(cells, relation, hidden)
                    if complement is not None:
                        hidden.add(complement)
                        added = True
                        break
            if added:
                break  # one at a time: a new hidden cell may free the others
        if not added:  # nothing left to hide next to the determined cells: cannot happen with sound relations
            return hidden


def _complement(cells: Mapping[Key, int | None], relation: Relation, hidden: set[Key]) -> Key | None:
    shown_parts = [p for p in relation.parts if p not in hidden]
    positive = [p for p in shown_parts if (cells[p] or 0) > 0]
    for candidates in (positive, shown_parts):
        if candidates:
            return min(candidates, key=lambda p: (cells[p] or 0, str(p)))
    if relation.total not in hidden:
        return relation.total
    return None


def _complete_relations(
    cells: Mapping[Key, int | None], relations: Sequence[Relation], hidden: set[Key]
) -> None:
    """Step 2: no relation keeps exactly one hidden cell."""
    changed = True
    while changed:
        changed = False
        for relation in relations:
            if sum(1 for c in relation.cells if c in hidden) == 1:
                complement = _complement(cells, relation, hidden)
                if complement is not None:
                    hidden.add(complement)
                    changed = True


def _determined(relations: Sequence[Relation], hidden: set[Key]) -> list[Key]:
    """Hidden cells whose value follows from the shown ones: e_i lies in the row space of the relations
    restricted to the hidden cells (a zero row of the null space). Solved per connected component."""
    involved = [r for r in relations if any(c in hidden for c in r.cells)]
    if not involved:
        return []
    # Components: relations joined by a shared hidden cell.
    parent = list(range(len(involved)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[Key, int] = {}
    for index, relation in enumerate(involved):
        for cell in relation.cells:
            if cell in hidden:
                if cell in owner:
                    parent[find(index)] = find(owner[cell])
                else:
                    owner[cell] = index
    groups: dict[int, list[int]] = {}
    for index in range(len(involved)):
        groups.setdefault(find(index), []).append(index)
    result: list[Key] = []
    for members in groups.values():
        variables = sorted(
            {c for i in members for c in involved[i].cells if c in hidden}, key=lambda c: str(c)
        )
        column = {v: j for j, v in enumerate(variables)}
        matrix = np.zeros((len(members), len(variables)))
        for row, i in enumerate(members):
            relation = involved[i]
            if relation.total in hidden:
                matrix[row, column[relation.total]] -= 1
            for part in relation.parts:
                if part in hidden:
                    matrix[row, column[part]] += 1
        # Null space by SVD: a variable is determined when every null vector is zero in its coordinate.
        _, singular, vt = np.linalg.svd(matrix)
        rank = int((singular > 1e-9).sum())
        null = vt[rank:]
        for j, variable in enumerate(variables):
            if null.shape[0] == 0 or np.all(np.abs(null[:, j]) < 1e-9):
                result.append(variable)
    return result


def hierarchy_relations(measure: Hashable, children: Mapping[Key, Sequence[Key]]) -> list[Relation]:
    """Relations of one measure over a tree of units: (measure, parent) = Σ (measure, child)."""
    return [
        Relation((measure, parent), tuple((measure, child) for child in kids))
        for parent, kids in children.items()
        if kids
    ]
