"""Words of a phrase for the similarity (``similarity.py``): tokens marked as domain qualifiers, Snowball stems and
derivational families, the ``Term`` a phrase is made of, and the surface form of a term in its phrase.

Split out of ``similarity.py`` (issue 8: no module over ~600 lines); the scoring stays there.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from nastavnik.core.morphology import morph

from .text import lemma, plain_key, tokens

FAMILY_PREFIX = 6  # stems must share at least this many letters (5 joined коллег- and колледж-) ...
FAMILY_SLACK = 2  # ... and all but this many letters of the shorter stem

_WORDS = re.compile(r"[0-9a-zа-я]+(?:-[0-9a-zа-я]+)*")
_GRADES = dict(
    zip(
        map(str, range(1, 12)),
        [
            "первый",
            "второй",
            "третий",
            "четвертый",
            "пятый",
            "шестой",
            "седьмой",
            "восьмой",
            "девятый",
            "десятый",
            "одиннадцатый",
        ],
        strict=True,
    )
)
_MODIFIERS = frozenset({"ADJF", "ADJS", "PRTF", "NUMR"})  # words that leave a "по" group open

_stemmer_lock = threading.Lock()
_stemmer = Stemmer.Stemmer("russian")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    with _stemmer_lock:
        return str(_stemmer.stemWord(word))


@dataclass(frozen=True, slots=True)
class Term:
    key: str  # space-joined lemmas
    text: str  # the words as written in the phrase
    qualifier: bool = (
        False  # the domain of another term ("задачи по математике"): weighs similarity.QUALIFIER times less
    )


def marked_tokens(phrase: str) -> list[tuple[str, bool]]:
    """Tokens of a phrase, each marked when it names the domain of another word: the group after a free-standing
    "по" up to its noun ("задачи по высшей математике", "КТП по литературе"), and a second group joined by
    "и"/"или" ("по физике и химии"). The adverbs "по-английски", "по-русски" open no group."""
    marked: list[tuple[str, bool]] = []
    state = "out"  # "out" | "group" (after "по") | "noun" (the group's noun seen: "и" may join another)
    for raw in _WORDS.findall(plain_key(phrase)):
        if raw.startswith("по-"):
            state = "out"
            marked.extend((w, False) for w in tokens(raw))
            continue
        for word in tokens(raw):
            if word == "по":
                state = "group"
                marked.append((word, False))
            elif state == "group":
                marked.append((word, True))
                if lemma(word)[1] not in _MODIFIERS:
                    state = "noun"
            elif state == "noun" and word in ("и", "или"):
                state = "group"
                marked.append((word, False))
            else:
                state = "out"
                marked.append((word, False))
    # "в 9 классе" is "в девятом классе": the thesaurus knows grades by their words ("девятый класс > ОГЭ")
    for i in range(len(marked) - 1):
        word, qualifier = marked[i]
        if word in _GRADES and marked[i + 1][0].startswith("класс"):
            marked[i] = (_GRADES[word], qualifier)
    return marked


def is_noun(word: str) -> bool:
    """The lemma reads as a noun, or is unknown to the dictionary ("ЧПУ", "Excel")."""
    return lemma(word)[1] in ("NOUN", None)


@lru_cache(maxsize=100_000)
def known_word(word: str) -> bool:
    """pymorphy3's dictionary has the word (not a guess from its ending: slang, misspellings, "буллинга")."""
    return bool(morph().word_is_known(word))


@lru_cache(maxsize=100_000)
def reads_as(word: str, other: str) -> bool:
    """pymorphy3 can read ``word`` as a form of ``other`` (a lemma it chose otherwise: "школьников" is first the
    surname Школьников, "семью" the numeral семь)."""
    return any(p.normal_form.replace("ё", "е") == other for p in morph().parse(word))


def surface(phrase: str, words: str) -> str:
    """The words as the person wrote them (case kept: "ОГЭ"), found in the phrase; else the lowercase words."""
    pattern = r"\W+".join(re.escape(w) for w in words.split(" "))
    found = re.search(pattern, phrase.replace("ё", "е").replace("Ё", "Е"), re.IGNORECASE)
    return found.group(0) if found else words


def family(a: str, b: str) -> bool:
    """Snowball stems of one derivational family: a long common prefix (олимпиад- / олимпиадн-), or the same root
    once a verb's -ирова- / a noun's -ац- is taken off (мотивирова- / мотивац-, адаптирова- / адаптац-)."""
    root_a, root_b = root(a), root(b)
    if root_a == root_b and len(root_a) >= FAMILY_PREFIX - 1 and (root_a != a or root_b != b):
        return True
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= max(FAMILY_PREFIX, min(len(a), len(b)) - FAMILY_SLACK)


# A consonant of a lender's base that may alternate before a suffix of the derived word: мошенник / мошеннический,
# студент / студенческий, школьник / школьница, друг / дружба.
_ALTERNATIONS = {"ч": "кцт", "ц": "к", "ж": "гзд", "ш": "хс", "щ": "стк"}
# Inflectional endings and infinitive markers taken off a lemma to get the base words are derived from.
_INFINITIVES = ("ться", "тись", "ть", "чь")
_ENDINGS = (*_INFINITIVES, "ия", "ие", "ье", "ая", "ое", "ый", "ий", "ой", "а", "я", "о", "е", "ь", "й")


def base(word: str) -> str:
    """A lemma without its inflectional ending or infinitive marker: олимпиада → олимпиад, поставить → постави,
    семья / семь → сем, биология → биолог. Never shorter than three letters."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def derived(word: str, lender: str) -> bool:
    """``word`` is built on the whole base of ``lender`` plus a suffix (lemmas): олимпиадный from олимпиада,
    мошеннический from мошенник (к / ч), руководитель from руководить. Not the other way round (специальный is not
    built on специальность), not a mere shared beginning (организовать / органика, информация / информатика,
    производитель / производная) and not the same base (семь / семья, освоить / освоиться)."""
    a, b = base(word), base(lender)
    if len(a) < len(b):
        return False
    if a.startswith(b):
        return len(a) > len(b)
    return a.startswith(b[:-1]) and b[-1] in _ALTERNATIONS.get(a[len(b) - 1], "")


def root(s: str) -> str:
    """A stem without the verbal -(из)ирова- / -ова- or the nominal -(из)ац- of Latin-borrowed words."""
    for suffix in ("изирова", "ирова", "изац", "ац", "ова"):
        if s.endswith(suffix) and len(s) - len(suffix) >= FAMILY_PREFIX - 1:
            return s[: -len(suffix)]
    return s
