"""Reading and checking the Excel/CSV lists schools keep of their people — pure Python, no Django.

`read_table` turns file bytes into a header and rows (CSV: delimiter and encoding detected; XLSX: the first
sheet, the header row found among the first rows). `guess_mapping` maps columns to fields by their Russian
headers; `validate_rows` turns every row into a `ParsedRow` or into `RowError`s that name the row as the
spreadsheet shows it, the column as the file calls it, and say in Russian what is wrong. Every message is a
`core.texts.Text` (a Russian message id marked with `gettext_noop`, and its parameters; `str()` is the Russian
text) that the pages translate: `TableError.translated`, `RowError.translated`, `translated_error` for a result
a background job stored. The service in `services/imports.py` adds the database side (duplicates against the
base, the bulk insert).
"""

from .columns import (
    FIELDS,
    MAX_CELL,
    MAX_LENGTH,
    MAX_ROWS,
    ParsedRow,
    RowError,
    Table,
    TableError,
    guess_mapping,
    identity_key,
    mapping_problems,
    normalize_header,
    resolve_mapping,
    translated_error,
)
from .reading import build_table, decode_text, detect_delimiter, read_table
from .rows import find_duplicates_in_file, validate_rows
from .values import (
    _NAME_RE,
    _PHONE_RE,
    CATEGORY_CODES,
    CATEGORY_WORDS,
    GENDER_WORDS,
    ROLE_WORDS,
    parse_category,
    parse_date,
    parse_int,
    parse_role,
    split_list,
)

__all__ = [
    "build_table",
    "CATEGORY_CODES",
    "CATEGORY_WORDS",
    "FIELDS",
    "GENDER_WORDS",
    "MAX_CELL",
    "MAX_LENGTH",
    "MAX_ROWS",
    "ROLE_WORDS",
    "_NAME_RE",
    "_PHONE_RE",
    "ParsedRow",
    "RowError",
    "Table",
    "TableError",
    "decode_text",
    "detect_delimiter",
    "find_duplicates_in_file",
    "guess_mapping",
    "identity_key",
    "mapping_problems",
    "normalize_header",
    "parse_category",
    "parse_date",
    "parse_int",
    "parse_role",
    "read_table",
    "resolve_mapping",
    "split_list",
    "translated_error",
    "validate_rows",
]
