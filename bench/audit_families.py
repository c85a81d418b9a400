"""Audit of borrowed family links: which everyday words reach which topic only through the links of a thesaurus word
of their family (issue 15, eighth pass).

Run: DEBUG=1 .venv/bin/python bench/audit_families.py [--top 60000] [--rule new|old|both] [--list]

A word in no thesaurus line borrows the links of thesaurus words of its family (``Similarity.lenders``). Over the
``--top`` most frequent words of navec's corpus (the model the engine already ships; lemmatised, each lemma once, words
in a thesaurus line left out), the script scores each borrowing word alone as a request against every competence of
``bench/data/competences.tsv`` twice: with its borrowed links and with none. A competence covered (score ≥ COVERED)
only with them is a topic the word reaches through a borrowed link. It prints, most frequent word first,
``word ← lender(s) → topics`` for the engine's rule ("new") and for the rule before the eighth pass ("old": the same
Snowball stem as a thesaurus word, else any thesaurus word whose stem shares ≥ 6 letters and all but 2 of the
shorter), and the counts of borrowing words, (word, lender) pairs and (word, topic) links of each.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nastavnik.matching.engine.embeddings import model  # noqa: E402
from nastavnik.matching.engine.lexical import FAMILY_PREFIX, family, stem  # noqa: E402
from nastavnik.matching.engine.similarity import COVERED, Similarity  # noqa: E402
from nastavnik.matching.engine.text import lemma  # noqa: E402
from nastavnik.matching.engine.thesaurus import Thesaurus  # noqa: E402

COMPETENCES = Path(__file__).resolve().parent / "data" / "competences.tsv"
# False links named in issue 15 and in the seventh pass: the new rule should lend nothing to these words.
KNOWN_FALSE = (
    "организовать",
    "организация",
    "специальный",
    "специально",
    "информация",
    "освоить",
    "семь",
    "производитель",
    "поставка",
    "поэтому",
    "вероятно",
    "интеграция",
)


class OldRule(Similarity):
    """The borrowing rule before the eighth pass: any thesaurus word of the same Snowball stem, else of the family."""

    def same_word(self, key: str) -> str | None:
        return self.thesaurus.by_stem.get(stem(key))

    def lenders(self, key: str) -> list[str]:
        other = self.same_word(key)
        if other:
            return [other]
        s = stem(key)
        return [term for t_stem, term in self._stem_index().get(s[:FAMILY_PREFIX], ()) if family(s, t_stem)]


class NoBorrowing(Similarity):
    """Only the word's own thesaurus lines."""

    def _links(self, key: str) -> dict[str, tuple[float, str]]:
        return self.thesaurus.links(key)

    def lenders(self, key: str) -> list[str]:
        return []


def frequent_lemmas(top: int, thesaurus: Thesaurus) -> list[str]:
    """Lemmas of the ``top`` most frequent navec words, most frequent first, each once, outside every thesaurus line."""
    m = model()
    words = [""] * len(m.ids)
    for word, i in m.ids.items():
        words[i] = word
    out: dict[str, None] = {}
    for i in np.argsort(-m.counts, kind="stable")[:top]:
        word = words[i]
        if not word.isalpha():
            continue
        normal = lemma(word)[0]
        if not thesaurus.links(normal):
            out.setdefault(normal, None)
    return list(out)


def borrowed_topics(
    rule: Similarity, plain: Similarity, words: list[str], topics: list[str]
) -> dict[str, list[str]]:
    """Topics each word covers with the rule's borrowed links and not without them."""
    if not words:
        return {}
    with_links = rule.scores(words, topics) >= COVERED
    without = plain.scores(words, topics) >= COVERED
    reached = with_links & ~without
    return {w: [topics[j] for j in np.flatnonzero(reached[i])] for i, w in enumerate(words)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--top", type=int, default=60_000, help="how many of navec's most frequent words")
    parser.add_argument("--rule", choices=("new", "old", "both"), default="both")
    parser.add_argument(
        "--list", action="store_true", help="list every borrowing word, also those reaching no topic"
    )
    args = parser.parse_args()
    thesaurus = Thesaurus.build()
    topics = list(
        dict.fromkeys(
            line.split("\t")[1] for line in COMPETENCES.read_text(encoding="utf-8").splitlines() if line
        )
    )
    lemmas = frequent_lemmas(args.top, thesaurus)
    plain = NoBorrowing(thesaurus)
    rules = {"old": OldRule(thesaurus), "new": Similarity(thesaurus)}
    names = ["old", "new"] if args.rule == "both" else [args.rule]
    print(f"{len(lemmas)} lemmas outside the thesaurus among the {args.top} most frequent navec words")
    print(f"{len(topics)} topics (competence titles of {COMPETENCES.name})")
    summary = []
    for name in names:
        rule = rules[name]
        lenders = {w: rule.lenders(w) for w in lemmas}
        borrowing = [w for w in lemmas if lenders[w]]
        reached = borrowed_topics(rule, plain, borrowing, topics)
        links = sum(len(v) for v in reached.values())
        reaching = [w for w in borrowing if reached[w]]
        print(
            f"\n== {name} rule: {len(borrowing)} borrowing words, {sum(map(len, lenders.values()))} (word, lender)"
        )
        print(f"   pairs; {len(reaching)} words reach {links} (word, topic) links through them")
        for w in borrowing if args.list else reaching:
            print(f"   {w} ← {', '.join(lenders[w])} → {'; '.join(reached[w]) or '-'}")
        still = [w for w in KNOWN_FALSE if rule.lenders(w)]
        print(f"   known false borrowers still lending: {', '.join(still) or 'none'}")
        summary.append((name, len(borrowing), len(reaching), links))
    print()
    for name, borrowing, reaching, links in summary:
        print(f"{name}: {borrowing} borrowing words, {reaching} reach a topic, {links} (word, topic) links")


if __name__ == "__main__":
    main()
