"""Control numbers (ISA13, GS06, ST02) that never repeat, kept in the x12flow database.

The counter lives in ``control_numbers(name primary key, value)``: ``value`` is the last number
handed out under ``name``. :func:`allocate` bumps it inside the caller's transaction and returns
the block of numbers it reserved; :func:`reserve` does that in a transaction of its own that is
committed before it returns, so numbers are burnt even when the run that took them fails later,
and never handed out twice.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    MetaData,
    String,
    Table,
    create_engine,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from edi.x12.errors import ConfigError

ISA13 = "ISA13"
GS06 = "GS06"
ST02 = "ST02"

MAXIMUM = 999_999_999
"""The largest value the nine-digit ISA13 and GS06 can carry."""

metadata = MetaData()

control_numbers = Table(
    "control_numbers",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("value", BigInteger, nullable=False),
)


class ControlNumbersExhausted(ConfigError):
    """The counter reached its maximum; the database needs attention."""


@dataclass(frozen=True, slots=True)
class Block:
    """Numbers ``first`` .. ``last`` (inclusive) reserved under one name."""

    first: int
    last: int

    def __iter__(self) -> Iterator[int]:
        return iter(range(self.first, self.last + 1))

    def __len__(self) -> int:
        return self.last - self.first + 1


def create_table(connection: Connection) -> None:
    metadata.create_all(connection, tables=[control_numbers])


def allocate(connection: Connection, name: str, count: int = 1) -> Block:
    """Reserve ``count`` numbers under ``name`` in the connection's current transaction."""
    if count < 1:
        raise ValueError("count must be at least 1")
    table = control_numbers
    bumped = connection.execute(
        update(table).where(table.c.name == name).values(value=table.c.value + count)
    )
    if bumped.rowcount == 0:
        try:
            with connection.begin_nested():
                connection.execute(insert(table).values(name=name, value=count))
        except IntegrityError:  # another process created the row first
            connection.execute(
                update(table).where(table.c.name == name).values(value=table.c.value + count)
            )
    last = connection.execute(select(table.c.value).where(table.c.name == name)).scalar_one()
    if last > MAXIMUM:
        raise ControlNumbersExhausted(
            f"control number {name} passed {MAXIMUM}; reset it deliberately in the database"
        )
    return Block(last - count + 1, last)


def allocate_many(connection: Connection, counts: Mapping[str, int]) -> dict[str, Block]:
    """Reserve blocks under several names in the connection's current transaction."""
    return {name: allocate(connection, name, count) for name, count in counts.items()}


def reserve_on(engine: Engine, counts: Mapping[str, int]) -> dict[str, Block]:
    """Reserve blocks under several names in one committed transaction of their own."""
    try:
        with engine.begin() as connection:
            create_table(connection)
            return allocate_many(connection, counts)
    except SQLAlchemyError as exc:
        raise ConfigError(f"control numbers: database error: {exc.__class__.__name__}") from None


def reserve(url: str, counts: Mapping[str, int]) -> dict[str, Block]:
    """:func:`reserve_on` for a database URL (``sqlite:///x12flow.db``)."""
    try:
        engine = create_engine(url)
    except (SQLAlchemyError, ValueError) as exc:
        raise ConfigError(f"unusable database URL: {exc}") from None
    try:
        return reserve_on(engine, counts)
    finally:
        engine.dispose()
