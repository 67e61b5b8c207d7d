"""The ingest pipeline: read → envelope → the transaction's reader → post to the ledger.

:func:`ingest_file` posts one file in ONE database transaction: the file's batch record (its
sha256 and interchange control number) commits together with every posting, or nothing does.
Only what is whole is posted (:mod:`edi.ledger.admission`): a file whose envelope is not whole
(no SE, GE or IEA; counts or control numbers that do not match), that is not a reply (an 837),
in which no transaction set could be read, or whose 835 lacks a required amount
(:mod:`edi.ledger.amounts`) is REJECTED and leaves no trace in the ledger. An
835 set that does not balance is posted in a savepoint, rolled back and held for review
(:mod:`edi.ledger.held`); the file's other sets still post, and the file is HELD. A file whose
sha256 the ledger already holds is a DUPLICATE and changes nothing. A file that carries, with
other bytes, an interchange the ledger holds already (the same sender, ISA05 and ISA06, and
ISA13) is REJECTED too (TA105 025): it is the same interchange sent again, and which copy is
right is for a person to tell, not for the ledger to post twice (:mod:`edi.ledger.batches`).

Each set is read and posted as its kind's entry in :mod:`edi.inbound.registry` says; the
ledger keeps the file's batch row (:mod:`edi.ledger.batches`) and walks the file
(:mod:`edi.ledger.intake`); this module orchestrates and turns what happened into a result.
The CLI and a folder watcher call this same function; it prints nothing and returns an
:class:`IngestResult` with counts and findings. Whatever goes wrong with one file is its
outcome; only a ledger that cannot be reached raises (:class:`LedgerUnavailable`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError, StatementError

from edi.inbound.document import counted
from edi.inbound.registry import POSTINGS, post_ta1
from edi.ledger import Ledger, LedgerError, LedgerUnavailable
from edi.ledger.admission import NOTHING_POSTED, refusal
from edi.ledger.backend import is_retryable, is_unavailable
from edi.ledger.batches import RepeatedInterchange, close_inbound, open_inbound
from edi.ledger.held import (
    ACCEPTED,
    DISCARDED,
    HeldFile,
    HeldSet,
    HeldSetError,
    decide,
    held_content,
    release,
)
from edi.ledger.intake import FileFindings, FileWalk, post_one_set
from edi.ledger.money import AmountOutOfRange
from edi.ledger.posting import SOURCE, Posting
from edi.ledger.store import describe
from edi.ledger.worklist_intake import mark, settle
from edi.model.denials import DeadlineSettings
from edi.x12 import clock
from edi.x12.errors import X12FlowError
from edi.x12.files import file_sha256
from edi.x12.findings import Finding, Findings, Severity
from edi.x12.location import Location

POSTED = "posted"
DUPLICATE = "duplicate"
UNREADABLE = "unreadable"
FAILED = "failed"
REJECTED = "rejected"  # not a reply the ledger posts, or not whole (no SE/GE/IEA, bad counts)
HELD = "held"  # read whole, but an 835 set is held for review (it does not balance)
SETTLED = frozenset({POSTED, DUPLICATE, HELD})  # outcomes whose file is done with (processed/)
ATTEMPTS = 5


@dataclass
class IngestResult:
    """What one file did to the ledger."""

    file: str
    outcome: str  # posted, duplicate, held, unreadable, rejected or failed
    sha256: str | None = None
    batch_id: int | None = None
    kinds: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return self.outcome in (UNREADABLE, FAILED, REJECTED) or any(
            f.is_error for f in self.findings
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "outcome": self.outcome,
            "sha256": self.sha256,
            "batch_id": self.batch_id,
            "transactions": self.kinds,
            "counts": self.counts,
            "findings": [f.to_json() for f in self.findings],
        }


class _Duplicate(Exception):
    def __init__(self, batch_id: int) -> None:
        super().__init__(batch_id)
        self.batch_id = batch_id


class _Refused(Exception):
    """Rolls back the whole file: the ledger refuses it (see edi.ledger.admission)."""

    def __init__(self, result: IngestResult) -> None:
        super().__init__(result.outcome)
        self.result = result


def ingest_file(
    ledger: Ledger,
    path: str | Path,
    now: datetime | None = None,
    name: str | None = None,
    progress: Callable[[int], None] | None = None,
    deadlines: DeadlineSettings | None = None,
) -> IngestResult:
    """Post one 999/997/TA1/277CA/277/835 file to ``ledger`` (see the module docstring).

    ``name`` is how the ledger and the findings refer to the file (default: ``path``); the
    watcher passes the name the file was dropped under, not its transient work-folder path.
    ``progress`` is called with the number of bytes each time the file is read further.
    ``deadlines``: the payers' windows for the worklist items the file opens
    (:mod:`edi.ledger.worklist_intake`; default: the built-in windows).
    Raises :class:`LedgerUnavailable` only: the ledger cannot be reached, try again later."""
    source = Path(path)
    name = name or str(path)
    try:
        digest = file_sha256(source)
    except OSError as exc:
        return _unreadable(name, None, f"cannot read: {exc.strerror}")
    for attempt in range(1, ATTEMPTS + 1):
        try:
            when = now or clock.now()
            windows = deadlines or DeadlineSettings()
            return _attempt(ledger, source, name, digest, when, windows, progress)
        except _Duplicate as duplicate:
            return _duplicate(name, digest, duplicate.batch_id)
        except _Refused as refused:
            return refused.result
        except AmountOutOfRange as exc:
            return _failed(name, digest, f"not posted: {exc.message}", exc.location)
        except LedgerError:
            raise
        except X12FlowError as exc:  # the bytes are not X12 (reading could not go on)
            unread = refusal(f"{exc.message}; {NOTHING_POSTED}", "NOT-READ", Location(file=name))
            return _rejected(name, digest, [unread])
        except SQLAlchemyError as exc:
            if is_retryable(exc) and attempt < ATTEMPTS:
                time.sleep(0.05 * attempt)
                continue
            return _database_failure(exc, name, digest)
    raise AssertionError("unreachable")


def _database_failure(exc: SQLAlchemyError, name: str, digest: str) -> IngestResult:
    """The file's outcome when the database refused it; raises when it cannot be reached."""
    if is_unavailable(exc):
        raise LedgerUnavailable(f"the ledger cannot be reached: {describe(exc)}", file=name)
    if isinstance(exc, (DataError, IntegrityError)):  # a value the schema refuses
        reason = f"the ledger refused a value ({describe(exc)})"
    else:
        reason = f"the ledger failed on it ({describe(exc)})"
    return _failed(name, digest, f"not posted: {reason}")


# Segments that carry names, member ids, addresses or birth dates of people: findings about them
# keep their code and location, but not the value they quote.
PERSONAL_SEGMENTS = frozenset({"NM1", "N3", "N4", "DMG", "PER"})
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_SEGMENT_ID = re.compile(r"[A-Z][A-Z0-9]{1,2}")


def withheld(findings: Iterable[Finding]) -> list[Finding]:
    """The findings, with values quoted from personal segments withheld."""
    kept = []
    for finding in findings:
        segment_id = finding.location.segment_id or ""
        named = _SEGMENT_ID.match(segment_id)  # also a segment read with other delimiters
        if named and named.group() in PERSONAL_SEGMENTS:
            message = _QUOTED.sub("(value withheld)", finding.message)
            finding = dataclasses.replace(finding, message=message, details=None)
        kept.append(finding)
    return kept


def _unreadable(name: str, digest: str | None, message: str) -> IngestResult:
    finding = Finding(Severity.ERROR, "READ", "UNREADABLE", message, Location(file=name))
    return IngestResult(name, UNREADABLE, digest, findings=[finding])


def _failed(name: str, digest: str, message: str, where: Location | None = None) -> IngestResult:
    location = where or Location(file=name)
    if location.segment is None and location.transaction:
        message += f" in transaction set {location.transaction}"
    elif location.segment is not None:
        message += f" at {location}"
    message += "; nothing of this file was kept"
    finding = Finding(Severity.ERROR, SOURCE, "NOT-POSTED", message, location.with_(file=name))
    return IngestResult(name, FAILED, digest, findings=[finding])


def _rejected(
    name: str, digest: str, findings: list[Finding], kinds: list[str] | None = None
) -> IngestResult:
    first = findings[0]
    findings[0] = dataclasses.replace(first, location=first.location.with_(file=name))
    return IngestResult(name, REJECTED, digest, kinds=kinds or [], findings=withheld(findings))


def _duplicate(name: str, digest: str, batch_id: int) -> IngestResult:
    finding = Finding(
        Severity.INFO,
        SOURCE,
        DUPLICATE.upper(),
        f"already ingested (batch {batch_id}); nothing changed",
    )
    return IngestResult(name, DUPLICATE, digest, batch_id, findings=[finding])


def _attempt(
    ledger: Ledger,
    source: Path,
    name: str,
    digest: str,
    now: datetime,
    deadlines: DeadlineSettings,
    progress: Callable[[int], None] | None = None,
) -> IngestResult:
    findings = FileFindings(name)
    with ledger.atomic() as connection:
        batch = open_inbound(ledger, connection, name, digest, now)
        if batch.duplicate:
            raise _Duplicate(batch.batch_id)
        since = mark(connection)  # the worklist looks at what the file adds
        posting = Posting(connection, batch.batch_id, name, now, findings)
        walk = FileWalk(ledger, posting, HeldFile(digest, source.read_bytes), POSTINGS, post_ta1)
        try:
            refused = _run(walk, source if progress is None else counted(source, name, progress))
        except RepeatedInterchange as repeated:  # the walk stopped there: nothing more is read
            raise _Refused(_rejected(name, digest, [repeated.finding], walk.kinds)) from None
        if refused is not None:
            kept = [refused, *findings.kept(refused=True)]
            raise _Refused(_rejected(name, digest, kept, walk.kinds))
        settle(posting, since, deadlines)
        close_inbound(posting, walk.kinds, bool(walk.held))
    outcome = HELD if walk.held else POSTED
    counts = dict(posting.counts)
    return IngestResult(
        name, outcome, digest, batch.batch_id, walk.kinds, counts, withheld(findings.kept())
    )


def _run(walk: FileWalk, source: Path | BinaryIO) -> Finding | None:
    """The walk, then why the ledger refuses the file (None: it posts). An amount the ledger's
    column refuses is told with the set it came from."""
    try:
        walk.run(source)
    except StatementError as exc:
        if isinstance(exc.orig, AmountOutOfRange):
            raise AmountOutOfRange(exc.orig.amount, walk.where) from None
        raise
    return walk.refusal()


def accept_held(
    ledger: Ledger,
    held_id: int,
    by: str | None,
    note: str | None,
    now: datetime | None = None,
    deadlines: DeadlineSettings | None = None,
) -> IngestResult:
    """Post held set ``held_id`` as if it balanced (its balance finding stays on its row)."""
    when = now or clock.now()
    try:
        with ledger.atomic() as connection:
            held = decide(connection, held_id, ACCEPTED, by, note, when)
            findings = Findings(held.file)
            posting = Posting(connection, held.batch_id, held.file, when, findings)
            content = held_content(connection, held.batch_id)
            since = mark(connection)
            if hashlib.sha256(content).hexdigest() != held.sha256:
                raise HeldSetError(
                    f"the kept file of held set #{held_id} is not the file it was held from "
                    f"(its sha256 differs); nothing changed"
                )
            balance = post_one_set(
                posting, content, held.set_segment, held.set_control_number or "", POSTINGS["835"]
            )
            if balance is None:
                raise HeldSetError(
                    f"held set #{held_id} (transaction set {held.set_control_number}) is not "
                    f"found at segment {held.set_segment} of its kept file, or has nothing to "
                    f"post; nothing changed"
                )
            settle(posting, since, deadlines or DeadlineSettings())
            release(connection, held.batch_id)
    except SQLAlchemyError as exc:
        raise _ledger_error(exc) from None
    counts = dict(posting.counts)
    kept = withheld(findings)
    return IngestResult(held.file, POSTED, held.sha256, held.batch_id, ["835"], counts, kept)


def discard_held(
    ledger: Ledger, held_id: int, by: str | None, note: str | None, now: datetime | None = None
) -> HeldSet:
    """Discard held set ``held_id``: it is never posted."""
    try:
        with ledger.atomic() as connection:
            held = decide(connection, held_id, DISCARDED, by, note, now or clock.now())
            release(connection, held.batch_id)
    except SQLAlchemyError as exc:
        raise _ledger_error(exc) from None
    return held


def _ledger_error(exc: SQLAlchemyError) -> LedgerError:
    if is_unavailable(exc):
        return LedgerUnavailable(f"the ledger cannot be reached: {describe(exc)}")
    return LedgerError(f"ledger error: {describe(exc)}")
