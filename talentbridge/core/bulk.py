"""Bulk inserts for hot paths (the posting ingest) without the ORM's per-value compiler.

``QuerySet.bulk_create`` compiles every value of every row through the SQL compiler and, on
SQLite, sends at most 999 parameters per statement (about 45 postings); at a million rows that
bookkeeping cost more than the inserts themselves. ``insert_rows`` converts each value with
its field's own ``get_db_prep_save`` (only for fields whose Python value is not already what
the driver takes: dates, JSON, binary, UUID keys) and sends one multi-row ``INSERT`` per
batch, sized to the connection's real parameter limit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import connection, models

# values of these fields go to the database driver as they are
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.FloatField,
    models.BooleanField,
)
_ROWS_PER_STATEMENT = 1000


def insert_rows(
    model: type[models.Model],
    rows: Sequence[Mapping[str, Any]],
    *,
    returning: Sequence[str] = (),
) -> list[tuple[Any, ...]]:
    """Insert ``rows`` (``{field name: value}``, the same fields in every row) into
    ``model``'s table; with ``returning``, the values of those columns of the inserted rows (in
    no promised order)."""
    if not rows:
        return []
    names = list(rows[0])
    fields: list[Any] = [model._meta.get_field(name) for name in names]
    converters = [_converter(field) for field in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    per_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    prepared = [
        [
            convert(row[name]) if convert else row[name]
            for name, convert in zip(names, converters, strict=True)
        ]
        for row in rows
    ]
    found: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        if not returning:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES {per_row}", prepared)  # noqa: S608
            return found
        back = ", ".join(connection.ops.quote_name(name) for name in returning)
        size = _rows_per_statement(len(fields))
        for start in range(0, len(prepared), size):
            batch = prepared[start : start + size]
            values = ", ".join([per_row] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} RETURNING {back}",  # noqa: S608
                [value for row in batch for value in row],
            )
            found.extend(tuple(row) for row in cursor.fetchall())
    return found


def _converter(field: Any) -> Callable[[Any], Any] | None:
    if isinstance(field, _PLAIN) and not isinstance(field, models.AutoField):
        return None
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, models.ForeignKey):  # usually one value for the whole batch
        done: dict[Any, Any] = {}

        def key(value: Any) -> Any:
            if value not in done:
                done[value] = field.get_db_prep_save(value, connection)
            return done[value]

        return key
    return lambda value: field.get_db_prep_save(value, connection)


def _rows_per_statement(columns: int) -> int:
    limit = connection.features.max_query_params or 65535
    if connection.vendor == "sqlite":
        raw = connection.connection
        if raw is not None:
            limit = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return max(1, min(_ROWS_PER_STATEMENT, limit // columns))


def upsert_add(
    table: str,
    *,
    key: Sequence[str],
    counters: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Counter tables: insert each row (values of ``key`` then of ``counters``); when a row
    with the same key exists, add the counters to it instead (``ON CONFLICT … DO UPDATE SET
    c = c + excluded.c``, PostgreSQL and SQLite). ``table``/column names are code, never input."""
    if not rows:
        return
    columns = [*key, *counters]
    placeholders = ", ".join(["%s"] * len(columns))
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in counters)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [tuple(row) for row in rows])


def uuid_param(value: str) -> str:
    """A UUID as the connection stores it in raw SQL (SQLite: 32 hex digits, no dashes)."""
    return value.replace("-", "") if connection.vendor == "sqlite" else value
