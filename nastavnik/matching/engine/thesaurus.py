"""Thesaurus of the methodology's topics: synonyms, broader terms, generic and filler words (shipped as data).

The format is described at the top of ``nastavnik/matching/data/thesaurus.txt``. An organization or a region adds
lines in the same format (``Thesaurus.build(extra)``); a malformed line is an ``InstanceError`` naming it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import InstanceError
from .lexical import stem
from .text import lemma, ordered_lemmas, tokens

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "thesaurus.txt"

# Credit of a link between two terms (1 is the same term).
SYNONYM_CREDIT = 0.95
BROADER_CREDIT = 0.85
# Two steps up or down ("алгебра" > "математика" > ...) or a synonym of a broader term's synonym.
INDIRECT_CREDIT = 0.7

# Kinds of link, as shown in the Russian explanation.
SYNONYM, BROADER, NARROWER = "=", "→", "←"


@dataclass(frozen=True)
class Thesaurus:
    """Relations between terms; a term is the space-joined lemmas of one or more words."""

    related: dict[str, dict[str, tuple[float, str]]]  # term -> {term: (credit, kind)}
    compounds: dict[str, tuple[str, ...]]  # first lemma -> multi-word terms starting with it, longest first
    generic: frozenset[str]
    filler: frozenset[str]
    extra: tuple[str, ...]  # the lines added to the shipped data (identity of an override)
    by_stem: dict[
        str, str
    ]  # Snowball stem -> one-word term, to find a term from a form pymorphy3 does not know

    @classmethod
    def build(cls, extra: Iterable[str] = ()) -> Thesaurus:
        """The shipped thesaurus plus ``extra`` lines (an organization's or a region's additions)."""
        extra_lines = tuple(extra)
        return _build(extra_lines)

    def links(self, term: str) -> dict[str, tuple[float, str]]:
        return self.related.get(term, {})


def shipped_thesaurus_lines() -> list[str]:
    """The shipped data file's lines without comments and blank lines, as an editor shows them."""
    lines = (raw.split("#", 1)[0].strip() for raw in DATA_FILE.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def _parse(
    lines: Sequence[str], where: str
) -> tuple[list[list[tuple[str, ...]]], list[tuple[str, str]], set[str], set[str]]:
    groups: list[list[tuple[str, ...]]] = []  # synonyms
    edges: list[tuple[str, str]] = []  # (narrower, broader)
    generic: set[str] = set()
    filler: set[str] = set()
    for number, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        head, sep, rest = line.partition(":")
        if sep and head.strip() in ("generic", "filler"):
            words = {lemma(t)[0] for t in tokens(rest)}
            (generic if head.strip() == "generic" else filler).update(words)
            continue
        if sep:
            raise InstanceError(f"{where}, строка {number}: неизвестный раздел «{head.strip()}»")
        chain = [part for part in line.split(">")]
        terms_chain: list[list[tuple[str, ...]]] = []
        for part in chain:
            terms = [ordered_lemmas(t, keep_head=True) for t in part.split("=")]
            if not all(terms):
                raise InstanceError(
                    f"{where}, строка {number}: пустой термин в «{raw.strip()}» "
                    "(ожидается «А = Б» или «А > Б»)"
                )
            terms_chain.append(terms)
            if len(terms) > 1:
                groups.append(terms)
        for lower, upper in zip(terms_chain, terms_chain[1:], strict=False):
            edges.extend((" ".join(a), " ".join(b)) for a in lower for b in upper)
        if len(terms_chain) == 1 and len(terms_chain[0]) == 1:
            raise InstanceError(
                f"{where}, строка {number}: «{raw.strip()}» не связывает термины (ожидается «А = Б» или «А > Б»)"
            )
    return groups, edges, generic, filler


def _add(related: dict[str, dict[str, tuple[float, str]]], a: str, b: str, credit: float, kind: str) -> None:
    if a == b:
        return
    current = related.setdefault(a, {}).get(b)
    if current is None or current[0] < credit:
        related[a][b] = (credit, kind)


@lru_cache(maxsize=32)
def _build(extra: tuple[str, ...]) -> Thesaurus:
    shipped = DATA_FILE.read_text(encoding="utf-8").splitlines()
    groups, edges, generic, filler = _parse(shipped, DATA_FILE.name)
    g2, e2, gen2, fil2 = _parse(extra, "дополнение тезауруса")
    groups += g2
    edges += e2
    generic |= gen2
    filler |= fil2
    # Synonym classes (union of groups sharing a term).
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for group in groups:
        keys = [" ".join(t) for t in group]
        for k in keys[1:]:
            parent[find(k)] = find(keys[0])
    classes: dict[str, list[str]] = {}
    for k in list(parent):
        classes.setdefault(find(k), []).append(k)

    def same(term: str) -> list[str]:
        return classes.get(find(term), [term]) if term in parent else [term]

    related: dict[str, dict[str, tuple[float, str]]] = {}
    for members in classes.values():
        for a in members:
            for b in members:
                _add(related, a, b, SYNONYM_CREDIT, SYNONYM)
    up: dict[str, set[str]] = {}
    for low, high in edges:
        for a in same(low):
            up.setdefault(a, set()).update(same(high))
    for a, highs in up.items():
        for b in highs:
            _add(related, a, b, BROADER_CREDIT, BROADER)
            _add(related, b, a, BROADER_CREDIT, NARROWER)
            for c in up.get(b, ()):
                _add(related, a, c, INDIRECT_CREDIT, BROADER)
                _add(related, c, a, INDIRECT_CREDIT, NARROWER)
    compounds: dict[str, list[str]] = {}
    for term in {t for t in related} | {t for links in related.values() for t in links}:
        words = term.split(" ")
        if len(words) > 1:
            compounds.setdefault(words[0], []).append(term)
    by_stem: dict[str, str] = {}
    for term in sorted(related):
        if " " not in term:
            by_stem.setdefault(stem(term), term)
    return Thesaurus(
        by_stem=by_stem,
        related=related,
        compounds={k: tuple(sorted(v, key=lambda t: -len(t.split(" ")))) for k, v in compounds.items()},
        generic=frozenset(generic),
        filler=frozenset(filler - generic),
        extra=extra,
    )
