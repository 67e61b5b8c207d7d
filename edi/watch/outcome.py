"""What processing one file gave, and the outcomes the watcher gives a file on its own.

Messages here never quote the file: an exception is named by its type only, since its text
could carry bytes of the input (a name, a member id).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FAILED = "failed"
QUARANTINED = "quarantined"
QUARANTINE_AFTER = 2  # starts of processing that never finished (workers that died on it)


@dataclass
class FileOutcome:
    """What processing one file gave.

    ``ok``: the file is done with and goes to processed/ (posted, a duplicate of a file
    already posted, or held for review); otherwise it goes to rejected/ with ``message``.
    ``outcome`` is the processor's own word for it (posted, duplicate, held, rejected, ...)."""

    ok: bool
    outcome: str = ""
    transactions: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    duplicate: bool = False
    message: str = ""
    findings: list[dict[str, Any]] = field(default_factory=list)


class Unavailable(Exception):
    """Processing cannot run now (the ledger database cannot be reached): not the file's fault.

    The file goes back to the inbox untouched and is tried again later."""


def internal_error(exc: BaseException) -> FileOutcome:
    """The outcome of a file whose processing raised ``exc``."""
    name = type(exc).__name__
    if isinstance(exc, OSError):
        message = f"x12flow could not read this file ({name}); it was not posted"
    else:
        message = (
            f"x12flow could not process this file: an internal error occurred ({name}); "
            "it was not posted"
        )
    return FileOutcome(ok=False, outcome=FAILED, message=message)


def refused(message: str) -> FileOutcome:
    """A file the processor gave up on with a message of its own (no input quoted)."""
    return FileOutcome(ok=False, outcome=FAILED, message=message)


def quarantined(attempts: int) -> FileOutcome:
    """The outcome of a file that stopped ``attempts`` workers: it is not processed again."""
    return FileOutcome(
        ok=False,
        outcome=QUARANTINED,
        message=(
            f"x12flow set this file aside: it stopped a worker {_times(attempts)} (each died "
            "while processing it), so it was not processed again. Check it, then drop it into "
            "the inbox again to retry; a file already posted is recognised as a duplicate"
        ),
    )


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


@dataclass
class Tally:
    processed: int = 0
    duplicates: int = 0
    rejected: int = 0
    vanished: int = 0
    left: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "processed": self.processed,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "vanished": self.vanished,
            "left": self.left,
        }
