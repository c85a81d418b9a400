"""How well a mentor's competence answers a mentee's request written in the person's own words (0-1).

A phrase becomes a list of terms: lemmas (pymorphy3) without stop words and fillers ("хочу научиться",
"помогите"), with the thesaurus's multi-word terms ("интерактивная доска") joined into one. Two terms are similar
(0-1) by the best of: the same lemma (1); a thesaurus link (synonym 0.95, broader or narrower term 0.85, two steps
0.7); the same derivational family (Snowball stems sharing a long prefix: мотивировать / мотивация, 0.8); the
cosine of their navec vectors (at most 0.6). Each term weighs by how informative it is: the navec corpus count
(frequent words weigh less) and the thesaurus's list of generic words of the field (работа, подготовка, урок).

    coverage  = min(1, Σ_request terms w · best similarity to a competence term / min(Σ w, LENGTH_CAP))
    precision = min(1, Σ_competence terms w · best similarity to a request term / min(Σ w, LENGTH_CAP))
    score     = (1 − PHRASE_SHARE) · (COVERAGE_SHARE · coverage + (1 − COVERAGE_SHARE) · precision)
                + PHRASE_SHARE · cos(phrase vectors)

A request is covered by a competence when the score is at least ``COVERED``. All pairs of phrases are computed at
once: the term similarities as one matrix (vectors as a matrix product), then per phrase pair a max over the
competence's terms and a sparse product with the request's weights.

The words of a phrase (qualifier marks, stems, derivational families, ``Term``) are read in ``lexical.py``.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator, Sequence

import numpy as np
from scipy import sparse

from .embeddings import model
from .lexical import (
    FAMILY_PREFIX,
    Term,
    derived,
    family,
    is_noun,
    known_word,
    marked_tokens,
    reads_as,
    stem,
    surface,
)
from .text import DROPPED_POS, KEPT_HEADS, STOP_WORDS, lemma
from .thesaurus import NARROWER, SYNONYM, Thesaurus

RELATED = 0.2  # below this a request and a competence are unrelated (the criterion counts 0)
COVERED = 0.4  # the competence covers the request
FULL = 0.7
COVERAGE_SHARE = 0.7
PHRASE_SHARE = 0.3  # share of the cosine of the whole phrases' vectors
FAMILY_CREDIT = 0.8
PART_CREDIT = 0.9  # a word of a multi-word term standing for the whole term
MODIFIER_CREDIT = 0.6  # an informative modifier of a multi-word term standing for the whole term
PART_MIN_WEIGHT = 0.5  # only informative words stand for their term
FAMILY_LINKS = True  # a word outside the thesaurus takes the links of a thesaurus word it is derived from
BORROW_FREQUENCY = 3.0  # ... when at most this many times as frequent as that word (see Similarity.lenders)
EMBEDDING_MAX = 0.6
EMBEDDING_FLOOR = 0.3  # cosine at which vectors start to count
EMBEDDING_FULL = 0.75  # cosine that earns EMBEDDING_MAX
# Through a thesaurus neighbour (one hop more than a direct match) vectors start to count only at this cosine: a topic
# with dozens of neighbours otherwise collects loose closeness ("устроиться" ~ "переехать" > адаптация).
NEIGHBOUR_FLOOR = 0.45
GENERIC_WEIGHT = 0.15
QUALIFIER = 0.7  # weight share of a domain qualifier ("по литературе" in "планирование по литературе")
# Informativeness from corpus frequency: log10(total / count) mapped linearly from RARE_LOW..RARE_HIGH to 0.2..1.
RARE_LOW, RARE_HIGH, MIN_WEIGHT = 3.0, 5.0, 0.2
# A long free answer tells a story around its topic: coverage is the matched weight over at most this much weight
# (about three informative words), so context words do not bury the topic; shorter phrases are unchanged.
LENGTH_CAP = 2.5
CHUNK = 256  # competences per block of the phrase-pair computation
MAX_CACHED_PHRASES = 200_000


class Similarity:
    """Phrase analysis and scoring under one thesaurus; caches what it computed (one instance per thesaurus)."""

    def __init__(self, thesaurus: Thesaurus) -> None:
        self.thesaurus = thesaurus
        self._terms: dict[str, tuple[Term, ...]] = {}
        self._weights: dict[str, float] = {}
        self._vectors: dict[str, np.ndarray] = {}  # term -> unit vector (float64), see term_vectors
        self._neighbours: dict[str, tuple[tuple[str, ...], np.ndarray]] = {}  # see neighbours
        self._family_cache: dict[str, dict[str, tuple[float, str]]] = {}  # see _family_links
        self._stems: dict[str, list[tuple[str, str]]] | None = None  # see _stem_index
        self._phrase_weights: dict[str, np.ndarray] = {}  # phrase -> normalised weights of its terms

    # --- phrases -----------------------------------------------------------------------------------

    def terms(self, phrase: str) -> tuple[Term, ...]:
        """Meaningful terms of a phrase, in order, each once."""
        cached = self._terms.get(phrase)
        if cached is not None:
            return cached
        content = []
        qualifiers: list[bool] = []
        for word, qualifier in marked_tokens(phrase):
            normal, pos = lemma(word)
            if word in KEPT_HEADS or (
                word not in STOP_WORDS and normal not in STOP_WORDS and pos not in DROPPED_POS
            ):
                content.append((word if word in KEPT_HEADS else normal, word))
                qualifiers.append(qualifier)
        out: list[Term] = []
        i = 0
        th = self.thesaurus
        while i < len(content):
            first = content[i][0]
            for compound in th.compounds.get(first, ()):
                parts = compound.split(" ")
                if tuple(lem for lem, _ in content[i : i + len(parts)]) == tuple(parts):
                    words = " ".join(w for _, w in content[i : i + len(parts)])
                    out.append(Term(compound, words, qualifiers[i]))
                    i += len(parts)
                    break
            else:
                # a head word outside a thesaurus term ("не слушаются") is a stop word
                if first not in th.filler and first not in KEPT_HEADS:
                    out.append(Term(first, content[i][1], qualifiers[i]))
                i += 1
        if all(t.qualifier for t in out):  # "по математике" alone is the whole request
            out = [Term(t.key, t.text) for t in out]
        out = [Term(t.key, surface(phrase, t.text), t.qualifier) for t in out]
        # each term once, at its first place; a head anywhere outweighs a qualifier elsewhere
        heads = {t.key for t in out if not t.qualifier}
        first_of = {t.key: t for t in reversed(out)}
        result = tuple(Term(k, first_of[k].text, k not in heads) for k in dict.fromkeys(t.key for t in out))
        if len(self._terms) >= MAX_CACHED_PHRASES:  # a long-running process meets ever new free texts
            self._terms.clear()
        self._terms[phrase] = result
        return result

    def weight(self, key: str) -> float:
        """Informativeness of a term in (0, 1]: generic words of the field and frequent words weigh less."""
        cached = self._weights.get(key)
        if cached is not None:
            return cached
        if " " in key:
            value = 1.0  # a multi-word term of the thesaurus names a topic, whatever its words
        elif key in self.thesaurus.generic or not key.isalpha():
            value = GENERIC_WEIGHT
        else:
            count = model().count(key)
            if count == 0:
                value = 1.0
            else:
                rarity = math.log10(model().total / count)
                value = min(
                    1.0,
                    max(
                        MIN_WEIGHT,
                        MIN_WEIGHT + (1 - MIN_WEIGHT) * (rarity - RARE_LOW) / (RARE_HIGH - RARE_LOW),
                    ),
                )
        self._weights[key] = value
        return value

    # --- term similarity --------------------------------------------------------------------------

    def term_matrix(self, left: Sequence[str], right: Sequence[str]) -> np.ndarray:
        """Similarity (0-1) of every term in ``left`` (rows) to every term in ``right`` (columns).

        A multi-word term also meets others through its informative words, with PART_CREDIT (a noun) or
        MODIFIER_CREDIT (a modifier): "мама" meets "работа с родителями" through "родитель".
        """
        left_ext, left_of, left_credit = self._with_parts(left)
        right_ext, right_of, right_credit = self._with_parts(right)
        sim = self._direct(left_ext, right_ext)
        if len(left_ext) > len(left):
            folded = sim[: len(left)].copy()
            np.maximum.at(folded, left_of, sim[len(left) :] * left_credit[:, None])
            sim = folded
        else:
            sim = sim[: len(left)]
        if len(right_ext) > len(right):
            folded = sim[:, : len(right)].copy()
            np.maximum.at(folded.T, right_of, sim[:, len(right) :].T * right_credit[:, None])
            sim = folded
        return sim

    def _with_parts(self, keys: Sequence[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
        """``keys`` followed by the informative words of its multi-word terms, the owner index of each word and the
        credit with which it stands for its term (a noun PART_CREDIT, a modifier MODIFIER_CREDIT)."""
        out, owners, credits = list(keys), [], []
        for i, k in enumerate(keys):
            if " " in k:
                for part in k.split(" "):
                    credit = self._part_credit(part)
                    if credit:
                        out.append(part)
                        owners.append(i)
                        credits.append(credit)
        return out, np.array(owners, dtype=np.int64), np.array(credits, dtype=np.float64)

    def _part_credit(self, word: str) -> float:
        """An informative noun of a multi-word term may stand for it ("родитель" for "работа с родителями"); an
        informative modifier only with less credit ("финансы" meets "финансовая грамотность" through "финансовый";
        "электронный" alone is only partly "электронный журнал")."""
        if self.weight(word) < PART_MIN_WEIGHT or word in self.thesaurus.filler:
            return 0.0
        return PART_CREDIT if is_noun(word) else MODIFIER_CREDIT

    def term_vectors(self, keys: Sequence[str]) -> np.ndarray:
        """Unit vectors of terms (rows), each computed once per scorer (see ``_term_vectors``)."""
        cache = self._vectors
        found: dict[str, np.ndarray] = {}
        missing: list[str] = []
        for k in dict.fromkeys(keys):
            v = cache.get(k)
            if v is None:
                missing.append(k)
            else:
                found[k] = v
        if missing:
            computed = dict(zip(missing, _term_vectors(missing, self.weight), strict=True))
            found.update(computed)
            if (
                len(cache) >= MAX_CACHED_PHRASES
            ):  # another thread may clear it too: rows are read from ``found``
                cache.clear()
            cache.update(computed)
        if not keys:
            return np.zeros((0, model().codes.shape[0] * model().codes.shape[2]), dtype=np.float64)
        return np.stack([found[k] for k in keys])

    def neighbours(self, key: str) -> tuple[tuple[str, ...], np.ndarray]:
        """Informative thesaurus neighbours of a term and the credit of each link (computed once per term)."""
        found = self._neighbours.get(key)
        if found is None:
            links = [(other, credit) for other, (credit, _) in self._links(key).items()]
            kept = [(other, credit) for other, credit in links if self.weight(other) >= PART_MIN_WEIGHT]
            found = (tuple(o for o, _ in kept), np.array([c for _, c in kept], dtype=np.float64))
            if len(self._neighbours) >= MAX_CACHED_PHRASES:
                self._neighbours.clear()
            self._neighbours[key] = found
        return found

    def _direct(self, left: Sequence[str], right: Sequence[str]) -> np.ndarray:
        n, m = len(left), len(right)
        sim = np.zeros((n, m), dtype=np.float64)
        if not n or not m:
            return sim
        left_vectors, right_vectors = self.term_vectors(left), self.term_vectors(right)
        cos = left_vectors @ right_vectors.T
        span = EMBEDDING_FULL - EMBEDDING_FLOOR
        sim = np.asarray(np.clip((cos - EMBEDDING_FLOOR) / span, 0.0, 1.0) * EMBEDDING_MAX, dtype=np.float64)
        # generic words ("работа", "урок") get no credit from closeness of vectors
        informative_l = np.array([self.weight(k) >= PART_MIN_WEIGHT for k in left])
        informative_r = np.array([self.weight(k) >= PART_MIN_WEIGHT for k in right])
        sim *= informative_l[:, None] & informative_r[None, :]
        self._through_neighbours(sim, right, left_vectors, informative_l)
        col: dict[str, list[int]] = {}
        for j, k in enumerate(right):
            col.setdefault(k, []).append(j)
        by_prefix: dict[str, list[tuple[int, str]]] = {}
        for j, k in enumerate(right):
            if " " not in k:
                s = stem(k)
                by_prefix.setdefault(s[:FAMILY_PREFIX], []).append((j, s))
        for i, k in enumerate(left):
            sim[i, col.get(k, [])] = 1.0
            links = self._links(k)
            for other in (
                links.keys() & col.keys()
            ):  # a term may have hundreds of links: only those on the right
                credit = links[other][0]
                for j in col[other]:
                    sim[i, j] = max(sim[i, j], credit)
            if " " not in k:
                s = stem(k)
                for j, t in by_prefix.get(s[:FAMILY_PREFIX], ()):
                    if family(s, t) and sim[i, j] < FAMILY_CREDIT:
                        sim[i, j] = FAMILY_CREDIT
        return sim

    def _through_neighbours(
        self,
        sim: np.ndarray,
        right: Sequence[str],
        left_vectors: np.ndarray,
        informative_l: np.ndarray,
    ) -> None:
        """Raise ``sim`` in place where a left term is close by its vector to a thesaurus neighbour of a right term:
        "кричат" meets "дисциплина" through "шуметь > дисциплина", "устаю" meets "выгорание" through "устать". The
        thesaurus names a topic's vocabulary; the vectors carry a request's own words to it. Credit: the vector
        credit of the neighbour (from NEIGHBOUR_FLOOR, stricter than a direct match) times the link's credit (so at
        most EMBEDDING_MAX · SYNONYM_CREDIT).

        A topic may have hundreds of neighbours: each distinct neighbour's vector is compared with the left terms
        once (one matrix product), and the best neighbour of each right term is a ``maximum.reduceat`` over its
        consecutive columns; only informative left rows are computed.
        """
        rows = np.flatnonzero(informative_l)
        columns: list[int] = []
        sizes: list[int] = []
        names: list[str] = []
        credits: list[np.ndarray] = []
        for j, k in enumerate(right):
            others, credit = self.neighbours(k)
            if others:
                columns.append(j)
                sizes.append(len(others))
                names.extend(others)
                credits.append(credit)
        if not columns or not rows.size:
            return
        at: dict[str, int] = {}
        index = np.array([at.setdefault(o, len(at)) for o in names], dtype=np.int64)
        span = EMBEDDING_FULL - NEIGHBOUR_FLOOR
        close = np.clip(
            (left_vectors[rows] @ self.term_vectors(list(at)).T - NEIGHBOUR_FLOOR) / span, 0.0, 1.0
        )
        close *= EMBEDDING_MAX
        through = close[:, index] * np.concatenate(credits)
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        best = np.maximum.reduceat(through, starts, axis=1)  # informative rows x right terms with neighbours
        block = np.ix_(rows, np.array(columns, dtype=np.int64))
        sim[block] = np.maximum(sim[block], best)

    def _links(self, key: str) -> dict[str, tuple[float, str]]:
        """Thesaurus links of a term, or of the thesaurus word it may be a form of (``same_word``), or, with
        FAMILY_CREDIT times their credit, of thesaurus words it is derived from ("налоговый" takes the links of
        "налог"; see ``lenders``)."""
        links = self.thesaurus.links(key)
        if links or " " in key:
            return links
        other = self.same_word(key)
        if other:
            return self.thesaurus.links(other)
        return self._family_links(key) if FAMILY_LINKS else {}

    def same_word(self, key: str) -> str | None:
        """The one-word thesaurus term with the same Snowball stem, when ``key`` may be a form of it: a form the
        dictionary does not know ("буллинга") or one it can read as that term ("школьников", first read as a
        surname). Not a different word of the same stem: семь / семья, освоить / освоиться."""
        other = self.thesaurus.by_stem.get(stem(key))
        if other and (not known_word(key) or reads_as(key, other)):
            return other
        return None

    def _family_links(self, key: str) -> dict[str, tuple[float, str]]:
        """The links a word outside the thesaurus borrows from thesaurus words of its family (``lenders``)."""
        found = self._family_cache.get(key)
        if found is None:
            found = {}
            for term in self.lenders(key):
                found.setdefault(term, (FAMILY_CREDIT, ""))
                for other, (credit, kind) in self.thesaurus.links(term).items():
                    if other != key and credit * FAMILY_CREDIT > found.get(other, (0.0, ""))[0]:
                        found[other] = (credit * FAMILY_CREDIT, kind)
            if len(self._family_cache) >= MAX_CACHED_PHRASES:
                self._family_cache.clear()
            self._family_cache[key] = found
        return found

    def lenders(self, key: str) -> list[str]:
        """One-word thesaurus terms whose links a word outside the thesaurus borrows: its ``same_word`` (all links, full
        credit) or else thesaurus words of its family (FAMILY_CREDIT times their credit). A word the dictionary does not
        know (slang, a misspelling) borrows from its Snowball family as such. A known word only from a term it is
        derived from (``lexical.derived``: олимпиадный from олимпиада, not организовать from органика nor семь from
        семья) and only when it is at most BORROW_FREQUENCY times as frequent in the corpus: a derived word is rarer
        than its base, and an everyday word (практически, профессор) does not carry a rare term's topic. An adverb
        borrows nothing this way."""
        other = self.same_word(key)
        if other:
            return [other]
        s = stem(key)
        family_terms = [
            term for t_stem, term in self._stem_index().get(s[:FAMILY_PREFIX], ()) if family(s, t_stem)
        ]
        if not known_word(key):
            return family_terms
        if (
            lemma(key)[1] == "ADVB"
        ):  # an adverb tells how, not what about: методично, категорически, предметно
            return []
        count = model().count(key)
        return [
            term
            for term in family_terms
            if derived(key, term) and count <= BORROW_FREQUENCY * max(model().count(term), 1)
        ]

    def _stem_index(self) -> dict[str, list[tuple[str, str]]]:
        """One-word thesaurus terms by the first letters of their stems (built once per scorer)."""
        if self._stems is None:
            index: dict[str, list[tuple[str, str]]] = {}
            for t_stem, term in self.thesaurus.by_stem.items():
                index.setdefault(t_stem[:FAMILY_PREFIX], []).append((t_stem, term))
            self._stems = index
        return self._stems

    def link(self, a: str, b: str) -> tuple[float, str]:
        """Similarity of two terms and the sign shown in explanations ("", "=", "→", "←", "≈")."""
        if a == b:
            return 1.0, ""
        value = float(self.term_matrix([a], [b])[0, 0])
        kind = self._links(a).get(b)
        if kind is not None and kind[0] >= value - 1e-6:
            return value, kind[1]
        return value, "≈"

    # --- phrase pairs -----------------------------------------------------------------------------

    def scores(self, requests: Sequence[str], competences: Sequence[str]) -> np.ndarray:
        """Score (0-1) of every request (rows) against every competence (columns), dense."""
        out = np.zeros((len(requests), len(competences)), dtype=np.float64)
        for q, k, value in zip(*self.covered(requests, competences, threshold=0.0), strict=True):
            out[q, k] = value
        return out

    def covered(
        self, requests: Sequence[str], competences: Sequence[str], threshold: float = COVERED
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(request index, competence index, score) of the pairs scoring at least ``threshold`` (> 0 if 0)."""
        rows, cols, vals = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)], [np.zeros(0, np.float64)]
        for start, score in self._blocks(requests, competences):
            q_idx, c_idx = np.nonzero(score >= threshold) if threshold > 0 else np.nonzero(score > 0)
            rows.append(q_idx)
            cols.append(c_idx + start)
            vals.append(score[q_idx, c_idx])
        return np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)

    def best_of_groups(
        self, requests: Sequence[str], competences: Sequence[str], groups: np.ndarray, threshold: float
    ) -> np.ndarray:
        """Best score of each request (rows) over each group of competences (columns); below ``threshold`` 0.

        ``groups`` is (groups, width) of competence indices padded with -1: a mentor's competences. Dense and
        vectorised: one maximum per block and slot, never a Python loop over pairs.
        """
        best = np.zeros(
            (len(groups), len(requests)), dtype=np.float64
        )  # group-major: row gathers are contiguous
        for start, score in self._blocks(requests, competences):
            by_competence = np.ascontiguousarray(score.T)
            stop = start + len(by_competence)
            for slot in groups.T:
                inside = np.flatnonzero((slot >= start) & (slot < stop))
                if inside.size == len(best):  # every group's slot in this block: one gather, maximum in place
                    np.maximum(best, by_competence[slot - start], out=best)
                elif inside.size:
                    best[inside] = np.maximum(best[inside], by_competence[slot[inside] - start])
        best[best < threshold] = 0.0
        return best.T

    def _blocks(
        self, requests: Sequence[str], competences: Sequence[str]
    ) -> Iterator[tuple[int, np.ndarray]]:
        """Scores of all requests against consecutive blocks of CHUNK competences: (first index, requests x block).

        Memory stays O((requests + term vocabulary) x CHUNK) whatever the number of competences.
        """
        q_terms = [self.terms(p) for p in requests]
        k_terms = [self.terms(p) for p in competences]
        q_vocab = list(dict.fromkeys(t.key for ts in q_terms for t in ts))
        k_vocab = list(dict.fromkeys(t.key for ts in k_terms for t in ts))
        if not q_vocab or not k_vocab:
            return
        sim = self.term_matrix(q_vocab, k_vocab)  # Vq x Vk
        qw = self._weight_matrix(requests, q_terms, q_vocab)  # requests x Vq, see _normalised_weights
        kw = self._weight_matrix(competences, k_terms, k_vocab)  # competences x Vk
        # Term columns of each phrase padded to one width; the pad points to an all-zero row/column.
        padded = _padded(k_terms, k_vocab)
        q_padded = _padded(q_terms, q_vocab)
        sim_pad = np.hstack([sim, np.zeros((len(q_vocab), 1))])  # Vq x (Vk + 1)
        sim_t_pad = np.hstack([sim.T, np.zeros((len(k_vocab), 1))])  # Vk x (Vq + 1)
        # precision: each competence term's best match among the request's terms (Vk x requests)
        best_for_k_term = np.zeros((len(k_vocab), len(requests)))
        for column in q_padded.T:
            np.maximum(best_for_k_term, sim_t_pad[:, column], out=best_for_k_term)
        # whole-phrase vectors: informativeness-weighted means of the term vectors
        q_vec = _unit(qw @ self.term_vectors(q_vocab))
        k_vec = _unit(kw @ self.term_vectors(k_vocab))
        for start in range(0, len(competences), CHUNK):
            block = padded[start : start + CHUNK]
            best_for_q_term = np.zeros((len(q_vocab), len(block)))  # Vq x block
            for column in block.T:
                np.maximum(best_for_q_term, sim_pad[:, column], out=best_for_q_term)
            coverage = np.minimum(np.asarray(qw @ best_for_q_term), 1.0)  # requests x block
            precision = np.minimum(np.asarray(kw[start : start + CHUNK] @ best_for_k_term).T, 1.0)
            score = COVERAGE_SHARE * coverage + (1 - COVERAGE_SHARE) * precision
            phrase_cos = np.clip(q_vec @ k_vec[start : start + CHUNK].T, 0.0, 1.0)
            yield start, (1 - PHRASE_SHARE) * score + PHRASE_SHARE * phrase_cos

    def _weight_matrix(
        self, phrases: Sequence[str], phrase_terms: list[tuple[Term, ...]], vocab: list[str]
    ) -> sparse.csr_matrix:
        """(phrases x vocab) normalised term weights; each phrase's weights are computed once per scorer."""
        index = {k: j for j, k in enumerate(vocab)}
        cols = np.fromiter((index[t.key] for ts in phrase_terms for t in ts), dtype=np.int64)
        vals = np.concatenate(
            [self._normalised_weights(p, ts) for p, ts in zip(phrases, phrase_terms, strict=True)]
            or [np.zeros(0)]
        )
        indptr = np.zeros(len(phrase_terms) + 1, dtype=np.int64)
        np.cumsum([len(ts) for ts in phrase_terms], out=indptr[1:])
        return sparse.csr_matrix((vals, cols, indptr), shape=(len(phrase_terms), len(vocab)))

    def _normalised_weights(self, phrase: str, terms: tuple[Term, ...]) -> np.ndarray:
        """Term weights over their sum, or over LENGTH_CAP when the sum is larger (a long free answer): its topic
        words then count as much as in a short request, whatever story surrounds them."""
        found = self._phrase_weights.get(phrase)
        if found is None:
            ws = [self.weight(t.key) * (QUALIFIER if t.qualifier else 1.0) for t in terms]
            total = sum(ws) or 1.0
            if LENGTH_CAP:
                total = min(total, LENGTH_CAP)
            found = np.array([w / total for w in ws], dtype=np.float64)
            if len(self._phrase_weights) >= MAX_CACHED_PHRASES:
                self._phrase_weights.clear()
            self._phrase_weights[phrase] = found
        return found

    # --- explanation ------------------------------------------------------------------------------

    def explain(self, request: str, competence: str) -> str:
        """Which words of the request met which of the competence when they are not the same words.

        E.g. "ОГЭ → ГИА" (a kind of), "ученик = обучающийся" (thesaurus synonym), "мотивировать ≈ мотивация"
        (same family or close vectors). Empty when every matched term is the same lemma.
        """
        q_terms, k_terms = self.terms(request), self.terms(competence)
        if not q_terms or not k_terms:
            return ""
        sim = self.term_matrix([t.key for t in q_terms], [t.key for t in k_terms])
        links = []
        for i, qt in enumerate(q_terms):
            j = int(sim[i].argmax())
            if sim[i, j] < COVERED or qt.key == k_terms[j].key:
                continue
            _, kind = self.link(qt.key, k_terms[j].key)
            sign = {SYNONYM: "=", NARROWER: "←"}.get(kind, kind or "≈")
            links.append(f"{qt.text} {sign} {k_terms[j].text}")
        return ", ".join(dict.fromkeys(links))


def _padded(phrase_terms: list[tuple[Term, ...]], vocab: list[str]) -> np.ndarray:
    """(phrases, width) vocabulary indices of each phrase's terms, padded with len(vocab)."""
    index = {k: j for j, k in enumerate(vocab)}
    width = max((len(ts) for ts in phrase_terms), default=0) or 1
    out = np.full((len(phrase_terms), width), len(vocab), dtype=np.int64)
    for r, ts in enumerate(phrase_terms):
        out[r, : len(ts)] = [index[t.key] for t in ts]
    return out


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.asarray(vectors / np.maximum(norms, 1e-12), dtype=np.float64)


def _term_vectors(keys: list[str], weight: Callable[[str], float]) -> np.ndarray:
    """Unit vectors of terms; a multi-word term is the mean of its informative words. Unknown words are zero rows."""

    def parts(key: str) -> list[str]:
        words = key.split(" ")
        informative = [w for w in words if weight(w) >= PART_MIN_WEIGHT]
        return informative or words

    words = sorted({w for k in keys for w in parts(k)})
    vectors, _ = model().vectors(words)
    at = {w: i for i, w in enumerate(words)}
    out = np.zeros((len(keys), vectors.shape[1]), dtype=np.float64)
    for r, k in enumerate(keys):
        rows = [at[w] for w in parts(k)]
        v = vectors[rows].mean(axis=0)
        norm = float(np.linalg.norm(v))
        if norm > 0:
            out[r] = v / norm
    return out


_instances: dict[tuple[str, ...], Similarity] = {}
_instances_lock = threading.Lock()


def similarity(extra: Sequence[str] = ()) -> Similarity:
    """The shared scorer for the shipped thesaurus plus ``extra`` lines (one per distinct override)."""
    key = tuple(extra)
    found = _instances.get(key)
    if found is None:
        with _instances_lock:
            found = _instances.get(key)
            if found is None:
                if len(_instances) > 64:
                    _instances.clear()
                found = _instances[key] = Similarity(Thesaurus.build(key))
    return found
