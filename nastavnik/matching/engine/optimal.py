"""Optimal mode: the assignment with the largest total (rank-adjusted) fit under mentor capacities."""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment

from .instance import Matching, Problem


def solve_optimal(problem: Problem) -> Matching:
    """Maximise the sum of ``problem.adjusted`` over the pairs formed, keeping the locked pairs.

    Each mentor becomes ``residual capacity`` identical columns (slots) and the rectangular
    assignment problem is solved by ``scipy.optimize.linear_sum_assignment``. Pairs that may not
    be formed (forbidden, excluded, not acceptable to one side, adjusted score <= 0) get value 0, the same as leaving the
    mentee unmatched: the best full assignment of the clipped matrix is then exactly the best
    partial matching of the allowed positive pairs, with no big-M constant to upset the floats.
    Zero-valued assignments are dropped afterwards.
    """
    mentor_of = problem.locked_mentor.copy()
    rows = np.flatnonzero(problem.active)
    cap = problem.residual_capacity
    cols = np.flatnonzero(cap > 0)
    if rows.size == 0 or cols.size == 0:
        return Matching(mentor_of=mentor_of, mode="optimal")

    adjusted, acceptable = problem.adjusted, problem.acceptable
    if rows.size != problem.n_mentees or cols.size != problem.n_mentors:
        adjusted, acceptable = adjusted[np.ix_(rows, cols)], acceptable[np.ix_(rows, cols)]
    value = np.where(acceptable & (adjusted > 0), adjusted, 0.0)

    # Rows and columns with no positive entry cannot gain anything: drop them to shrink the solve.
    keep_rows = value.any(axis=1)
    keep_cols = value.any(axis=0)
    if not keep_rows.all() or not keep_cols.all():
        value = value[np.ix_(keep_rows, keep_cols)]
        rows, cols = rows[keep_rows], cols[keep_cols]
    if value.size == 0:
        return Matching(mentor_of=mentor_of, mode="optimal")

    slots = cap[cols]
    # Negate once while expanding and minimise: maximize=True would make one more full copy.
    cost = np.repeat(value, slots, axis=1)
    np.negative(cost, out=cost)
    r_idx, c_idx = linear_sum_assignment(cost)
    slot_mentor = np.repeat(np.arange(cols.size), slots)[c_idx]
    gained = value[r_idx, slot_mentor] > 0
    mentor_of[rows[r_idx[gained]]] = cols[slot_mentor[gained]]
    return Matching(mentor_of=mentor_of, mode="optimal")
