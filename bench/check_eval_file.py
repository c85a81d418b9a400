"""Check a hand-written evaluation file for request-aware matching before it is committed.

Each non-comment line must be: form <TAB> request <TAB> helping competence <TAB> three distractors joined by " | ".
Every competence must be an exact name of that form in the competence list (a TSV: form <TAB> name), the helping
competence must not be among the distractors, and no request may repeat. It prints the number of items per form and
how many requests share a word stem with their helping competence (the brief asks for about half without).

Usage: python bench/check_eval_file.py bench/data/similarity_fresh2.tsv [--competences bench/data/competences.tsv]
(competences.tsv: every competence named in the labelled files, form <TAB> name)
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

WORD = re.compile(r"[a-zа-яё0-9]+", re.IGNORECASE)


def load_competences(path: Path) -> dict[str, set[str]]:
    names: dict[str, set[str]] = defaultdict(set)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            form, name = line.split("\t")
            names[form].add(name)
    return names


def stems(text: str) -> set[str]:
    """Crude stems (first five letters of words of four letters or more), enough to spot shared key words."""
    return {w.lower().replace("ё", "е")[:5] for w in WORD.findall(text) if len(w) >= 4}


def check(path: Path, competences: dict[str, set[str]]) -> list[str]:
    errors: list[str] = []
    seen: set[str] = set()
    per_form: Counter[str] = Counter()
    overlapping: Counter[str] = Counter()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4:
            errors.append(f"line {number}: {len(fields)} fields, expected 4")
            continue
        form, request, helping, distractor_field = fields
        distractors = distractor_field.split(" | ")
        if form not in competences:
            errors.append(f"line {number}: unknown form {form!r}")
            continue
        if len(distractors) != 3 or len(set(distractors)) != 3:
            errors.append(f"line {number}: expected 3 different distractors, got {distractors!r}")
        for name in [helping, *distractors]:
            if name not in competences[form]:
                errors.append(f"line {number}: {name!r} is not a competence of form {form!r}")
        if helping in distractors:
            errors.append(f"line {number}: the helping competence is also a distractor")
        key = " ".join(request.lower().split())
        if key in seen:
            errors.append(f"line {number}: duplicate request")
        seen.add(key)
        if request != request.strip() or not request:
            errors.append(f"line {number}: empty request or stray spaces")
        per_form[form] += 1
        if stems(request) & stems(helping):
            overlapping[form] += 1
    for form in sorted(per_form):
        print(
            f"{form}: {per_form[form]} items, {overlapping[form]} share a word stem with the helping competence"
        )
    print(f"total: {sum(per_form.values())} items, {sum(overlapping.values())} with a shared stem")
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument(
        "--competences", type=Path, default=Path(__file__).resolve().parent / "data" / "competences.tsv"
    )
    args = parser.parse_args()
    errors = check(args.path, load_competences(args.competences))
    for error in errors:
        print(error, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
