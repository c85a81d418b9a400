"""Benchmark of request-to-competence similarity: quality on the labelled set, and the speed of the fit matrix.

Run: .venv/bin/python bench/bench_similarity.py [--quick] [--misses]

Quality, on bench/data/similarity_eval.tsv (request as a mentee writes it, the competence that helps, competences
that do not), measured through the engine's public ``fit_matrix`` with only the ``requests`` criterion weighted, so
the score is exactly the requests criterion (0 when the request is not covered):
* ranking: share of requests whose helping competence scores strictly above every other candidate (ties fail);
* the "covered" decision over all (request, candidate) pairs: the helping one should be covered, the others not;
  precision and recall of that decision.
Items with index ≡ 2 (mod 3) form the held-out part; figures are given for the tuning part, the held-out part and all;
the items of each similarity_fresh*.tsv are reported on their own. Since the sixth pass every file except the blind
one (similarity_fresh3.tsv) has been looked at and counts as tuning material; the target is judged on the blind line,
and ``--misses`` does not list the blind file's errors (``--blind-misses`` does, for the post-mortem only).

Speed: fit matrix of 2,000 mentees x 400 mentors with five requests and five competences each (all criteria), and
the optimal mode on it compared with the bare solver (``linear_sum_assignment`` on the expanded matrix).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nastavnik.matching.engine import CRITERIA, fit_matrix, run_instance  # noqa: E402

# The "covered" decision read from the fit with only the requests criterion weighted: a fit of at least 40, i.e. a
# requests criterion of at least 0.4. Before issue 15 the criterion was 0 or a lemma share of at least 0.5, so this is
# exactly its own decision (half of the lemmas in one competence); after, it is a similarity of at least COVERED = 0.4.
COVERED_FIT = 40.0
EVAL_PATH = Path(__file__).resolve().parent / "data" / "similarity_eval.tsv"
# Items written after the method was frozen and never used to tune it, each file reported on its own line
# ("fresh", "fresh2", ...): similarity_fresh.tsv by the engine's author after the third pass, similarity_fresh2.tsv
# by a person who had not seen the engine or its thesaurus (checked with bench/check_eval_file.py).
FRESH_PATHS = sorted((Path(__file__).resolve().parent / "data").glob("similarity_fresh*.tsv"))
# The blind set of the sixth pass: written before that pass changed the engine, never used to tune it. The older
# held-out part and fresh files were looked at by earlier passes and are tuning material from the sixth pass on.
BLIND = frozenset({"fresh3"})
ONLY_REQUESTS = {name: float(name == "requests") for name in CRITERIA}


@dataclass(frozen=True)
class Item:
    index: int
    form: str
    request: str
    helping: str
    others: tuple[str, ...]

    @property
    def held_out(self) -> bool:
        return self.index % 3 == 2


def load_items(path: Path = EVAL_PATH) -> list[Item]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        form, request, helping, others = line.split("\t")
        items.append(Item(len(items), form, request, helping, tuple(x.strip() for x in others.split("|"))))
    return items


@dataclass
class Scores:
    ranked_first: int = 0
    items: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def line(self, label: str) -> str:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return (
            f"    {label:<9} {self.items:>3} requests: helping competence first {self.ranked_first}/{self.items}"
            f" = {100 * self.ranked_first / max(self.items, 1):.1f} %; covered: precision {100 * precision:.1f} %,"
            f" recall {100 * recall:.1f} %"
        )


def evaluate(items: list[Item], show_misses: bool = False, fresh: str | None = None) -> dict[str, Scores]:
    """Scores per part: "tuning", "held-out" and "all", or only the one named ``fresh`` for a fresh file."""
    competences = sorted({c for it in items for c in (it.helping, *it.others)})
    column = {c: j for j, c in enumerate(competences)}
    start = time.perf_counter()
    scores, reasons = fit_matrix(
        [{"competences": [c]} for c in competences],
        [{"requests": [it.request]} for it in items],
        ONLY_REQUESTS,
    )
    elapsed = time.perf_counter() - start
    result = {"tuning": Scores(), "held-out": Scores(), "all": Scores()}
    if fresh:
        result = {fresh: Scores()}
    for i, it in enumerate(items):
        helping = scores[i, column[it.helping]]
        others = [scores[i, column[c]] for c in it.others]
        first = all(helping > x for x in others)
        for key in (fresh,) if fresh else ("held-out" if it.held_out else "tuning", "all"):
            s = result[key]
            s.items += 1
            s.ranked_first += first
            s.tp += helping >= COVERED_FIT
            s.fn += helping < COVERED_FIT
            s.fp += sum(x >= COVERED_FIT for x in others)
        if show_misses and (not first or helping < COVERED_FIT or any(x >= COVERED_FIT for x in others)):
            best = max(it.others, key=lambda c: scores[i, column[c]])
            print(
                f"  miss{f' [{fresh}]' if fresh else ' [held-out]' if it.held_out else ''}: «{it.request}» -> «{it.helping}» {helping:.1f}; "
                f"best other «{best}» {scores[i, column[best]]:.1f}"
            )
            print(f"      {'; '.join(reasons(i, column[it.helping]))}")
    print(
        f"(a) similarity on {len(items)} labelled requests x {len(competences)} competences ({elapsed:.2f} s)"
    )
    return result


POOL_REQUESTS = [
    "хочу научиться держать дисциплину на уроке",
    "надо подтянуть физику к экзамену",
    "не разберусь с электронным дневником",
    "никак не найду подход к трудным подросткам",
    "подготовка к ОГЭ по математике",
    "не могу выбрать профессию",
    "работа с родителями",
    "хочу освоить интерактивную доску",
    "боюсь выступать перед классом",
    "как мотивировать учеников",
]


TAILS = [
    "срочно",
    "давно",
    "постоянно",
    "иногда",
    "часто",
    "сейчас",
    "весной",
    "осенью",
    "зимой",
    "вечером",
    "утром",
]


def _distinct(phrases: list[str], rng: np.random.Generator, subjects: list[str]) -> list[str]:
    """Make every phrase a different text, as free answers are: "<phrase>, <when>, <subject>, <grade> класс"."""
    return [
        f"{p}, {rng.choice(TAILS)}, {str(rng.choice(subjects)).lower()}, {rng.integers(1, 12)} класс"
        for p in phrases
    ]


def speed(n: int, m: int, reps: int, distinct: bool) -> tuple[float, float]:
    items = load_items()
    rng = np.random.default_rng(5)
    request_pool = [it.request for it in items] + POOL_REQUESTS
    competence_pool = sorted({c for it in items for c in (it.helping, *it.others)})
    subjects = ["Математика", "Физика", "Русский язык", "История", "Информатика", "Химия"]
    slots = ["пн вечер", "вт вечер", "ср день", "чт вечер", "пт день", "сб утро"]
    mentors = [
        {
            "competences": list(rng.choice(competence_pool, 5, replace=False)),  # catalogue titles
            "subjects": list(rng.choice(subjects, 2, replace=False)),
            "experience_years": int(rng.integers(3, 30)),
            "availability": list(rng.choice(slots, 3, replace=False)),
            "organization": f"Школа №{rng.integers(1, 4)}",
        }
        for _ in range(m)
    ]
    mentees = [
        {
            "requests": (_distinct if distinct else lambda p, _r, _s: p)(
                [str(x) for x in rng.choice(request_pool, 5, replace=False)], rng, subjects
            ),
            "subjects": list(rng.choice(subjects, 1)),
            "experience_years": int(rng.integers(0, 3)),
            "availability": list(rng.choice(slots, 2, replace=False)),
            "organization": f"Школа №{rng.integers(1, 4)}",
        }
        for _ in range(n)
    ]
    fit_matrix(mentors[:2], mentees[:2])  # warm up: loads the analyzer and the embeddings once per process
    times, cpu = [], []
    fit = np.zeros((n, m))
    for _ in range(reps):
        start, start_cpu = time.perf_counter(), time.process_time()
        fit, _ = fit_matrix(mentors, mentees)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    fit_time = statistics.median(times)
    texts = len({q for x in mentees for q in x["requests"]})
    kind = "every request a different text" if distinct else "requests drawn from the labelled set"
    print(
        f"(b) fit_matrix {n} mentees x {m} mentors, 5 requests and 5 competences each ({kind}, {texts} texts)"
    )
    print(
        f"    first run {times[0]:.3f} s (phrases analysed, then cached), median {fit_time:.3f} s;"
        f" CPU time of this process: first {cpu[0]:.3f} s, median {statistics.median(cpu):.3f} s"
    )
    cap = max(1, -(-n // m))
    data = {
        "mentors": [{"id": f"r{j}", "capacity": cap} for j in range(m)],
        "mentees": [{"id": f"m{i}"} for i in range(n)],
        "scores": np.round(fit, 4).tolist(),
    }
    expanded = np.repeat(np.round(fit, 4), cap, axis=1)
    ours, bare = [], []
    for _ in range(reps):
        start = time.perf_counter()
        linear_sum_assignment(expanded, maximize=True)
        bare.append(time.perf_counter() - start)
        start = time.perf_counter()
        run_instance(data, "optimal")
        ours.append(time.perf_counter() - start)
    ratio = statistics.median(ours) / statistics.median(bare)
    print(
        f"    optimal on that fit (capacity {cap}): bare solver median {statistics.median(bare):.3f} s, "
        f"run_instance median {statistics.median(ours):.3f} s, ratio {ratio:.2f}x (limit 1.50x)"
    )
    return fit_time, ratio


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small speed run (200 x 40)")
    parser.add_argument(
        "--misses",
        action="store_true",
        help="print every request the engine gets wrong (not the blind file's)",
    )
    parser.add_argument("--blind-misses", action="store_true", help="also print the blind file's errors")
    args = parser.parse_args()
    result = evaluate(load_items(), args.misses)
    for label, s in result.items():
        print(s.line(label))
    # "old-unseen": held-out + the fresh files written before the sixth pass (the fifth pass's "unseen" line, now
    # looked at); "blind": the files of BLIND only, the estimate for wording the engine was not tuned on.
    old_unseen, blind = Scores(), Scores()
    old_parts, blind_parts = [result["held-out"]], []
    for path in FRESH_PATHS:
        label = path.stem.removeprefix("similarity_")
        is_blind = label in BLIND
        misses = args.blind_misses if is_blind else args.misses
        part = evaluate(load_items(path), misses, fresh=label)[label]
        print(part.line(label))
        (blind_parts if is_blind else old_parts).append(part)
    for total, parts in ((old_unseen, old_parts), (blind, blind_parts)):
        for part in parts:
            for field in ("items", "ranked_first", "tp", "fn", "fp"):
                setattr(total, field, getattr(total, field) + getattr(part, field))
    print(old_unseen.line("old-unseen"))
    print(blind.line("blind"))
    # The target is judged on the blind part: every other item has been looked at while tuning.
    accuracy = blind.ranked_first / max(blind.items, 1)
    n, m, reps = (200, 40, 3) if args.quick else (2000, 400, 3)
    fit_time, ratio = speed(n, m, reps, distinct=False)
    fit_distinct, ratio_distinct = speed(n, m, reps, distinct=True)
    fast = args.quick or max(fit_time, fit_distinct) < 2.0
    ok = accuracy >= 0.9 and fast and max(ratio, ratio_distinct) <= 1.5
    print(
        f"targets (ranking >= 90 % on the blind part, fit < 2 s, optimal <= 1.5x): {'met' if ok else 'NOT met'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
