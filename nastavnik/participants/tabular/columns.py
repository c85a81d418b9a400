"""The vocabulary of a school's list: the fields, how columns are called, the table and the results,
and the mapping of columns to fields."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from nastavnik.core.texts import Text, TextError, gettext_noop

MAX_ROWS = 200_000
MAX_CELL = 1000

# Field keys, with the labels shown in the mapping form.
FIELDS: dict[str, str] = {
    "last_name": "Фамилия",
    "first_name": "Имя",
    "patronymic": "Отчество",
    "full_name": "ФИО (одной ячейкой)",
    "birth_date": "Дата рождения",
    "gender": "Пол",
    "category": "Категория",
    "group": "Класс/группа",
    "subject": "Предмет/специальность",
    "experience_years": "Стаж",
    "email": "Электронная почта",
    "phone": "Телефон",
    "role": "Роль (наставник/наставляемый)",
    "requests": "Запросы/затруднения",
    "competences": "Компетенции",
    "capacity": "Количество наставляемых",
}

MAX_LENGTH = {
    "last_name": 150,
    "first_name": 150,
    "patronymic": 150,
    "group": 50,
    "subject": 200,
    "email": 254,
    "phone": 32,
}

# Normalized header -> field. Headers are compared lowercased, "ё" as "е", without punctuation.
_ALIASES: dict[str, tuple[str, ...]] = {
    "last_name": ("фамилия",),
    "first_name": ("имя",),
    "patronymic": ("отчество",),
    "full_name": ("фио", "ф и о", "фамилия имя отчество", "фамилия имя", "полное имя", "участник"),
    "birth_date": ("дата рождения", "день рождения", "др", "дата рожд"),
    "gender": ("пол",),
    "category": ("категория", "категория участника"),
    "group": ("класс", "группа", "класс группа", "класс или группа", "учебная группа"),
    "subject": ("предмет", "специальность", "предмет специальность", "должность предмет", "профессия"),
    "experience_years": ("стаж", "педагогический стаж", "стаж лет", "стаж работы", "опыт лет"),
    "email": ("email", "e mail", "электронная почта", "эл почта", "почта", "адрес электронной почты"),
    "phone": ("телефон", "тел", "мобильный телефон", "номер телефона", "контактный телефон"),
    "role": ("роль", "роль в программе", "статус в программе"),
    "requests": ("запросы", "затруднения", "запросы затруднения", "запрос", "затруднения и запросы"),
    "competences": ("компетенции", "компетенция", "в чем может помочь"),
    "capacity": ("вместимость", "количество наставляемых", "кол во наставляемых", "сколько наставляемых"),
}
_HEADER_TO_FIELD = {alias: key for key, aliases in _ALIASES.items() for alias in aliases}
_PUNCT_RE = re.compile(r"[^\w]+")

#: Who a row is: normalized last, first and middle names and the birth date.
IdentityKey = tuple[str, str, str, dt.date | None]


class TableError(TextError):
    """The file cannot be read as a table at all (wrong type, broken, empty); `str()` is Russian, `.text` the
    message id with its parameters (`core.texts`)."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[object]]
    #: spreadsheet row number of each row in `rows` (the header is above the first one)
    row_numbers: list[int]


@dataclass(frozen=True)
class RowError:
    row: int
    #: the file's header; a `Text` when the column has none ("столбец 3")
    column: str
    #: Russian; a `Text` (id and parameters) when it comes from this package or the import service
    message: str

    def as_dict(self) -> dict[str, object]:
        """Row, column and the Russian message (the import command's JSON)."""
        return {"row": self.row, "column": str(self.column), "message": str(self.message)}

    def as_stored_dict(self) -> dict[str, object]:
        """`as_dict()` and the message ids with their parameters, for a stored result translated when shown."""
        data = self.as_dict()
        if isinstance(self.message, Text):
            data["text"] = self.message.as_data()
        if isinstance(self.column, Text):
            data["column_text"] = self.column.as_data()
        return data

    def translated(self, gettext: Callable[[str], str]) -> dict[str, object]:
        """`as_dict()` with the message (and a column named by its number) in the language of `gettext`."""
        return translated_error(self.as_stored_dict(), gettext)


def translated_error(data: Mapping[str, object], gettext: Callable[[str], str]) -> dict[str, object]:
    """A `RowError.as_stored_dict()` (perhaps stored as JSON by a background job) for a page in the reader's
    language.

    A message stored with its id and parameters is translated; one stored before they were (plain Russian) is
    shown as it is."""
    shown = dict(data)
    for key, text_key in (("message", "text"), ("column", "column_text")):
        stored = data.get(text_key)
        if isinstance(stored, Mapping):
            shown[key] = Text.from_data(stored).translated(gettext)
    return shown


@dataclass
class ParsedRow:
    row: int
    last_name: str
    first_name: str
    patronymic: str = ""
    birth_date: dt.date | None = None
    gender: str = ""
    category: str = ""
    group: str = ""
    subject: str = ""
    experience_years: int | None = None
    email: str = ""
    phone: str = ""
    is_mentor: bool = False
    is_mentee: bool = True
    requests: list[str] = field(default_factory=list)
    competences: list[str] = field(default_factory=list)
    capacity: int = 1

    @property
    def key(self) -> IdentityKey:
        return identity_key(self.last_name, self.first_name, self.patronymic, self.birth_date)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)


def identity_key(last_name: str, first_name: str, patronymic: str, birth_date: dt.date | None) -> IdentityKey:
    """Two rows with equal keys are the same person (case and "ё" do not matter)."""

    def norm(s: str) -> str:
        s = (s or "").lower().replace("ё", "е")
        return " ".join(s.split()) if "  " in s or s != s.strip() else s

    return (norm(last_name), norm(first_name), norm(patronymic), birth_date)


def normalize_header(text: object) -> str:
    s = str(text or "").lower().replace("ё", "е")
    return " ".join(_PUNCT_RE.sub(" ", s).replace("_", " ").split())


def _norm_word(text: str) -> str:
    return " ".join(_PUNCT_RE.sub(" ", text.lower().replace("ё", "е")).replace("_", " ").split())


def _match_header(value: object) -> str | None:
    header = normalize_header(value)
    if not header:
        return None
    if header in _HEADER_TO_FIELD:
        return _HEADER_TO_FIELD[header]
    # "Дата рождения (дд.мм.гггг)", "Класс (параллель и литера)": the longest alias the header starts with.
    best = None
    for alias, key in _HEADER_TO_FIELD.items():
        if len(alias) > 2 and header.startswith(alias + " ") and (best is None or len(alias) > len(best[0])):
            best = (alias, key)
    return best[1] if best else None


def guess_mapping(headers: list[str]) -> dict[int, str]:
    """Column index -> field key, by the Russian header; each field taken by its first column only."""
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for index, header in enumerate(headers):
        key = _match_header(header)
        if key and key not in taken:
            mapping[index] = key
            taken.add(key)
    return mapping


def resolve_mapping(
    headers: list[str], mapping: Mapping[int, str] | Mapping[str, str] | None
) -> dict[int, str]:
    """Accept {column index or header text: field}; unknown fields or columns raise TableError."""
    if mapping is None:
        return guess_mapping(headers)
    by_header = {normalize_header(h): i for i, h in reversed(list(enumerate(headers)))}
    resolved: dict[int, str] = {}
    for column, key in mapping.items():
        if not key:
            continue
        if key not in FIELDS:
            raise TableError(
                gettext_noop("Неизвестное поле «%(field)s» в сопоставлении столбцов."), field=key
            )
        if isinstance(column, int) or (isinstance(column, str) and column.isdigit()):
            index = int(column)
            if not 0 <= index < len(headers):
                raise TableError(gettext_noop("В файле нет столбца № %(number)s."), number=index + 1)
        else:
            found = by_header.get(normalize_header(column))
            if found is None:
                raise TableError(gettext_noop("В файле нет столбца «%(column)s»."), column=column)
            index = found
        if key in resolved.values():
            raise TableError(
                gettext_noop("Поле «%(field)s» сопоставлено нескольким столбцам."), field=FIELDS[key]
            )
        resolved[index] = key
    return resolved


def mapping_problems(mapping: Mapping[int, str]) -> list[Text]:
    """What is missing for an import to be possible at all."""
    keys = set(mapping.values())
    problems = []
    if "full_name" not in keys and not {"last_name", "first_name"} <= keys:
        problems.append(Text(gettext_noop("Нужен столбец «ФИО» или столбцы «Фамилия» и «Имя».")))
    return problems
