"""Turning what a browser posted for one question into a stored answer value (pure; no Django import).

Every respondent input passes through `normalize`: it either returns a clean value (or None for "no
answer") or raises AnswerError with a code that the caller turns into a Russian message. Nothing a
browser can send makes it raise anything else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 5000
#: Longest raw value we even look at (a ranking id, an option value): longer input is rejected outright.
TOKEN_MAX = 64

SINGLE_CHOICE = "single_choice"
MULTIPLE_CHOICE = "multiple_choice"
SCALE = "scale"
SHORT_TEXT = "short_text"
LONG_TEXT = "long_text"
YES_NO = "yes_no"
RANKING = "ranking"
KINDS = (SINGLE_CHOICE, MULTIPLE_CHOICE, SCALE, SHORT_TEXT, LONG_TEXT, YES_NO, RANKING)

#: Characters a browser should never send in text and XML (hence XLSX) cannot store; tabs and newlines stay.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

YES = "yes"
NO = "no"


class AnswerError(ValueError):
    """A posted value that cannot be an answer; `code` names the problem, `limit` a number for the message."""

    def __init__(self, code: str, limit: int | None = None):
        super().__init__(code)
        self.code = code
        self.limit = limit


@dataclass(frozen=True)
class QuestionSpec:
    """What normalization needs to know about a question."""

    kind: str
    choices: Sequence[str] = ()
    scale_min: int = 1
    scale_max: int = 10
    people: Sequence[int] = ()


def _text_limit(kind: str) -> int:
    return SHORT_TEXT_MAX if kind == SHORT_TEXT else LONG_TEXT_MAX


def normalize(spec: QuestionSpec, raw: Sequence[str]) -> str | list | int | bool | None:
    """Clean the raw posted strings of one question (a list: several checkboxes or ranking places).

    Returns None when nothing was answered. For a ranking, `raw` holds the participant id chosen for
    place 1, 2, ... (blank places allowed; the order is kept, gaps removed).
    """
    values = [v if isinstance(v, str) else "" for v in raw]
    if spec.kind in (SHORT_TEXT, LONG_TEXT):
        text = "\n".join(v for v in values if v.strip())
        text = CONTROL_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
        if not text:
            return None
        limit = _text_limit(spec.kind)
        if len(text) > limit:
            raise AnswerError("too_long", limit)
        if spec.kind == SHORT_TEXT:
            text = " ".join(text.split())
        return text
    values = [v.strip() for v in values if v.strip()]
    if not values:
        return None
    if any(len(v) > TOKEN_MAX for v in values):
        raise AnswerError("invalid_choice")
    if spec.kind == SINGLE_CHOICE:
        if len(values) > 1:
            raise AnswerError("one_choice")
        if values[0] not in spec.choices:
            raise AnswerError("invalid_choice")
        return values[0]
    if spec.kind == MULTIPLE_CHOICE:
        allowed = set(spec.choices)
        chosen = []
        for v in values:
            if v not in allowed:
                raise AnswerError("invalid_choice")
            if v not in chosen:
                chosen.append(v)
        # Keep the questionnaire's order, not the browser's.
        return [c for c in spec.choices if c in chosen]
    if spec.kind == SCALE:
        if len(values) > 1:
            raise AnswerError("one_choice")
        try:
            number = int(values[0])
        except ValueError:
            raise AnswerError("not_a_number") from None
        if not spec.scale_min <= number <= spec.scale_max:
            raise AnswerError("out_of_scale", spec.scale_max)
        return number
    if spec.kind == YES_NO:
        if len(values) > 1 or values[0] not in (YES, NO):
            raise AnswerError("invalid_choice")
        return values[0] == YES
    if spec.kind == RANKING:
        allowed_people = set(spec.people)
        ranked: list[int] = []
        for v in values:
            try:
                person = int(v)
            except ValueError:
                raise AnswerError("invalid_person") from None
            if person not in allowed_people:
                raise AnswerError("invalid_person")
            if person in ranked:
                raise AnswerError("duplicate_person")
            ranked.append(person)
        return ranked
    raise AnswerError("unknown_kind")


def is_answered(value: object) -> bool:
    return value is not None and value != "" and value != []


def as_raw(kind: str, value: object) -> list[str]:
    """The stored value back as the strings a form would post (to refill a half-filled form)."""
    if value is None:
        return []
    if kind == YES_NO:
        return [YES if value else NO] if isinstance(value, bool) else []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def scale_range(scale_min: int, scale_max: int) -> list[int]:
    return list(range(scale_min, scale_max + 1))


def mean(numbers: Iterable[float]) -> float | None:
    items = list(numbers)
    return sum(items) / len(items) if items else None


def average_places(rankings: Iterable[Sequence[int]]) -> dict[int, float]:
    """The mean place (1 = first) of each ranked person over many rankings; unranked places are skipped."""
    places: dict[int, list[int]] = {}
    for ranking in rankings:
        for place, person in enumerate(ranking, start=1):
            places.setdefault(person, []).append(place)
    return {person: sum(p) / len(p) for person, p in places.items()}


# --- which part of the catalogue of requests a respondent sees --------------------------------------------
AUDIENCE_BY_CATEGORY = {
    "pupil": "pupils",
    "student": "students",
    "teacher": "teachers",
    "young_specialist": "teachers",
    "staff": "teachers",
}
AUDIENCES_BY_ORGANIZATION_KIND = {
    "school": ("teachers", "pupils"),
    "correctional_school": ("teachers", "pupils"),
    "kindergarten": ("teachers",),
    "college": ("teachers", "students"),
    "additional_education": ("teachers", "pupils"),
}


def topic_audiences(
    organization_kind: str, participant_category: str, *, mentor: bool
) -> tuple[str, ...] | None:
    """Audiences of catalogue topics to offer (None = all).

    A mentee sees the requests of their own kind of people (a pupil — pupils' requests); a mentor sees
    everything their organization's mentees may ask for, because they will help others, not themselves.
    """
    if not mentor:
        audience = AUDIENCE_BY_CATEGORY.get(participant_category)
        if audience:
            return (audience,)
    return AUDIENCES_BY_ORGANIZATION_KIND.get(organization_kind)


def leading_number(text: str) -> int | None:
    """The number a label starts with ("5 и более" → 5), for capacity questions with own options."""
    digits = ""
    for char in text.strip():
        if char.isdigit():
            digits += char
        elif digits:
            break
        elif not char.isspace():
            return None
    return int(digits) if digits and len(digits) < 6 else None


def split_lines(text: str, limit: int = 300) -> list[str]:
    """Free text with one item per line or separated by ';' → clean unique items, each at most `limit`."""
    items: list[str] = []
    for line in text.replace(";", "\n").splitlines():
        item = " ".join(line.split()).strip(" -•*,.")
        if item and item[:limit] not in items:
            items.append(item[:limit])
    return items
