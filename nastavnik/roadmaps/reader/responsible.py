"""Split the «Ответственные» cell into people and roles.

Schools write this cell in every possible way: «Куратор, зам. директора по УР;»,
«Директор МКОУ «СОШ №5» Мурадханова Т.Н. Заместитель директора по УВР
Миранова Г.С.» (two people, no comma), «Чеснокова Г.Я., заведующий» (one person
and her position) or one person per paragraph.  The application needs a list
it can match against staff, so the rules are:

* split on commas, semicolons and line breaks, but never inside parentheses or
  «quotes» (an organization name may contain commas);
* split where a name with initials is directly followed by a new position
  («… Мурадханова Т.Н. Заместитель директора …») or by another name;
* keep a bare name together with a singular position written right after it
  («Чеснокова Г.Я., заведующий», «Годжаева С.В., ст. воспитатель»), because
  that is one person; plural groups («руководители МО», «члены творческой
  группы») stay separate entries;
* never break initials («Т.Н.Мурадханова», «Иванова И.И.»), drop stray
  trailing punctuation and duplicates.
"""

from __future__ import annotations

import functools
import re

from .normalize import clean_text, join_continuation
from .words import ends_open, fold_lines

_INITIALS = r"[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?"
_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
_BARE_NAME_RE = re.compile(rf"^(?:{_SURNAME}\s+{_INITIALS}|{_INITIALS}\s?{_SURNAME})$")
_HAS_NAME_RE = re.compile(rf"{_SURNAME}\s+{_INITIALS}|{_INITIALS}\s?{_SURNAME}")

# Position words that start a new person when they follow a name with initials.
_ROLE_START = (
    r"(?:Заместител|Зам\.|Зам\b|Директор|Заведующ|Зав\.|Куратор|Учител|Педагог|Руководител|Старш|Ст\."
    r"|Классн|Социальн|Методист|Председател|Советник|Специалист|Воспитател|Психолог|Логопед|Дефектолог"
    r"|Инструктор|Музыкальн|Администраци|Секретар|Библиотекар|Тьютор|Наставник|Член)"
)
_SPLIT_AFTER_NAME_RE = re.compile(
    rf"(?<=[А-ЯЁ]\.)\s+(?={_ROLE_START})"  # "… Т.Н. Заместитель директора"
    rf"|(?<=[А-ЯЁ]\.)\s+(?={_SURNAME}\s+{_INITIALS})"  # "Миранова Г.С. Атанасова О.И."
)
# Singular positions that describe the bare name written just before them.
_SINGULAR_ROLE_RE = re.compile(
    r"^(?:заведующ(?:ий|ая)|ст\.|старш(?:ий|ая)|воспитатель|директор|заместитель|зам\.|зав\.|куратор"
    r"|учитель|педагог|методист|председатель|советник|специалист|психолог|логопед|дефектолог|инструктор"
    r"|музыкальный|социальный|секретарь|библиотекарь|тьютор|руководитель|классный)",
)
_TRAILING_JUNK_RE = re.compile(r"[\s,;:–—-]+$")
_LEADING_JUNK_RE = re.compile(r"^[\s,;:–—•·−*-]+")


_COMPLETE_ROLE_END_RE = re.compile(
    r"(?:куратор|наставник\w*|администраци\w*|руководител[ьи]|психолог|логопед|дефектолог|воспитател[ьи]"
    r"|методист\w*|специалист\w*|групп[аы]|педагог\w*|учител[ьяи]\w*|тьютор\w*|[А-ЯЁ]\.)$",
    re.I,
)
_ROLE_WORD_START_RE = re.compile(
    r"^(?:педагог|куратор|классн|социальн|учител|воспитател|психолог|логопед|дефектолог|методист|тьютор"
    r"|наставник|члены|руководител|специалист|администраци|родител|заместител|зам\.|директор|заведующ)",
    re.I,
)


def join_continuation_people(first: str, second: str) -> str:
    """Join a «responsible» cell with its continuation from a row split across a page.

    A position finished on the next line («Заместитель» + «директора по УВР
    Миранова Г.С.», «Директор МКОУ» + «"СОШ №5" Мурадханова Т.Н.») is one
    person and is joined with a space; a new person after a complete one
    («куратор» + «педагог-психолог», «… Г.С.» + «Заместитель …») goes on a new
    line so the split keeps them apart.
    """
    first = first.rstrip()
    second = second.lstrip()
    if not first or not second:
        return first or second
    if first.endswith((",", ";")) or re.match(rf"^{_ROLE_START}", second):
        return f"{first}\n{second}"
    if _COMPLETE_ROLE_END_RE.search(first) and _ROLE_WORD_START_RE.match(second):
        return f"{first}\n{second}"
    return join_continuation(first, second)


def _split_top_level(text: str) -> list[str]:
    """Split on , ; and newlines outside parentheses and «quotes»."""
    parts: list[str] = []
    depth = 0
    quote = 0
    current: list[str] = []
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch == "«":
            quote += 1
        elif ch == "»":
            quote = max(0, quote - 1)
        if ch in ",;\n" and depth == 0 and quote == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _tidy(part: str) -> str:
    part = re.sub(r"\.{2,}", ".", part)
    part = _LEADING_JUNK_RE.sub("", part)
    part = _TRAILING_JUNK_RE.sub("", part)
    part = " ".join(part.split())
    # "Куратор." / "члены творческой группы." lose the dot; initials "Г.С." keep it.
    if (
        part.endswith(".")
        and not re.search(r"(?:^|[\s.])[А-ЯЁA-Z]\.$", part)
        and not re.search(r"\b(?:ст|зам|зав|им|г|с|п)\.$", part)
    ):
        part = part[:-1].rstrip()
    return part


def _glue_wrapped(before: str, line: str) -> str | None:
    first = line.split(" ", 1)[0]
    if ends_open(before) and (first[:1].islower() or (len(first) > 1 and first.isupper())):
        return f"{before} {line}"
    return None


def _join_wrapped(text: str) -> str:
    """Join lines that stop mid-phrase («Заместитель директора по» / «УВР») with the next one."""
    return fold_lines(text, _glue_wrapped)


def split_responsible(text: str | None) -> list[str]:
    """Return the people and roles named in a «responsible» cell, in order, without duplicates."""
    text = clean_text(text)
    if not text:
        return []
    return list(_split_cached(text))


@functools.lru_cache(maxsize=4096)
def _split_cached(text: str) -> tuple[str, ...]:
    """The same few people fill the whole column, so the split is memoized."""
    pieces: list[str] = []
    for part in _split_top_level(_join_wrapped(text)):
        for piece in _SPLIT_AFTER_NAME_RE.split(part):
            piece = _tidy(piece)
            if piece:
                pieces.append(piece)
    merged: list[str] = []
    for piece in pieces:
        if (
            merged
            and _BARE_NAME_RE.match(merged[-1])
            and _SINGULAR_ROLE_RE.match(piece)
            and not _HAS_NAME_RE.search(piece)
        ):
            merged[-1] = f"{merged[-1]}, {piece}"
        else:
            merged.append(piece)
    seen: set[str] = set()
    result: list[str] = []
    for item in merged:
        key = item.lower().replace("ё", "е").replace(" ", "")
        if key not in seen:
            seen.add(key)
            result.append(item)
    return tuple(result)
