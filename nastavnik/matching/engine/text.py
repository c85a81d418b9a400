"""Russian text normalisation: lemmas via pymorphy3, stop words, tag keys."""

from __future__ import annotations

import re
from functools import lru_cache

from nastavnik.core.morphology import morph

# Function words and a few domain fillers ("помощь в ...", "вопросы ...") that carry no meaning for
# matching a request to a competence. Compared against both the raw token and its lemma.
_STOP_WORDS_TEXT = """
    а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для до
    его ее ей если есть еще же за зачем здесь и из или им их к как какой когда кто ли либо между меня
    мне мной мы на над надо наш не него нее нет ни них но ну о об обо он она они оно от перед по под
    после при про с со так также такой там те тем то того тоже той только том ты у уж уже хоть чего чей
    чем через что чтобы чье эта эти это этот я который свой себя сам самый очень
    помощь вопрос тема
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_WORDS_TEXT.split())

# Stop words kept at the head of a thesaurus term: negations ("не слушаться", "нет сил") and "кем" ("кем стать",
# whose "стать" alone is a filler). Such a term matches only these words next to each other in a request; elsewhere
# the head word is a stop word like any other.
KEPT_HEADS: frozenset[str] = frozenset({"не", "нет", "кем"})

# Parts of speech dropped from competence/request phrases: prepositions, conjunctions, particles,
# interjections and pronouns-nouns.
DROPPED_POS: frozenset[str] = frozenset({"PREP", "CONJ", "PRCL", "INTJ", "NPRO"})

_DASHES = re.compile(r"[‐‑‒–—―−]")
_TOKEN = re.compile(r"[0-9a-zа-я]+(?:-[0-9a-zа-я]+)*")
_SPACES = re.compile(r"\s+")
_RANGE = re.compile(r"[0-9]+(?:-[0-9]+)+")


def plain_key(text: str) -> str:
    """Normalise a free-form label for exact comparison (case, ё, dashes, spaces) without lemmatising."""
    text = _DASHES.sub("-", text.casefold().replace("ё", "е"))
    return _SPACES.sub(" ", text).strip()


def tokens(text: str) -> list[str]:
    """Split into lowercase word tokens; number ranges like 5-9 stay whole, "учитель-учитель" splits.

    Splitting hyphenated words makes "учитель-учитель" equal to "учитель – учитель".
    """
    out: list[str] = []
    for token in _TOKEN.findall(plain_key(text)):
        if "-" in token and not _RANGE.fullmatch(token):
            out.extend(part for part in token.split("-") if part)
        else:
            out.append(token)
    return out


@lru_cache(maxsize=200_000)
def lemma(token: str) -> tuple[str, str | None]:
    """Normal form and part of speech of one token (memoised: parsing dominates the cost of fit)."""
    if not token.isalpha():
        return token, None
    parses = morph().parse(token)
    # A word already in dictionary form keeps it: "математика" is parsed first as the genitive of
    # "математик", which would make it differ from "математике" (-> "математика").
    parsed = next((p for p in parses if p.normal_form.replace("ё", "е") == token), parses[0])
    return parsed.normal_form.replace("ё", "е"), parsed.tag.POS


@lru_cache(maxsize=50_000)
def ordered_lemmas(phrase: str, keep_head: bool = False) -> tuple[str, ...]:
    """Meaningful lemmas of a phrase in order (repeats kept): no stop words, prepositions, particles...

    ``keep_head`` keeps a leading word of ``KEPT_HEADS`` (thesaurus terms such as "не слушаться", "кем стать")."""
    result: list[str] = []
    for token in tokens(phrase):
        if keep_head and not result and token in KEPT_HEADS:
            result.append(token)
            continue
        if token in STOP_WORDS:
            continue
        normal, pos = lemma(token)
        if pos in DROPPED_POS or normal in STOP_WORDS:
            continue
        result.append(normal)
    if result and result[-1] in KEPT_HEADS:  # a head word alone is no term
        result.pop()
    return tuple(result)


def content_lemmas(phrase: str) -> frozenset[str]:
    """Meaningful lemmas of a phrase: "дисциплина на уроках" and "дисциплина на уроке" give the same set."""
    return frozenset(ordered_lemmas(phrase))


@lru_cache(maxsize=50_000)
def tag_key(text: str) -> str:
    """Comparison key of a short label (subject, level, form): its lemmas in order."""
    return " ".join(lemma(token)[0] for token in tokens(text))


_GENDERS = {
    "м": "м",
    "муж": "м",
    "мужской": "м",
    "мужчина": "м",
    "male": "м",
    "m": "м",
    "ж": "ж",
    "жен": "ж",
    "женский": "ж",
    "женщина": "ж",
    "female": "ж",
    "f": "ж",
}


def gender_key(text: str) -> str:
    """Fold the usual spellings of gender to "м"/"ж" so a preference "женский" matches gender "ж"."""
    key = plain_key(text).rstrip(".")
    return _GENDERS.get(key, key)


def plural(number: float, one: str, few: str, many: str) -> str:
    """Russian noun form for a count: 1 год, 2 года, 5 лет; fractions take the "few" form (2,5 года)."""
    if number != int(number):
        return few
    n = abs(int(number)) % 100
    if 11 <= n <= 14:
        return many
    n %= 10
    if n == 1:
        return one
    if 2 <= n <= 4:
        return few
    return many
