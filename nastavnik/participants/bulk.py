"""Fast inserts for the import: COPY on PostgreSQL, executemany on SQLite, bulk_create elsewhere.

`bulk_create` spends most of its time preparing every value of every row in Python (and SQLite's limit of
999 parameters cuts 100,000 participants into ~1,700 statements), which alone takes longer than the whole
budget of an import. Here rows arrive as plain tuples of database-ready values, and primary keys are
reserved up front (PostgreSQL: from the table's sequence; SQLite: after the current maximum, under the write
lock that Django's IMMEDIATE transactions hold), so profiles and requests can point at the new rows without
reading them back. Call inside `transaction.atomic()`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models

__all__ = ["insert_rows"]

#: Turns a Python value into the text SQLite stores for a date or datetime column.
Converter = Callable[[Any], Any]


def _concrete(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """A concrete field of the model by name ("pk" for the primary key): its column is written."""
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    if not isinstance(field, models.Field) or field.column is None:
        raise TypeError(f"{model.__name__}.{name} has no column")
    return field


def _pk_column(model: type[models.Model]) -> str:
    column = _concrete(model, "pk").column
    assert column is not None  # _concrete checked it
    return column


def insert_rows(
    model: type[models.Model],
    field_names: Sequence[str],
    rows: Sequence[Sequence[Any]],
    with_ids: bool = False,
) -> list[int]:
    """Insert `rows` (values in the order of `field_names`); return the new primary keys when asked."""
    if not rows:
        return []
    if not connection.in_atomic_block:
        raise RuntimeError("insert_rows must run inside transaction.atomic()")
    fields = [_concrete(model, name) for name in field_names]
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        return _fallback(model, field_names, rows, with_ids)
    ids = _reserve_ids(model, len(rows)) if with_ids else []
    columns = [str(f.column) for f in fields]  # concrete: _concrete checked the column
    if with_ids:
        columns = [_pk_column(model), *columns]
        rows = [(pk, *row) for pk, row in zip(ids, rows, strict=True)]
    table = connection.ops.quote_name(model._meta.db_table)
    column_sql = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({column_sql}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            converters = _sqlite_converters(([_concrete(model, "pk")] if with_ids else []) + fields)
            to_convert = [(i, c) for i, c in enumerate(converters) if c is not None]
            if to_convert:
                rows = _convert_columns(rows, to_convert)
            placeholders = ", ".join("?" * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({column_sql}) VALUES ({placeholders})", rows)
    return ids


def _convert_columns(
    rows: Sequence[Sequence[Any]], to_convert: list[tuple[int, Converter]]
) -> list[tuple[Any, ...]]:
    """Convert whole columns through a table of their distinct values: one import has few dates."""
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True))
    for index, converter in to_convert:
        column = columns[index]
        table = {value: (converter(value) if value is not None else None) for value in set(column)}
        columns[index] = [table[value] for value in column]
    return list(zip(*columns, strict=True))


def _reserve_ids(model: type[models.Model], count: int) -> list[int]:
    table = model._meta.db_table
    pk = _pk_column(model)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT MAX({connection.ops.quote_name(pk)}) FROM {connection.ops.quote_name(table)}")
        start = cursor.fetchone()[0] or 0
        # AUTOINCREMENT never reuses ids of deleted rows: honour the sequence it keeps as well.
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(start, row[0] if row else 0)
    return list(range(start + 1, start + count + 1))


def _sqlite_converters(fields: Sequence[models.Field[Any, Any]]) -> list[Converter | None]:
    """Django's own text forms of dates and datetimes on SQLite (they are compared as strings there)."""
    ops = connection.ops
    converters: list[Converter | None] = []
    for field in fields:
        if isinstance(field, models.DateTimeField):
            converters.append(ops.adapt_datetimefield_value)
        elif isinstance(field, models.DateField):
            converters.append(ops.adapt_datefield_value)
        else:
            converters.append(None)
    return converters


def _fallback(
    model: type[models.Model], field_names: Sequence[str], rows: Sequence[Sequence[Any]], with_ids: bool
) -> list[int]:
    attnames = [_concrete(model, name).attname for name in field_names]
    objects = [model(**dict(zip(attnames, row, strict=True))) for row in rows]
    model._base_manager.bulk_create(objects, batch_size=2000)
    return [o.pk for o in objects] if with_ids else []
