"""Rows of the plan: numbers, the text of a row per role, and what the walk collects.

Numbering («1», «1.1.», «II», «Этап 2»), stage headings, the values of one
row by column role, the builders the interpreter fills, and the small
judgements on a single row (is it a stage's explanation, does it start a new
activity, is its title cell a list).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from nastavnik.roadmaps.deadlines import parse_deadline

from .columns import DEADLINE, FIELD_ROLES, MITIGATION, RESPONSIBLE, RISK, ColumnMap
from .normalize import BULLET_RE, clean_text, join_continuation, short
from .responsible import join_continuation_people
from .source import Cell

# ---------------------------------------------------------------------------
# Numbers

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_NUMBER_CELL_RE = re.compile(
    r"^(?:(?:этап|раздел|блок|шаг)\s*)?(\d{1,3}(?:\s*\.\s*\d{1,3})*|[IVXLC]{1,6})\s*[.):]?\s*"
    r"(?:(?:этап|раздел|блок|шаг)\b\.?)?\s*$",
    re.I,
)
_LEADING_NUMBER_RE = re.compile(
    r"^\s*(?:(?P<word>этап|раздел|блок|шаг|модуль)\s*(?P<wnum>\d{1,3}|(?-i:[IVXLC]{1,6}))\s*[.:)–—-]?"
    r"|(?P<num>\d{1,3}(?:\.\d{1,3})+)[.)]?(?=\s)"
    r"|(?P<num1>\d{1,3})[.)](?!\d)\s*(?:(?:этап|раздел|блок|шаг)\b\s*[.:)–—-]?)?"
    r"|(?P<num2>\d{1,3})\s+(?:этап|раздел|блок|шаг)\b\s*[.:)–—-]?"
    r"|(?P<roman>(?-i:[IVXLC]{1,6}))\s*[.)]\s)\s*",
    re.I,
)
_STAGE_START_RE = re.compile(
    r"^\s*(?:этап|раздел|блок|модуль|направление)\b|^\s*(?-i:[IVXLC]{1,6})[.)]\s", re.I
)
_STAGE_WORD_RE = re.compile(r"\bэтап\b", re.I)


def looks_like_stage_heading(text: str) -> bool:
    """«Этап 2», «II. Основной», «Подготовительный этап» — but not a sentence that mentions a stage."""
    text = text.strip()
    if not text or len(text) > 200:
        return False
    if _STAGE_START_RE.match(text):
        return True
    return bool(
        _STAGE_WORD_RE.search(text)
        and len(text) < 120
        and text[:1].isupper()
        and not re.search(r"[.:;]\s", text)
    )


def roman_to_int(text: str) -> int | None:
    text = text.upper()
    if not text or any(ch not in _ROMAN_VALUES for ch in text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN_VALUES[ch]
        if i + 1 < len(text) and _ROMAN_VALUES[text[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


def normalize_number(text: str) -> str | None:
    """«1.1.» → «1.1», «Этап 2» → «2», «II.» → «II»; ``None`` when the cell is not a number."""
    match = _NUMBER_CELL_RE.match(clean_text(text).replace("\n", " "))
    if not match:
        return None
    return re.sub(r"\s+", "", match.group(1)).strip(".")


def split_leading_number(text: str) -> tuple[str | None, str]:
    """Split «1.1. Назначение куратора» / «Этап 1. Подготовка» into number and the rest."""
    match = _LEADING_NUMBER_RE.match(text)
    if not match:
        return None, text
    number = (
        match.group("wnum")
        or match.group("num")
        or match.group("num1")
        or match.group("num2")
        or match.group("roman")
    )
    rest = text[match.end() :].strip()
    if not rest:
        return None, text
    return number.strip("."), rest


def number_parts(number: str | None) -> list[int]:
    """Numeric components of a number: «2.3» → [2, 3], «IV» → [4]."""
    if not number:
        return []
    if re.fullmatch(r"\d+(?:\.\d+)*", number):
        return [int(p) for p in number.split(".")]
    value = roman_to_int(number)
    return [value] if value else []


def number_level(number: str | None) -> int:
    return len(number_parts(number)) or 1


# ---------------------------------------------------------------------------
# Row values


@dataclass
class RowValues:
    """The text of one row per role, plus layout facts the grouping rules need."""

    number: str = ""
    title: str = ""
    stage: str = ""
    description: str = ""
    deadline: str = ""
    responsible: str = ""
    result: str = ""
    solo: Cell | None = None  # the only non-empty cell of the row, if there is just one
    continued: set[str] = field(default_factory=set)  # roles whose cell is a vertical-merge continuation
    unmapped: str = ""

    def has_details(self) -> bool:
        return bool(self.deadline or self.responsible or self.result or self.description)

    def is_empty(self) -> bool:
        return not (self.number or self.title or self.stage or self.has_details())


def row_values(row: list[Cell], cmap: ColumnMap) -> RowValues:
    values = RowValues()
    non_empty = [c for c in row if clean_text(c.text)]
    if len(non_empty) == 1:
        values.solo = non_empty[0]
    for cell in non_empty:
        role = cmap.role_at(cell.col)
        if role is None:
            for col in range(cell.col + 1, cell.col + cell.span):
                role = cmap.role_at(col)
                if role:
                    break
        text = clean_text(cell.text)
        if role is None or role in (RISK, MITIGATION):
            values.unmapped = join_continuation(values.unmapped, text)
            continue
        previous = getattr(values, role)
        if previous:
            separator = " – " if role == DEADLINE else "\n"
            text = previous + separator + text
        setattr(values, role, text)
        if cell.continued:
            values.continued.add(role)
    return values


# ---------------------------------------------------------------------------
# Builders: raw text collected while walking the rows


@dataclass
class Fields:
    title: str = ""
    description: str = ""
    deadline: str = ""
    responsible: str = ""
    result: str = ""

    @classmethod
    def of(cls, values: RowValues, title: str | None = None) -> Fields:
        return cls(
            title=values.title if title is None else title,
            description=values.description,
            deadline=values.deadline,
            responsible=values.responsible,
            result=values.result,
        )

    def extend(self, other: Fields, *, skip: Iterable[str] = ()) -> None:
        """Append a continuation row's texts, field by field."""
        for name in FIELD_ROLES:
            if name in skip:
                continue
            join = join_continuation_people if name == RESPONSIBLE else join_continuation
            setattr(self, name, join(getattr(self, name), getattr(other, name)))

    def has_details(self) -> bool:
        return bool(self.deadline or self.responsible or self.result or self.description)


@dataclass
class ActivityBuilder:
    number: str | None
    fields: Fields


@dataclass
class StageBuilder:
    number: str | None
    fields: Fields
    activities: list[ActivityBuilder] = field(default_factory=list)
    groups: list[Fields] = field(default_factory=list)  # activity cells of the «stage column» layout
    implicit: bool = False
    heading: tuple[str, str] | None = None  # a «6.1 Контроль …:» row that heads «6.1.1», «6.1.2»

    def is_empty(self) -> bool:
        return not self.activities and not self.groups


@dataclass
class RiskRow:
    risk: str
    mitigation: str = ""


IMPLICIT_STAGE_TITLE = "Мероприятия"


# ---------------------------------------------------------------------------
# Judgements on one row


def understood(text: str) -> bool:
    """Whether ``text`` reads as a deadline (any date, period, recurrence or «постоянно»)."""
    deadline = parse_deadline(" ".join(text.split()), None)
    return bool(deadline.start or deadline.end or deadline.ongoing or deadline.recurrence)


def stage_explanation(values: RowValues, title: str) -> str | None:
    """The description of an unnumbered stage row «Основной этап | Работа пар и групп по планам», if it is one.

    The title must read as a stage heading; the row names nobody, and its
    only other text is a phrase of several words that is not a deadline
    (some schools put it under «Сроки» or «Результат», the next column).
    """
    if not title or title[:1].islower() or values.responsible or not looks_like_stage_heading(title):
        return None
    texts = [t for t in (values.description, values.deadline, values.result) if t]
    if len(texts) != 1 or len(texts[0].split()) < 4:
        return None
    if texts[0] == values.deadline and understood(values.deadline):
        return None
    return texts[0]


def starts_new_activity(values: RowValues, title: str, last: Fields) -> bool:
    """An unnumbered row that is clearly an activity of its own, not the rest of the one above.

    It has its own deadline (one that reads as a date) and its own people,
    starts with a capital, the activity above has a deadline of its own and
    its title does not stop mid-phrase; a row split by a page break has none
    of this (its deadline and people stayed on the first page).
    """
    return bool(
        title[:1].isupper()
        and values.deadline
        and values.responsible
        and not values.continued
        and last.deadline
        and not continues_title(last.title, title)
        and understood(values.deadline)
    )


def prefix_heading(heading: str, title: str) -> str:
    heading = heading.rstrip().rstrip(":").rstrip()
    if not title:
        return heading
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        title = title[0].lower() + title[1:]
    return f"{heading}: {title}"


def continues_title(previous: str, fragment: str) -> bool:
    if not fragment:
        return True
    if fragment[:1].islower():
        return True
    return bool(re.search(r"[-–,/(]$|\b(?:и|в|на|по|для|с|о|об|к|от|из)$", previous.rstrip()))


def has_bullets(text: str) -> bool:
    return any(BULLET_RE.match(line) for line in text.split("\n")[1:]) or (
        sum(1 for line in text.split("\n") if BULLET_RE.match(line)) >= 2
    )


def split_bullets(text: str) -> tuple[str, list[str]]:
    """Split a cell into the text before the first bullet and the bullet items.

    Lines starting with «-», «–», «−», «•», «·» or «1)» open an item; other lines
    continue the current item (Word wraps long bullets onto plain lines).
    Trailing «;» and «,» are dropped from each item.
    """
    lead: list[str] = []
    items: list[str] = []
    for line in clean_text(text).split("\n"):
        match = BULLET_RE.match(line)
        if match and not line[match.end() :].strip():
            continue  # a bullet with nothing after it
        if match:
            items.append(line[match.end() :].strip())
        elif items:
            items[-1] = join_continuation(items[-1], line)
        else:
            lead.append(line)
    items = [re.sub(r"[\s;,]+$", "", item) for item in items]
    return " ".join(lead).strip(), [item for item in items if item]


def describe(number: str | None, title: str, kind: str = "мероприятия") -> str:
    """«мероприятия 2.3» or «мероприятия «Назначение куратора»» for warnings."""
    if number:
        return f"{kind} {number}"
    return f"{kind} «{short(title, 60)}»"
