"""Rejoin words that a narrow column broke across lines.

A PDF (and a Word cell pasted from one) breaks long words at the edge of a
narrow column, sometimes with a hyphen («Информи-» / «рование»), sometimes
without («Заместите» / «ль»).  A line break is a word break only when the two
fragments make one word the Russian dictionary (pymorphy3) knows and the
fragments are not both words on their own: «по» / «УВР» and «классные» /
«руководители» stay apart, «мотивационно-» / «личностного» keeps its hyphen
because «мотивационноличностного» is no word.

The right fragment must start in lower case (or both be in capitals, as in a
heading typed in caps); a fragment of one or two letters that is not a
standalone word («ль», «г», «ие») counts as a piece of a word even if the
dictionary lists it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from nastavnik.core.morphology import morph

_LEFT_RE = re.compile(r"([А-Яа-яЁё]+)(-?)$")
_RIGHT_RE = re.compile(r"^([А-Яа-яЁё]+)")
#: Short words that stand on their own in roadmap texts; any other fragment of 1–2 letters is a word's tail.
_STANDALONE = (
    "а в и к о с у я во да до же за из ко ли на не ни но об от по со то бы их её ее он мы вы им ей уч гг"
)
_SHORT_WORDS = frozenset(_STANDALONE.split())


@functools.lru_cache(maxsize=16384)
def is_known(word: str) -> bool:
    """Whether the dictionary knows ``word`` (lower case, «ё» or «е» alike)."""
    return bool(morph().word_is_known(word.lower()))


def _standalone(fragment: str) -> bool:
    lower = fragment.lower()
    if len(lower) <= 2:
        return lower in _SHORT_WORDS
    return is_known(lower)


def joined_word(left: str, right: str, *, tight: bool = False) -> str | None:
    """The single word that ``left`` (end of a line) and ``right`` (start of the next) make, if any.

    ``left`` may end with the hyphen of the break.  Returns the word as it
    should be written (without the break's hyphen, or with the hyphen of a
    compound) or ``None`` when the break is a real boundary between words.
    A line ending in a hyphen before a lower-case fragment is always one word.
    ``tight`` says the left fragment ran up to the margin of its column (a PDF
    knows): the layout had to break there, so a known joined word wins even
    when both fragments are words too («Заместит» / «ель», «директор» / «а»).
    """
    lmatch = _LEFT_RE.search(left)
    rmatch = _RIGHT_RE.match(right)
    if not lmatch or not rmatch:
        return None
    head, hyphen = lmatch.group(1), lmatch.group(2)
    tail = rmatch.group(1)
    if not (tail[0].islower() or (head.isupper() and tail.isupper())):
        return None
    word = head + tail
    if hyphen:
        return word if is_known(word) else f"{head}-{tail}"  # a compound «мотивационно-личностного»
    if len(head) < 2 or not is_known(word):
        return None
    if not tight and _standalone(head) and _standalone(tail):
        return None
    return word


def join_broken(first: str, second: str, *, tight: bool = False) -> str | None:
    """``first`` and ``second`` glued into one text when the break between them splits a word."""
    word = joined_word(first, second, tight=tight)
    if word is None:
        return None
    head = _LEFT_RE.search(first)
    tail = _RIGHT_RE.match(second)
    assert head is not None and tail is not None
    return first[: head.start()] + word + second[tail.end() :]


def fold_lines(text: str, glue: Callable[[str, str], str | None]) -> str:
    """Merge each line into the one before it when ``glue(before, line)`` gives the merged text."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        glued = glue(out[-1], line) if out[-1] and line else None
        if glued is None:
            out.append(line)
        else:
            out[-1] = glued
    return "\n".join(out)


def rejoin_lines(text: str) -> str:
    """Glue words broken across the line breaks of ``text``; other line breaks stay."""
    return fold_lines(text, lambda before, line: join_broken(before.rstrip(), line.lstrip()))


_INITIALS_END_RE = re.compile(r"(?:^|[\s.])[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?$")
_OPEN_END_RE = re.compile(
    r"(?:[-–—,(«\"/]|\b(?:и|или|а|в|во|на|по|для|с|со|о|об|к|ко|от|из|при|до|за|не))$", re.I
)
_CAPITALIZED_RE = re.compile(r"^([А-ЯЁ][а-яё]+)(?:-[а-яё]+)?\b")
_PROPER = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"}


def starts_paragraph(line: str, following: str) -> bool:
    """Whether ``following`` begins a new paragraph although ``line`` was full up to the margin.

    A full line wraps on unless the words say otherwise: a line ending with a
    person's initials («… Миранова Г.С.») ends that person; a capitalized
    common noun («Педагог-психолог», «Куратор») after a line that does not
    stop mid-phrase (a preposition, a comma, a hyphen) begins a new item.
    Proper names, abbreviations and words the dictionary does not know
    («Минпросвещения», «МКОУ») continue the sentence.
    """
    line = line.rstrip()
    if _INITIALS_END_RE.search(line):
        return True
    if _OPEN_END_RE.search(line):
        return False
    match = _CAPITALIZED_RE.match(following.lstrip())
    if not match:
        return False
    word = match.group(1).lower()
    if not is_known(word):
        return False
    return not any(_PROPER & parse.tag.grammemes for parse in morph().parse(word)[:1])


_SPACED_HYPHEN_RE = re.compile(r"([А-Яа-яЁё]+-) (?!(?:и|или|либо|а|но)\b)(?=[а-яё])")


def rejoin_spaced_hyphens(text: str) -> str:
    """«экспертно- консультационные» (a line break lost on the way to Word) → «экспертно-консультационные».

    A hyphen before a conjunction is the suspended hyphen of «научно- и
    учебно-методический» and stays.
    """
    if "- " not in text:
        return text
    out: list[str] = []
    position = 0
    for match in _SPACED_HYPHEN_RE.finditer(text):
        rest = text[match.end() :]
        glued = join_broken(match.group(1), rest)
        if glued is None:
            continue
        out.append(text[position : match.start()])
        out.append(glued[: len(glued) - len(rest)])  # the glued word; ``rest`` follows unchanged
        position = match.end()
    out.append(text[position:])
    return "".join(out)


_LAST_WORD_RE = re.compile(r"([А-Яа-яЁё]+)\s*$")
_OPEN_TAGS = {"PREP", "CONJ", "ADJF", "PRTF"}


def ends_open(line: str) -> bool:
    """The line stops mid-phrase: its last word is a preposition, a conjunction or a full adjective.

    «Заместитель директора по» / «УВР», «классные» / «руководители» are one
    person each; a Word cell with such breaks was typed line by line into a
    narrow column.
    """
    match = _LAST_WORD_RE.search(line)
    if not match or line.rstrip()[-1:] in ".,;:":
        return False
    word = match.group(1).lower()
    if not is_known(word):
        return False
    best = morph().parse(word)[0]
    return bool(_OPEN_TAGS & best.tag.grammemes) and "Abbr" not in best.tag.grammemes
