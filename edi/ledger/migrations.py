"""Schema migrations: ordered, named steps recorded in ``ledger_migrations``.

:func:`migrate` applies every step not yet recorded, in order, each in the same transaction as
its record, whenever a ledger is opened. A step is never edited once released: a change of
the schema is a new step at the end of :data:`STEPS`. Concurrent workers opening a fresh
PostgreSQL ledger take an advisory lock, so only one of them migrates.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, insert, inspect, select, text

from edi.ledger import schema
from edi.x12 import clock

Step = Callable[[Connection], None]

# An arbitrary constant that names the ledger's migration lock in pg_advisory_xact_lock.
ADVISORY_LOCK = 5_010_837_835


def create_initial_tables(connection: Connection) -> None:
    """Every ledger table; ``control_numbers`` is adopted when ``x12flow generate`` made it."""
    tables = [t for t in schema.metadata.sorted_tables if t is not schema.migrations]
    schema.metadata.create_all(connection, tables=tables, checkfirst=True)


def create_claim_sources(connection: Connection) -> None:
    """Claim input files consumed by ``x12flow submit`` (so a second run sends nothing twice)."""
    schema.claim_sources.create(connection, checkfirst=True)


def create_held_sets(connection: Connection) -> None:
    """835 sets that do not balance, held for review (``x12flow held``), and their files."""
    schema.held_files.create(connection, checkfirst=True)
    schema.held_sets.create(connection, checkfirst=True)  # with its index


def add_batch_sender_qualifier(connection: Connection) -> None:
    """ISA05 beside ISA06 on each batch: an interchange is known by its sender (qualifier and
    ID) and its ISA13, so that one sent again is told (``edi.ledger.batches``). A ledger made
    since has the column from its first step."""
    columns = {column["name"] for column in inspect(connection).get_columns(schema.batches.name)}
    if "sender_qualifier" not in columns:
        connection.execute(text("ALTER TABLE batches ADD COLUMN sender_qualifier VARCHAR(2)"))


def add_worklist(connection: Connection) -> None:
    """The denial worklist and its events; on ``claims`` the worklist's write-offs and the
    patient identity ``x12flow find`` looks claims up by (NULL on claims recorded before)."""
    columns = {column["name"] for column in inspect(connection).get_columns(schema.claims.name)}
    money = "BIGINT" if connection.dialect.name == "sqlite" else "NUMERIC(14, 2)"
    added = (
        ("written_off", f"{money} NOT NULL DEFAULT 0"),
        ("patient_last_name", "VARCHAR(60)"),
        ("patient_first_name", "VARCHAR(35)"),
        ("member_id", "VARCHAR(80)"),
        ("patient_birth_date", "DATE"),
    )
    for name, kind in added:
        if name not in columns:
            connection.execute(text(f"ALTER TABLE claims ADD COLUMN {name} {kind}"))
    indexes = {index["name"] for index in inspect(connection).get_indexes(schema.claims.name)}
    for index in schema.claims.indexes:
        if index.name not in indexes:
            index.create(connection)
    schema.worklist_items.create(connection, checkfirst=True)  # with their indexes
    schema.worklist_events.create(connection, checkfirst=True)


STEPS: tuple[tuple[str, Step], ...] = (
    ("0001_initial_tables", create_initial_tables),
    ("0002_claim_sources", create_claim_sources),
    ("0003_held_sets", create_held_sets),
    ("0004_batch_sender_qualifier", add_batch_sender_qualifier),
    ("0005_worklist", add_worklist),
)


def applied(connection: Connection) -> list[str]:
    if not inspect(connection).has_table(schema.migrations.name):
        return []
    rows = connection.execute(select(schema.migrations.c.name).order_by(schema.migrations.c.name))
    return [row.name for row in rows]


def migrate(engine: Engine) -> list[str]:
    """Apply the missing steps; return the names applied now."""
    done: list[str] = []
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK})
        schema.migrations.create(connection, checkfirst=True)
        known = set(applied(connection))
        for name, step in STEPS:
            if name in known:
                continue
            step(connection)
            connection.execute(insert(schema.migrations).values(name=name, applied_at=clock.now()))
            done.append(name)
    return done
