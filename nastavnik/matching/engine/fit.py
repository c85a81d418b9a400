"""Fit of a mentor and a mentee (0-100): weighted criteria with Russian reasons, per pair and as a matrix."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import sparse

from .errors import InstanceError
from .features import MenteeFeatures, MentorFeatures, as_mentee, as_mentor
from .similarity import COVERED, FULL, RELATED, Similarity, similarity
from .text import gender_key, plain_key, plural, tag_key

# Score of a criterion when one side says nothing about it: unknown is better than a known mismatch
# and worse than a known match.
NEUTRAL = 0.5
# Credit for mentor and mentee from partner organisations (same organisation gets 1).
PARTNER_CREDIT = 0.75
# Experience gap (years) at which the experience criterion is fully satisfied.
EXPERIENCE_FULL_GAP = 5.0
# Common availability slots that fully satisfy the availability criterion.
AVAILABILITY_SLOTS = 2

CRITERIA: tuple[str, ...] = (
    "requests",
    "subjects",
    "levels",
    "experience",
    "form",
    "role_model",
    "availability",
    "organization",
    "preferences",
)


@dataclass(frozen=True)
class FitWeights:
    """Relative importance of each criterion; the curator tunes them. Only ratios matter."""

    requests: float = 35.0
    subjects: float = 15.0
    levels: float = 5.0
    experience: float = 10.0
    form: float = 10.0
    role_model: float = 5.0
    availability: float = 10.0
    organization: float = 5.0
    preferences: float = 5.0

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise InstanceError(f"вес «{name}» должен быть числом")
            if value < 0:
                raise InstanceError(f"вес «{name}» не может быть отрицательным: {value}")
        if self.total <= 0:
            raise InstanceError("хотя бы один вес критерия должен быть положительным")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> FitWeights:
        """Defaults for missing criteria; unknown names are an error (a typo would silently do nothing)."""
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            raise InstanceError("«weights» должен быть объектом {критерий: вес}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(str(k) for k in data if k not in known)
        if unknown:
            raise InstanceError(
                f"неизвестный критерий веса {', '.join(f'«{k}»' for k in unknown)}; "
                f"допустимы: {', '.join(CRITERIA)}"
            )
        return cls(**data)

    @property
    def total(self) -> float:
        return float(sum(getattr(self, name) for name in CRITERIA))


def as_weights(weights: FitWeights | Mapping[str, Any] | None) -> FitWeights:
    """Accept the dataclass, a dict of overrides or None (defaults)."""
    return weights if isinstance(weights, FitWeights) else FitWeights.from_mapping(weights)


# --- normalised records -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A participant reduced to comparison keys; built once per participant, not per pair."""

    phrases: tuple[
        tuple[str, str], ...
    ]  # requests or competences with a topic: (original text, display text)
    subjects: dict[str, str]  # key -> text as written
    levels: dict[str, str]
    forms: dict[str, str]
    roles: dict[str, str]
    availability: dict[str, str]
    experience: float | None
    organization: tuple[str, str] | None  # (key, text)
    values: dict[str, str]  # attribute -> normalised value, "gender" included
    preferences: dict[str, tuple[frozenset[str], str]]  # attribute -> (allowed keys, text)


@lru_cache(maxsize=100_000)
def _display(text: str) -> str:
    """Text as written, but "Математика" -> "математика" inside a sentence; "ИКТ" stays."""
    text = " ".join(text.split())
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _tags(items: Iterable[str], key: Callable[[str], str]) -> dict[str, str]:
    result: dict[str, str] = {}
    for item in items:
        k = key(item)
        if k:
            result.setdefault(k, _display(item))
    return result


def _phrases(items: Iterable[str], sim: Similarity) -> tuple[tuple[str, str], ...]:
    """Phrases that name a topic; "хочу научиться" alone says nothing and is left out."""
    return tuple((item, _display(item)) for item in items if sim.terms(item))


def _value_key(attribute: str, value: str) -> str:
    return gender_key(value) if attribute == "gender" else plain_key(value)


def _prefs(preferences: Mapping[str, Sequence[str]]) -> dict[str, tuple[frozenset[str], str]]:
    return {
        attr: (frozenset(_value_key(attr, v) for v in values), " или ".join(v.strip() for v in values))
        for attr, values in preferences.items()
    }


def _values(attributes: Mapping[str, str], gender: str | None) -> dict[str, str]:
    values = {attr: _value_key(attr, v) for attr, v in attributes.items()}
    if gender is not None:
        values["gender"] = gender_key(gender)
    return values


def _organization(org: str | None) -> tuple[str, str] | None:
    if org is None or not plain_key(org):
        return None
    return plain_key(org), org.strip()


def prepare_mentor(mentor: MentorFeatures, sim: Similarity) -> _Prepared:
    return _Prepared(
        phrases=_phrases(mentor.competences, sim),
        subjects=_tags(mentor.subjects, tag_key),
        levels=_tags(mentor.levels, tag_key),
        forms=_tags(mentor.forms, tag_key),
        roles=_tags(mentor.role_models, tag_key),
        availability=_tags(mentor.availability, plain_key),
        experience=mentor.experience_years,
        organization=_organization(mentor.organization),
        values=_values(mentor.attributes, mentor.gender),
        preferences=_prefs(mentor.preferences),
    )


def prepare_mentee(mentee: MenteeFeatures, sim: Similarity) -> _Prepared:
    preferences = dict(mentee.preferences)
    if mentee.preferred_gender is not None:
        preferences["gender"] = (mentee.preferred_gender,)
    return _Prepared(
        phrases=_phrases(mentee.requests, sim),
        subjects=_tags(mentee.subjects, tag_key),
        levels=_tags(mentee.levels, tag_key),
        forms=_tags([mentee.form] if mentee.form else [], tag_key),
        roles=_tags([mentee.role_model] if mentee.role_model else [], tag_key),
        availability=_tags(mentee.availability, plain_key),
        experience=mentee.experience_years,
        organization=_organization(mentee.organization),
        values=_values(mentee.attributes, mentee.gender),
        preferences=_prefs(preferences),
    )


def _partner_set(partners: Iterable[Sequence[str]]) -> frozenset[frozenset[str]]:
    result = set()
    for pair in partners:
        if isinstance(pair, str) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise InstanceError("«partners» должен быть списком пар названий организаций [«A», «B»]")
        if not all(isinstance(x, str) for x in pair):
            raise InstanceError("«partners» должен быть списком пар названий организаций [«A», «B»]")
        result.add(frozenset(plain_key(x) for x in pair))
    return frozenset(result)


# --- scalar criteria: (value or None for "unknown", reason or None) ------------------------------

Criterion = tuple[float | None, str | None]


def _join(items: Iterable[str]) -> str:
    return ", ".join(dict.fromkeys(items))


def _number(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:.1f}".replace(".", ",")


def _c_requests(mentor: _Prepared, mentee: _Prepared, sim: Similarity) -> Criterion:
    if not mentee.phrases or not mentor.phrases:
        return None, None
    scores = sim.scores([q for q, _ in mentee.phrases], [k for k, _ in mentor.phrases])
    total = 0.0
    full: list[str] = []
    partial: list[str] = []
    weak: list[str] = []
    missed: list[str] = []
    for i, (request, request_text) in enumerate(mentee.phrases):
        j = int(scores[i].argmax())
        best = float(scores[i, j])
        if best >= RELATED:
            total += best
            competence, competence_text = mentor.phrases[j]
            links = sim.explain(request, competence)
            same = not links and set(t.key for t in sim.terms(request)) == set(
                t.key for t in sim.terms(competence)
            )
            text = competence_text if same else f"{request_text} ≈ {competence_text}"
            if links:
                text = f"{text} ({links})"
            (full if best >= FULL else partial if best >= COVERED else weak).append(text)
        else:
            missed.append(request_text)
    if not full and not partial and not weak:
        return 0.0, "запросы не покрыты компетенциями наставника"
    reasons = []
    if full:
        reasons.append(f"совпадают запросы: {_join(full)}")
    if partial:
        reasons.append(f"частично совпадают запросы: {_join(partial)}")
    if weak:
        reasons.append(f"отдалённо связаны запросы: {_join(weak)}")
    if missed:
        reasons.append(f"не покрыты запросы: {_join(missed)}")
    return total / len(mentee.phrases), "; ".join(reasons)


def _coverage(mentor_tags: dict[str, str], mentee_tags: dict[str, str]) -> tuple[float | None, list[str]]:
    if not mentor_tags or not mentee_tags:
        return None, []
    common = [mentor_tags[k] for k in mentee_tags if k in mentor_tags]
    return len(common) / len(mentee_tags), common


def _c_subjects(mentor: _Prepared, mentee: _Prepared) -> Criterion:
    value, common = _coverage(mentor.subjects, mentee.subjects)
    if value is None:
        return None, None
    if not common:
        return value, "нет общих предметов"
    return value, f"{'общий предмет' if len(common) == 1 else 'общие предметы'}: {_join(common)}"


def _c_levels(mentor: _Prepared, mentee: _Prepared) -> Criterion:
    value, common = _coverage(mentor.levels, mentee.levels)
    if value is None:
        return None, None
    if not common:
        return value, "нет общего уровня обучения"
    return value, f"{'общий уровень' if len(common) == 1 else 'общие уровни'}: {_join(common)}"


def _c_form(mentor: _Prepared, mentee: _Prepared) -> Criterion:
    value, common = _coverage(mentor.forms, mentee.forms)
    if value is None:
        return None, None
    return (
        value,
        f"подходит форма наставничества: {common[0]}" if common else "форма наставничества не совпадает",
    )


def _c_role_model(mentor: _Prepared, mentee: _Prepared) -> Criterion:
    value, common = _coverage(mentor.roles, mentee.roles)
    if value is None:
        return None, None
    return value, f"подходит ролевая модель: {common[0]}" if common else "ролевая модель не совпадает"


def _c_experience(mentor: _Prepared, mentee: _Prepared) -> Criterion:
    if mentor.experience is None or mentee.experience is None:
        return None, None
    gap = mentor.experience - mentee.experience
    value = min(max(gap / EXPERIENCE_FULL_GAP, 0.0), 1.0)
    if gap <= 0:
        return value, "опыт наставника не больше опыта наставляемого"
    return value, f"опыт наставника больше на {_number(gap)} {plural(gap, 'год', 'года', 'лет')}"


def _c_availability(mentor: _Prepared, mentee: _Prepared) -> Criterion:
    if not mentor.availability or not mentee.availability:
        return None, None
    common = [mentee.availability[k] for k in mentee.availability if k in mentor.availability]
    need = min(AVAILABILITY_SLOTS, len(mentee.availability), len(mentor.availability))
    value = min(len(common) / need, 1.0)
    return value, f"общее время: {_join(common)}" if common else "нет общего свободного времени"


def _c_organization(mentor: _Prepared, mentee: _Prepared, partners: frozenset[frozenset[str]]) -> Criterion:
    if mentor.organization is None or mentee.organization is None:
        return None, None
    (a, a_text), (b, b_text) = mentor.organization, mentee.organization
    if a == b:
        return 1.0, f"одна организация: {a_text}"
    if frozenset((a, b)) in partners:
        return PARTNER_CREDIT, f"организации-партнёры: {a_text} и {b_text}"
    return 0.0, "разные организации"


_PREF_LABELS = {("mentee", "gender"): "пол наставника", ("mentor", "gender"): "пол наставляемого"}


def _c_preferences(mentor: _Prepared, mentee: _Prepared) -> Criterion:
    total, count = 0.0, 0
    met, unmet = [], []
    for side, owner, target in (("mentee", mentee, mentor), ("mentor", mentor, mentee)):
        for attr, (allowed, text) in owner.preferences.items():
            label = f"{_PREF_LABELS.get((side, attr), attr)} — {text}"
            if side == "mentor":
                label = f"{label} (пожелание наставника)"
            count += 1
            value = target.values.get(attr)
            if value is None:
                total += NEUTRAL
            elif value in allowed:
                total += 1.0
                met.append(label)
            else:
                unmet.append(label)
    if count == 0:
        return 1.0, None
    reasons = []
    if met:
        reasons.append(f"учтены пожелания: {'; '.join(met)}")
    if unmet:
        reasons.append(f"не учтены пожелания: {'; '.join(unmet)}")
    return total / count, "; ".join(reasons) or None


def _evaluate(
    mentor: _Prepared,
    mentee: _Prepared,
    weights: FitWeights,
    partners: frozenset[frozenset[str]],
    sim: Similarity,
) -> tuple[float, list[str]]:
    results: dict[str, Criterion] = {
        "requests": _c_requests(mentor, mentee, sim),
        "subjects": _c_subjects(mentor, mentee),
        "levels": _c_levels(mentor, mentee),
        "experience": _c_experience(mentor, mentee),
        "form": _c_form(mentor, mentee),
        "role_model": _c_role_model(mentor, mentee),
        "availability": _c_availability(mentor, mentee),
        "organization": _c_organization(mentor, mentee, partners),
        "preferences": _c_preferences(mentor, mentee),
    }
    acc = 0.0
    reasons = []
    for name in CRITERIA:
        weight = getattr(weights, name)
        if weight == 0:
            continue
        value, reason = results[name]
        acc += weight * (NEUTRAL if value is None else value)
        if reason:
            reasons.append(reason)
    return acc * 100.0 / weights.total, reasons


def compute_fit(
    mentor: MentorFeatures | Mapping[str, Any],
    mentee: MenteeFeatures | Mapping[str, Any],
    weights: FitWeights | Mapping[str, Any] | None = None,
    *,
    partners: Iterable[Sequence[str]] = (),
    thesaurus: Sequence[str] = (),
) -> tuple[float, list[str]]:
    """Fit 0-100 of one pair and its reasons in Russian (join them with "; " for one line).

    ``thesaurus`` holds extra lines for the thesaurus of topics (an organization's or a region's additions).
    Hard rules (consent, same person) are not part of fit: see ``hard_rule_violation``.
    """
    sim = similarity(thesaurus)
    return _evaluate(
        prepare_mentor(as_mentor(mentor), sim),
        prepare_mentee(as_mentee(mentee), sim),
        as_weights(weights),
        _partner_set(partners),
        sim,
    )


# --- vectorised criteria: the same numbers for all pairs at once --------------------------------


def _incidence(sets: Sequence[Iterable[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
    rows, cols = [], []
    for i, items in enumerate(sets):
        for item in items:
            rows.append(i)
            cols.append(vocab.setdefault(item, len(vocab)))
    data = np.ones(len(rows), dtype=np.float64)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(sets), max(len(vocab), 1)))


def _common_counts(mentee_sets: Sequence[Iterable[str]], mentor_sets: Sequence[Iterable[str]]) -> np.ndarray:
    vocab: dict[str, int] = {}
    e = _incidence(mentee_sets, vocab)
    r = _incidence(mentor_sets, vocab)
    e.resize((e.shape[0], max(len(vocab), 1)))
    r.resize((r.shape[0], max(len(vocab), 1)))
    return np.asarray((e @ r.T).toarray())


def _sizes(sets: Sequence[Any]) -> np.ndarray:
    return np.fromiter((len(s) for s in sets), dtype=np.float64, count=len(sets))


def _neutral_where_empty(value: np.ndarray, mentee_sizes: np.ndarray, mentor_sizes: np.ndarray) -> np.ndarray:
    unknown = (mentee_sizes == 0)[:, None] | (mentor_sizes == 0)[None, :]
    return np.where(unknown, NEUTRAL, value)


def _m_coverage(mentors: list[dict[str, str]], mentees: list[dict[str, str]]) -> np.ndarray:
    common = _common_counts(mentees, mentors)
    e, r = _sizes(mentees), _sizes(mentors)
    return _neutral_where_empty(common / np.maximum(e, 1.0)[:, None], e, r)


def _m_availability(mentors: list[_Prepared], mentees: list[_Prepared]) -> np.ndarray:
    ma = [p.availability for p in mentors]
    ea = [p.availability for p in mentees]
    common = _common_counts(ea, ma)
    e, r = _sizes(ea), _sizes(ma)
    need = np.minimum(np.minimum(e, AVAILABILITY_SLOTS)[:, None], r[None, :])
    value = np.minimum(common / np.maximum(need, 1.0), 1.0)
    return _neutral_where_empty(value, e, r)


def _m_experience(mentors: list[_Prepared], mentees: list[_Prepared]) -> np.ndarray:
    r = np.array([np.nan if p.experience is None else p.experience for p in mentors], dtype=np.float64)
    e = np.array([np.nan if p.experience is None else p.experience for p in mentees], dtype=np.float64)
    value = np.clip((r[None, :] - e[:, None]) / EXPERIENCE_FULL_GAP, 0.0, 1.0)
    return np.where(np.isnan(value), NEUTRAL, value)


def _m_organization(
    mentors: list[_Prepared], mentees: list[_Prepared], partners: frozenset[frozenset[str]]
) -> np.ndarray:
    vocab: dict[str, int] = {}

    def codes(people: list[_Prepared]) -> np.ndarray:
        return np.array(
            [
                -1 if p.organization is None else vocab.setdefault(p.organization[0], len(vocab))
                for p in people
            ],
            dtype=np.int64,
        )

    r, e = codes(mentors), codes(mentees)
    size = max(len(vocab), 1)
    table = np.eye(size)
    for pair in partners:
        a, b = (tuple(pair) * 2)[:2]
        if a in vocab and b in vocab and a != b:
            table[vocab[a], vocab[b]] = table[vocab[b], vocab[a]] = PARTNER_CREDIT
    value = table[np.maximum(e, 0)[:, None], np.maximum(r, 0)[None, :]]
    unknown = (e < 0)[:, None] | (r < 0)[None, :]
    return np.where(unknown, NEUTRAL, value)


def _m_preferences(mentors: list[_Prepared], mentees: list[_Prepared]) -> np.ndarray:
    n, m = len(mentees), len(mentors)
    total = np.zeros((n, m))
    count = np.zeros((n, m))
    for owners, targets, transpose in ((mentees, mentors, False), (mentors, mentees, True)):
        attributes = sorted({a for p in owners for a in p.preferences})
        for attr in attributes:
            vocab: dict[str, int] = {}
            allowed = _incidence(
                [p.preferences[attr][0] if attr in p.preferences else () for p in owners], vocab
            )
            target_codes = np.array([vocab.get(p.values.get(attr, ""), -1) for p in targets], dtype=np.int64)
            known = np.array([attr in p.values for p in targets])
            stated = np.array([attr in p.preferences for p in owners], dtype=np.float64)
            dense = allowed.toarray()
            hit = np.where(target_codes[None, :] >= 0, dense[:, np.maximum(target_codes, 0)], 0.0)
            credit = np.where(known[None, :], hit, NEUTRAL) * stated[:, None]
            cnt = np.broadcast_to(stated[:, None], credit.shape)
            if transpose:
                credit, cnt = credit.T, cnt.T
            total += credit
            count += cnt
    return np.where(count > 0, total / np.maximum(count, 1.0), 1.0)


def _m_requests(mentors: list[_Prepared], mentees: list[_Prepared], sim: Similarity) -> np.ndarray:
    n, m = len(mentees), len(mentors)
    request_ids: dict[str, int] = {}
    competence_ids: dict[str, int] = {}
    a_rows, a_cols, a_vals = [], [], []
    for i, p in enumerate(mentees):
        for text, _ in p.phrases:
            a_rows.append(i)
            a_cols.append(request_ids.setdefault(text, len(request_ids)))
            a_vals.append(1.0 / len(p.phrases))
    # each mentor's competences as a row of competence indices, padded with -1
    groups = np.full((m, max((len(p.phrases) for p in mentors), default=0)), -1, dtype=np.int64)
    for r, p in enumerate(mentors):
        for slot, (text, _) in enumerate(p.phrases):
            groups[r, slot] = competence_ids.setdefault(text, len(competence_ids))
    e_sizes = _sizes([p.phrases for p in mentees])
    r_sizes = _sizes([p.phrases for p in mentors])
    if not request_ids or not competence_ids:
        return _neutral_where_empty(np.zeros((n, m)), e_sizes, r_sizes)
    best = sim.best_of_groups(list(request_ids), list(competence_ids), groups, RELATED)
    mean = sparse.csr_matrix((a_vals, (a_rows, a_cols)), shape=(n, len(request_ids))) @ best
    return _neutral_where_empty(np.asarray(mean), e_sizes, r_sizes)


class FitReasons:
    """Reasons of any pair of a fit matrix, computed on demand: building them for every pair is wasteful."""

    def __init__(
        self,
        mentors: list[_Prepared],
        mentees: list[_Prepared],
        weights: FitWeights,
        partners: frozenset[frozenset[str]],
        sim: Similarity,
    ) -> None:
        self._mentors, self._mentees = mentors, mentees
        self._weights, self._partners, self._sim = weights, partners, sim
        self._cache: dict[tuple[int, int], list[str]] = {}

    def __call__(self, mentee: int, mentor: int) -> list[str]:
        """Reasons for the pair at row ``mentee`` and column ``mentor`` of the matrix."""
        key = (mentee, mentor)
        if key not in self._cache:
            self._cache[key] = _evaluate(
                self._mentors[mentor], self._mentees[mentee], self._weights, self._partners, self._sim
            )[1]
        return list(self._cache[key])


def fit_matrix(
    mentors: Sequence[MentorFeatures | Mapping[str, Any]],
    mentees: Sequence[MenteeFeatures | Mapping[str, Any]],
    weights: FitWeights | Mapping[str, Any] | None = None,
    *,
    partners: Iterable[Sequence[str]] = (),
    thesaurus: Sequence[str] = (),
) -> tuple[np.ndarray, FitReasons]:
    """Fit of every pair: an array of shape (len(mentees), len(mentors)) and a lazy reasons lookup.

    Rows are mentees and columns mentors, as in the ``scores`` of an instance. The numbers equal
    ``compute_fit`` for each pair (up to float rounding) but are computed with sparse products,
    so 2,000 x 400 pairs take well under a second.
    """
    w = as_weights(weights)
    sim = similarity(thesaurus)
    mp = [prepare_mentor(as_mentor(x, f"наставник №{i + 1}"), sim) for i, x in enumerate(mentors)]
    ep = [prepare_mentee(as_mentee(x, f"наставляемый №{i + 1}"), sim) for i, x in enumerate(mentees)]
    pset = _partner_set(partners)
    builders: dict[str, Callable[[], np.ndarray]] = {
        "requests": lambda: _m_requests(mp, ep, sim),
        "subjects": lambda: _m_coverage([p.subjects for p in mp], [p.subjects for p in ep]),
        "levels": lambda: _m_coverage([p.levels for p in mp], [p.levels for p in ep]),
        "experience": lambda: _m_experience(mp, ep),
        "form": lambda: _m_coverage([p.forms for p in mp], [p.forms for p in ep]),
        "role_model": lambda: _m_coverage([p.roles for p in mp], [p.roles for p in ep]),
        "availability": lambda: _m_availability(mp, ep),
        "organization": lambda: _m_organization(mp, ep, pset),
        "preferences": lambda: _m_preferences(mp, ep),
    }
    acc = np.zeros((len(ep), len(mp)))
    for name in CRITERIA:
        weight = getattr(w, name)
        if weight:
            acc += weight * builders[name]()
    return acc * 100.0 / w.total, FitReasons(mp, ep, w, pset, sim)
