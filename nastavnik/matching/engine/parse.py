"""Construction of a matching problem from the JSON-like dict of ``manage.py match`` (docs/matching.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .errors import InstanceError
from .features import CONSENT_REASON, MenteeFeatures, MentorFeatures
from .fit import FitReasons, _partner_set, fit_matrix
from .instance import (
    DEFAULT_RANK_WEIGHT,
    TOP_LEVEL_KEYS,
    Problem,
    _check_ids,
)

_FEATURE_KEYS = ("mentors", "mentees", "weights", "partners", "thesaurus")


def _records(data: Mapping[str, Any], key: str, whose: str) -> list[Mapping[str, Any]]:
    if key not in data:
        raise InstanceError(f"отсутствует обязательный ключ «{key}»")
    value = data[key]
    if not isinstance(value, list):
        raise InstanceError(f"«{key}» должен быть списком объектов")
    for k, item in enumerate(value, 1):
        if not isinstance(item, Mapping):
            raise InstanceError(f"«{key}»: запись {whose} №{k} должна быть объектом с ключом «id»")
        if "id" not in item:
            raise InstanceError(f"«{key}»: у {whose} №{k} нет ключа «id»")
    return value


_MENTOR_ENTRY_KEYS = frozenset({"id", "capacity", "name", "person"})
_MENTEE_ENTRY_KEYS = frozenset({"id", "name", "person", "minor", "consent"})


def parse_instance(data: Any) -> Problem:
    """Validate an instance dict (see docs/matching.md) and build the Problem; InstanceError otherwise."""
    if not isinstance(data, Mapping):
        raise InstanceError("экземпляр должен быть JSON-объектом")
    unknown = sorted(str(k) for k in data if k not in TOP_LEVEL_KEYS)
    if unknown:
        raise InstanceError(
            f"неизвестные ключи {', '.join(f'«{k}»' for k in unknown)}; допустимы: {', '.join(TOP_LEVEL_KEYS)}"
        )
    mentors = _records(data, "mentors", "наставника")
    mentees = _records(data, "mentees", "наставляемого")
    for entries, allowed_keys, key in (
        (mentors, _MENTOR_ENTRY_KEYS, "mentors"),
        (mentees, _MENTEE_ENTRY_KEYS, "mentees"),
    ):
        for entry in entries:
            extra = sorted(str(k) for k in entry if k not in allowed_keys)
            if extra:
                raise InstanceError(
                    f"«{key}»: у «{entry['id']}» неизвестные ключи {', '.join(f'«{k}»' for k in extra)}; "
                    f"признаки задаются в «features»"
                )
    mentor_ids = [x["id"] for x in mentors]
    mentee_ids = [x["id"] for x in mentees]
    _check_ids(mentor_ids, "наставника")
    _check_ids(mentee_ids, "наставляемого")
    capacity = [x.get("capacity", 1) for x in mentors]

    scores = data.get("scores")
    features = data.get("features")
    if scores is not None and features is not None:
        raise InstanceError("укажите либо «scores», либо «features», но не оба сразу")
    if (
        scores is None
        and features is None
        and not data.get("mentee_rankings")
        and not data.get("mentor_rankings")
    ):
        raise InstanceError("нужна матрица «scores», признаки «features» или рейтинги участников")

    mentor_persons = [_entry_str(x, "person", "наставника") for x in mentors]
    mentee_persons = [_entry_str(x, "person", "наставляемого") for x in mentees]
    minors = [_entry_bool(x, "minor") for x in mentees]
    consents = [_entry_bool(x, "consent") for x in mentees]
    reasons = None
    if features is not None:
        scores, reasons, feature_persons = _from_features(features, mentor_ids, mentee_ids)
        mentor_persons = [
            a if a is not None else b for a, b in zip(mentor_persons, feature_persons[0], strict=True)
        ]
        mentee_persons = [
            a if a is not None else b for a, b in zip(mentee_persons, feature_persons[1], strict=True)
        ]
        minors = [a if a is not None else b for a, b in zip(minors, feature_persons[2], strict=True)]
        consents = [a if a is not None else b for a, b in zip(consents, feature_persons[3], strict=True)]
    excluded = {
        ident: CONSENT_REASON
        for ident, minor, consent in zip(mentee_ids, minors, consents, strict=True)
        if minor and not consent
    }

    rank_weight = data.get("rank_weight", DEFAULT_RANK_WEIGHT)
    return Problem.build(
        mentor_ids,
        mentee_ids,
        capacity,
        scores,
        locked=data.get("locked") or (),
        forbidden=data.get("forbidden") or (),
        mentee_rankings=data.get("mentee_rankings"),
        mentor_rankings=data.get("mentor_rankings"),
        excluded=excluded,
        mentor_persons=mentor_persons,
        mentee_persons=mentee_persons,
        rank_weight=rank_weight,
        reasons=reasons,
    )


def _entry_str(entry: Mapping[str, Any], key: str, whose: str) -> str | None:
    value = entry.get(key)
    if value is not None and not isinstance(value, str):
        raise InstanceError(f"«{key}» {whose} «{entry['id']}» должен быть строкой")
    return value or None


def _entry_bool(entry: Mapping[str, Any], key: str) -> bool | None:
    value = entry.get(key)
    if value is not None and not isinstance(value, bool):
        raise InstanceError(f"«{key}» наставляемого «{entry['id']}» должен быть true или false")
    return value


def _from_features(
    features: Any, mentor_ids: list[str], mentee_ids: list[str]
) -> tuple[np.ndarray, FitReasons, tuple[list[Any], list[Any], list[Any], list[Any]]]:
    if not isinstance(features, Mapping):
        raise InstanceError(
            "«features» должен быть объектом {mentors, mentees, weights, partners, thesaurus}"
        )
    unknown = sorted(str(k) for k in features if k not in _FEATURE_KEYS)
    if unknown:
        raise InstanceError(
            f"в «features» неизвестные ключи {', '.join(f'«{k}»' for k in unknown)}; "
            f"допустимы: {', '.join(_FEATURE_KEYS)}"
        )
    records: list[list[Mapping[str, Any]]] = []
    for key, ids, word in (("mentors", mentor_ids, "наставник"), ("mentees", mentee_ids, "наставляемый")):
        table = features.get(key, {})
        if not isinstance(table, Mapping):
            raise InstanceError(f"«features.{key}» должен быть объектом {{id: признаки}}")
        known = set(ids)
        for ident in table:
            if ident not in known:
                raise InstanceError(f"«features.{key}»: неизвестный {word} «{ident}»")
        missing = [ident for ident in ids if ident not in table]
        if missing:
            raise InstanceError(
                f"«features.{key}»: нет признаков для {'наставника' if word == 'наставник' else 'наставляемого'} «{missing[0]}»"
            )
        records.append([table[ident] for ident in ids])
    mentors = [
        MentorFeatures.from_mapping(x, f"наставник «{i}»")
        for x, i in zip(records[0], mentor_ids, strict=True)
    ]
    mentees = [
        MenteeFeatures.from_mapping(x, f"наставляемый «{i}»")
        for x, i in zip(records[1], mentee_ids, strict=True)
    ]
    partners = features.get("partners") or ()
    if isinstance(partners, str | Mapping) or not isinstance(partners, list | tuple):
        raise InstanceError("«partners» должен быть списком пар названий организаций [«A», «B»]")
    _partner_set(partners)
    thesaurus = features.get("thesaurus") or ()
    if not isinstance(thesaurus, list | tuple) or not all(isinstance(x, str) for x in thesaurus):
        raise InstanceError("«thesaurus» должен быть списком строк тезауруса («А = Б», «А > Б»)")
    matrix, reasons = fit_matrix(
        mentors, mentees, features.get("weights"), partners=partners, thesaurus=thesaurus
    )
    persons = (
        [x.person for x in mentors],
        [x.person for x in mentees],
        [x.minor for x in mentees],
        [x.consent for x in mentees],
    )
    return matrix, reasons, persons
