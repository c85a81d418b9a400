"""Benchmark of the matching engine: optimal vs bare linear_sum_assignment, stable at scale, and the peer.

Run: .venv/bin/python bench/bench_matching.py [--quick] [--no-peer]
(a) optimal, 2,000 mentees x 400 mentors of capacity 5: same total as the bare solver on the expanded
    matrix, and run_instance within 1.5x its time (medians of several runs);
(b) stable, 5,000 x 1,000 of capacity 5 with full rankings on both sides: 0 blocking pairs, < 3 s;
(c) the peer ``matching`` 1.4.3 (HospitalResident) on sizes it can finish: times and the same matching.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nastavnik.matching.engine import build_report, parse_instance, run_instance, solve_stable  # noqa: E402


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def optimal_case(n: int, m: int, cap: int, reps: int, seed: int = 7, limit: float | None = 1.5) -> bool:
    rng = np.random.default_rng(seed)
    fit = np.round(rng.uniform(0, 100, (n, m)), 2)
    data = {
        "mentors": [{"id": f"r{j}", "capacity": cap} for j in range(m)],
        "mentees": [{"id": f"m{i}"} for i in range(n)],
        "scores": fit.tolist(),  # as it comes out of json.load
    }
    expanded = np.repeat(fit, cap, axis=1)
    ours, bare = [], []
    report = bare_total = None
    for _ in range(reps):  # interleaved so that load from other processes hits both alike
        t, (rows, cols) = timed(lambda: linear_sum_assignment(expanded, maximize=True))
        bare.append(t)
        bare_total = float(expanded[rows, cols].sum())
        t, report = timed(lambda: run_instance(data, "optimal"))
        ours.append(t)
    ours_med, bare_med = statistics.median(ours), statistics.median(bare)
    ratio = ours_med / bare_med
    same = abs(report["total_score"] - bare_total) <= 1e-6 * max(1.0, bare_total)
    print(f"(a) optimal {n} mentees x {m} mentors x capacity {cap} ({n} x {m * cap} slots), {reps} runs")
    print(
        f"    bare linear_sum_assignment on the expanded matrix: median {bare_med:.3f} s, total {bare_total:.2f}"
    )
    print(
        f"    run_instance(data, 'optimal') from JSON-like lists: median {ours_med:.3f} s, total {report['total_score']:.2f}"
    )
    bound = f"limit {limit:.2f}x" if limit else "no limit at this size: fixed costs dominate a tiny solve"
    print(f"    ratio {ratio:.2f}x ({bound}); totals equal: {same}; pairs {len(report['pairs'])}")
    return same and (limit is None or ratio <= limit)


def random_rankings(n: int, m: int, rng: np.random.Generator) -> tuple[list[str], list[str], dict, dict]:
    mentees = [f"m{i}" for i in range(n)]
    mentors = [f"r{j}" for j in range(m)]
    mentee_order = rng.permuted(np.tile(np.arange(m), (n, 1)), axis=1)
    mentor_order = rng.permuted(np.tile(np.arange(n), (m, 1)), axis=1)
    mentor_arr = np.array(mentors, dtype=object)
    mentee_arr = np.array(mentees, dtype=object)
    mentee_rankings = {x: mentor_arr[row].tolist() for x, row in zip(mentees, mentee_order, strict=True)}
    mentor_rankings = {r: mentee_arr[row].tolist() for r, row in zip(mentors, mentor_order, strict=True)}
    return mentees, mentors, mentee_rankings, mentor_rankings


def stable_case(n: int, m: int, cap: int, reps: int, seed: int = 11) -> bool:
    rng = np.random.default_rng(seed)
    mentees, mentors, mentee_rankings, mentor_rankings = random_rankings(n, m, rng)
    data = {
        "mentors": [{"id": r, "capacity": cap} for r in mentors],
        "mentees": [{"id": x} for x in mentees],
        "mentee_rankings": mentee_rankings,
        "mentor_rankings": mentor_rankings,
    }
    totals, report = [], None
    for _ in range(reps):
        t, report = timed(lambda: run_instance(data, "stable"))
        totals.append(t)
    # The same runs again split into phases, to show where the time goes (medians; the collector
    # is paused as run_instance does).
    phases: list[tuple[float, float, float, float]] = []
    gc.disable()
    try:
        for _ in range(reps):
            t_parse, problem = timed(lambda: parse_instance(data))
            t_keys, _ = timed(lambda: (problem.mentee_key, problem.mentor_key))  # noqa: B023
            t_solve, matching = timed(lambda: solve_stable(problem))  # noqa: B023
            t_report, _ = timed(lambda: build_report(problem, matching))  # noqa: B023
            phases.append((t_parse, t_keys, t_solve, t_report))
    finally:
        gc.enable()
    t_parse, t_keys, t_solve, t_report = (statistics.median(x) for x in zip(*phases, strict=True))
    med = statistics.median(totals)
    print(f"(b) stable {n} mentees x {m} mentors x capacity {cap}, full rankings on both sides, {reps} runs")
    print(
        f"    run_instance(data, 'stable'): median {med:.3f} s (limit 3 s); blocking pairs {report['blocking_pairs']}; "
        f"pairs {len(report['pairs'])}; unmatched {len(report['unmatched'])}"
    )
    print(
        f"    phases: validate+index {t_parse:.3f} s, preference matrices {t_keys:.3f} s, "
        f"deferred acceptance {t_solve:.3f} s, report incl. blocking count {t_report:.3f} s"
    )
    return report["blocking_pairs"] == 0 and med < 3.0


def _run_peer(mentee_rankings: dict, mentor_rankings: dict, capacity: dict) -> tuple[float, set]:
    from matching.games import HospitalResident

    box: dict[str, Any] = {}

    def work() -> None:
        start = time.perf_counter()
        game = HospitalResident.create_from_dictionaries(mentee_rankings, mentor_rankings, capacity)
        solved = game.solve(optimal="resident")
        box["time"] = time.perf_counter() - start
        box["pairs"] = {(res.name, hosp.name) for hosp, residents in solved.items() for res in residents}

    # The peer recurses deeply (deepcopy of cross-linked players): raise the limit and give the
    # thread a big stack so that the raised limit cannot overflow the C stack.
    old_limit, old_stack = sys.getrecursionlimit(), threading.stack_size()
    sys.setrecursionlimit(200_000)
    threading.stack_size(512 * 1024 * 1024)
    try:
        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
    finally:
        sys.setrecursionlimit(old_limit)
        threading.stack_size(old_stack)
    return box["time"], box["pairs"]


def peer_case(n: int, m: int, cap: int, seed: int = 5, show_default_failure: bool = False) -> bool:
    rng = np.random.default_rng(seed)
    mentees, mentors, mentee_rankings, mentor_rankings = random_rankings(n, m, rng)
    capacity = dict.fromkeys(mentors, cap)
    data = {
        "mentors": [{"id": r, "capacity": cap} for r in mentors],
        "mentees": [{"id": x} for x in mentees],
        "mentee_rankings": mentee_rankings,
        "mentor_rankings": mentor_rankings,
    }
    if show_default_failure:
        from matching.games import HospitalResident

        try:
            HospitalResident.create_from_dictionaries(mentee_rankings, mentor_rankings, capacity).solve()
            print(f"(c) peer matching 1.4.3 at {n} x {m} with the default recursion limit: finished")
        except RecursionError:
            print(
                f"(c) peer matching 1.4.3 at {n} x {m} with the default recursion limit "
                f"({sys.getrecursionlimit()}): RecursionError"
            )
    ours_runs = []
    report = None
    for _ in range(3):
        t, report = timed(lambda: run_instance(data, "stable"))
        ours_runs.append(t)
    ours = statistics.median(ours_runs)
    peer_time, peer_pairs = _run_peer(mentee_rankings, mentor_rankings, capacity)
    our_pairs = {(p["mentee"], p["mentor"]) for p in report["pairs"]}
    same = our_pairs == peer_pairs
    print(
        f"    {n} x {m} x capacity {cap}: ours {ours:.4f} s, peer {peer_time:.3f} s (recursion limit raised), "
        f"peer/ours {peer_time / ours:.0f}x; same mentee-optimal matching: {same} ({len(our_pairs)} pairs)"
    )
    return same


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller instances (a few seconds in total)")
    parser.add_argument(
        "--no-peer", action="store_true", help="skip the comparison with the matching package"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    ok = True
    if args.quick:
        ok &= optimal_case(500, 100, 5, reps=3, limit=None)
        ok &= stable_case(1000, 200, 5, reps=2)
        if not args.no_peer:
            print("(c) peer: matching 1.4.3 HospitalResident")
            ok &= peer_case(200, 40, 5, show_default_failure=False)
    else:
        ok &= optimal_case(2000, 400, 5, reps=7)
        ok &= stable_case(5000, 1000, 5, reps=3)
        if not args.no_peer:
            ok &= peer_case(500, 100, 5, show_default_failure=True)
            ok &= peer_case(1000, 200, 5)
    print(f"all checks passed: {ok}; bench took {time.perf_counter() - started:.1f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
