"""Questionnaire features of mentors and mentees: schema, validation and normalisation."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import InstanceError

CONSENT_REASON = "нет согласия на обработку персональных данных (несовершеннолетний)"
SAME_PERSON_REASON = "наставник и наставляемый — один и тот же человек"

# Keys that may appear in a feature record without being features: they let the caller pass the
# same dict that describes the participant elsewhere.
_TOLERATED = frozenset({"id", "name", "capacity"})

MENTOR_KEYS = frozenset(
    {
        "competences",
        "subjects",
        "levels",
        "experience_years",
        "forms",
        "role_models",
        "availability",
        "organization",
        "gender",
        "attributes",
        "preferences",
        "person",
    }
)
MENTEE_KEYS = frozenset(
    {
        "requests",
        "subjects",
        "levels",
        "experience_years",
        "form",
        "role_model",
        "availability",
        "organization",
        "gender",
        "preferred_gender",
        "attributes",
        "preferences",
        "person",
        "minor",
        "consent",
    }
)


def _who(data: Mapping[str, Any], role: str, who: str | None) -> str:
    if who:
        return who
    ident = data.get("id")
    return f"{role} «{ident}»" if isinstance(ident, str) else role


def _check_keys(data: Mapping[str, Any], allowed: frozenset[str], who: str) -> None:
    unknown = sorted(str(key) for key in data if key not in allowed and key not in _TOLERATED)
    if unknown:
        raise InstanceError(
            f"{who}: неизвестные признаки {', '.join(f'«{k}»' for k in unknown)}; "
            f"допустимы: {', '.join(sorted(allowed))}"
        )


def _checked_who(data: Mapping[str, Any], role: str, who: str | None, allowed: frozenset[str]) -> str:
    """How errors name the record (see `_who`), once it is known to be an object of allowed keys only."""
    if not isinstance(data, Mapping):
        raise InstanceError(f"{who or role}: признаки должны быть объектом")
    who = _who(data, role, who)
    _check_keys(data, allowed, who)
    return who


def _str_list(data: Mapping[str, Any], key: str, who: str) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise InstanceError(f"{who}: «{key}» должен быть списком строк")
    for item in value:
        if not isinstance(item, str):
            raise InstanceError(f"{who}: «{key}» должен быть списком строк, а содержит {item!r}")
    return tuple(value)


def _opt_str(data: Mapping[str, Any], key: str, who: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InstanceError(f"{who}: «{key}» должен быть строкой")
    return value if value.strip() else None


def _opt_years(data: Mapping[str, Any], key: str, who: str) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise InstanceError(f"{who}: «{key}» должен быть неотрицательным числом лет")
    return float(value)


def _bool(data: Mapping[str, Any], key: str, who: str) -> bool:
    value = data.get(key, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise InstanceError(f"{who}: «{key}» должен быть true или false")
    return value


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float) and not (
        isinstance(value, float) and not math.isfinite(value)
    )


def _attributes(data: Mapping[str, Any], who: str) -> dict[str, str]:
    value = data.get("attributes")
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InstanceError(f"{who}: «attributes» должен быть объектом {{признак: значение}}")
    result = {}
    for key, item in value.items():
        if not isinstance(key, str) or not _scalar(item):
            raise InstanceError(
                f"{who}: значение признака «{key}» в «attributes» должно быть строкой или числом"
            )
        result[key] = str(item)
    return result


def _preferences(data: Mapping[str, Any], who: str) -> dict[str, tuple[str, ...]]:
    value = data.get("preferences")
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InstanceError(f"{who}: «preferences» должен быть объектом {{признак: значение или список}}")
    result = {}
    for key, item in value.items():
        items = item if isinstance(item, list | tuple) else [item]
        if not isinstance(key, str) or not items or not all(_scalar(x) for x in items):
            raise InstanceError(
                f"{who}: пожелание «{key}» должно быть строкой, числом или непустым списком значений"
            )
        result[key] = tuple(str(x) for x in items)
    return result


@dataclass(frozen=True, slots=True)
class MentorFeatures:
    """What a mentor's questionnaire says; every field is optional (missing data scores neutrally)."""

    competences: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    experience_years: float | None = None
    forms: tuple[str, ...] = ()
    role_models: tuple[str, ...] = ()
    availability: tuple[str, ...] = ()
    organization: str | None = None
    gender: str | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)
    preferences: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    person: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], who: str | None = None) -> MentorFeatures:
        """Validate a plain dict (JSON, a Django serializer) so that typos fail loudly in Russian."""
        who = _checked_who(data, "наставник", who, MENTOR_KEYS)
        return cls(
            competences=_str_list(data, "competences", who),
            subjects=_str_list(data, "subjects", who),
            levels=_str_list(data, "levels", who),
            experience_years=_opt_years(data, "experience_years", who),
            forms=_str_list(data, "forms", who),
            role_models=_str_list(data, "role_models", who),
            availability=_str_list(data, "availability", who),
            organization=_opt_str(data, "organization", who),
            gender=_opt_str(data, "gender", who),
            attributes=_attributes(data, who),
            preferences=_preferences(data, who),
            person=_opt_str(data, "person", who),
        )


@dataclass(frozen=True, slots=True)
class MenteeFeatures:
    """What a mentee's questionnaire says, plus the consent flags that gate matching of minors."""

    requests: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    experience_years: float | None = None
    form: str | None = None
    role_model: str | None = None
    availability: tuple[str, ...] = ()
    organization: str | None = None
    gender: str | None = None
    preferred_gender: str | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)
    preferences: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    person: str | None = None
    minor: bool = False
    consent: bool = False

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], who: str | None = None) -> MenteeFeatures:
        """Validate a plain dict (JSON, a Django serializer) so that typos fail loudly in Russian."""
        who = _checked_who(data, "наставляемый", who, MENTEE_KEYS)
        return cls(
            requests=_str_list(data, "requests", who),
            subjects=_str_list(data, "subjects", who),
            levels=_str_list(data, "levels", who),
            experience_years=_opt_years(data, "experience_years", who),
            form=_opt_str(data, "form", who),
            role_model=_opt_str(data, "role_model", who),
            availability=_str_list(data, "availability", who),
            organization=_opt_str(data, "organization", who),
            gender=_opt_str(data, "gender", who),
            preferred_gender=_opt_str(data, "preferred_gender", who),
            attributes=_attributes(data, who),
            preferences=_preferences(data, who),
            person=_opt_str(data, "person", who),
            minor=_bool(data, "minor", who),
            consent=_bool(data, "consent", who),
        )

    @property
    def blocked(self) -> bool:
        """A minor without the parents' consent to data processing must never be matched."""
        return self.minor and not self.consent


def as_mentor(value: MentorFeatures | Mapping[str, Any], who: str | None = None) -> MentorFeatures:
    """Accept either the dataclass or a dict, so the web side can pass whatever it has."""
    return value if isinstance(value, MentorFeatures) else MentorFeatures.from_mapping(value, who)


def as_mentee(value: MenteeFeatures | Mapping[str, Any], who: str | None = None) -> MenteeFeatures:
    """Accept either the dataclass or a dict, so the web side can pass whatever it has."""
    return value if isinstance(value, MenteeFeatures) else MenteeFeatures.from_mapping(value, who)


def hard_rule_violation(
    mentor: MentorFeatures | Mapping[str, Any], mentee: MenteeFeatures | Mapping[str, Any]
) -> str | None:
    """Why the pair may never be formed whatever its fit, or None; the reason is shown to the curator."""
    mentor, mentee = as_mentor(mentor), as_mentee(mentee)
    if mentee.blocked:
        return CONSENT_REASON
    if mentor.person is not None and mentor.person == mentee.person:
        return SAME_PERSON_REASON
    return None
