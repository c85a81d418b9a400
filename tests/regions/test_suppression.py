"""Small counts are hidden and no hidden count can be recovered from the shown ones by subtraction."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from nastavnik.regions.suppression import Relation, hierarchy_relations, suppress

counts = st.one_of(st.integers(0, 6), st.integers(0, 60))


def recoverable(cells, relations, hidden) -> list:
    """Hidden cells that the shown cells determine: e_i is a combination of the relations' rows restricted to
    the hidden cells (the rank does not grow when e_i is added). Written independently of the module."""
    hidden_list = sorted(hidden, key=str)
    index = {k: i for i, k in enumerate(hidden_list)}
    rows = []
    for relation in relations:
        row = np.zeros(len(hidden_list))
        for part in relation.parts:
            if part in index:
                row[index[part]] += 1
        if relation.total in index:
            row[index[relation.total]] -= 1
        rows.append(row)
    if not hidden_list:
        return []
    matrix = np.array(rows) if rows else np.zeros((0, len(hidden_list)))
    rank = np.linalg.matrix_rank(matrix) if len(rows) else 0
    found = []
    for key, i in index.items():
        unit = np.zeros(len(hidden_list))
        unit[i] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(key)
    return found


@st.composite
def region_tables(draw):
    """A region of municipalities of organizations, one measure per hierarchy, and pairings by form per
    municipality whose row sums are the municipalities' pairings (the cross-table tie)."""
    municipalities = draw(st.lists(st.lists(counts, min_size=1, max_size=6), min_size=1, max_size=5))
    forms = draw(st.integers(1, 4))
    cells = {}
    children = {"region": []}
    for m, orgs in enumerate(municipalities):
        children["region"].append(f"m{m}")
        children[f"m{m}"] = [f"m{m}o{o}" for o in range(len(orgs))]
        for o, value in enumerate(orgs):
            cells[("p", f"m{m}o{o}")] = value
        cells[("p", f"m{m}")] = sum(orgs)
    cells[("p", "region")] = sum(cells[("p", f"m{m}")] for m in range(len(municipalities)))
    relations = hierarchy_relations("p", children)
    # split each municipality's pairings across forms
    for m in range(len(municipalities)):
        total = cells[("p", f"m{m}")]
        cuts = sorted(draw(st.lists(st.integers(0, total), min_size=forms - 1, max_size=forms - 1)))
        bounds = [0, *cuts, total]
        for f in range(forms):
            cells[("f", f"m{m}", f)] = bounds[f + 1] - bounds[f]
        relations.append(Relation(("p", f"m{m}"), tuple(("f", f"m{m}", f) for f in range(forms))))
    for f in range(forms):
        cells[("f", "region", f)] = sum(cells[("f", f"m{m}", f)] for m in range(len(municipalities)))
        relations.append(
            Relation(("f", "region", f), tuple(("f", f"m{m}", f) for m in range(len(municipalities))))
        )
    relations.append(Relation(("p", "region"), tuple(("f", "region", f) for f in range(forms))))
    return cells, relations


@settings(max_examples=300, deadline=None)
@given(region_tables())
def test_no_hidden_count_is_recoverable_and_every_small_count_is_hidden(table):
    cells, relations = table
    hidden = suppress(cells, relations)
    assert {k for k, v in cells.items() if 0 < v < 5} <= hidden
    assert recoverable(cells, relations, hidden) == []


def test_a_single_small_cell_takes_its_smallest_positive_neighbour_with_it():
    cells = {"t": 40, "a": 3, "b": 12, "c": 25, "z": 0}
    hidden = suppress(cells, [Relation("t", ("a", "b", "c", "z"))])
    assert hidden == {"a", "b"}


def test_zero_is_shown_and_big_counts_stay():
    cells = {"t": 30, "a": 0, "b": 10, "c": 20}
    assert suppress(cells, [Relation("t", ("a", "b", "c"))]) == set()


def test_a_small_total_hides_the_parts_that_would_give_it():
    cells = {"t": 3, "a": 0, "b": 3}
    hidden = suppress(cells, [Relation("t", ("a", "b"))])
    assert hidden == {"t", "b"}
    assert recoverable(cells, [Relation("t", ("a", "b"))], hidden) == []
