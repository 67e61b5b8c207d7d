"""Set-based writes: the rows of a chunk of claims in a few statements, each backend its way.

* :func:`insert_rows` — PostgreSQL: one ``COPY … FROM STDIN`` for any number of rows (one
  INSERT for a single row); SQLite: one ``executemany`` of a prepared INSERT (a loop in C, with
  no network between).
* :func:`update_rows` — PostgreSQL: one ``UPDATE … FROM unnest(…)`` (rows found by their key's
  index); SQLite: an executemany.
* :func:`among` — ``column IN (…)`` for a lookup of many keys: on PostgreSQL ``= ANY`` of one
  array parameter, so the statement's text is the same for any number of keys (the driver
  parses it once instead of hundreds of placeholders each time).
* :func:`reserve_ids` — the ids of rows that other rows point to (claim payments), taken
  before the rows are written: from the table's sequence on PostgreSQL, above the largest id
  on SQLite (whose writer holds the whole database). Either way a row gets the id the
  database would have given it.

Values go through each column's own type first (Money's range check and cents, SQLite's dates
as text), so what is stored is what an ``insert()`` of the same values stores, without
SQLAlchemy's work per row. A database error comes out as SQLAlchemy's (``DBAPIError``), as from
any other statement, so a retry or a refused file is decided the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Column,
    ColumnElement,
    Connection,
    Date,
    DateTime,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    any_,
    bindparam,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError

Row = Sequence[Any]  # values in the order of the columns named with them
Processor = Callable[[Any], Any]
_UNKNOWN = object()


class _Memo:
    """A column type's converter that remembers what it gave for each value. A chunk repeats
    its amounts (zero, copays, a fee schedule's), its dates and its one time stamp, and the
    conversion (range check and cents, dates as text) costs several times a lookup; equal
    values convert alike, so the value is the key. Only values whose equals convert alike are
    kept: an aware time stamp equals the same instant in another zone, which SQLite stores
    as other text, so ``keeps`` leaves it out."""

    LIMIT = 4096  # values remembered at most, so memory stays flat

    def __init__(self, process: Processor, keeps: Callable[[Any], bool]) -> None:
        self.process = process
        self.keeps = keeps
        self.known: dict[Any, Any] = {}

    def column(self, values: Sequence[Any]) -> list[Any]:
        """Every value of a column converted, in order."""
        known = self.known
        try:
            return [known[value] for value in values]  # all seen before: the usual case
        except (KeyError, TypeError):
            pass
        if len(known) >= self.LIMIT:
            known.clear()
        process, keeps = self.process, self.keeps
        converted: list[Any] = []
        for value in values:
            try:
                found = known.get(value, _UNKNOWN)
                hashable = True
            except TypeError:  # a signalling NaN cannot be a key; converting it refuses it
                found, hashable = _UNKNOWN, False
            if found is _UNKNOWN:
                found = process(value)
                if hashable and keeps(value):
                    known[value] = found
            converted.append(found)
        return converted


class _Each:
    """A column type's converter applied to every value (no memory of earlier ones)."""

    def __init__(self, process: Processor) -> None:
        self.process = process

    def column(self, values: Sequence[Any]) -> list[Any]:
        process = self.process
        return [process(value) for value in values]


def _always(_value: Any) -> bool:
    return True


def _naive(value: Any) -> bool:
    return getattr(value, "tzinfo", None) is None


@dataclass(frozen=True, slots=True)
class _Plan:
    """How rows of some columns of a table are written on one dialect."""

    table: str
    columns: tuple[str, ...]  # quoted
    processors: tuple[tuple[int, _Memo | _Each], ...]  # (position, the column type's converter)
    array_types: tuple[str, ...]  # PostgreSQL: the array type each column is sent as

    def values(self, rows: Sequence[Row]) -> list[tuple[Any, ...]]:
        """``rows`` as the driver takes them: tuples of values converted by their columns.

        Column by column (a column's values go through its converter in one call, rows are
        taken apart and put together by ``zip`` in C). Should a value be refused, the rows are
        converted again one by one, so the error raised is the one the first refused value in
        row order gives, whatever column it is in."""
        if not self.processors:
            return [tuple(row) for row in rows]
        try:
            columns: list[Sequence[Any]] = list(zip(*rows, strict=True))
            for position, converter in self.processors:
                columns[position] = converter.column(columns[position])
        except Exception:
            return self._row_by_row(rows)
        return list(zip(*columns, strict=True))

    def _row_by_row(self, rows: Sequence[Row]) -> list[tuple[Any, ...]]:
        converted: list[tuple[Any, ...]] = []
        for row in rows:
            values = list(row)
            for position, converter in self.processors:
                values[position] = converter.process(values[position])
            converted.append(tuple(values))
        return converted


def _array_type(column: Column[Any], dialect: Dialect) -> str:
    """The element type a column's values travel as in an array: text for strings (the
    assignment to the column then refuses a value too long, as an INSERT does), NUMERIC for
    money (already rounded to cents), else the column's own type."""
    kind = column.type
    if isinstance(kind, String):
        return "TEXT"
    if _numeric(column):
        return "NUMERIC"
    return kind.compile(dialect=dialect)


def _numeric(column: Column[Any]) -> bool:
    """Whether the column holds numbers (Money is NUMERIC(14,2) under its decorator, whatever
    a backend keeps it as)."""
    kind = column.type
    return isinstance(kind, Numeric) or isinstance(getattr(kind, "impl", None), Numeric)


def _converter(column: Column[Any], process: Processor) -> _Memo | _Each:
    """Money and dates are remembered (:class:`_Memo`); any other type converts each value."""
    if _numeric(column) or isinstance(column.type, Date):
        return _Memo(process, _always)  # a datetime never equals a date
    if isinstance(column.type, DateTime):
        return _Memo(process, _naive)
    return _Each(process)


@lru_cache(maxsize=128)
def _plan(table: Table, columns: tuple[str, ...], dialect: Dialect) -> _Plan:
    quote = dialect.identifier_preparer.quote
    processors: list[tuple[int, _Memo | _Each]] = []
    types: list[str] = []
    for position, name in enumerate(columns):
        column = table.c[name]
        process = column.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            processors.append((position, _converter(column, process)))
        types.append(_array_type(column, dialect) if dialect.name == "postgresql" else "")
    return _Plan(
        dialect.identifier_preparer.format_table(table),
        tuple(quote(name) for name in columns),
        tuple(processors),
        tuple(types),
    )


def insert_rows(
    connection: Connection, table: Table, columns: tuple[str, ...], rows: Sequence[Row]
) -> None:
    """Insert ``rows`` (values in the order of ``columns``) into ``table``."""
    if not rows:
        return
    dialect = connection.dialect
    plan = _plan(table, columns, dialect)
    names = ", ".join(plan.columns)
    if dialect.name == "postgresql" and len(rows) > 1:  # a COPY costs two round trips
        statement = f"COPY {plan.table} ({names}) FROM STDIN"
        _copy(connection, statement, _converted(connection, statement, plan, rows))
        return
    marks = ", ".join("%s" if dialect.name == "postgresql" else "?" for _ in columns)
    statement = f"INSERT INTO {plan.table} ({names}) VALUES ({marks})"
    values = _converted(connection, statement, plan, rows)
    connection.exec_driver_sql(statement, values if len(values) > 1 else values[0])


def update_rows(
    connection: Connection,
    table: Table,
    key: str,
    columns: tuple[str, ...],
    rows: Sequence[Row],
) -> None:
    """Set ``columns`` of the rows of ``table`` whose ``key`` is each row's first value; the
    other values are in the order of ``columns``. Keys must not repeat."""
    if not rows:
        return
    dialect = connection.dialect
    plan = _plan(table, (key, *columns), dialect)
    quoted_key, *names = plan.columns
    if dialect.name == "postgresql":
        arrays = ", ".join(f"CAST(%s AS {kind}[])" for kind in plan.array_types)
        aliases = ", ".join(f"v{n}" for n in range(len(plan.columns)))
        settings = ", ".join(f"{name} = v{n}" for n, name in enumerate(names, 1))
        # the keys again as = ANY: the rows are found by the key's index, not by a join
        # that reads the whole table for every chunk
        statement = (
            f"UPDATE {plan.table} SET {settings} FROM unnest({arrays}) AS v({aliases}) "
            f"WHERE {plan.table}.{quoted_key} = v0 "
            f"AND {plan.table}.{quoted_key} = ANY(CAST(%s AS {plan.array_types[0]}[]))"
        )
        values = _converted(connection, statement, plan, rows)
        arrays_of = [list(column) for column in zip(*values, strict=True)]
        connection.exec_driver_sql(statement, (*arrays_of, arrays_of[0]))
        return
    settings = ", ".join(f"{name} = ?" for name in names)
    statement = f"UPDATE {plan.table} SET {settings} WHERE {quoted_key} = ?"
    values = _converted(connection, statement, plan, rows)
    connection.exec_driver_sql(statement, [(*row[1:], row[0]) for row in values])


def _converted(
    connection: Connection, statement: str, plan: _Plan, rows: Sequence[Row]
) -> list[tuple[Any, ...]]:
    """``plan.values(rows)``; a value its column refuses (an amount beyond NUMERIC(14,2)) is
    raised as SQLAlchemy raises it from any statement: a ``StatementError`` around it."""
    try:
        return plan.values(rows)
    except Exception as exc:
        dialect = connection.dialect
        raise DBAPIError.instance(
            statement, None, exc, dialect.loaded_dbapi.Error, dialect=dialect
        ) from exc


def among(
    connection: Connection, column: Column[Any], values: Sequence[Any]
) -> ColumnElement[bool]:
    """``column IN values``; on PostgreSQL ``column = ANY(array)``. Strings travel as TEXT (a
    cast to the column's VARCHAR(n) would cut a longer value short and match it)."""
    if connection.dialect.name != "postgresql":
        return column.in_(list(values))
    kind = BigInteger() if isinstance(column.type, Integer) else Text()
    return column == any_(bindparam(None, list(values), type_=ARRAY(kind)))


def reserve_ids(connection: Connection, table: Table, count: int) -> list[int]:
    """``count`` ids for new rows of ``table`` (its integer key ``id``), in ascending order."""
    if count <= 0:
        return []
    name = connection.dialect.identifier_preparer.format_table(table)
    if connection.dialect.name == "postgresql":
        found = connection.exec_driver_sql(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            (name, count),
        )
        return sorted(int(row[0]) for row in found)
    largest = connection.exec_driver_sql(f"SELECT max(id) FROM {name}").scalar()
    start = int(largest or 0) + 1
    return list(range(start, start + count))


def _copy(connection: Connection, statement: str, rows: Sequence[Row]) -> None:
    """Run a COPY FROM STDIN of ``rows`` on the connection's psycopg connection, inside the
    transaction (and savepoint) open on it; a driver error is raised as SQLAlchemy's."""
    dialect = connection.dialect
    dbapi = dialect.loaded_dbapi
    driver = connection.connection.driver_connection
    assert driver is not None
    cursor = driver.cursor()
    try:
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    except dbapi.Error as exc:
        lost = dialect.is_disconnect(exc, connection.connection.dbapi_connection, cursor)
        if lost:
            connection.invalidate(exc)
        raise DBAPIError.instance(
            statement, None, exc, dbapi.Error, connection_invalidated=lost, dialect=dialect
        ) from exc
    finally:
        cursor.close()
