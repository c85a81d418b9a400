"""Small counts on the public page: hidden as «< 5», and never recoverable from the shown total."""

from hypothesis import given
from hypothesis import strategies as st

from nastavnik.public.figures import HIDDEN, THRESHOLD, suppress_column, suppress_table


def test_counts_under_five_are_hidden_and_others_shown():
    assert suppress_column([0, 7, 12, 9]) == [HIDDEN, HIDDEN, "12", "9"]  # 7 goes with the lonely 0
    assert suppress_column([3, 4, 12]) == [HIDDEN, HIDDEN, "12"]
    assert suppress_column([5, 6]) == ["5", "6"]


def test_the_table_has_a_total_row_also_suppressed():
    rows = suppress_table([("Учитель – учитель", 3, 3, 3)])
    assert [(r.title, r.pairings, r.mentors, r.mentees) for r in rows] == [
        ("Учитель – учитель", HIDDEN, HIDDEN, HIDDEN),
        ("", HIDDEN, HIDDEN, HIDDEN),
    ]
    assert suppress_table([]) == []


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=2, max_size=8))
def test_a_hidden_cell_cannot_be_recovered_by_subtraction_from_the_total(values):
    shown = suppress_column(values)
    hidden = [i for i, s in enumerate(shown) if s == HIDDEN]
    # Every small count is hidden, every shown one is the true count, and a hidden cell is never alone.
    assert all(shown[i] == HIDDEN for i, v in enumerate(values) if v < THRESHOLD)
    assert all(s == str(values[i]) for i, s in enumerate(shown) if s != HIDDEN)
    assert len(hidden) != 1
