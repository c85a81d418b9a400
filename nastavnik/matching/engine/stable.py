"""Stable mode: mentee-proposing deferred acceptance with mentor capacities (hospitals/residents)."""

from __future__ import annotations

from heapq import heappush, heapreplace

import numpy as np

from .instance import Matching, Problem

_CHUNK = 32


def _by_key(row: np.ndarray, candidates: np.ndarray) -> list[int]:
    """Candidates in decreasing key order, ties by index (a stable sort keeps input order)."""
    ordered: list[int] = candidates[np.argsort(-row[candidates], kind="stable")].tolist()
    return ordered


def solve_stable(problem: Problem) -> Matching:
    """The mentee-optimal stable matching of the active mentees, locked pairs kept.

    Preferences are ``problem.mentee_key`` / ``problem.mentor_key`` (rankings first, then fit);
    ties are broken by input order, so the answer is stable for the weak preferences too.
    The loop is iterative: each mentee walks down its own list, a mentor keeps a min-heap of its
    held mentees keyed by how much it wants them, so a proposal costs O(log capacity).
    A mentee's list is its ranking as given; the unranked acceptable mentors (sorted by fit) are
    appended only if the ranking runs out, so full rankings need no sorting at all.
    """
    mentor_of = problem.locked_mentor.copy()
    n, m = problem.scores.shape
    if n == 0 or m == 0:
        return Matching(mentor_of=mentor_of, mode="stable")
    mentee_key = problem.mentee_key
    mentor_key = np.ascontiguousarray(problem.mentor_key)
    wants = mentor_key.data  # wants[i, r] is a Python float: no numpy scalar overhead per proposal
    capacity = problem.residual_capacity.tolist()
    held: list[list[tuple[float, int]]] = [[] for _ in range(m)]  # (key, -mentee): least wanted on top
    rankings = problem.mentee_rankings
    neg_inf = float("-inf")

    orders: dict[int, list[int]] = {}
    complete: set[int] = set()  # mentees whose list already holds every acceptable mentor
    pointer = [0] * n
    free = np.flatnonzero(problem.active)[::-1].tolist()
    while free:
        i = free.pop()
        order = orders.get(i)
        if order is None:
            if i in rankings:
                order = rankings[i][:_CHUNK].tolist()
            else:
                row = mentee_key[i]
                order = _by_key(row, np.flatnonzero(row > neg_inf))
                complete.add(i)
            orders[i] = order
        k = pointer[i]
        while True:
            if k == len(order):
                if i in complete:
                    break
                ranking = rankings[i]
                if k < len(ranking):  # most mentees settle early: materialise the ranking in chunks
                    order.extend(ranking[k : k + _CHUNK].tolist())
                    continue
                complete.add(i)
                row = mentee_key[i]
                unranked = row > neg_inf
                unranked[ranking] = False
                order.extend(_by_key(row, np.flatnonzero(unranked)))
                continue
            r = order[k]
            k += 1
            key = wants[i, r]
            if key == neg_inf or capacity[r] == 0:
                continue
            heap = held[r]
            if len(heap) < capacity[r]:
                heappush(heap, (key, -i))
                mentor_of[i] = r
                break
            if (key, -i) > heap[0]:
                _, loser = heapreplace(heap, (key, -i))
                mentor_of[i] = r
                mentor_of[-loser] = -1
                free.append(-loser)
                break
        pointer[i] = k
    return Matching(mentor_of=mentor_of, mode="stable")
