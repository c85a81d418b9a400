"""Solvers: hard rules always hold, optimal is never beaten by brute force, stable has no blocking pair."""

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matching.games import HospitalResident

from nastavnik.matching.engine import (
    ALL_BUSY,
    CONSENT_REASON,
    NO_ACCEPTABLE,
    Problem,
    count_blocking_pairs,
    parse_instance,
    run_instance,
    solve_optimal,
    solve_stable,
)

FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def instances(draw, max_mentees=5, max_mentors=3, rankings=True):
    """Small instances with every feature of the schema: locks, bans, minors, partial rankings."""
    n = draw(st.integers(0, max_mentees))
    m = draw(st.integers(0, max_mentors))
    mentees = [f"m{i}" for i in range(n)]
    mentors = [f"r{r}" for r in range(m)]
    capacity = [draw(st.integers(0, 3)) for _ in mentors]
    scores = [[draw(st.integers(-20, 100)) for _ in mentors] for _ in mentees]
    minors = {x for x in mentees if draw(st.integers(0, 5)) == 0}
    pairs = list(itertools.product(mentees, mentors))
    forbidden = [list(p) for p in pairs if draw(st.integers(0, 4)) == 0]
    locked, load = [], dict.fromkeys(mentors, 0)
    for mentee in mentees:
        if mentee in minors or draw(st.integers(0, 4)) != 0:
            continue
        options = [
            r for r in mentors if load[r] < capacity[mentors.index(r)] and [mentee, r] not in forbidden
        ]
        if options:
            mentor = draw(st.sampled_from(options))
            load[mentor] += 1
            locked.append([mentee, mentor])
    data = {
        "mentors": [{"id": r, "capacity": c} for r, c in zip(mentors, capacity, strict=True)],
        "mentees": [{"id": x, "minor": x in minors} for x in mentees],
        "scores": scores,
        "locked": locked,
        "forbidden": forbidden,
    }
    if rankings and mentors and mentees:
        data["mentee_rankings"] = {
            x: draw(st.permutations(mentors))[: draw(st.integers(0, m))]
            for x in mentees
            if draw(st.booleans())
        }
        data["mentor_rankings"] = {
            r: draw(st.permutations(mentees))[: draw(st.integers(0, n))]
            for r in mentors
            if draw(st.booleans())
        }
        data["rank_weight"] = draw(st.sampled_from([0, 5, 10]))
    return data


def _pairs(report):
    return {(p["mentee"], p["mentor"]) for p in report["pairs"]}


def _check_hard_rules(data, report):
    pairs = _pairs(report)
    assert len({mentee for mentee, _ in pairs}) == len(pairs), "a mentee has two mentors"
    capacity = {x["id"]: x["capacity"] for x in data["mentors"]}
    for mentor, cap in capacity.items():
        assert sum(1 for _, r in pairs if r == mentor) <= cap
    assert {tuple(p) for p in data["locked"]} <= pairs
    assert not pairs & {tuple(p) for p in data["forbidden"]}
    minors = {x["id"] for x in data["mentees"] if x["minor"]}
    assert not {mentee for mentee, _ in pairs} & minors
    unmatched = {u["mentee"]: u["reason"] for u in report["unmatched"]}
    everyone = {x["id"] for x in data["mentees"]}
    assert set(unmatched) == everyone - {mentee for mentee, _ in pairs}
    for mentee in minors:
        assert unmatched[mentee] == CONSENT_REASON
    assert set(unmatched.values()) <= {CONSENT_REASON, NO_ACCEPTABLE, ALL_BUSY}
    assert report["total_score"] == pytest.approx(sum(p["score"] for p in report["pairs"]), abs=1e-3)


@FAST
@given(instances())
def test_hard_rules_hold_in_both_modes(data):
    for mode in ("optimal", "stable"):
        report = run_instance(data, mode)
        assert set(report) == {"pairs", "total_score", "blocking_pairs", "unmatched"}
        _check_hard_rules(data, report)


def _brute_force_best(problem: Problem) -> float:
    """Largest total adjusted score over all assignments that respect the rules (tiny instances only)."""
    n, m = problem.scores.shape
    fixed = problem.locked_mentor
    best = -np.inf
    for choice in itertools.product(range(-1, m), repeat=n):
        choice = np.array(choice, dtype=int)
        if np.any((fixed >= 0) & (choice != fixed)):
            continue
        load = np.bincount(choice[choice >= 0], minlength=m)
        if np.any(load > problem.capacity):
            continue
        free = (fixed < 0) & (choice >= 0)
        if not problem.acceptable[free, choice[free]].all():
            continue
        best = max(best, float(problem.adjusted[free, choice[free]].sum()))
    return best


def _objective(problem: Problem, mentor_of: np.ndarray) -> float:
    free = (problem.locked_mentor < 0) & (mentor_of >= 0)
    return float(problem.adjusted[free, mentor_of[free]].sum())


@FAST
@given(instances(max_mentees=5, max_mentors=3))
def test_optimal_is_never_beaten_by_brute_force(data):
    problem = parse_instance(data)
    mentor_of = solve_optimal(problem).mentor_of
    assert _objective(problem, mentor_of) == pytest.approx(_brute_force_best(problem), abs=1e-9)


def _blocking_pairs_by_definition(problem: Problem, mentor_of: np.ndarray) -> int:
    """Plain loops over the definition in docs/matching.md, independent of the vectorised count."""
    n, m = problem.scores.shape
    ek, rk = problem.mentee_key, problem.mentor_key
    count = 0
    for i in range(n):
        if not problem.active[i]:
            continue
        for r in range(m):
            if mentor_of[i] == r or not (np.isfinite(ek[i, r]) and np.isfinite(rk[i, r])):
                continue
            mentee_wants = mentor_of[i] < 0 or ek[i, r] > ek[i, mentor_of[i]]
            held = [j for j in range(n) if mentor_of[j] == r and problem.active[j]]
            mentor_wants = len(held) < problem.residual_capacity[r] or any(rk[i, r] > rk[j, r] for j in held)
            count += bool(mentee_wants and mentor_wants)
    return count


@FAST
@given(instances(max_mentees=6, max_mentors=4))
def test_stable_has_no_blocking_pair(data):
    problem = parse_instance(data)
    mentor_of = solve_stable(problem).mentor_of
    assert _blocking_pairs_by_definition(problem, mentor_of) == 0
    assert count_blocking_pairs(problem, mentor_of) == 0


@FAST
@given(instances(max_mentees=6, max_mentors=4))
def test_blocking_count_matches_the_definition_for_optimal_results(data):
    problem = parse_instance(data)
    mentor_of = solve_optimal(problem).mentor_of
    assert count_blocking_pairs(problem, mentor_of) == _blocking_pairs_by_definition(problem, mentor_of)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(1, 8), m=st.integers(1, 4), seed=st.integers(0, 2**32 - 1))
def test_stable_equals_the_peer_library_on_strict_full_rankings(n, m, seed):
    rng = np.random.default_rng(seed)
    mentees = [f"m{i}" for i in range(n)]
    mentors = [f"r{r}" for r in range(m)]
    capacity = {r: int(rng.integers(1, 3)) for r in mentors}
    mentee_rankings = {x: [mentors[k] for k in rng.permutation(m)] for x in mentees}
    mentor_rankings = {r: [mentees[k] for k in rng.permutation(n)] for r in mentors}
    data = {
        "mentors": [{"id": r, "capacity": capacity[r]} for r in mentors],
        "mentees": [{"id": x} for x in mentees],
        "mentee_rankings": mentee_rankings,
        "mentor_rankings": mentor_rankings,
    }
    ours = _pairs(run_instance(data, "stable"))
    game = HospitalResident.create_from_dictionaries(mentee_rankings, mentor_rankings, capacity)
    peer = {
        (res.name, hosp.name)
        for hosp, residents in game.solve(optimal="resident").items()
        for res in residents
    }
    assert ours == peer


def test_stable_rejects_the_less_wanted_and_explains_the_unmatched():
    data = {
        "mentors": [{"id": "r1", "capacity": 1}, {"id": "r2", "capacity": 1}],
        "mentees": [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d", "minor": True}],
        "scores": [[90, 0], [80, 70], [60, -1], [99, 99]],
    }
    report = run_instance(data, "stable")
    assert _pairs(report) == {("a", "r1"), ("b", "r2")}
    assert report["unmatched"] == [
        {"mentee": "c", "reason": ALL_BUSY},
        {"mentee": "d", "reason": CONSENT_REASON},
    ]
    assert report["blocking_pairs"] == 0
    assert report["total_score"] == 160


def test_optimal_prefers_total_over_greed_and_reports_blocking_pairs():
    # Greedy would give a->r1 (10) and leave b with nothing; the optimum is a->r2, b->r1 (9 + 8).
    data = {
        "mentors": [{"id": "r1"}, {"id": "r2"}],
        "mentees": [{"id": "a"}, {"id": "b"}],
        "scores": [[10, 9], [8, 0]],
    }
    report = run_instance(data, "optimal")
    assert _pairs(report) == {("a", "r2"), ("b", "r1")}
    assert report["total_score"] == 17
    # a and r1 prefer each other: the optimum is not stable.
    assert report["blocking_pairs"] == 1
    assert _pairs(run_instance(data, "stable")) == {("a", "r1")}


def test_zero_or_negative_fit_is_not_a_pair():
    data = {
        "mentors": [{"id": "r1", "capacity": 3}],
        "mentees": [{"id": "a"}, {"id": "b"}],
        "scores": [[0], [-5]],
    }
    for mode in ("optimal", "stable"):
        report = run_instance(data, mode)
        assert report["pairs"] == []
        assert {u["reason"] for u in report["unmatched"]} == {NO_ACCEPTABLE}


def test_locked_pairs_take_capacity_first():
    data = {
        "mentors": [{"id": "r1", "capacity": 1}, {"id": "r2", "capacity": 1}],
        "mentees": [{"id": "a"}, {"id": "b"}],
        "scores": [[100, 1], [1, 2]],
        "locked": [["b", "r1"]],
    }
    for mode in ("optimal", "stable"):
        assert _pairs(run_instance(data, mode)) == {("b", "r1"), ("a", "r2")}


def test_same_person_on_both_sides_is_never_paired():
    data = {
        "mentors": [{"id": "r1", "person": "p1"}, {"id": "r2"}],
        "mentees": [{"id": "a", "person": "p1"}],
        "scores": [[100, 1]],
    }
    for mode in ("optimal", "stable"):
        assert _pairs(run_instance(data, mode)) == {("a", "r2")}


def test_rankings_override_fit_in_stable_and_add_bonus_in_optimal():
    data = {
        "mentors": [{"id": "r1"}, {"id": "r2"}],
        "mentees": [{"id": "a"}],
        "scores": [[50, 45]],
        "mentee_rankings": {"a": ["r2", "r1"]},
    }
    assert _pairs(run_instance(data, "stable")) == {("a", "r2")}
    # Optimal: with rank_weight 20, r2 gives 45 + 20 x 1 = 65 > r1's 50 + 20 x 0.5 = 60;
    # with rank_weight 0 only the fit counts.
    assert _pairs(run_instance(data | {"rank_weight": 20}, "optimal")) == {("a", "r2")}
    assert _pairs(run_instance(data | {"rank_weight": 0}, "optimal")) == {("a", "r1")}


def test_ranked_pair_with_zero_fit_needs_both_sides():
    data = {
        "mentors": [{"id": "r1"}],
        "mentees": [{"id": "a"}],
        "scores": [[0]],
        "mentee_rankings": {"a": ["r1"]},
    }
    assert run_instance(data, "stable")["pairs"] == []
    data["mentor_rankings"] = {"r1": ["a"]}
    assert _pairs(run_instance(data, "stable")) == {("a", "r1")}
    assert _pairs(run_instance(data, "optimal")) == {("a", "r1")}


def test_features_instance_with_explain():
    data = {
        "mentors": [{"id": "r1", "capacity": 1}, {"id": "r2", "capacity": 1}],
        "mentees": [{"id": "a"}, {"id": "b"}],
        "features": {
            "mentors": {
                "r1": {"competences": ["дисциплина на уроке"], "subjects": ["математика"], "person": "p9"},
                "r2": {"competences": ["работа с родителями"], "subjects": ["физика"]},
            },
            "mentees": {
                "a": {"requests": ["дисциплина на уроках"], "subjects": ["математике"]},
                "b": {"requests": ["работа с родителями"], "person": "p9"},
            },
            "weights": {"requests": 50},
        },
        "mentee_rankings": {"a": ["r1"]},
    }
    report = run_instance(data, "optimal", explain=True)
    assert _pairs(report) == {("a", "r1"), ("b", "r2")}
    reasons = {p["mentee"]: p["reasons"] for p in report["pairs"]}
    assert reasons["a"][0] == "наставляемый поставил наставника на 1-е место"
    assert "совпадают запросы: дисциплина на уроке" in reasons["a"]
    assert "общий предмет: математика" in reasons["a"]
    assert "совпадают запросы: работа с родителями" in reasons["b"]


def test_empty_instances():
    assert run_instance({"mentors": [], "mentees": [], "scores": []}, "stable") == {
        "pairs": [],
        "total_score": 0.0,
        "blocking_pairs": 0,
        "unmatched": [],
    }
    report = run_instance({"mentors": [], "mentees": [{"id": "a"}], "scores": [[]]}, "optimal")
    assert report["unmatched"] == [{"mentee": "a", "reason": NO_ACCEPTABLE}]
