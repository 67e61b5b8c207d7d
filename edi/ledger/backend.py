"""Backend quirks in one place: URLs, engines, SQLite pragmas and locking, retryable errors.

Every difference between SQLite and PostgreSQL that the ledger cares about lives here:

* SQLite's driver starts transactions lazily and in DEFERRED mode, so two writers can deadlock
  when both upgrade their read lock. The ledger takes the write lock up front (``BEGIN
  IMMEDIATE``) and waits for it (``busy_timeout``); file databases use WAL so readers do not
  block the writer. Foreign keys are switched on.
* PostgreSQL gets executemany INSERTs as pages of multi-row VALUES (psycopg would otherwise
  pipeline one statement per row). The postings' chunks of rows go through
  :mod:`edi.ledger.bulk` instead: COPY and ``UPDATE … FROM unnest`` on PostgreSQL, a prepared
  executemany on SQLite.
* PostgreSQL locks the claims a file posts to (``SELECT … FOR UPDATE``); a deadlock, a
  serialization failure or a unique-key race between two workers is *retryable*: the ingest
  runs the file again, in a new transaction.
* A database that cannot be reached — connection refused or cut, server shutting down, a SQLite
  file that cannot be opened or stays locked past the busy timeout — is *unavailable*: the
  ledger is not at fault with the file, which is retried later.
"""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from edi.x12.errors import ConfigError

DATABASE_ENV = "X12FLOW_DATABASE_URL"
DEFAULT_URL = "sqlite:///x12flow.db"
BUSY_TIMEOUT_MS = 60_000

# SQLSTATE codes PostgreSQL gives for a deadlock, a serialization failure and a unique key
# another worker committed first (the same CLP in two files posted at once: the retry sees it
# and skips it as a duplicate).
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001", "23505"})
# PostgreSQL: the server is shutting down or starting (57P01-57P03), or has no connection slot
# left (53300); class 08 is a connection exception; psycopg gives no SQLSTATE when it never
# reached the server. SQLite: the file cannot be opened, or stayed locked.
UNAVAILABLE_SQLSTATES = frozenset({"57P01", "57P02", "57P03", "53300"})
UNAVAILABLE_SQLITE = ("SQLITE_CANTOPEN", "SQLITE_BUSY")


def resolve_url(explicit: str | None = None) -> str:
    """``--db``, then ``$X12FLOW_DATABASE_URL``, then ``sqlite:///x12flow.db``."""
    return explicit or os.environ.get(DATABASE_ENV) or DEFAULT_URL


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _sqlite_memory(url: str) -> bool:
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


def create_ledger_engine(url: str) -> Engine:
    """An engine for ``url`` with the backend's quirks handled (see the module docstring)."""
    try:
        parsed = make_url(url)
        backend = parsed.get_backend_name()
        if backend == "sqlite":
            return _sqlite_engine(url)
        if backend == "postgresql":
            if parsed.drivername == "postgresql":
                parsed = parsed.set(drivername="postgresql+psycopg")
            engine = create_engine(parsed, pool_pre_ping=True)
            # executemany INSERTs as multi-row VALUES pages, not one round trip per row
            engine.dialect.use_insertmanyvalues_wo_returning = True
            return engine
    except (ArgumentError, SQLAlchemyError, ValueError, ImportError) as exc:
        raise ConfigError(f"unusable database URL: {exc}") from None
    raise ConfigError(f"unsupported database {backend!r}: use sqlite:/// or postgresql://")


def _sqlite_engine(url: str) -> Engine:
    memory = _sqlite_memory(url)
    options: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if memory:  # one shared connection, or every checkout would see an empty database
        options["poolclass"] = StaticPool
    engine = create_engine(url, **options)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the ledger issues BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not memory:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def is_retryable(exc: BaseException) -> bool:
    """A deadlock or serialization failure between concurrent writers: run the work again."""
    if not isinstance(exc, DBAPIError):
        return False
    sqlstate = getattr(exc.orig, "sqlstate", None)
    return sqlstate in RETRYABLE_SQLSTATES


def is_unavailable(exc: BaseException) -> bool:
    """The database cannot be reached now (see the module docstring); try again later."""
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    if not isinstance(exc, OperationalError):
        return False
    sqlite_name = getattr(exc.orig, "sqlite_errorname", None)
    if sqlite_name is not None:
        return str(sqlite_name).startswith(UNAVAILABLE_SQLITE)
    sqlstate = getattr(exc.orig, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith("08") or sqlstate in UNAVAILABLE_SQLSTATES
