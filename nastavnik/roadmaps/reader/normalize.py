"""Text clean-up shared by all formats.

Word, copy-paste and "save as text" leave debris in cell text: HTML fragments
(``<p>``, ``<br>``, entities), ``[image: …]`` placeholders, markdown-ish
``**bold**`` markers, non-breaking spaces, tabs used for justification and
signature underscores; words a narrow column broke across lines are rejoined.  Everything the reader compares or returns goes through
these helpers so the three formats produce identical strings.
"""

from __future__ import annotations

import functools
import html
import re

from .words import join_broken, rejoin_lines, rejoin_spaced_hyphens

_BREAK_TAG_RE = re.compile(
    r"<\s*br\s*/?\s*>|<\s*/\s*(?:p|div|li|tr|h[1-6])\s*>|<\s*(?:p|div|li|h[1-6])\b[^>]*>", re.I
)
_TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?\s*>")
_IMAGE_RE = re.compile(r"\[(?:image|img|изображение|рисунок)\s*:[^\]]*\]", re.I)
_BOLD_RE = re.compile(r"\*\*")
_UNDERSCORES_RE = re.compile(r"_{3,}")
_SPACES_RE = re.compile(r"[ \t\u00a0\u2007\u202f\u2000-\u200a\u3000]+")
# NUL too: PostgreSQL stores no NUL in text or JSON, and no roadmap means one.
_ZERO_WIDTH_RE = re.compile(r"[\x00\u200b-\u200d\u2060\ufeff\u00ad]")

# Characters that open a line-start bullet. "−" (U+2212) and "·" are what Word
# exports for list bullets; "-" and "–" are typed by hand.
BULLET_RE = re.compile(r"^\s*(?:[-–—−•·●▪◦○*►✓➢]|\d{1,2}[.)](?=\s)|[а-яa-z]\)(?=\s))\s*")


def clean_text(text: str | None) -> str:
    """Return ``text`` without markup, with one space between words and no empty lines.

    Line breaks are kept (they separate paragraphs, bullets and people) so the
    callers can still split on them.  Memoized: the same cell text is cleaned
    many times on its way through the reader, and roadmaps repeat themselves.
    """
    if not text:
        return ""
    return _clean_text(str(text))


@functools.lru_cache(maxsize=8192)
def _clean_text(text: str) -> str:
    if "<" in text:
        text = _BREAK_TAG_RE.sub("\n", text)
        text = _TAG_RE.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    if "[" in text:
        text = _IMAGE_RE.sub(" ", text)
    text = _ZERO_WIDTH_RE.sub("", text)
    text = _BOLD_RE.sub("", text)
    text = _UNDERSCORES_RE.sub(" ", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n").replace("\f", "\n")
    lines = (_SPACES_RE.sub(" ", line).strip() for line in text.split("\n"))
    return rejoin_spaced_hyphens(rejoin_lines("\n".join(line for line in lines if line)))


def one_line(text: str | None) -> str:
    """Collapse a cleaned multi-line text into a single line (for titles in messages)."""
    return " ".join(clean_text(text).split("\n"))


def join_continuation(first: str, second: str) -> str:
    """Join a cell with its continuation from a row split across a page break.

    The split usually happens mid-sentence, so the parts are joined with a
    space; a word broken across the split («Информи-» + «рование»,
    «мотивационно-» + «личностного», «Заместите» + «ль») is glued back
    (see ``words``).
    """
    first = first.rstrip()
    second = second.lstrip()
    if not first:
        return second
    if not second:
        return first
    return join_broken(first, second) or first + " " + second


def normalize_key(text: str) -> str:
    """Lowercase, «ё»→«е», punctuation to spaces: the form used for fuzzy keyword matching."""
    text = clean_text(text).lower().replace("ё", "е")
    text = re.sub(r"[^\w№]+", " ", text)
    return " ".join(text.split())


def short(text: str, limit: int = 80) -> str:
    """Shorten text for a warning message."""
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_ABBREVIATION_RE = re.compile(r"^[А-ЯЁ]{2,6}$")
_ABBREVIATION_END_RE = re.compile(r"(?:У|Ш|ДО|ЦО|РФ|РД|РК|ДТ|ЦДТ|ДДТ)$")


def is_upper_text(text: str) -> bool:
    """True when the letters of ``text`` are mostly capitals (a heading typed in caps)."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 4:
        return False
    return sum(1 for ch in letters if ch.isupper()) / len(letters) > 0.8


def sentence_case(text: str) -> str:
    """Turn an all-caps heading into normal case, keeping abbreviations such as МКОУ or СОШ.

    «МУНИЦИПАЛЬНОЕ … УЧРЕЖДЕНИЕ «СРЕДНЯЯ … ШКОЛА № 5»» becomes
    «Муниципальное … учреждение «Средняя … школа № 5»».
    """
    tokens = re.split(r"(\s+)", text)
    out: list[str] = []
    for token in tokens:
        core = token.strip("«»\"'()„“”.,:;")
        if _ABBREVIATION_RE.match(core) and _ABBREVIATION_END_RE.search(core):
            out.append(token)
        else:
            out.append(token.lower())
    result = "".join(out)
    # Capital letter at the start and right after an opening quote.
    result = re.sub(r"^([^\wа-яё]*)(\w)", lambda m: m.group(1) + m.group(2).upper(), result)
    result = re.sub(r"([«\"„“]\s*)(\w)", lambda m: m.group(1) + m.group(2).upper(), result)
    return result


def normalize_quotes(text: str) -> str:
    """Make quotes consistent: «…» around names, even when the author mixed " and »."""
    # An opening straight quote before a word, closing after one.
    text = re.sub(r"(^|[\s(])[\"“„](?=\S)", r"\1«", text)
    text = re.sub(r"(?<=\S)[\"”“](?=$|[\s,.;:)])", "»", text)
    # Collapse doubled closing quotes («СОШ № 5»» → «СОШ № 5») when unbalanced.
    while text.count("»") > text.count("«") and "»»" in text:
        text = text.replace("»»", "»", 1)
    return text
