"""The watcher's processing function: ingest one file into the ledger (``x12flow ingest``'s
code path) and tell the worker what happened."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from edi.ingest import DUPLICATE, POSTED, IngestResult, ingest_file
from edi.ledger import Ledger, LedgerError
from edi.watch.worker import FileOutcome, Unavailable


def outcome_of(result: IngestResult) -> FileOutcome:
    """The watcher's view of an ingest result (no patient data: codes, counts, messages)."""
    errors = [f for f in result.findings if f.is_error]
    message = ""
    if result.outcome not in (POSTED, DUPLICATE):
        first = errors[0] if errors else None
        message = str(first) if first else f"{result.file}: not posted ({result.outcome})"
    return FileOutcome(
        ok=result.outcome in (POSTED, DUPLICATE),
        transaction=",".join(result.kinds) or None,
        counts=dict(result.counts),
        duplicate=result.outcome == DUPLICATE,
        message=message,
        findings=[f.to_json() for f in result.findings],
    )


def ingest_processor(ledger: Ledger, inbox: Path | None = None) -> Callable[[Path], FileOutcome]:
    """``inbox``: the folder files are dropped in, named in the ledger instead of the work
    folder they are read from."""

    def process(path: Path) -> FileOutcome:
        name = str(inbox / path.name) if inbox is not None else None
        try:
            return outcome_of(ingest_file(ledger, path, name=name))
        except LedgerError as exc:
            raise Unavailable(exc.message) from None

    return process
