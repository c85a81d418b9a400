"""Recognize a staff member's name inside a «responsible» label such as «Директор … Мурадханова Т.Н.».

Pure Python (no Django): the import binds a label to a user when the label names exactly one member of
the organization by full name («Иванова Ирина Ивановна»), short name («Иванова И.И.») or initials first
(«И.И. Иванова», «И.И.Иванова»), ignoring case, «ё», and spaces around initials.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_LETTER = "а-яa-z"
_SPACE_AFTER_INITIAL_RE = re.compile(rf"(?<![{_LETTER}])([{_LETTER}])\.\s+")


def normalize_name_text(text: str) -> str:
    """Lower case, «ё» as «е», single spaces, no space after an initial («Т. Н.» → «т.н.»)."""
    text = " ".join((text or "").lower().replace("ё", "е").split())
    return _SPACE_AFTER_INITIAL_RE.sub(r"\1.", text)


def name_keys(last_name: str, first_name: str, patronymic: str = "") -> set[str]:
    """The ways a roadmap may write this person's name, normalized."""
    last, first, middle = (normalize_name_text(p) for p in (last_name, first_name, patronymic))
    if not last or not first:
        return set()
    initials = f"{first[0]}." + (f"{middle[0]}." if middle else "")
    keys = {
        " ".join(p for p in (last, first, middle) if p),
        f"{last} {initials}",
        f"{initials}{last}",
    }
    return {normalize_name_text(k) for k in keys}


def _contains(text: str, key: str) -> bool:
    return re.search(rf"(?<![{_LETTER}]){re.escape(key)}(?![{_LETTER}])", text) is not None


def match_person(label: str, people: Iterable[tuple[int, set[str]]]) -> int | None:
    """The id of the only person whose name the label contains, or None (no one, or ambiguous)."""
    text = normalize_name_text(label)
    if not text:
        return None
    found = {person_id for person_id, keys in people if any(_contains(text, key) for key in keys)}
    return found.pop() if len(found) == 1 else None
