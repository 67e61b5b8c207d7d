"""Whether there is a ledger at a URL: commands that only read the ledger never create one.

A SQLite ledger exists when its file does and holds the ledger's tables; a PostgreSQL ledger
when the database (the schema its search path names first) holds them. An in-memory SQLite
database never holds a ledger before it is opened. ``x12flow init`` and the commands that
write (ingest, generate, submit, watch) create the ledger with :meth:`Ledger.open`; the
commands that only read open it with :func:`open_existing`, which refuses a missing one.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from edi.ledger import schema
from edi.ledger.backend import create_ledger_engine, resolve_url
from edi.ledger.store import Ledger, LedgerError, describe


class NoLedger(LedgerError):
    """There is no ledger at the URL, and the command only reads one."""

    def __init__(self, url: str) -> None:
        super().__init__(f"no ledger at {shown(url)}; run `x12flow init` or pass --db")
        self.url = url


def shown(url: str) -> str:
    """``url`` as it may be printed: a password in it is masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for an in-memory database or another backend."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _is_memory(url: str) -> bool:
    try:
        parsed = make_url(url)
    except ArgumentError:
        return False
    return parsed.get_backend_name() == "sqlite" and _sqlite_file(url) is None


def exists(url: str | None = None) -> bool:
    """Whether the ledger's tables are at ``url``; nothing is created to find out."""
    resolved = resolve_url(url)
    if _is_memory(resolved):
        return False
    path = _sqlite_file(resolved)
    if path is not None and not path.is_file():
        return False  # connecting would create the file
    engine = (
        create_engine(resolved, poolclass=NullPool)
        if path is not None  # no pragmas: they would change a file that is not a ledger
        else create_ledger_engine(resolved)
    )
    try:
        with engine.connect() as connection:
            return inspect(connection).has_table(schema.migrations.name)
    except SQLAlchemyError as exc:
        raise LedgerError(f"cannot open the ledger at {shown(resolved)}: {describe(exc)}") from None
    finally:
        engine.dispose()


def open_existing(url: str | None = None) -> Ledger:
    """The ledger at ``url`` (migrated); :class:`NoLedger` when there is none."""
    resolved = resolve_url(url)
    if not exists(resolved):
        raise NoLedger(resolved)
    return Ledger.open(resolved)


def init(url: str | None = None) -> bool:
    """Create the ledger at ``url``, or bring it up to date; True when it was created now."""
    created = not exists(url)
    Ledger.open(url).close()
    return created
