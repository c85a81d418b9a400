"""The deadline parser: reads the tokens of a phrase into items and flags, resolves the years of each
group of connected items and builds the :class:`Deadline` (see the package docstring for the rules)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from .model import Deadline
from .vocabulary import (
    _CADENCE_WEEKS,
    _CALENDAR_HALVES,
    _NUMBER_WORDS,
    _PERIODS,
    _RECURRENCE_NAMES,
    _SEASONS,
    _clean,
    _full_year,
    _Item,
    _month_end,
    _month_of,
    _normalize,
    _ordinal,
    _Token,
    _tokenize,
)

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
            n_from = g.get("n_from")
            first_number = _ordinal(n_from) if n_from else number
            months = _PERIODS[period_kind]
            first_period, last_period = months.get(first_number), months.get(number)
            if first_period is None or last_period is None or first_number > number:
                self.warnings.append(f"Нет такого периода: «{tok.text}»")
                self.recognized = True
                return None
            period = (period_kind, number) if first_period == last_period else None
            return _Item(tok.text, first_period[0], last_period[1], period=period)
        if tok.kind in ("num_date", "iso_date"):
            digits = g.get("y")
            year = _full_year(digits) if digits else None
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


def deadline_json(text: str, academic_year: int | None) -> str:
    """One JSON object for ``text``; the management command is a thin wrapper around it."""
    return json.dumps(parse_deadline(text, academic_year).to_dict(), ensure_ascii=False)
