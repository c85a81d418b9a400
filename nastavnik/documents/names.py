"""A person's name in the dative case for a letter of thanks («Кузнецовой Елене Петровне»). Pure (pymorphy3).

Where the analyzer does not know a name as a name of that gender, the word stays as written: a letter with one
word in the nominative is better than a wrong ending.
"""

from __future__ import annotations

from nastavnik.core.morphology import morph

TAGS = {"last": "Surn", "first": "Name", "patronymic": "Patr"}


def _gender(first_name: str, patronymic: str, hint: str) -> str | None:
    if hint in ("female", "male"):
        return "femn" if hint == "female" else "masc"
    for word, tag in ((patronymic, "Patr"), (first_name, "Name")):
        for parse in morph().parse(word) if word else ():
            if tag in parse.tag and parse.tag.gender in ("masc", "femn"):
                return str(parse.tag.gender)
    return None


def _dative(word: str, tag: str, gender: str | None) -> str:
    if not word or gender is None:
        return word
    for parse in morph().parse(word):
        if tag in parse.tag and parse.tag.gender in (gender, None) and "nomn" in parse.tag:
            inflected = parse.inflect({"datv"})
            if inflected is None:
                break
            return "-".join(part[:1].upper() + part[1:] for part in inflected.word.split("-"))
    if tag == "Surn" and gender == "masc" and word[-1:].lower() not in "аеёиоуыэюяй":
        return word + "у"  # an unknown masculine surname ending in a consonant: Кох → Коху
    return word


def dative_name(last_name: str, first_name: str, patronymic: str = "", gender: str = "") -> str:
    g = _gender(first_name, patronymic, gender)
    parts = [
        _dative(last_name, "Surn", g),
        _dative(first_name, "Name", g),
        _dative(patronymic, "Patr", g),
    ]
    return " ".join(part for part in parts if part)
