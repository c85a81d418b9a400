"""Format-independent reading of the roadmap table.

Each format reader (text, DOCX, XLSX) turns its file into a ``SourceDocument``:
paragraphs and tables in document order, every table a list of rows of
``Cell`` objects that know their grid column, horizontal span and whether they
are the continuation of a vertically merged cell.  This module then

1. finds the header row and maps columns to roles by fuzzy Russian keywords
   (``classify_header``), whatever their order and wording;
2. walks the rows and tells stages from activities by numbering and layout
   (``TableInterpreter``), joins rows split across pages, turns a stage's
   bullet list into activities, and collects the risks table.

Deadlines and responsible people are kept as raw text here; they are parsed
once the academic year of the whole document is known (see ``assemble``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from nastavnik.roadmaps.deadlines import parse_deadline

from .normalize import BULLET_RE, clean_text, join_continuation, normalize_key, short
from .responsible import join_continuation_people

# ---------------------------------------------------------------------------
# Source model shared by the format readers


@dataclass
class Cell:
    """One cell of a table as laid out on the grid."""

    text: str
    col: int
    span: int = 1
    continued: bool = False  # lower part of a vertically merged cell: same content as above


@dataclass
class SourceTable:
    """A table as rows of cells; rows may have fewer cells than the grid is wide."""

    rows: list[list[Cell]]

    @property
    def width(self) -> int:
        return max((c.col + c.span for row in self.rows for c in row), default=0)


@dataclass
class SourceDocument:
    """Paragraph lines and tables in document order, as produced by a format reader."""

    blocks: list[str | SourceTable]
    format: str
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Header detection

NUMBER = "number"
TITLE = "title"
STAGE = "stage"
DESCRIPTION = "description"
RESULT = "result"
DEADLINE = "deadline"
RESPONSIBLE = "responsible"
RISK = "risk"
MITIGATION = "mitigation"

FIELD_ROLES = (TITLE, DESCRIPTION, DEADLINE, RESPONSIBLE, RESULT)

# Checked in this order: the first rule that matches a header cell wins, so
# «Длительность этапа» is a deadline (not a stage) and «Ожидаемый результат
# мероприятия» is a result (not a title).
_HEADER_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (DEADLINE, ("срок", "дата", "длительн", "период", "продолжительн", "время провед", "когда")),
    (RESPONSIBLE, ("ответствен", "исполнител", "кто провод", "кто отвеч")),
    (RESULT, ("результат", "документ", "продукт", "показател", "отчет", "итог", "выход")),
    (STAGE, ("этап",)),
    (DESCRIPTION, ("содержан", "описан", "форма провед", "формы работ")),
    (TITLE, ("мероприят", "наименован", "название", "действи", "направлен", "тема", "вид работ", "задач")),
)
_MITIGATION_KEYS = (
    "минимиз",
    "мер",
    "предупрежд",
    "предотвращ",
    "устранен",
    "снижен",
    "способ",
    "пут",
    "мероприят",
)


def classify_header(text: str) -> str | None:
    """Role of a main-table header cell, or ``None`` when it is not a known column."""
    key = normalize_key(text)
    if not key or len(key) > 80:
        return None
    if "риск" in key:
        return RISK
    if key.startswith("№") or key in {"n", "no", "n п п", "п п", "номер", "нn"} or key.startswith("номер"):
        return NUMBER
    for role, needles in _HEADER_RULES:
        if any(needle in key for needle in needles):
            return role
    return None


@dataclass
class ColumnMap:
    """Which grid columns hold which role."""

    roles: dict[str, list[int]]
    width: int
    header_texts: tuple[str, ...] = ()

    def role_at(self, col: int) -> str | None:
        for role, cols in self.roles.items():
            if col in cols:
                return role
        return None

    def has(self, role: str) -> bool:
        return role in self.roles


def _distinct(row: Iterable[Cell]) -> list[Cell]:
    return [c for c in row if c.text.strip()]


def map_main_header(row: list[Cell]) -> ColumnMap | None:
    """Return the column map if ``row`` is the header of a roadmap table."""
    cells = _distinct(row)
    if len(cells) < 2:
        return None
    roles: dict[str, list[int]] = {}
    recognized = 0
    for cell in cells:
        role = classify_header(cell.text)
        if role == RISK:
            return None
        if role is None:
            continue
        recognized += 1
        roles.setdefault(role, []).extend(range(cell.col, cell.col + cell.span))
    if not (roles.keys() & {TITLE, STAGE}) and DESCRIPTION in roles:
        roles[TITLE] = roles.pop(DESCRIPTION)  # «Содержание деятельности» is the only text column
    if not (roles.keys() & {TITLE, STAGE}):
        return None
    if not (roles.keys() & {DEADLINE, RESPONSIBLE, RESULT, DESCRIPTION}):
        return None
    if recognized / len(cells) < 0.6:
        return None
    width = max(c.col + c.span for c in row)
    return ColumnMap(roles, width, tuple(normalize_key(c.text) for c in cells))


def map_risk_header(row: list[Cell]) -> ColumnMap | None:
    """Return the column map if ``row`` is the header of a risks table («Риски | Меры по минимизации»)."""
    cells = _distinct(row)
    if not cells or len(cells) > 4:
        return None
    roles: dict[str, list[int]] = {}
    for cell in cells:
        key = normalize_key(cell.text)
        if len(key) > 80:
            return None
        is_mitigation = any(k in key for k in _MITIGATION_KEYS)
        if "риск" in key and not is_mitigation and RISK not in roles:
            roles[RISK] = list(range(cell.col, cell.col + cell.span))
        elif is_mitigation and MITIGATION not in roles:
            roles[MITIGATION] = list(range(cell.col, cell.col + cell.span))
        elif classify_header(cell.text) == NUMBER:
            roles[NUMBER] = list(range(cell.col, cell.col + cell.span))
    if RISK not in roles:
        return None
    width = max(c.col + c.span for c in row)
    return ColumnMap(roles, width)


def is_column_index_row(row: list[Cell]) -> bool:
    """The «1 | 2 | 3 | 4 | 5» row that numbers the columns under the header."""
    texts = [c.text.strip().rstrip(".") for c in _distinct(row)]
    if len(texts) < 2 or not all(t.isdigit() for t in texts):
        return False
    return [int(t) for t in texts] == list(range(int(texts[0]), int(texts[0]) + len(texts))) and texts[
        0
    ] in "01"


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
# Interpretation


class TableInterpreter:
    """Walks the rows below the header and builds stages, activities and risks.

    The rules, in the order they are applied to a row:

    * empty rows, the «1 | 2 | 3 | 4 | 5» column-index row and repeated header
      rows are skipped; a risks header switches to reading risks;
    * a number «1», «1.», «I», «Этап 1» (level 1) is a stage when the table also
      has «1.1»-style numbers, when the row has nothing but a title, when the
      row is merged across the table or when its title cell is a bullet list
      (split into activities); otherwise (a flat «1, 2, 3» list) it is an
      activity.  Exception: a level-1 row with its own deadline/people right
      under an *unnumbered* stage heading is an activity of that stage;
    * «1.1», «2.3» are activities of the current stage, whatever their prefix
      (a mismatch is a warning); «6.1.1» under a «6.1» row that has no
      deadline, responsible or result makes «6.1» a heading whose title
      prefixes its sub-items;
    * one cell across the whole table («№» included) is a stage heading;
    * a row without a number continues the previous row (a row split across a
      page break; a «№» cell merged down means the same): under a stage
      heading it continues the title when it starts in lower case, otherwise
      it is the stage's description («Задача: …»), unless it has its own
      deadline/responsible, then it is an activity; a short «… этап» /
      «Раздел 2» / «II. …» line is a new stage;
    * when most rows have no number at all, unnumbered rows are activities and
      only lower-case fragments are continuations;
    * with a separate «Наименование этапа» column next to «Мероприятия», every
      row is a stage (a stage cell merged down adds rows to the same stage) and
      the activity cell is split into activities sharing the row's deadline,
      people and result;
    * activities before any stage go into an implicit stage «Мероприятия»
      (number ``None``, ``implicit=True``).
    """

    def __init__(self, cmap: ColumnMap, rows: list[list[Cell]]) -> None:
        self.cmap = cmap
        self.rows = rows
        self.stage_layout = cmap.has(STAGE) and cmap.has(TITLE)
        if cmap.has(STAGE) and not cmap.has(TITLE):
            cmap.roles[TITLE] = cmap.roles.pop(STAGE)
        self.stages: list[StageBuilder] = []
        self.risks: list[RiskRow] = []
        self.trailing_lines: list[str] = []
        self.warnings: list[str] = []
        self._last: ActivityBuilder | StageBuilder | None = None
        self._risk_map: ColumnMap | None = None
        self._prepared = [(row, row_values(row, cmap)) for row in rows]
        numbered = 0
        content = 0
        self.has_subnumbers = False
        for row, values in self._prepared:
            if values.is_empty() or is_column_index_row(row):
                continue
            number, _ = self._number_and_title(values)
            content += 1
            if number:
                numbered += 1
                if number_level(number) >= 2:
                    self.has_subnumbers = True
        self.numbering_used = content > 0 and numbered * 2 >= content

    # -- helpers -----------------------------------------------------------

    def _number_and_title(self, values: RowValues) -> tuple[str | None, str]:
        title_source = values.stage if self.stage_layout else values.title
        if values.number:
            number = normalize_number(values.number)
            if number:
                return number, title_source
            lead, rest = split_leading_number(values.number)
            if lead:
                return lead, join_continuation(rest, title_source) if title_source else rest
            return None, join_continuation(values.number, title_source) if title_source else values.number
        if title_source and "number" not in values.continued:
            lead, rest = split_leading_number(title_source)
            if lead:
                return lead, rest
        return None, title_source

    def _current_stage(self) -> StageBuilder:
        if not self.stages:
            self.stages.append(StageBuilder(None, Fields(title=IMPLICIT_STAGE_TITLE), implicit=True))
        return self.stages[-1]

    def _new_stage(self, number: str | None, values: RowValues, title: str) -> StageBuilder:
        fields = Fields.of(values, title=title)
        stage = StageBuilder(number, fields)
        if self.stage_layout:
            stage.fields.title = title
            group = Fields.of(values)
            stage.fields.description = ""
            if group.title or group.has_details():
                stage.groups.append(group)
        self.stages.append(stage)
        self._last = stage
        return stage

    def _add_activity(self, number: str | None, values: RowValues, title: str) -> None:
        stage = self._current_stage()
        fields = Fields.of(values, title=title)
        parts = number_parts(number)
        if len(parts) >= 3:
            parent = ".".join(str(p) for p in parts[:-1])
            last = stage.activities[-1] if stage.activities else None
            if last is not None and last.number == parent and not last.fields.has_details():
                stage.activities.pop()
                stage.heading = (parent, last.fields.title)
            if stage.heading and stage.heading[0] == parent:
                fields.title = _prefix_heading(stage.heading[1], fields.title)
        elif stage.heading:
            stage.heading = None
        activity = ActivityBuilder(number, fields)
        stage.activities.append(activity)
        self._last = activity

    def _continue_last(self, values: RowValues, title: str) -> None:
        """Append a continuation row; vertically merged cells repeat what is already there and are skipped."""
        fields = Fields.of(values, title=title)
        skip = values.continued
        last = self._last
        if isinstance(last, ActivityBuilder):
            last.fields.extend(fields, skip=skip)
            return
        if isinstance(last, StageBuilder):
            if self.stage_layout:
                if STAGE not in skip:
                    last.fields.title = join_continuation(last.fields.title, values.stage)
                group = Fields.of(values)
                if last.groups:
                    last.groups[-1].extend(group, skip=skip)
                else:
                    last.groups.append(group)
                return
            last.fields.extend(fields, skip=skip)
            return
        self._add_activity(None, values, title)

    # -- main loop ---------------------------------------------------------

    def run(self) -> None:
        rows = self._prepared
        index = 0
        while index < len(rows):
            row, values = rows[index]
            index += 1
            if self._risk_map is not None:
                if self.trailing_lines or (self.risks and not _distinct(row)):
                    # Free text after the risks table (a blank row ends it in a spreadsheet).
                    text = " ".join(clean_text(c.text) for c in _distinct(row) if not c.continued)
                    self.trailing_lines.append(text)
                    continue
                self._risk_row(row)
                continue
            risk_map = map_risk_header(row)
            if risk_map is not None:
                self._risk_map = risk_map
                continue
            if values.is_empty() or is_column_index_row(row):
                continue
            if self._is_repeated_header(row):
                continue
            if values.solo is not None and index < len(rows) and map_risk_header(rows[index][0]) is not None:
                continue  # a «Риски реализации программы» caption above the risks table
            if self.stage_layout:
                self._stage_layout_row(values)
            else:
                self._title_layout_row(values)

    def _is_repeated_header(self, row: list[Cell]) -> bool:
        cells = _distinct(row)
        if len(cells) != len(self.cmap.header_texts) or cells[0].text.strip()[:1].isdigit():
            return False
        return tuple(normalize_key(c.text) for c in cells) == self.cmap.header_texts

    def _risk_row(self, row: list[Cell]) -> None:
        assert self._risk_map is not None
        if is_column_index_row(row):
            return
        values = {NUMBER: "", RISK: "", MITIGATION: ""}
        for cell in _distinct(row):
            role = self._risk_map.role_at(cell.col)
            if role in values and not cell.continued:
                values[role] = join_continuation(values[role], clean_text(cell.text))
        if self._risk_map.has(NUMBER) and values[NUMBER] and not values[RISK] and not values[MITIGATION]:
            return
        # A row without its number whose risk goes on in lower case is the rest of the risk above
        # (a row split by a page break); so is a row with only a mitigation.
        continues = (
            bool(self.risks) and not values[NUMBER] and (not values[RISK] or values[RISK][:1].islower())
        )
        if continues:
            last = self.risks[-1]
            last.risk = join_continuation(last.risk, values[RISK])
            last.mitigation = join_continuation(last.mitigation, values[MITIGATION])
        elif values[RISK]:
            self.risks.append(RiskRow(values[RISK], values[MITIGATION]))

    def _title_layout_row(self, values: RowValues) -> None:
        number, title = self._number_and_title(values)
        if NUMBER in values.continued and self._last is not None:
            # «№» merged down over this row: the numbered item goes on (the document gave both rows
            # one number), whatever the other cells hold.
            self._continue_last(values, "" if TITLE in values.continued else title)
            return
        solo = values.solo
        merged = solo is not None and solo.span >= max(2, self.cmap.width - 1)
        explanation = None if number else stage_explanation(values, title)
        if explanation is not None:
            # «Подготовительный этап | Создание условий для запуска программы»: a stage and what it is for.
            self._new_stage(None, RowValues(description=explanation), title)
            return
        if number:
            level = number_level(number)
            if level == 1:
                bullets = _has_bullets(title)
                current = self.stages[-1] if self.stages else None
                # «1», «2» with their own deadline/people right under an unnumbered stage heading are
                # that stage's activities (the exporter numbers them so), even if «1.1» exists elsewhere.
                under_unnumbered = current is not None and current.number is None and not current.implicit
                as_stage = (self.has_subnumbers and not (under_unnumbered and values.has_details())) or (
                    not self.has_subnumbers and not values.has_details()
                )
                if as_stage or merged or bullets:
                    self._new_stage(number, values, title or f"Этап {number}")
                    return
            self._add_activity(number, values, title)
            return
        heading_like = solo is not None and looks_like_stage_heading(title)
        # One cell across the whole table, «№» included: the exporter's (and Word users') stage row.
        full_width = solo is not None and solo.col == 0 and solo.span >= self.cmap.width >= 2
        last = self._last
        if full_width and title and not title[:1].islower():
            self._new_stage(None, values, title)
            return
        if isinstance(last, StageBuilder) and last.is_empty() and not heading_like:
            if values.has_details():
                self._add_activity(None, values, title)
            elif _continues_title(last.fields.title, title):
                last.fields.title = join_continuation(last.fields.title, title)
            else:
                last.fields.description = (last.fields.description + "\n" + title).strip()
            return
        if heading_like or (merged and self.cmap.width >= 3 and not title[:1].islower()):
            lead, rest = split_leading_number(title)
            self._new_stage(lead, values, rest if lead else title)
            return
        if (
            isinstance(last, ActivityBuilder)
            and (self.numbering_used or not title or title[:1].islower())
            and not starts_new_activity(values, title, last.fields)
        ):
            self._continue_last(values, title)
            return
        if last is None and self.numbering_used and not title:
            return
        self._add_activity(None, values, title)

    def _stage_layout_row(self, values: RowValues) -> None:
        number, stage_title = self._number_and_title(values)
        stage_continued = STAGE in values.continued or NUMBER in values.continued
        if stage_continued and self.stages:
            group = Fields.of(values)
            if group.title or group.has_details():
                self.stages[-1].groups.append(group)
                self._last = self.stages[-1]
            return
        if number or (stage_title and not (self.numbering_used and stage_title[:1].islower())):
            if not number and not stage_title[:1].isupper() and isinstance(self._last, StageBuilder):
                self._continue_last(values, stage_title)
                return
            self._new_stage(number, values, stage_title or (f"Этап {number}" if number else ""))
            return
        if isinstance(self._last, StageBuilder) and (self.numbering_used or stage_title):
            self._continue_last(values, stage_title)
            return
        stage = self._current_stage()
        group = Fields.of(values)
        if group.title or group.has_details():
            stage.groups.append(group)
        self._last = stage


def _understood(text: str) -> bool:
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
    if texts[0] == values.deadline and _understood(values.deadline):
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
        and not _continues_title(last.title, title)
        and _understood(values.deadline)
    )


def _prefix_heading(heading: str, title: str) -> str:
    heading = heading.rstrip().rstrip(":").rstrip()
    if not title:
        return heading
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        title = title[0].lower() + title[1:]
    return f"{heading}: {title}"


def _continues_title(previous: str, fragment: str) -> bool:
    if not fragment:
        return True
    if fragment[:1].islower():
        return True
    return bool(re.search(r"[-–,/(]$|\b(?:и|в|на|по|для|с|о|об|к|от|из)$", previous.rstrip()))


def _has_bullets(text: str) -> bool:
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
