"""Checking rows: every row becomes a `ParsedRow` or `RowError`s that name the row as the spreadsheet shows
it and the column as the file calls it, with a Russian message that is a `core.texts.Text` (id and parameters,
translated by the page); duplicates inside the file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from nastavnik.core.texts import Text, TextError, gettext_noop

from .columns import FIELDS, MAX_CELL, MAX_LENGTH, IdentityKey, ParsedRow, RowError, Table, _norm_word
from .values import (
    _EMAIL_RE,
    _NAME_RE,
    _PHONE_RE,
    GENDER_WORDS,
    _text,
    parse_category,
    parse_date,
    parse_int,
    parse_role,
    split_list,
)

#: (the parsed value, None) or (None, the problem); the value's type depends on the parser.
Parsed = tuple[Any, Text | None]


def _memo(function: Callable[[Any], object]) -> Callable[[Any], Parsed]:
    """Per-import memo of a parser that raises ValueError: lists repeat the same dates, classes and words."""
    cache: dict[Any, Parsed] = {}

    def parse(value: Any) -> Parsed:
        try:
            return cache[value]
        except KeyError:
            pass
        except TypeError:  # an unhashable cell value
            return _call(function, value)
        result = cache[value] = _call(function, value)
        return result

    return parse


def _call(function: Callable[[Any], object], value: Any) -> Parsed:
    try:
        return function(value), None
    except TextError as exc:
        return None, exc.text
    except ValueError as exc:
        return None, Text(str(exc))


def _clean(value: object) -> str:
    if type(value) is str:
        if "  " in value or "\n" in value or "\t" in value or "\xa0" in value:
            return " ".join(value.split())
        return value.strip()
    return _text(value)


def _check_name(text: str, limit: int) -> Text | None:
    if not _NAME_RE.match(text):
        return Text(
            gettext_noop("«%(value)s»: в имени допустимы только буквы, дефис и пробел."), value=text[:40]
        )
    if len(text) > limit:
        return _too_long(limit)
    return None


def _too_long(limit: int) -> Text:
    return Text(gettext_noop("Слишком длинно (больше %(limit)s символов)."), limit=limit)


def _check_phone(text: str) -> str:
    digits = sum(ch.isdigit() for ch in text)
    if not _PHONE_RE.match(text) or not 5 <= digits <= 15:
        raise TextError(gettext_noop("«%(value)s» — не номер телефона."), value=text[:40])
    return text


def _check_email(text: str) -> str:
    if not _EMAIL_RE.match(text):
        raise TextError(gettext_noop("«%(value)s» — не адрес электронной почты."), value=text[:60])
    return text


def _gender(text: str) -> str:
    gender = GENDER_WORDS.get(_norm_word(text))
    if gender is None:
        raise TextError(gettext_noop("Пол «%(value)s» не распознан; пишите «ж» или «м»."), value=text[:20])
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
    header_of = {
        key: table.headers[index] or Text(gettext_noop("столбец %(n)s"), n=index + 1)
        for key, index in columns
    }

    def column(key: str) -> str:
        return header_of.get(key, FIELDS.get(key, key))

    name_column = {k: (k if k in mapped else "full_name") for k in ("last_name", "first_name", "patronymic")}
    parse_date_cached = _memo(lambda v: parse_date(v, today))
    parse_category_cached = _memo(parse_category)
    parse_role_cached = _memo(parse_role)
    parse_gender_cached = _memo(_gender)
    check_phone_cached = _memo(_check_phone)
    check_email_cached = _memo(_check_email)
    experience = Text(gettext_noop("Стаж"))
    capacity = Text(gettext_noop("Количество наставляемых"))
    experience_cached = _memo(lambda v: parse_int(v, 0, 70, experience))
    capacity_cached = _memo(lambda v: parse_int(v, 1, 30, capacity))
    name_cache: dict[tuple[str, int], Text | None] = {}
    default_flags = (True, False) if default_role == "mentor" else (False, True)

    parsed: list[ParsedRow] = []
    errors: list[RowError] = []
    for values, number in zip(table.rows, table.row_numbers, strict=True):
        row_errors: list[tuple[str, Text]] = []
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
                row_errors.append(
                    (
                        key,
                        Text(
                            gettext_noop("Слишком длинное значение (больше %(limit)s символов)."),
                            limit=MAX_CELL,
                        ),
                    )
                )
                continue
            raw[key] = value
            texts[key] = text

        last_name = texts.get("last_name", "")
        first_name = texts.get("first_name", "")
        patronymic = texts.get("patronymic", "")
        if "full_name" in texts and not (last_name and first_name):
            parts = texts["full_name"].split()
            if len(parts) < 2:
                row_errors.append(("full_name", Text(gettext_noop("В ФИО нужны хотя бы фамилия и имя."))))
            else:
                last_name, first_name = parts[0], parts[1]
                patronymic = patronymic or " ".join(parts[2:])
        else:
            if not last_name:
                row_errors.append((name_column["last_name"], Text(gettext_noop("Не указана фамилия."))))
            if not first_name:
                row_errors.append((name_column["first_name"], Text(gettext_noop("Не указано имя."))))
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
            row.birth_date = _noted(parse_date_cached(raw["birth_date"]), "birth_date", row_errors)
        if "gender" in texts:
            row.gender = _noted(parse_gender_cached(texts["gender"]), "gender", row_errors)
        for key in ("group", "subject", "email", "phone"):
            if key not in texts:
                continue
            text = texts[key]
            if len(text) > MAX_LENGTH[key]:
                row_errors.append((key, _too_long(MAX_LENGTH[key])))
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
            row.experience_years = _noted(
                experience_cached(texts.get("experience_years", raw["experience_years"])),
                "experience_years",
                row_errors,
            )
        if "role" in texts:
            value, problem = parse_role_cached(texts["role"])
            if problem:
                row_errors.append(("role", problem))
            else:
                row.is_mentor, row.is_mentee = value
        else:
            row.is_mentor, row.is_mentee = default_flags
        if "capacity" in raw and row.is_mentor:
            row.capacity = _noted(
                capacity_cached(texts.get("capacity", raw["capacity"])), "capacity", row_errors
            )
        if "category" in texts:
            row.category = _noted(parse_category_cached(texts["category"]), "category", row_errors)
        else:
            row.category = _infer_category(row)
            if not row.category:
                row_errors.append(
                    (
                        "category",
                        Text(
                            gettext_noop(
                                "Не указана категория (обучающийся, студент, педагог...), "
                                "и по классу или стажу её не понять."
                            )
                        ),
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


def _noted(parsed: Parsed, key: str, row_errors: list[tuple[str, Text]]) -> Any:
    """The parsed value; a problem is noted against the column `key` and gives None instead (a row with a
    problem is not imported, so the None is never stored)."""
    value, problem = parsed
    if problem:
        row_errors.append((key, problem))
        return None
    return value


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
    first: dict[IdentityKey, int] = {}
    repeats = []
    for row in rows:
        key = row.key
        if key in first:
            repeats.append((row, first[key]))
        else:
            first[key] = row.row
    return repeats
