"""What the deadline parser reads: normalization, the lexer's ordered rules, the tables of month names,
periods, seasons and numbers, and the item a named period becomes before its year is known."""

from __future__ import annotations

import calendar
import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

_RECURRENCE_NAMES = {
    "weekly": "еженедельно",
    "monthly": "ежемесячно",
    "quarterly": "ежеквартально",
    "half-yearly": "раз в полугодие",
    "yearly": "ежегодно",
}
_CADENCE_WEEKS = {"weekly": 1.0, "monthly": 52 / 12, "quarterly": 13.0, "half-yearly": 26.0, "yearly": 52.0}


# --------------------------------------------------------------------------- normalization

_TAG_RE = re.compile(r"<[^>]*>")
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")
_LATIN_LOOKALIKES = str.maketrans("aceopxykmthb", "асеорхукмтнв")
_ROMAN_LOOKALIKES = str.maketrans("іхι", "ixi")  # Cyrillic і, х and Greek iota typed for I and X
_ROMAN_RE = re.compile(r"[ivxіхι]+")


def _clean(text: str) -> str:
    """Display form used in warnings: HTML leftovers removed and whitespace collapsed, case kept."""
    text = _TAG_RE.sub(" ", html.unescape(_TAG_RE.sub(" ", text)))
    return " ".join(_INVISIBLE_RE.sub("", text).split())


def _fix_word(match: re.Match[str]) -> str:
    """Repair one word typed with look-alike letters from another alphabet."""
    word = match.group(0)
    if _ROMAN_RE.fullmatch(word):
        return word.translate(_ROMAN_LOOKALIKES)
    has_latin = re.search("[a-z]", word) is not None
    has_cyrillic = re.search("[а-я]", word) is not None
    if has_latin and (has_cyrillic or re.fullmatch("[aceopxykmthb]+", word)):
        return word.translate(_LATIN_LOOKALIKES)
    return word


def _normalize(clean: str) -> str:
    """Lowercase, «ё»→«е», one kind of dash, repaired look-alike letters; what the lexer reads."""
    text = unicodedata.normalize("NFKC", clean).lower().replace("ё", "е").translate(_DASHES)
    text = re.sub(r"[^\W\d_]+", _fix_word, text)
    return " ".join(text.split())


# --------------------------------------------------------------------------- lexer

_YEAR_SUFFIX = r"(?:\s*(?:г\.?\s*г|гг|годы|годов|годах|года|году|год|г)(?!\w)\.?)?"
_PERIOD_WORDS = r"(?:недел\w*|месяц\w*|квартал\w*|четверт\w*|триместр\w*|полугоди\w*|полгода|учебн\w*\s+год\w*|год\w*|лет)"
_MONTH_WORDS = (
    r"(?:январ|феврал|март|апрел|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*"
    r"|(?:май|мая|маю|мае|маем|янв|февр?|мар|апр|авг|сент?|окт|нояб?|дек)(?!\w)\.?"
)

# Ordered by specificity: at each position the first rule that matches wins.
_RULES: list[tuple[str, re.Pattern[str]]] = [
    (kind, re.compile(pattern))
    for kind, pattern in [
        (
            "as_needed",
            r"(?:по\s+мере|при|в\s+случае)\s+(?:необходимости|потребности)(?!\w)"
            r"|по\s+(?:необходимости|потребности|запросу|запросам|требованию)(?!\w)"
            r"|по\s+мере\s+поступления(?:\s+запрос\w*)?(?!\w)",
        ),
        ("until_school_end", r"до\s+(?:конца|окончания)\s+(?:текущего\s+)?(?:учебн\w*\s+)?года(?!\w)"),
        ("school_start", r"(?:в\s+)?начал[оеау]\s+(?:текущего\s+)?учебн\w*\s+год\w*"),
        ("school_end", r"(?:в\s+)?(?:конц[еау]|окончани[ея])\s+(?:текущего\s+)?учебн\w*\s+год\w*"),
        (
            "ongoing",
            r"на\s+постоянной\s+основе|постоянно(?!\w)|систематически|регулярно|круглогодично"
            r"|(?:в\s+течение\s+|на\s+)?(?:всего|весь)\s+(?:период|срок)\w*(?:\s+реализации)?"
            r"(?:\s+(?:программ\w*|проект\w*|наставничеств\w*|дорожн\w*\s+карт\w*|цмн|целев\w*\s+модел\w*)"
            r"(?!\w))?(?:\s+наставничества)?",
        ),
        ("daily", r"ежедневн\w*|каждый\s+день(?!\w)"),
        ("recur_word", r"еже(?:годн|месячн|недельн|квартальн|четвертн|полугодн)\w*"),
        (
            "recur_times",
            r"(?:(?P<n>[0-9]+|один|одна|два|две|три|четыре|пять|шесть)\s+)?раза?\s+в\s+"
            r"(?:(?P<k>[0-9]+|два|две|три|четыре|шесть)\s+)?(?P<p>" + _PERIOD_WORDS + r")(?!\w)"
            r"|(?P<nw>дважды|трижды)\s+в\s+(?P<pw>" + _PERIOD_WORDS + r")(?!\w)",
        ),
        ("recur_each", r"(?:кажд\w*|по)\s+(?P<p>" + _PERIOD_WORDS + r")(?!\w)"),
        (
            "filler_phrase",
            r"(?:по|согласно|в\s+соответствии\s+с)\s+(?:утвержденн\w*\s+|отдельн\w*\s+|индивидуальн\w*\s+"
            r"|годов\w*\s+)?(?:график\w*|план\w*|расписани\w*)",
        ),
        ("iso_date", r"(?P<y>(?:19|20)[0-9]{2})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})(?![0-9])"),
        (
            "acad_years",
            r"(?P<y1>(?:19|20)[0-9]{2})\s*[-/\\]\s*(?P<y2>(?:19|20)[0-9]{2}|[0-9]{2})(?![0-9])"
            + _YEAR_SUFFIX,
        ),
        (
            "num_date",
            r"(?P<d>[0-9]{1,2})\s?[./]\s?(?P<m>[0-9]{1,2})(?![0-9])"
            r"(?:\s?[./]\s?(?P<y>[0-9]{4}|[0-9]{2})(?![0-9]))?" + _YEAR_SUFFIX,
        ),
        ("year", r"(?P<y>(?:19|20)[0-9]{2})(?![0-9])" + _YEAR_SUFFIX),
        (
            "period",
            r"(?:(?P<n_from>iv|iii|ii|i|п|[1-4])\s?-\s?)?"
            r"(?P<n>iv|iii|ii|i|п|[1-4]|перв\w*|втор\w*|трет\w*|четверт\w*)"
            r"(?:\s?-?\s?(?:ого|го|ое|ая|ый|ой|ом|ей|е|я|й|м))?\s*"
            r"(?P<k>полугоди|квартал|четверт|триместр|кв(?!\w)\.?)\w*",
        ),
        ("bare_period", r"(?:полугоди|квартал|четверт|триместр)\w*"),
        (
            "school_year",
            r"(?:в\s+течение\s+|на\s+|за\s+)?(?:всего\s+|весь\s+|текущ\w*\s+)?(?:учебн\w*|уч\.?)\s*(?:год\w*|г(?!\w)\.?)"
            r"|(?:в\s+течение\s+(?:всего\s+)?|(?:на\s+|за\s+)?весь\s+)года?(?!\w)",
        ),
        ("season", r"(?P<s>осен|зим|весн|весен|летн)\w*(?:\s+период\w*)?|(?P<s2>лето|летом|лета)(?!\w)"),
        ("month", _MONTH_WORDS),
        ("from", r"(?:начиная\s+)?(?:с|со|от)(?!\w)|не\s+ранее(?!\w)"),
        (
            "until",
            r"(?P<through>не\s+позднее|не\s+позже|до\s+(?:конца|окончания)|по)(?!\w)|(?:до|к|ко)(?!\w)",
        ),
        ("dash", r"-+"),
        ("list", r"[,;/&+]|(?:и|или|а\s+также)(?!\w)"),
        ("number", r"(?P<n>[0-9]+)(?:\s?-?\s?(?:ого|го|ое|е|й))?(?!\w)|(?P<n2>[0-9]+)"),
        ("filler", r"(?:в|во|на|за|течение|срок|сроки|период|периоде|текущ\w*|г|гг|года?)(?!\w)\.?"),
        ("punct", r"[^\w\s]"),
        ("word", r"\w+"),
    ]
]


@dataclass
class _Token:
    kind: str
    text: str
    groups: dict[str, str | None]


def _tokenize(text: str) -> list[_Token]:
    """Cut normalized text into tokens; every character ends up in some token or is whitespace."""
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        for kind, rule in _RULES:
            match = rule.match(text, pos)
            if match and match.end() > pos:
                tokens.append(_Token(kind, match.group(0), match.groupdict()))
                pos = match.end()
                break
        else:  # pragma: no cover - "punct" and "word" together match any non-space character
            pos += 1
    return tokens


# --------------------------------------------------------------------------- items

_MONTH_PREFIXES = (
    ("январ", 1),
    ("феврал", 2),
    ("март", 3),
    ("апрел", 4),
    ("июн", 6),
    ("июл", 7),
    ("август", 8),
    ("сентябр", 9),
    ("октябр", 10),
    ("ноябр", 11),
    ("декабр", 12),
)
_MONTH_ABBREVIATIONS = {
    "май": 5, "мая": 5, "маю": 5, "мае": 5, "маем": 5, "янв": 1, "фев": 2, "февр": 2, "мар": 3, "апр": 4,
    "авг": 8, "сен": 9, "сент": 9, "окт": 10, "ноя": 11, "нояб": 11, "дек": 12,
}  # fmt: skip
_SEASONS = {"осен": (9, 11), "зим": (12, 2), "весн": (3, 5), "весен": (3, 5), "летн": (6, 8), "лет": (6, 8)}
_PERIODS = {
    "полугоди": {1: (9, 12), 2: (1, 5)},
    "квартал": {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)},
    "четверт": {1: (9, 10), 2: (11, 12), 3: (1, 3), 4: (4, 5)},
    "триместр": {1: (9, 11), 2: (12, 2), 3: (3, 5)},
}
_CALENDAR_HALVES = {1: (1, 6), 2: (7, 12)}
_ORDINALS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "п": 2, "перв": 1, "втор": 2, "трет": 3, "четверт": 4}
_NUMBER_WORDS = {"один": 1, "одна": 1, "два": 2, "две": 2, "дважды": 2, "три": 3, "трижды": 3, "четыре": 4}
_NUMBER_WORDS |= {"пять": 5, "шесть": 6}


def _month_of(word: str) -> int:
    word = word.rstrip(".")
    if word in _MONTH_ABBREVIATIONS:
        return _MONTH_ABBREVIATIONS[word]
    return next(month for prefix, month in _MONTH_PREFIXES if word.startswith(prefix))


def _ordinal(word: str) -> int:
    if word.isdigit():
        return int(word)
    return next(
        value for key, value in _ORDINALS.items() if word == key or (len(key) > 2 and word.startswith(key))
    )


def _full_year(digits: str) -> int:
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


@dataclass
class _Item:
    """One period named in the text, before and after its year is known.

    ``year`` is the year of the last month; a period whose first month comes after its last
    (winter, «ноябрь - январь» is two items, but «II триместр» is one) starts a year earlier.
    """

    text: str
    first_month: int | None
    last_month: int | None
    first_day: int | None = None
    last_day: int | None = None
    year: int | None = None
    explicit: bool = False  # the year was written in the text
    fixed: tuple[date, date] | None = None  # already concrete: a calendar or school year
    period: tuple[str, int] | None = None  # (kind, number) so a calendar year can change the months
    bound: str | None = None  # "from" (start only) or "until" (end only)
    before: bool = False  # «до/к <month>»: the end is the month's first day
    conn: str | None = None  # link to the previous item: "range", "list" or None
    academic_year: int | None = None  # «... 2023-2024 учебного года» written next to the item
    pos: int = 0  # token index, to report unknown leftovers in reading order

    @property
    def wraps(self) -> int:
        assert self.first_month is not None and self.last_month is not None
        return int((self.first_month, self.first_day or 1) > (self.last_month, self.last_day or 31))

    def start_key(self, year: int) -> tuple[int, int, int]:
        """Comparable start for a candidate year, safe for days invalid in that year (29 February)."""
        if self.fixed:
            return self.fixed[0].year, self.fixed[0].month, self.fixed[0].day
        assert self.first_month is not None
        return year - self.wraps, self.first_month, self.first_day or 1

    def start(self) -> date:
        if self.fixed:
            return self.fixed[0]
        assert self.year is not None and self.first_month is not None
        return date(self.year - self.wraps, self.first_month, self.first_day or 1)

    def end(self) -> date:
        if self.fixed:
            return self.fixed[1]
        assert self.year is not None and self.last_month is not None
        day = self.last_day or _month_end(self.year, self.last_month)
        return date(self.year, self.last_month, day)

    @property
    def resolved(self) -> bool:
        return self.fixed is not None or self.year is not None

    @property
    def has_day(self) -> bool:
        return self.last_day is not None

    def accepts_year(self) -> bool:
        return self.fixed is None and self.year is None and self.first_month is not None
