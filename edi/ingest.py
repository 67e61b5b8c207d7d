"""The ingest pipeline: read → envelope → dispatch by transaction → parse → post to the ledger.

:func:`ingest_file` posts one file in ONE database transaction: the file's batch record (its
sha256 and interchange control number) commits together with every posting, or nothing does.
A file whose sha256 the ledger already holds is a duplicate and changes nothing. The CLI and a
folder watcher call this same function; it prints nothing and returns an :class:`IngestResult`
with counts and findings. Problems with the input are findings; only an unusable ledger raises.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError

from edi.envelope import (
    Acknowledgment,
    Event,
    GroupStart,
    InterchangeStart,
    TransactionSet,
    Walker,
)
from edi.errors import X12FlowError
from edi.findings import Finding, Findings, Severity
from edi.ledger import Ledger, LedgerError, schema
from edi.ledger.acks import post_group_response, post_interchange_ack
from edi.ledger.backend import is_retryable
from edi.ledger.posting import SOURCE, Posting, SegmentIndex
from edi.ledger.remit import RemittancePoster
from edi.ledger.status import post_status_report
from edi.ledger.store import describe
from edi.location import Location
from edi.reader import SegmentReader
from parsers.ack999 import READER_997, READER_999
from parsers.era835 import READER as READER_835
from parsers.era835 import ClaimPayment, Payment, Remittance, RemittanceEnd
from parsers.status277 import READER_277, READER_277CA
from parsers.ta1 import ta1_model

POSTED = "posted"
DUPLICATE = "duplicate"
UNREADABLE = "unreadable"
FAILED = "failed"
ATTEMPTS = 5


@dataclass
class IngestResult:
    """What one file did to the ledger."""

    file: str
    outcome: str  # posted, duplicate, unreadable or failed
    sha256: str | None = None
    batch_id: int | None = None
    kinds: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return self.outcome in (UNREADABLE, FAILED) or any(f.is_error for f in self.findings)

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


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ingest_file(
    ledger: Ledger, path: str | Path, now: datetime | None = None, name: str | None = None
) -> IngestResult:
    """Post one 999/997/TA1/277CA/277/835 file to ``ledger`` (see the module docstring).

    ``name`` is how the ledger and the findings refer to the file (default: ``path``); the
    watcher passes the name the file was dropped under, not its transient work-folder path."""
    source = Path(path)
    name = name or str(path)
    try:
        digest = file_sha256(source)
    except OSError as exc:
        return _unreadable(name, None, f"cannot read: {exc.strerror}")
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return _attempt(ledger, source, name, digest, now or datetime.now())
        except _Duplicate as duplicate:
            return _duplicate(name, digest, duplicate.batch_id)
        except X12FlowError as exc:
            return _unreadable(name, digest, exc.message)
        except SQLAlchemyError as exc:
            if is_retryable(exc) and attempt < ATTEMPTS:
                time.sleep(0.05 * attempt)
                continue
            if isinstance(exc, (DataError, IntegrityError)):  # a value the schema refuses
                return _failed(
                    name,
                    digest,
                    f"not posted: the ledger refused a value "
                    f"({describe(exc)}); nothing of this file was kept",
                )
            raise LedgerError(f"ledger error: {describe(exc)}", file=name) from None
    raise AssertionError("unreachable")


# Segments that carry names, member ids, addresses or birth dates of people: findings about them
# keep their code and location, but not the value they quote.
PERSONAL_SEGMENTS = frozenset({"NM1", "N3", "N4", "DMG", "PER"})
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def withheld(findings: Iterable[Finding]) -> list[Finding]:
    """The findings, with values quoted from personal segments withheld."""
    kept = []
    for finding in findings:
        if finding.location.segment_id in PERSONAL_SEGMENTS:
            message = _QUOTED.sub("(value withheld)", finding.message)
            finding = dataclasses.replace(finding, message=message, details=None)
        kept.append(finding)
    return kept


def _unreadable(name: str, digest: str | None, message: str) -> IngestResult:
    finding = Finding(Severity.ERROR, "READ", "UNREADABLE", message, Location(file=name))
    return IngestResult(name, UNREADABLE, digest, findings=[finding])


def _failed(name: str, digest: str, message: str) -> IngestResult:
    finding = Finding(Severity.ERROR, SOURCE, "NOT-POSTED", message, Location(file=name))
    return IngestResult(name, FAILED, digest, findings=[finding])


def _duplicate(name: str, digest: str, batch_id: int) -> IngestResult:
    finding = Finding(
        Severity.INFO,
        SOURCE,
        DUPLICATE.upper(),
        f"already ingested (batch {batch_id}); nothing changed",
    )
    return IngestResult(name, DUPLICATE, digest, batch_id, findings=[finding])


def _earlier(connection: Connection, digest: str) -> int | None:
    b = schema.batches
    found: int | None = connection.execute(
        select(b.c.id).where(b.c.direction == "inbound", b.c.sha256 == digest)
    ).scalar()
    return found


def _attempt(ledger: Ledger, source: Path, name: str, digest: str, now: datetime) -> IngestResult:
    findings = Findings(name)
    with ledger.atomic() as connection:
        earlier = _earlier(connection, digest)
        if earlier is not None:
            raise _Duplicate(earlier)
        try:
            with ledger.atomic():
                batch_id: int = connection.execute(
                    insert(schema.batches)
                    .values(
                        direction="inbound", kind="?", file_name=name, sha256=digest, created_at=now
                    )
                    .returning(schema.batches.c.id)
                ).scalar_one()
        except IntegrityError:  # another worker is ingesting the same file right now
            raise _Duplicate(_earlier(connection, digest) or 0) from None
        posting = Posting(connection, batch_id, name, now, findings, SegmentIndex())
        kinds = _walk(posting, source)
        _close_batch(posting, kinds)
    counts = dict(posting.counts)
    return IngestResult(name, POSTED, digest, batch_id, kinds, counts, withheld(findings))


def _close_batch(p: Posting, kinds: list[str]) -> None:
    p.connection.execute(
        update(schema.batches)
        .where(schema.batches.c.id == p.batch_id)
        .values(
            kind="+".join(dict.fromkeys(kinds)) or "none",
            set_count=len(kinds),
            claim_count=p.counts.get("claim payments posted", 0)
            + p.counts.get("claim statuses", 0),
            outcome="posted-with-findings" if p.findings.has_errors else POSTED,
        )
    )


def _walk(p: Posting, source: Path) -> list[str]:
    reader = SegmentReader(source, p.findings, p.file_name)
    kinds: list[str] = []
    for event in Walker(p.index.tap(iter(reader)), p.findings):
        _envelope(p, event)
        if isinstance(event, TransactionSet):
            kinds.append(event.variant)
            _dispatch(p, event)
            event.drain()
            p.index.clear()
        elif isinstance(event, Acknowledgment):
            kinds.append("TA1")
            post_interchange_ack(p, ta1_model(event, p.findings), Location(file=p.file_name))
    return kinds


def _envelope(p: Posting, event: Event) -> None:
    """Record the inbound interchange (ISA13) and group (GS06) on the file's batch."""
    t = schema.batches
    if isinstance(event, InterchangeStart) and event.header is not None:
        number = event.header.control_number
        sender = event.header.sender_id
        _warn_repeated_interchange(p, number, sender)
        p.connection.execute(
            update(t)
            .where(t.c.id == p.batch_id, t.c.interchange_control_number.is_(None))
            .values(interchange_control_number=number, sender_id=sender)
        )
    elif isinstance(event, GroupStart) and event.header is not None:
        p.connection.execute(
            update(t)
            .where(t.c.id == p.batch_id, t.c.group_control_number.is_(None))
            .values(group_control_number=event.header.control_number)
        )


def _warn_repeated_interchange(p: Posting, number: str, sender: str) -> None:
    t = schema.batches
    earlier = p.connection.execute(
        select(t.c.file_name)
        .where(
            t.c.direction == "inbound",
            t.c.interchange_control_number == number,
            t.c.sender_id == sender,
            t.c.id != p.batch_id,
        )
        .limit(1)
    ).scalar()
    if earlier is not None:
        p.findings.warning(
            SOURCE,
            "INTERCHANGE",
            f"interchange {number} from {sender} was "
            f"ingested before (in {earlier}); postings already made are skipped",
        )


def _dispatch(p: Posting, ts: TransactionSet) -> None:
    variant = ts.variant
    if variant == "835":
        _post_835(p, ts)
    elif variant in ("999", "997"):
        reader = READER_999 if variant == "999" else READER_997
        response = reader.read(ts, p.findings)
        if response is not None:
            post_group_response(p, response, variant, ts.location)
    elif variant in ("277CA", "277"):
        report = (READER_277CA if variant == "277CA" else READER_277).read(ts, p.findings)
        if report is not None:
            post_status_report(p, report, variant, ts.location)
    else:
        p.findings.warning(
            SOURCE,
            "NOT-INGESTED",
            f"a {variant} transaction set is not a reply the ledger posts; skipped",
            ts.location,
        )


def _post_835(p: Posting, ts: TransactionSet) -> None:
    poster: RemittancePoster | None = None
    end: RemittanceEnd | None = None
    for item in _items(p, ts):
        if isinstance(item, Remittance):
            poster = RemittancePoster(p, item, ts.location)
        elif isinstance(item, ClaimPayment):
            if poster is None:  # the header could not be read: keep the claims anyway
                header = Remittance(
                    payment=Payment(handling_code=""), control_number=ts.control_number
                )
                poster = RemittancePoster(p, header, ts.location)
            poster.add(item)
        else:
            end = item
    if poster is not None:
        poster.finish(end)


def _items(p: Posting, ts: TransactionSet) -> Iterator[Remittance | ClaimPayment | RemittanceEnd]:
    yield from READER_835.items(ts, p.findings)
