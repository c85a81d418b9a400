"""Reading the bytes of a file into a table: CSV (delimiter and encoding detected) or XLSX (the first
sheet, the header row found among the first rows)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from nastavnik.core.texts import gettext_noop

from .columns import MAX_ROWS, Table, TableError, _match_header


# --- reading -------------------------------------------------------------------------------------------
def read_table(data: bytes, filename: str) -> Table:
    name = (filename or "").lower()
    if name.endswith(".xlsx") or name.endswith(".xlsm"):
        return _read_xlsx(data)
    if name.endswith(".csv") or name.endswith(".txt"):
        return _read_csv(data)
    if name.endswith(".xls"):
        raise TableError(
            gettext_noop("Старый формат .xls не поддерживается: сохраните файл в Excel как .xlsx или .csv.")
        )
    raise TableError(gettext_noop("Загрузите файл .xlsx или .csv."))


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; Windows-1251 is what Russian Excel writes to CSV."""
    if b"\x00" in data[:4096]:
        raise TableError(
            gettext_noop("Файл не похож на таблицу CSV: сохраните его в Excel как .csv или .xlsx.")
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError as exc:  # pragma: no cover - cp1251 decodes almost anything
        raise TableError(
            gettext_noop("Не удалось определить кодировку файла: сохраните его в UTF-8.")
        ) from exc


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
        raise TableError(gettext_noop("Файл пуст."))
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        raw = list(reader)
    except csv.Error as exc:
        raise TableError(gettext_noop("Не удалось прочитать CSV: %(error)s."), error=str(exc)) from exc
    return _build_table(raw)


def _read_xlsx(data: bytes) -> Table:
    import zipfile

    import openpyxl

    # The one Django touch of this package: the operator's limit for the zip-bomb check (core/uploads.py).
    from django.conf import settings

    from nastavnik.core.uploads import ArchiveError, check_archive

    try:
        check_archive(data, limit=settings.IMPORT_MAX_UNZIPPED_MB * 1024 * 1024)
    except ArchiveError as exc:
        raise TableError(exc.message, **exc.params) from exc

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise TableError(gettext_noop("Файл не открывается как книга Excel (.xlsx).")) from exc
    except Exception as exc:  # openpyxl raises many kinds on broken files
        raise TableError(gettext_noop("Файл не открывается как книга Excel (.xlsx).")) from exc
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise TableError(gettext_noop("В книге нет листов."))
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


def _build_table(raw: Sequence[Sequence[object]]) -> Table:
    header_index = _find_header_row(raw)
    if header_index is None:
        raise TableError(gettext_noop("В файле нет строки заголовков."))
    headers = [str(v).strip() if v is not None else "" for v in raw[header_index]]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise TableError(gettext_noop("В файле нет строки заголовков."))
    rows, numbers = [], []
    for offset, values in enumerate(raw[header_index + 1 :], start=header_index + 2):
        if all(_cell_is_empty(v) for v in values):
            continue
        rows.append(list(values))
        numbers.append(offset)
    if len(rows) > MAX_ROWS:
        raise TableError(
            gettext_noop("В файле больше %(count)s строк: разделите его на части."),
            count=f"{MAX_ROWS:,}".replace(",", " "),
        )
    return Table(headers=headers, rows=rows, row_numbers=numbers)


def _find_header_row(raw: Sequence[Sequence[object]]) -> int | None:
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


build_table = _build_table  # public: import_jobs builds the head of a large file with it
