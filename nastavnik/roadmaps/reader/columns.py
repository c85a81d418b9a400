"""Header rows: which column of a table holds which role.

``classify_header`` maps a header cell to a role by fuzzy Russian keywords,
whatever the order and wording of the columns; ``map_main_header`` and
``map_risk_header`` recognize the header row of the plan and of the risks
table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .normalize import normalize_key
from .source import Cell

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


def distinct(row: Iterable[Cell]) -> list[Cell]:
    return [c for c in row if c.text.strip()]


def map_main_header(row: list[Cell]) -> ColumnMap | None:
    """Return the column map if ``row`` is the header of a roadmap table."""
    cells = distinct(row)
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
    cells = distinct(row)
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
    texts = [c.text.strip().rstrip(".") for c in distinct(row)]
    if len(texts) < 2 or not all(t.isdigit() for t in texts):
        return False
    return [int(t) for t in texts] == list(range(int(texts[0]), int(texts[0]) + len(texts))) and texts[
        0
    ] in "01"
