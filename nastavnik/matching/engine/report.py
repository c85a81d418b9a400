"""The result of a run as the curator sees it: pairs, total fit, blocking pairs, reasons for the unmatched."""

from __future__ import annotations

from typing import Any

import numpy as np

from .instance import Matching, Problem

NO_ACCEPTABLE = "нет допустимых наставников"
ALL_BUSY = "все подходящие наставники заняты"
LOCKED_REASON = "пара закреплена куратором"


def blocking_mask(problem: Problem, mentor_of: np.ndarray) -> np.ndarray:
    """(n, m) True where mentee i and mentor r would both rather be together than with what they have.

    Definition: i and r are not paired, both find each other acceptable, i is unmatched or prefers r
    to its mentor, and r has a free place or prefers i to the least wanted mentee it holds.
    Preferences are weak (equal keys are no preference). Locked pairs and excluded mentees stay
    outside: a locked mentee cannot leave, and its place is not offered to others.
    """
    n, m = problem.scores.shape
    if n == 0 or m == 0:
        return np.zeros((n, m), dtype=bool)
    ek, rk = problem.mentee_key, problem.mentor_key
    matched = np.flatnonzero(problem.active & (mentor_of >= 0))
    partner = mentor_of[matched]
    current = np.full(n, -np.inf)
    current[matched] = ek[matched, partner]
    worst = np.full(m, np.inf)
    np.minimum.at(worst, partner, rk[matched, partner])
    load = np.bincount(partner, minlength=m)
    threshold = np.where(load < problem.residual_capacity, -np.inf, worst)
    return (ek > current[:, None]) & (rk > threshold[None, :])


def count_blocking_pairs(problem: Problem, mentor_of: np.ndarray) -> int:
    """Number of blocking pairs; zero means the matching is stable."""
    return int(np.count_nonzero(blocking_mask(problem, mentor_of)))


def unmatched_reasons(problem: Problem, matching: Matching) -> dict[int, str]:
    """Why each unmatched mentee stayed alone, in Russian.

    "All suitable mentors are busy" is exact for both modes: an optimal or stable answer never
    leaves an unmatched mentee next to an acceptable mentor with a free place.
    """
    mentor_of = matching.mentor_of
    out: dict[int, str] = {}
    lonely = np.flatnonzero(mentor_of < 0)
    if lonely.size == 0:
        return out
    acceptable = problem.acceptable[lonely]
    if matching.mode == "optimal":
        acceptable &= problem.adjusted[lonely] > 0
    has_any = np.asarray(acceptable.any(axis=1))
    for i, ok in zip(lonely.tolist(), has_any.tolist(), strict=True):
        if i in problem.excluded:
            out[i] = problem.excluded[i]
        else:
            out[i] = ALL_BUSY if ok else NO_ACCEPTABLE
    return out


def _round(x: float) -> float:
    return round(float(x), 4)


def pair_reasons(problem: Problem, mentee: int, mentor: int) -> list[str]:
    """Fit reasons of a formed pair plus what the curator and the rankings said about it."""
    reasons: list[str] = []
    if problem.locked_mentor[mentee] == mentor:
        reasons.append(LOCKED_REASON)
    ranking = problem.mentee_rankings.get(mentee)
    if ranking is not None:
        place = np.flatnonzero(ranking == mentor)
        if place.size:
            reasons.append(f"наставляемый поставил наставника на {int(place[0]) + 1}-е место")
    ranking = problem.mentor_rankings.get(mentor)
    if ranking is not None:
        place = np.flatnonzero(ranking == mentee)
        if place.size:
            reasons.append(f"наставник поставил наставляемого на {int(place[0]) + 1}-е место")
    if problem.reasons is not None:
        reasons.extend(problem.reasons(mentee, mentor))
    return reasons


def build_report(problem: Problem, matching: Matching, *, explain: bool = False) -> dict[str, Any]:
    """The CLI/JSON result: exactly pairs, total_score, blocking_pairs, unmatched (+ reasons if explain)."""
    mentor_of = matching.mentor_of
    paired = np.flatnonzero(mentor_of >= 0)
    scores = problem.scores[paired, mentor_of[paired]]
    pairs = []
    for i, r, s in zip(paired.tolist(), mentor_of[paired].tolist(), scores.tolist(), strict=True):
        pair: dict[str, Any] = {
            "mentee": problem.mentee_ids[i],
            "mentor": problem.mentor_ids[r],
            "score": _round(s),
        }
        if explain:
            pair["reasons"] = pair_reasons(problem, i, r)
        pairs.append(pair)
    unmatched = [
        {"mentee": problem.mentee_ids[i], "reason": reason}
        for i, reason in sorted(unmatched_reasons(problem, matching).items())
    ]
    return {
        "pairs": pairs,
        "total_score": _round(scores.sum()),
        "blocking_pairs": count_blocking_pairs(problem, mentor_of),
        "unmatched": unmatched,
    }


def format_text(report: dict[str, Any]) -> str:
    """A plain table for a terminal; the JSON form is the contract, this one is for people."""
    rows = [("Наставляемый", "Наставник", "Совместимость")]
    rows += [(p["mentee"], p["mentor"], f"{p['score']:.1f}") for p in report["pairs"]]
    widths = [max(len(row[k]) for row in rows) for k in range(3)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for p in report["pairs"]:
        if p.get("reasons"):
            lines.append(f"{p['mentee']} — {p['mentor']}: {'; '.join(p['reasons'])}")
    lines.append("")
    lines.append(f"Пар: {len(report['pairs'])}; суммарная совместимость: {report['total_score']:.1f}")
    lines.append(f"Блокирующих пар: {report['blocking_pairs']}")
    if report["unmatched"]:
        lines.append("Без пары:")
        lines += [f"  {u['mentee']}: {u['reason']}" for u in report["unmatched"]]
    return "\n".join(lines) + "\n"
