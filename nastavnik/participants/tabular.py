"""Reading and checking the Excel/CSV lists schools keep of their people — pure Python, no Django.

`read_table` turns file bytes into a header and rows (CSV: delimiter and encoding detected; XLSX: the first
sheet, the header row found among the first rows). `guess_mapping` maps columns to fields by their Russian
headers; `validate_rows` turns every row into a `ParsedRow` or into `RowError`s that name the row as the
spreadsheet shows it, the column as the file calls it, and say in Russian what is wrong. The service in
`services.py` adds the database side (duplicates against the base, the bulk insert).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

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

CATEGORY_WORDS: dict[str, str] = {
    "обучающийся": "pupil",
    "обучающаяся": "pupil",
    "ученик": "pupil",
    "ученица": "pupil",
    "учащийся": "pupil",
    "учащаяся": "pupil",
    "школьник": "pupil",
    "воспитанник": "pupil",
    "студент": "student",
    "студентка": "student",
    "педагог": "teacher",
    "учитель": "teacher",
    "воспитатель": "teacher",
    "преподаватель": "teacher",
    "мастер по": "teacher",
    "молодой специалист": "young_specialist",
    "молодой педагог": "young_specialist",
    "сотрудник": "staff",
    "работник": "staff",
    "выпускник": "alumnus",
    "выпускница": "alumnus",
    "сотрудник партнера": "partner_employee",
    "представитель партнера": "partner_employee",
    "представитель работодателя": "partner_employee",
    "работодатель": "partner_employee",
}
CATEGORY_CODES = ("pupil", "student", "teacher", "young_specialist", "staff", "alumnus", "partner_employee")

ROLE_WORDS: dict[str, tuple[bool, bool]] = {  # (mentor, mentee)
    "наставник": (True, False),
    "наставляемый": (False, True),
    "наставляемая": (False, True),
    "наставник и наставляемый": (True, True),
    "наставник наставляемый": (True, True),
    "оба": (True, True),
    "mentor": (True, False),
    "mentee": (False, True),
}

GENDER_WORDS = {
    "ж": "female",
    "жен": "female",
    "женский": "female",
    "женщина": "female",
    "м": "male",
    "муж": "male",
    "мужской": "male",
    "мужчина": "male",
}

_NAME_RE = re.compile(r"^[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё'’.\- ]*$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_RE = re.compile(r"^[0-9+()\-\s.]+$")
_INT_RE = re.compile(r"^(\d{1,4})(?:[.,]\d+)?(?:\s*(?:год|года|лет|г\.?))?$")
_DMY_RE = re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{4})(?:\s.*)?$")
_YMD_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_PUNCT_RE = re.compile(r"[^\w]+")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class TableError(ValueError):
    """The file cannot be read as a table at all (wrong type, broken, empty)."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[object]]
    #: spreadsheet row number of each row in `rows` (the header is above the first one)
    row_numbers: list[int]


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


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
    def key(self) -> tuple:
        return identity_key(self.last_name, self.first_name, self.patronymic, self.birth_date)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)


def identity_key(last_name: str, first_name: str, patronymic: str, birth_date) -> tuple:
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


# --- reading -------------------------------------------------------------------------------------------
def read_table(data: bytes, filename: str) -> Table:
    name = (filename or "").lower()
    if name.endswith(".xlsx") or name.endswith(".xlsm"):
        return _read_xlsx(data)
    if name.endswith(".csv") or name.endswith(".txt"):
        return _read_csv(data)
    if name.endswith(".xls"):
        raise TableError("Старый формат .xls не поддерживается: сохраните файл в Excel как .xlsx или .csv.")
    raise TableError("Загрузите файл .xlsx или .csv.")


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; Windows-1251 is what Russian Excel writes to CSV."""
    if b"\x00" in data[:4096]:
        raise TableError("Файл не похож на таблицу CSV: сохраните его в Excel как .csv или .xlsx.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError as exc:  # pragma: no cover - cp1251 decodes almost anything
        raise TableError("Не удалось определить кодировку файла: сохраните его в UTF-8.") from exc


def detect_delimiter(text: str) -> str:
    sample_lines = text[:20000].splitlines()[:20]
    best, best_score = ";", -1
    for delimiter in (";", ",", "\t"):
        counts = [line.count(delimiter) for line in sample_lines if line.strip()]
        if not counts:
            continue
        score = min(counts[:5]) * 1000 + sum(counts)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes) -> Table:
    text = decode_text(data).replace("\x00", "")  # PostgreSQL stores no NUL (issue 13, defect 5)
    if not text.strip():
        raise TableError("Файл пуст.")
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        raw = list(reader)
    except csv.Error as exc:
        raise TableError(f"Не удалось прочитать CSV: {exc}.") from exc
    return _build_table(raw)


def _read_xlsx(data: bytes) -> Table:
    import zipfile

    import openpyxl
    from django.conf import settings

    from nastavnik.core.uploads import ArchiveError, check_archive

    try:
        check_archive(data, limit=settings.IMPORT_MAX_UNZIPPED_MB * 1024 * 1024)
    except ArchiveError as exc:
        raise TableError(exc.message) from exc

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise TableError("Файл не открывается как книга Excel (.xlsx).") from exc
    except Exception as exc:  # openpyxl raises many kinds on broken files
        raise TableError("Файл не открывается как книга Excel (.xlsx).") from exc
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise TableError("В книге нет листов.")
        raw = []
        for values in sheet.iter_rows(values_only=True):
            raw.append([v.replace("\x00", "") if isinstance(v, str) and "\x00" in v else v for v in values])
            if len(raw) > MAX_ROWS + 20:
                break
    finally:
        workbook.close()
    return _build_table(raw)


def _cell_is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _build_table(raw: list[list[object]]) -> Table:
    header_index = _find_header_row(raw)
    if header_index is None:
        raise TableError("В файле нет строки заголовков.")
    headers = [str(v).strip() if v is not None else "" for v in raw[header_index]]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise TableError("В файле нет строки заголовков.")
    rows, numbers = [], []
    for offset, values in enumerate(raw[header_index + 1 :], start=header_index + 2):
        if all(_cell_is_empty(v) for v in values):
            continue
        rows.append(list(values))
        numbers.append(offset)
    if len(rows) > MAX_ROWS:
        raise TableError(f"В файле больше {MAX_ROWS:,} строк: разделите его на части.".replace(",", " "))
    return Table(headers=headers, rows=rows, row_numbers=numbers)


def _find_header_row(raw: list[list[object]]) -> int | None:
    """The first row among the first 10 with at least two known headers; else the first non-empty row."""
    first_non_empty = None
    for index, values in enumerate(raw[:10]):
        if all(_cell_is_empty(v) for v in values):
            continue
        if first_non_empty is None:
            first_non_empty = index
        known = sum(1 for v in values if _match_header(v) is not None)
        if known >= 2:
            return index
    return first_non_empty


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


def resolve_mapping(headers: list[str], mapping: Mapping[object, str] | None) -> dict[int, str]:
    """Accept {column index or header text: field}; unknown fields or columns raise TableError."""
    if mapping is None:
        return guess_mapping(headers)
    by_header = {normalize_header(h): i for i, h in reversed(list(enumerate(headers)))}
    resolved: dict[int, str] = {}
    for column, key in mapping.items():
        if not key:
            continue
        if key not in FIELDS:
            raise TableError(f"Неизвестное поле «{key}» в сопоставлении столбцов.")
        if isinstance(column, int) or (isinstance(column, str) and column.isdigit()):
            index = int(column)
            if not 0 <= index < len(headers):
                raise TableError(f"В файле нет столбца № {index + 1}.")
        else:
            found = by_header.get(normalize_header(column))
            if found is None:
                raise TableError(f"В файле нет столбца «{column}».")
            index = found
        if key in resolved.values():
            raise TableError(f"Поле «{FIELDS[key]}» сопоставлено нескольким столбцам.")
        resolved[index] = key
    return resolved


def mapping_problems(mapping: Mapping[int, str]) -> list[str]:
    """What is missing for an import to be possible at all."""
    keys = set(mapping.values())
    problems = []
    if "full_name" not in keys and not {"last_name", "first_name"} <= keys:
        problems.append("Нужен столбец «ФИО» или столбцы «Фамилия» и «Имя».")
    return problems


# --- values --------------------------------------------------------------------------------------------
def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return " ".join(str(value).split())


def parse_date(value: object, today: dt.date) -> dt.date:
    """dd.mm.yyyy, yyyy-mm-dd, Excel dates (cells or serial numbers). Raises ValueError (Russian)."""
    if isinstance(value, dt.datetime):
        result = value.date()
    elif isinstance(value, dt.date):
        result = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        result = _excel_serial(value)
    else:
        text = str(value).strip()
        match = _DMY_RE.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
        else:
            match = _YMD_RE.match(text)
            if match:
                year, month, day = (int(g) for g in match.groups())
            elif text.isdigit() and 4 < len(text) <= 5:
                return _check_date(_excel_serial(int(text)), today)
            else:
                raise ValueError(f"«{text[:40]}» — не дата; пишите ДД.ММ.ГГГГ, например 05.09.2010.")
        try:
            result = dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"Такой даты нет: «{text[:40]}».") from None
    return _check_date(result, today)


def _excel_serial(number: float) -> dt.date:
    if not 1 <= number <= 2958465:
        raise ValueError("Число не похоже на дату Excel.")
    return _EXCEL_EPOCH + dt.timedelta(days=int(number))


def _check_date(value: dt.date, today: dt.date) -> dt.date:
    if value > today:
        raise ValueError("Дата рождения в будущем.")
    if value.year < today.year - 100:
        raise ValueError("Дата рождения раньше, чем 100 лет назад.")
    return value


def parse_category(value: str) -> str:
    word = _norm_word(value)
    if word in CATEGORY_CODES:
        return word
    if word in CATEGORY_WORDS:
        return CATEGORY_WORDS[word]
    # "молодой специалист (стаж до 3 лет)", "учитель математики", "студент 2 курса"
    best = None
    for phrase, code in CATEGORY_WORDS.items():
        if (word.startswith(phrase + " ") or word == phrase) and (best is None or len(phrase) > len(best[0])):
            best = (phrase, code)
    if best:
        return best[1]
    raise ValueError(
        f"Неизвестная категория «{value[:40]}»; допустимо: обучающийся, студент, педагог, "
        "молодой специалист, сотрудник, выпускник, сотрудник партнёра."
    )


def parse_role(value: str) -> tuple[bool, bool]:
    word = _norm_word(value)
    if word in ROLE_WORDS:
        return ROLE_WORDS[word]
    has_mentor = "наставник" in word.split()
    has_mentee = any(w.startswith("наставляем") for w in word.split())
    if has_mentor or has_mentee:
        return has_mentor, has_mentee
    raise ValueError(f"Роль «{value[:40]}» не распознана; пишите «наставник» или «наставляемый».")


def parse_int(value: object, low: int, high: int, what: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{what}: нужно целое число.")
    if isinstance(value, (int, float)):
        number = int(value)
    else:
        text = str(value).strip().lower()
        match = _INT_RE.match(text)
        if not match:
            raise ValueError(f"{what}: «{text[:40]}» — не число.")
        number = int(match.group(1))
    if not low <= number <= high:
        raise ValueError(f"{what}: число должно быть от {low} до {high}.")
    return number


def split_list(value: str) -> list[str]:
    """Items separated by ";" or new lines; commas separate only when neither is present."""
    text = str(value)
    parts = re.split(r"[;\n]", text) if ";" in text or "\n" in text else text.split(",")
    return [" ".join(p.split()) for p in parts if p.strip()]


# --- rows ----------------------------------------------------------------------------------------------
def _memo(function):
    """Per-import memo of a parser that raises ValueError: lists repeat the same dates, classes and words."""
    cache: dict = {}

    def parse(value):
        try:
            return cache[value]
        except KeyError:
            pass
        except TypeError:  # an unhashable cell value
            return _call(function, value)
        result = cache[value] = _call(function, value)
        return result

    return parse


def _call(function, value):
    try:
        return function(value), None
    except ValueError as exc:
        return None, str(exc)


def _clean(value: object) -> str:
    if type(value) is str:
        if "  " in value or "\n" in value or "\t" in value or "\xa0" in value:
            return " ".join(value.split())
        return value.strip()
    return _text(value)


def _check_name(text: str, limit: int) -> str | None:
    if not _NAME_RE.match(text):
        return f"«{text[:40]}»: в имени допустимы только буквы, дефис и пробел."
    if len(text) > limit:
        return f"Слишком длинно (больше {limit} символов)."
    return None


def _check_phone(text: str) -> str:
    digits = sum(ch.isdigit() for ch in text)
    if not _PHONE_RE.match(text) or not 5 <= digits <= 15:
        raise ValueError(f"«{text[:40]}» — не номер телефона.")
    return text


def _check_email(text: str) -> str:
    if not _EMAIL_RE.match(text):
        raise ValueError(f"«{text[:60]}» — не адрес электронной почты.")
    return text


def _gender(text: str) -> str:
    gender = GENDER_WORDS.get(_norm_word(text))
    if gender is None:
        raise ValueError(f"Пол «{text[:20]}» не распознан; пишите «ж» или «м».")
    return gender


def validate_rows(
    table: Table,
    mapping: Mapping[int, str],
    today: dt.date,
    default_role: str = "mentee",
) -> tuple[list[ParsedRow], list[RowError]]:
    """Every row becomes a ParsedRow or contributes RowErrors; all errors are collected, none stop.

    Written for speed (100,000 rows in a couple of seconds): parsers of repeating values are memoized.
    """
    columns = [(key, index) for index, key in sorted(mapping.items())]
    mapped = {key for key, _index in columns}
    header_of = {key: table.headers[index] or f"столбец {index + 1}" for key, index in columns}

    def column(key: str) -> str:
        return header_of.get(key, FIELDS.get(key, key))

    name_column = {k: (k if k in mapped else "full_name") for k in ("last_name", "first_name", "patronymic")}
    parse_date_cached = _memo(lambda v: parse_date(v, today))
    parse_category_cached = _memo(parse_category)
    parse_role_cached = _memo(parse_role)
    parse_gender_cached = _memo(_gender)
    check_phone_cached = _memo(_check_phone)
    check_email_cached = _memo(_check_email)
    experience_cached = _memo(lambda v: parse_int(v, 0, 70, "Стаж"))
    capacity_cached = _memo(lambda v: parse_int(v, 1, 30, "Количество наставляемых"))
    name_cache: dict[tuple[str, int], str | None] = {}
    default_flags = (True, False) if default_role == "mentor" else (False, True)

    parsed: list[ParsedRow] = []
    errors: list[RowError] = []
    for values, number in zip(table.rows, table.row_numbers, strict=True):
        row_errors: list[tuple[str, str]] = []
        width = len(values)
        raw: dict[str, object] = {}
        texts: dict[str, str] = {}
        for key, index in columns:
            value = values[index] if index < width else None
            if value is None:
                continue
            if key == "birth_date" and type(value) is not str:
                raw[key] = value
                continue
            text = _clean(value)
            if not text:
                continue
            if len(text) > MAX_CELL:
                row_errors.append((key, f"Слишком длинное значение (больше {MAX_CELL} символов)."))
                continue
            raw[key] = value
            texts[key] = text

        last_name = texts.get("last_name", "")
        first_name = texts.get("first_name", "")
        patronymic = texts.get("patronymic", "")
        if "full_name" in texts and not (last_name and first_name):
            parts = texts["full_name"].split()
            if len(parts) < 2:
                row_errors.append(("full_name", "В ФИО нужны хотя бы фамилия и имя."))
            else:
                last_name, first_name = parts[0], parts[1]
                patronymic = patronymic or " ".join(parts[2:])
        else:
            if not last_name:
                row_errors.append((name_column["last_name"], "Не указана фамилия."))
            if not first_name:
                row_errors.append((name_column["first_name"], "Не указано имя."))
        for key, text in (("last_name", last_name), ("first_name", first_name), ("patronymic", patronymic)):
            if text:
                limit = MAX_LENGTH[key]
                cache_key = (text, limit)
                if cache_key not in name_cache:
                    name_cache[cache_key] = _check_name(text, limit)
                problem = name_cache[cache_key]
                if problem:
                    row_errors.append((name_column[key], problem))

        row = ParsedRow(row=number, last_name=last_name, first_name=first_name, patronymic=patronymic)
        if "birth_date" in raw:
            value, problem = parse_date_cached(raw["birth_date"])
            if problem:
                row_errors.append(("birth_date", problem))
            else:
                row.birth_date = value
        if "gender" in texts:
            value, problem = parse_gender_cached(texts["gender"])
            if problem:
                row_errors.append(("gender", problem))
            else:
                row.gender = value
        for key in ("group", "subject", "email", "phone"):
            text = texts.get(key)
            if text is None:
                continue
            if len(text) > MAX_LENGTH[key]:
                row_errors.append((key, f"Слишком длинно (больше {MAX_LENGTH[key]} символов)."))
                continue
            if key == "email":
                text, problem = check_email_cached(text)
            elif key == "phone":
                text, problem = check_phone_cached(text)
            else:
                problem = None
            if problem:
                row_errors.append((key, problem))
            else:
                setattr(row, key, text)
        if "experience_years" in raw:
            value, problem = experience_cached(texts.get("experience_years", raw["experience_years"]))
            if problem:
                row_errors.append(("experience_years", problem))
            else:
                row.experience_years = value
        if "role" in texts:
            value, problem = parse_role_cached(texts["role"])
            if problem:
                row_errors.append(("role", problem))
            else:
                row.is_mentor, row.is_mentee = value
        else:
            row.is_mentor, row.is_mentee = default_flags
        if "capacity" in raw and row.is_mentor:
            value, problem = capacity_cached(texts.get("capacity", raw["capacity"]))
            if problem:
                row_errors.append(("capacity", problem))
            else:
                row.capacity = value
        if "category" in texts:
            value, problem = parse_category_cached(texts["category"])
            if problem:
                row_errors.append(("category", problem))
            else:
                row.category = value
        else:
            row.category = _infer_category(row)
            if not row.category:
                row_errors.append(
                    (
                        "category",
                        "Не указана категория (обучающийся, студент, педагог...), и по классу или стажу её не понять.",
                    )
                )
        if "requests" in raw:
            row.requests = split_list(
                _text(raw["requests"]) if type(raw["requests"]) is not str else raw["requests"]
            )
        if "competences" in raw:
            value = raw["competences"]
            row.competences = split_list(_text(value) if type(value) is not str else value)
        if row_errors:
            errors.extend(RowError(number, column(key), message) for key, message in row_errors)
        else:
            parsed.append(row)
    return parsed, errors


def _infer_category(row: ParsedRow) -> str:
    """A list without a category column: a class means a pupil, a subject or length of service a teacher."""
    if row.group:
        return "pupil"
    if row.experience_years is not None:
        return "young_specialist" if row.experience_years <= 3 and row.is_mentee else "teacher"
    if row.subject:
        return "teacher"
    return ""


def find_duplicates_in_file(rows: Iterable[ParsedRow]) -> list[tuple[ParsedRow, int]]:
    """Rows repeating an earlier row of the same file: (row, number of the first occurrence)."""
    first: dict[tuple, int] = {}
    repeats = []
    for row in rows:
        key = row.key
        if key in first:
            repeats.append((row, first[key]))
        else:
            first[key] = row.row
    return repeats


build_table = _build_table  # public: import_jobs builds the head of a large file with it
