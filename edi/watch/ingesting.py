"""The watcher's processing function: ingest one file into the ledger (``x12flow ingest``'s
code path) and tell the worker what happened."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from edi.inbound.ingest import DUPLICATE, SETTLED, IngestResult, ingest_file
from edi.ledger import Ledger, LedgerError, LedgerUnavailable
from edi.watch.outcome import FileOutcome, Unavailable, refused

if TYPE_CHECKING:
    from edi.model.denials import DeadlineSettings


def outcome_of(result: IngestResult) -> FileOutcome:
    """The watcher's view of an ingest result (no patient data: codes, counts, messages).

    A file whose outcome is settled (posted, duplicate, held) goes to processed/; any other
    outcome goes to rejected/ with the first error finding as its message."""
    settled = result.outcome in SETTLED
    message = ""
    if not settled:
        first = next((f for f in result.findings if f.is_error), None)
        message = str(first) if first else f"{result.file}: not posted ({result.outcome})"
    return FileOutcome(
        ok=settled,
        outcome=result.outcome,
        transactions=list(result.kinds),
        counts=dict(result.counts),
        duplicate=result.outcome == DUPLICATE,
        message=message,
        findings=[f.to_json() for f in result.findings],
    )


def ingest_processor(
    ledger: Ledger, inbox: Path | None = None, deadlines: DeadlineSettings | None = None
) -> Callable[[Path], FileOutcome]:
    """``inbox``: the folder files are dropped in, named in the ledger instead of the work
    folder they are read from; ``deadlines``: the worklist's windows (the configuration's).
    Only a ledger that cannot be reached defers a file (:class:`Unavailable`); any other
    ledger error is that file's failure."""

    def process(path: Path) -> FileOutcome:
        name = str(inbox / path.name) if inbox is not None else None
        try:
            return outcome_of(ingest_file(ledger, path, name=name, deadlines=deadlines))
        except LedgerUnavailable as exc:
            raise Unavailable(exc.message) from None
        except LedgerError as exc:
            return refused(
                f"x12flow could not post this file: the ledger refused it "
                f"({type(exc).__name__}); it was not posted"
            )

    return process
