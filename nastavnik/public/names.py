"""Does a text name a person? The check a case or a news item passes before it reaches the public page.

Pure Python over pymorphy3 (`core.morphology`): every word of the text and of the names is reduced to its
normal forms, so «Ивановой Марии», «Марию Иванову» and «ИВАНОВА мария» all match «Иванова Мария». A person is
named when their surname and first name stand within `WINDOW` words of each other (a patronymic or an initial
may stand between). A surname or a first name alone is not flagged: names like «Роза» or «Орёл» are also words,
and a first name alone does not identify a child of a school; what is published is still the curator's call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from nastavnik.core.morphology import morph

WORD = re.compile(r"[А-Яа-яЁёA-Za-z-]+")
WINDOW = 3  # surname and first name at most two words apart («Иванова Мария Петровна», «Мария П. Иванова»)


def _forms(word: str) -> frozenset[str]:
    word = word.lower().replace("ё", "е")
    forms = {word}
    for parse in morph().parse(word):
        forms.add(parse.normal_form.replace("ё", "е"))
    return frozenset(forms)


@dataclass(frozen=True)
class Person:
    last_name: str
    first_name: str

    @property
    def full_name(self) -> str:
        return f"{self.last_name} {self.first_name}"


def _keys(name: str) -> frozenset[str]:
    """Normal forms of a name; a double surname («Петрова-Водкина») is its whole and its parts."""
    parts = [name, *name.split("-")] if "-" in name else [name]
    keys: set[str] = set()
    for part in parts:
        if part:
            keys |= _forms(part)
    return frozenset(keys)


def named_people(text: str, people: Iterable[Person]) -> list[Person]:
    """The people of `people` whose surname and first name stand close together in `text`."""
    words = [_forms(w) for w in WORD.findall(text or "")]
    if len(words) < 2:
        return []
    # Index the text: normal form → positions.
    positions: dict[str, list[int]] = {}
    for i, forms in enumerate(words):
        for form in forms:
            positions.setdefault(form, []).append(i)
    found: list[Person] = []
    for person in people:
        last = {i for key in _keys(person.last_name) for i in positions.get(key, ())}
        if not last:
            continue
        first = {i for key in _keys(person.first_name) for i in positions.get(key, ())}
        if any(0 < abs(a - b) < WINDOW for a in last for b in first):
            found.append(person)
    return found
