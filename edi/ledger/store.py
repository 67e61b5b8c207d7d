"""The ledger handle: an engine, its migrations, and one ``atomic()`` context.

``with ledger.atomic() as connection:`` opens a transaction; an ``atomic()`` inside it opens a
savepoint, so a nested block can fail and roll back alone. Leaving the outermost block commits;
an exception rolls everything back — a file is posted completely or not at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from edi.ledger.backend import create_ledger_engine, is_unavailable, resolve_url
from edi.ledger.migrations import migrate
from edi.x12.errors import X12FlowError


class LedgerError(X12FlowError):
    """The ledger database cannot be used (unreachable, locked, wrong schema)."""


class LedgerUnavailable(LedgerError):
    """The ledger database cannot be reached (connection refused, server gone); the file is
    retried later."""


class Ledger:
    """One claim ledger database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection: Connection | None = None

    @classmethod
    def open(cls, url: str | None = None) -> Ledger:
        """Open (and migrate) the ledger at ``url``, ``$X12FLOW_DATABASE_URL`` or x12flow.db."""
        engine = create_ledger_engine(resolve_url(url))
        try:
            migrate(engine)
        except SQLAlchemyError as exc:
            engine.dispose()
            error = LedgerUnavailable if is_unavailable(exc) else LedgerError
            raise error(f"cannot open the ledger: {describe(exc)}") from None
        return cls(engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def atomic(self) -> Iterator[Connection]:
        """A transaction, or a savepoint inside the one already open."""
        if self._connection is not None:
            with self._connection.begin_nested():
                yield self._connection
            return
        with self.engine.connect() as connection:
            self._connection = connection
            try:
                with connection.begin():
                    yield connection
            finally:
                self._connection = None

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def describe(exc: SQLAlchemyError) -> str:
    """A one-line description of a database error, without SQL text or parameters."""
    original = getattr(exc, "orig", None)
    detail = str(original).strip().splitlines()[0] if original is not None else ""
    return f"{type(original or exc).__name__}: {detail}" if detail else type(exc).__name__
