"""Understand the free-text deadline phrases («сроки») of Russian school mentoring roadmaps.

Roadmaps are written by hand, so the «Срок» column holds anything from «Сентябрь 2023» to
«Ежегодно, на постоянной основе май» or «с 21.03.- 28.03.2022». The roadmap reader stores the raw
text and calls :func:`parse_deadline` to get dates it can sort, filter and remind on. The module is
pure Python (no Django) so it can be tested exhaustively and reused outside the web application.

The parser never guesses silently: whatever it does not understand stays in ``text``, the dates it
cannot determine stay ``None`` and a warning in Russian says why.

How the parser works: the text is normalized (HTML leftovers, case, «ё», dashes, Latin look-alike
letters), cut into tokens by an ordered list of small regular expressions, and the tokens are read
left to right into *items* (a month, a date, a quarter, a season, a school year...) joined by range
connectors («-», «с … по …») or list connectors («,», «и»). Years are then resolved per group of
connected items and the result spans from the earliest start to the latest end.

Decisions for ambiguous phrases (mirrored in the documentation):

* ``academic_year=2023`` is the school year 2023/24: 1 September 2023 – 31 May 2024.
* A month without a year takes it from the academic year: September–December → the first year,
  January–August → the second («май» → May 2024, «август» → August 2024).
* A period without a year is placed by its *last* month («ноябрь - январь» → 2023-11-01..2024-01-31,
  «август-сентябрь» → August–September 2023, «III квартал» → July–September 2023); the first month
  takes the year that keeps start ≤ end. An explicit year written after a range or a list belongs to
  its last item and earlier items take the latest year that keeps the order («декабрь – январь 2024»
  → December 2023 – January 2024, «апрель, май 2020 г.» → April–May 2020); items after it take the
  earliest such year.
* A listing of months without a year («сентябрь, декабрь, май») places each month independently by
  the rule above and spans from the first to the last; when the listed periods are not adjacent a
  warning says that the span also covers the months in between. No recurrence is inferred.
* «до DATE», «к DATE», «не позднее DATE», «по DATE» set only the end; «с DATE» / «начиная с DATE»
  only the start. For a month without a day «до/к сентябрю» means «by the start of September»
  (end = 1 September) while «до конца сентября», «не позднее сентября», «по сентябрь» mean its last
  day. In a range («с сентября до мая») the end month is included in full.
* «в течение учебного года», «учебный год», «в течение года», «весь год» → the academic year
  (1 September – 31 May); «2023-2024 учебный год», «2023/24 уч. г.» → that school year. A bare year
  range «2023-2024 гг.» is also read as school years (1 September 2023 – 31 May 2024) but with a
  warning, because it might mean calendar years. «2023 год» alone → the calendar year.
* Half-years («полугодие») are school half-years: I = September–December, II = January–May. With an
  explicit calendar year («I полугодие 2024 г.») they are calendar half-years (January–June,
  July–December) and a warning notes it.
* Quarters («квартал») are calendar quarters (IV = October–December).
* School quarters («четверть») are approximated by whole months, since holidays vary by region:
  I = September–October, II = November–December, III = January–March, IV = April–May.
  Trimesters: I = September–November, II = December–February, III = March–May. Seasons: autumn =
  September–November, winter = December–February, spring = March–May, summer = June–August.
  «начало учебного года» → September, «конец учебного года» → May.
* A period word without a number («четверть», «квартал») gives no dates and a warning.
* Recurrence: «ежегодно», «раз в год» → yearly; «ежемесячно» → monthly; «еженедельно» → weekly;
  «ежеквартально», «раз в четверть», «каждую четверть», «по четвертям» → quarterly; «раз в полугодие»,
  «раз в полгода» → half-yearly. «N раз в <период>» maps to the cadence with that interval («2 раза
  в год» → half-yearly, «4 раза в год» → quarterly); intervals that match none («3 раза в год»,
  «2 раза в месяц») take the nearest more frequent cadence with a warning. «ежедневно» is marked as
  ongoing with a warning (daily is not a supported cadence). Two different cadences keep the first
  with a warning.
* Ongoing: «на постоянной основе», «постоянно», «систематически», «регулярно», «круглогодично»,
  «в течение всего периода (реализации программы / ЦМН / целевой модели наставничества)». Ongoing work gets no dates by itself.
* «по мере необходимости», «по необходимости», «при необходимости», «по запросу» are understood as
  «as needed»: no dates, no recurrence, no warning. «по графику», «по плану» are ignored as filler.
* A start later than the end (contradictory text) leaves both dates empty with a warning.
* Empty text → no dates and the warning «Срок не указан»; text with nothing recognizable → the
  warning «Не удалось распознать срок: «…»»; a recognized phrase with leftover words → the dates found
  plus the warning «Не распознана часть текста: «…»».
* Roman numerals may be typed with Latin or Cyrillic look-alike letters (I, І, Х, and «П» for II);
  words typed with Latin look-alikes («Ceнтябрь», «MAPT») are repaired. «I-II полугодие», «1-2
  четверть» span both periods; «кв.» means «квартал».
* A year after a comma still belongs to the month before it («Декабрь, 2023»). A year range right
  after a period names its school year («I полугодие 2023-2024 учебного года», «сентябрь 2023-2024»).
* A single date («01.09.2023», «15 сентября») gives start = end = that day; «1.09.23» has year 2023.
* Bare day numbers borrow the month of the date they are joined to («с 1 по 15 сентября»,
  «1-15 сентября»); a day number with no month to borrow is reported as unrecognized.

Warnings (Russian, shown to the methodologist as they are): «Срок не указан», «Не удалось
распознать срок: «…»», «Не распознана часть текста: «…»», «Не указан год, а учебный год не задан:
«…»», «Учебный год не задан — даты для «…» не определены», «Некорректная дата: «…»», «Не указан
номер периода: «…»», «Перечислены несмежные периоды: …», «Диапазон лет «…» понят как учебные
годы …», «Полугодие с календарным годом понято как календарное: «…»», «Периодичность «…»
приближена: «…»», «Указано несколько разных периодичностей; …», «Ежедневная периодичность не
поддерживается: …», «Начало срока позже окончания — даты не определены: «…»».
"""

from __future__ import annotations

import calendar
import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

__all__ = ["RECURRENCES", "Deadline", "academic_year_of", "deadline_json", "parse_deadline"]

RECURRENCES = ("weekly", "monthly", "quarterly", "half-yearly", "yearly")
"""Allowed values of :attr:`Deadline.recurrence` besides ``None``, from the most frequent."""

_RECURRENCE_NAMES = {
    "weekly": "еженедельно",
    "monthly": "ежемесячно",
    "quarterly": "ежеквартально",
    "half-yearly": "раз в полугодие",
    "yearly": "ежегодно",
}
_CADENCE_WEEKS = {"weekly": 1.0, "monthly": 52 / 12, "quarterly": 13.0, "half-yearly": 26.0, "yearly": 52.0}


@dataclass(frozen=True)
class Deadline:
    """The understood meaning of one deadline phrase; ``text`` is always the phrase as given."""

    text: str
    start: date | None
    end: date | None
    recurrence: str | None
    ongoing: bool
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, the one the management command prints and the reader stores."""
        return {
            "text": self.text,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "recurrence": self.recurrence,
            "ongoing": self.ongoing,
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Deadline:
        """Inverse of :meth:`to_dict`, so stored deadlines need not be parsed again."""
        start, end = d.get("start"), d.get("end")
        return cls(
            text=d.get("text", ""),
            start=date.fromisoformat(start) if start else None,
            end=date.fromisoformat(end) if end else None,
            recurrence=d.get("recurrence"),
            ongoing=bool(d.get("ongoing", False)),
            warnings=tuple(d.get("warnings") or ()),
        )


def academic_year_of(d: date) -> int:
    """The school year a date belongs to (September–December → that year, January–August → the previous).

    The reader uses it to infer the academic year of a roadmap from the dates it contains.
    """
    return d.year if d.month >= 9 else d.year - 1


def deadline_json(text: str, academic_year: int | None) -> str:
    """One JSON object for ``text``; the management command is a thin wrapper around it."""
    return json.dumps(parse_deadline(text, academic_year).to_dict(), ensure_ascii=False)


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


# --------------------------------------------------------------------------- parser


@dataclass
class _Parser:
    """Reads tokens into items and flags; one instance per call, so no state leaks between phrases."""

    tokens: list[_Token]
    academic_year: int | None
    clean: str  # the phrase as shown in warnings
    items: list[_Item] = field(default_factory=list)
    unknown: list[tuple[int, str]] = field(default_factory=list)  # (token index, text)
    warnings: list[str] = field(default_factory=list)
    recurrence: str | None = None
    ongoing: bool = False
    recognized: bool = False

    # -- reading tokens

    def read(self) -> None:
        pending: str | None = None  # "from" / "until" waiting for the next item
        before = False
        conn: str | None = None
        adjacent = False  # the previous meaningful token was an item: a year may attach to it
        i = 0
        while i < len(self.tokens):
            tok = self.tokens[i]
            kind = tok.kind
            new: _Item | None = None
            if kind in ("as_needed", "ongoing", "daily", "recur_word", "recur_times", "recur_each"):
                self.read_flag(tok)
                conn, adjacent = None, False
            elif kind == "from":
                pending, adjacent = "from", False
            elif kind in ("until", "until_school_end"):
                last = self.items[-1] if self.items else None
                if last and last.bound == "from" and conn is None:
                    conn = "range"
                else:
                    pending = "until"
                    before = kind == "until" and tok.groups.get("through") is None
                adjacent = False
                if kind == "until_school_end":
                    new = self.school_year_item(tok.text)
            elif kind == "dash":
                if self.items:
                    conn = "range"
                adjacent = False
            elif kind == "list":
                if self.items and conn is None:
                    conn = "list"
                # «Декабрь, 2023»: a year after a comma still belongs to the month
                adjacent = adjacent and tok.text == "," and self.next_kind(i) in ("year", "acad_years")
            elif kind in ("filler", "filler_phrase", "punct"):
                pass
            elif kind == "year" and adjacent and self.items[-1].accepts_year():
                self.attach_year(self.items[-1], int(tok.groups["y"] or 0))
                self.recognized = True
            elif kind == "acad_years":
                i, new = self.read_academic_years(i, adjacent)
            elif kind == "school_year":
                if self.next_kind(i) == "acad_years" or adjacent:
                    pass  # «учебный год 2023-2024» is read with the years; «май учебного года» is context
                else:
                    new = self.school_year_item(tok.text)
            elif kind == "number" and i + 1 < len(self.tokens) and self.tokens[i + 1].kind == "month":
                new = self.day_month_item(tok, self.tokens[i + 1])
                i += 1
            elif kind == "bare_period":
                self.warnings.append(f"Не указан номер периода: «{tok.text}»")
                self.recognized = True
                conn, adjacent = None, False
            elif kind == "word" or kind == "number" and not tok.groups.get("n"):
                self.unknown.append((i, tok.text))
                pending, conn, adjacent = None, None, False
            else:
                new = self.simple_item(tok, i)
            if new is not None:
                new.pos = i
                new.bound, new.before, new.conn = pending, before and pending == "until", conn
                self.items.append(new)
                pending, before, conn, adjacent = None, False, None, True
                self.recognized = True
            i += 1

    def next_kind(self, i: int) -> str | None:
        """Kind of the next token that is not filler, to join «15 сентября» and «учебный год 2023-2024»."""
        for tok in self.tokens[i + 1 :]:
            if tok.kind not in ("filler", "punct"):
                return tok.kind
        return None

    def read_flag(self, tok: _Token) -> None:
        self.recognized = True
        if tok.kind == "ongoing":
            self.ongoing = True
        elif tok.kind == "daily":
            self.ongoing = True
            self.warnings.append("Ежедневная периодичность не поддерживается: отмечено как постоянная работа")
        elif tok.kind == "recur_word":
            stems = {"годн": "yearly", "месячн": "monthly", "недельн": "weekly", "квартальн": "quarterly"}
            stems |= {"четвертн": "quarterly", "полугодн": "half-yearly"}
            self.set_recurrence(next(v for k, v in stems.items() if tok.text.startswith("еже" + k)), tok.text)
        elif tok.kind in ("recur_times", "recur_each"):
            g = tok.groups
            times = _NUMBER_WORDS.get(g.get("n") or g.get("nw") or "", 0) or int(g.get("n") or 1)
            every = _NUMBER_WORDS.get(g.get("k") or "", 0) or int(g.get("k") or 1)
            self.set_recurrence(
                self.cadence(g.get("p") or g.get("pw") or "", times, every, tok.text), tok.text
            )
        # "as_needed" only marks the phrase as understood

    def cadence(self, period: str, times: int, every: int, text: str) -> str:
        """Nearest supported cadence for «times раз в every period»; approximations get a warning."""
        weeks = {"недел": 1.0, "месяц": 52 / 12, "квартал": 13.0, "четверт": 13.0, "триместр": 52 / 3}
        weeks |= {"полугоди": 26.0, "полгода": 26.0, "учебн": 52.0, "год": 52.0, "лет": 52.0}
        period_weeks = next(v for k, v in weeks.items() if period.startswith(k))
        interval = period_weeks * max(every, 1) / max(times, 1)
        for name, length in _CADENCE_WEEKS.items():
            if abs(interval - length) <= 0.05 * length:
                return name
        finer = [name for name, length in _CADENCE_WEEKS.items() if length < interval]
        result = finer[-1] if finer else "weekly"
        self.warnings.append(f"Периодичность «{text}» приближена: «{_RECURRENCE_NAMES[result]}»")
        return result

    def set_recurrence(self, value: str, text: str) -> None:
        if self.recurrence is None:
            self.recurrence = value
        elif self.recurrence != value:
            self.warnings.append(
                f"Указано несколько разных периодичностей; взята первая "
                f"(«{_RECURRENCE_NAMES[self.recurrence]}»), «{text}» не учтено"
            )

    # -- building items

    def simple_item(self, tok: _Token, pos: int) -> _Item | None:
        g = tok.groups
        if tok.kind == "month":
            month = _month_of(tok.text)
            return _Item(tok.text, month, month)
        if tok.kind == "season":
            stem = g.get("s") or (g.get("s2") or "")[:3]
            first, last = _SEASONS[stem]
            return _Item(tok.text, first, last)
        if tok.kind == "school_start":
            return _Item(tok.text, 9, 9)
        if tok.kind == "school_end":
            return _Item(tok.text, 5, 5)
        if tok.kind == "period":
            period_kind = "квартал" if (g["k"] or "").startswith("кв") else g["k"] or ""
            number = _ordinal(g["n"] or "")
            first_number = _ordinal(g["n_from"]) if g.get("n_from") else number
            first, last = _PERIODS[period_kind].get(first_number), _PERIODS[period_kind].get(number)
            if first is None or last is None or first_number > number:
                self.warnings.append(f"Нет такого периода: «{tok.text}»")
                self.recognized = True
                return None
            return _Item(tok.text, first[0], last[1], period=(period_kind, number) if first == last else None)
        if tok.kind in ("num_date", "iso_date"):
            year = _full_year(g["y"]) if g.get("y") else None
            return self.dated_item(tok.text, int(g["d"] or 0), int(g["m"] or 0), year)
        if tok.kind == "year":
            year = int(g["y"] or 0)
            return _Item(tok.text, None, None, fixed=(date(year, 1, 1), date(year, 12, 31)), explicit=True)
        if tok.kind == "number":
            day = int(g["n"] or 0)
            if 1 <= day <= 31:
                return _Item(tok.text, None, None, first_day=day, last_day=day)  # month borrowed later
            self.unknown.append((pos, tok.text))
        return None

    def dated_item(self, text: str, day: int, month: int, year: int | None) -> _Item | None:
        if not 1 <= month <= 12 or not 1 <= day <= _month_end(year or 2000, month):
            self.warnings.append(f"Некорректная дата: «{text}»")
            self.recognized = True
            return None
        return _Item(text, month, month, day, day, year=year, explicit=year is not None)

    def day_month_item(self, number: _Token, month: _Token) -> _Item | None:
        day = int(number.groups.get("n") or number.groups.get("n2") or 0)
        return self.dated_item(f"{number.text} {month.text}", day, _month_of(month.text), None)

    def school_year_item(self, text: str) -> _Item | None:
        if self.academic_year is None:
            self.warnings.append(f"Учебный год не задан — даты для «{text}» не определены")
            self.recognized = True
            return None
        ay = self.academic_year
        return _Item(text, None, None, fixed=(date(ay, 9, 1), date(ay + 1, 5, 31)))

    def read_academic_years(self, i: int, adjacent: bool) -> tuple[int, _Item | None]:
        """«2023-2024 учебный год» or, next to an item, the school year that item belongs to."""
        tok = self.tokens[i]
        y1, y2_text = int(tok.groups["y1"] or 0), tok.groups["y2"] or ""
        y2 = _full_year(y2_text) if len(y2_text) == 4 else y1 // 100 * 100 + int(y2_text)
        school = i > 0 and self.tokens[i - 1].kind == "school_year"
        if self.next_kind(i) == "school_year":
            school = True
            i = next(j for j in range(i + 1, len(self.tokens)) if self.tokens[j].kind == "school_year")
        self.recognized = True
        if not y1 < y2 <= y1 + 10:
            self.warnings.append(f"Некорректный диапазон лет: «{tok.text}»")
            return i, None
        if adjacent and self.items[-1].fixed is None and self.items[-1].year is None and y2 == y1 + 1:
            self.items[-1].academic_year = y1
            return i, None
        if not school:
            self.warnings.append(f"Диапазон лет «{tok.text}» понят как учебные годы (с 1 сентября по 31 мая)")
        return i, _Item(tok.text, None, None, fixed=(date(y1, 9, 1), date(y2, 5, 31)), explicit=True)

    def attach_year(self, item: _Item, year: int) -> None:
        item.year, item.explicit = year, True
        if item.period and item.period[0] == "полугоди":
            item.first_month, item.last_month = _CALENDAR_HALVES[item.period[1]]
            self.warnings.append(f"Полугодие с календарным годом понято как календарное: «{self.clean}»")

    # -- years and dates

    def borrow_months(self) -> None:
        """Give a bare day («с 1 по 15 сентября») the month of the dated item it is linked to."""
        kept: list[_Item] = []
        for index, item in enumerate(self.items):
            if item.first_month is None and item.fixed is None:
                following = self.items[index + 1] if index + 1 < len(self.items) else None
                previous = kept[-1] if kept and item.conn else None
                donor = following if following and following.conn and following.has_day else None
                donor = donor or (previous if previous and previous.has_day else None)
                if donor is not None and donor.first_month is None:
                    donor = None  # «с 1 по 15» has no month to borrow
                if donor is None:
                    self.unknown.append((item.pos, item.text))
                    continue
                item.first_month = item.last_month = (
                    donor.first_month if donor is following else donor.last_month
                )
                assert item.last_month is not None and item.last_day is not None
                if item.last_day > _month_end(2000, item.last_month):
                    self.warnings.append(f"Некорректная дата: «{item.text}»")
                    continue
            kept.append(item)
        self.items = kept

    def resolve_years(self, group: list[_Item]) -> None:
        ay = next((it.academic_year for it in group if it.academic_year is not None), self.academic_year)
        if any(it.explicit for it in group):
            self.propagate(group)
            return
        if ay is None:
            if not all(it.resolved for it in group):
                self.warnings.append(f"Не указан год, а учебный год не задан: «{self.clean}»")
            return
        for segment in _segments(group):
            last = segment[-1]
            if last.fixed is None and last.last_month is not None:
                last.year = ay if last.last_month >= 9 else ay + 1
            if len(segment) == 2 and not segment[0].resolved and last.resolved:
                segment[0].year = _latest_year_before(segment[0], last.start_key(last.year or 0))

    @staticmethod
    def propagate(group: list[_Item]) -> None:
        """Give items without a year the one that keeps the group in chronological order."""
        following: tuple[int, int, int] | None = None
        for item in reversed(group):
            if not item.resolved and following is not None:
                item.year = _latest_year_before(item, following)
            if item.resolved:
                following = item.start_key(item.year or 0)
        preceding: tuple[int, int, int] | None = None
        for item in group:
            if not item.resolved and preceding is not None:
                item.year = next(
                    y for y in range(preceding[0] - 1, preceding[0] + 3) if item.start_key(y) >= preceding
                )
            if item.resolved:
                preceding = item.start_key(item.year or 0)

    def intervals(self) -> list[tuple[date | None, date | None]]:
        """Concrete (start, end) pairs; a missing side means «from» or «until» only."""
        result: list[tuple[date | None, date | None]] = []
        for group in _groups(self.items):
            self.resolve_years(group)
            for segment in _segments(group):
                if not all(it.resolved for it in segment):
                    continue
                first, last = segment[0], segment[-1]
                try:
                    start, end = first.start(), last.end()
                    if last.before and not last.has_day:
                        end = last.start()
                except ValueError:
                    self.warnings.append(f"Некорректная дата: «{' – '.join(it.text for it in segment)}»")
                    continue
                bound = first.bound if len(segment) == 1 or first.bound == "until" else None
                result.append((None if bound == "until" else start, None if bound == "from" else end))
        return result

    def result(self, text: str) -> Deadline:
        self.read()
        self.borrow_months()
        intervals = self.intervals()
        if not self.recognized:
            return Deadline(text, None, None, None, False, (f"Не удалось распознать срок: «{self.clean}»",))
        starts = [s for s, _ in intervals if s is not None]
        ends = [e for _, e in intervals if e is not None]
        start, end = (min(starts) if starts else None), (max(ends) if ends else None)
        full = sorted((s, e) for s, e in intervals if s is not None and e is not None)
        if any(s > max(e for _, e in full[:k]) + timedelta(days=1) for k, (s, _) in enumerate(full) if k):
            self.warnings.append(
                "Перечислены несмежные периоды: срок взят от начала первого до конца последнего"
            )
        if start and end and start > end:
            self.warnings.append(f"Начало срока позже окончания — даты не определены: «{self.clean}»")
            start = end = None
        if self.unknown:
            self.warnings.append(
                f"Не распознана часть текста: «{' '.join(t for _, t in sorted(self.unknown))}»"
            )
        warnings = tuple(dict.fromkeys(self.warnings))
        return Deadline(text, start, end, self.recurrence, self.ongoing, warnings)


def _groups(items: list[_Item]) -> list[list[_Item]]:
    """Items linked by range or list connectors; a year written in a group applies within it."""
    groups: list[list[_Item]] = []
    for item in items:
        if item.conn and groups:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def _segments(group: list[_Item]) -> list[list[_Item]]:
    """Pair items joined by a range connector; «a - b - c» is the range a–b then the single c."""
    segments: list[list[_Item]] = []
    i = 0
    while i < len(group):
        if (
            i + 1 < len(group)
            and group[i + 1].conn == "range"
            and not group[i].fixed
            and not group[i + 1].fixed
        ):
            segments.append(group[i : i + 2])
            i += 2
        else:
            segments.append([group[i]])
            i += 1
    return segments


def _latest_year_before(item: _Item, limit: tuple[int, int, int]) -> int:
    return next(y for y in range(limit[0] + 1, limit[0] - 3, -1) if item.start_key(y) <= limit)


# --------------------------------------------------------------------------- entry point


def parse_deadline(text: str, academic_year: int | None) -> Deadline:
    """Understand one «Срок» cell of a roadmap; see the module docstring for the rules.

    ``academic_year=2023`` means the school year 2023/24 and supplies the year of months written
    without one. With ``None`` such dates stay empty and a warning says so.
    """
    text = text if isinstance(text, str) else ""
    clean = _clean(text)
    if not clean:
        return Deadline(text, None, None, None, False, ("Срок не указан",))
    return _Parser(_tokenize(_normalize(clean)), academic_year, clean).result(text)
