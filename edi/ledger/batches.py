"""An inbound file's batch row: opened first, filled in as the file is read, closed at its end.

The row is written inside the file's one transaction, so it commits with the file's postings
or not at all. Its sha256 makes a file sent again a duplicate (:func:`open_inbound`); the
interchange (its sender, ISA05 and ISA06, and ISA13) and group (GS06) it carries are recorded as
the walk meets them (:func:`record_envelope`); its kinds, counts and outcome when the file is
done (:func:`close_inbound`).

A sender numbers each interchange once, so an interchange whose sender and ISA13 the ledger holds
already is the same interchange sent again. When its bytes are the same, the file is a duplicate
(its sha256); when they differ, nobody can tell which copy is right, and posting it could post a
payment or an acknowledgment twice: the walk stops with :class:`RepeatedInterchange` and the file
is refused (edi.inbound.ingest), nothing of it posted. A corrected resend carries a new ISA13.
The batch keeps the first interchange of its file, so a later file is checked against the first
interchange of each earlier one (every interchange of the later file is checked).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from edi.ledger import schema
from edi.ledger.posting import Posting
from edi.ledger.store import Ledger
from edi.x12 import quoting
from edi.x12.envelope import Event, GroupStart, InterchangeHeader, InterchangeStart
from edi.x12.findings import Finding, Severity
from edi.x12.location import Location

# A batch's outcome, once the file is posted
POSTED = "posted"
POSTED_WITH_FINDINGS = "posted-with-findings"
HELD = "held"  # an 835 set of it is held for review

T = schema.batches


@dataclass(frozen=True, slots=True)
class Opened:
    """The batch a file is posted in, or the earlier batch of the same file (a duplicate)."""

    batch_id: int
    duplicate: bool = False


def earlier(connection: Connection, digest: str) -> int | None:
    """The batch of the inbound file whose sha256 is ``digest``, if the ledger holds it."""
    found: int | None = connection.execute(
        select(T.c.id).where(T.c.direction == "inbound", T.c.sha256 == digest)
    ).scalar()
    return found


def open_inbound(
    ledger: Ledger, connection: Connection, name: str, digest: str, now: datetime
) -> Opened:
    """A new batch for file ``name`` (sha256 ``digest``), unless the ledger holds it already
    (then the earlier batch, as a duplicate)."""
    before = earlier(connection, digest)
    if before is not None:
        return Opened(before, duplicate=True)
    try:
        with ledger.atomic():
            batch_id: int = connection.execute(
                insert(T)
                .values(
                    direction="inbound", kind="?", file_name=name, sha256=digest, created_at=now
                )
                .returning(T.c.id)
            ).scalar_one()
    except IntegrityError:  # another worker is ingesting the same file right now
        return Opened(earlier(connection, digest) or 0, duplicate=True)
    return Opened(batch_id)


@dataclass(frozen=True, slots=True)
class Earlier:
    """The batch that holds an interchange already."""

    batch_id: int
    file_name: str
    created_at: datetime


class RepeatedInterchange(Exception):
    """Stops the walk of a file that carries an interchange the ledger holds already; the file
    is refused with :attr:`finding` (see the module docstring). Never leaves the ingest."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


def interchange_before(
    connection: Connection, qualifier: str, sender: str, number: str, batch_id: int
) -> Earlier | None:
    """The first inbound batch, other than ``batch_id``, whose interchange came from ``sender``
    (ISA06) under ``qualifier`` (ISA05) with ISA13 ``number``. A batch recorded before the
    ledger kept ISA05 matches on ISA06 alone."""
    row = connection.execute(
        select(T.c.id, T.c.file_name, T.c.created_at)
        .where(
            T.c.direction == "inbound",
            T.c.interchange_control_number == number,
            T.c.sender_id == sender,
            or_(T.c.sender_qualifier == qualifier, T.c.sender_qualifier.is_(None)),
            T.c.id != batch_id,
        )
        .order_by(T.c.id)
        .limit(1)
    ).first()
    return None if row is None else Earlier(row.id, row.file_name, row.created_at)


def record_envelope(p: Posting, event: Event) -> None:
    """Record the inbound interchange (ISA05, ISA06, ISA13) and group (GS06) on the file's
    batch; raise :class:`RepeatedInterchange` for an interchange the ledger holds already."""
    if isinstance(event, InterchangeStart) and event.header is not None:
        header = event.header
        number, qualifier, sender = header.control_number, header.sender_qualifier, header.sender_id
        earlier = interchange_before(p.connection, qualifier, sender, number, p.batch_id)
        if earlier is not None:
            raise RepeatedInterchange(repeated(p.file_name, header, earlier))
        p.connection.execute(
            update(T)
            .where(T.c.id == p.batch_id, T.c.interchange_control_number.is_(None))
            .values(interchange_control_number=number, sender_qualifier=qualifier, sender_id=sender)
        )
    elif isinstance(event, GroupStart) and event.header is not None:
        p.connection.execute(
            update(T)
            .where(T.c.id == p.batch_id, T.c.group_control_number.is_(None))
            .values(group_control_number=event.header.control_number)
        )


def repeated(file_name: str, header: InterchangeHeader, earlier: Earlier) -> Finding:
    """The refusal of a file that carries interchange ``header`` again (TA1 note code 025,
    duplicate interchange control number), at its ISA13."""
    number = quoting.control_number(header.control_number)
    sender = f"{quoting.code(header.sender_qualifier, 2)}/{quoting.code(header.sender_id, 15)}"
    message = (
        f"interchange {number} from sender {sender} (ISA05/ISA06) was ingested before, in batch "
        f"{earlier.batch_id} ({earlier.file_name}, {earlier.created_at:%Y-%m-%d %H:%M}); this "
        "file carries it again with other bytes, so it is refused and nothing was posted (a "
        "corrected interchange needs a new ISA13)"
    )
    segment = header.segment
    location = Location(
        file=file_name,
        interchange=header.control_number,
        segment=segment.ordinal if segment is not None else None,
        segment_id="ISA",
        element=13,
        offset=segment.offset if segment is not None else None,
    )
    return Finding(Severity.ERROR, "TA105", "025", message, location)


def close_inbound(p: Posting, kinds: list[str], held: bool) -> None:
    """The file is read: its kinds of transaction, how many sets and claims, its outcome."""
    outcome = HELD if held else POSTED_WITH_FINDINGS if p.findings.has_errors else POSTED
    p.connection.execute(
        update(T)
        .where(T.c.id == p.batch_id)
        .values(
            kind="+".join(dict.fromkeys(kinds)) or "none",
            set_count=len(kinds),
            claim_count=p.counts.get("claim payments posted", 0)
            + p.counts.get("claim statuses", 0),
            outcome=outcome,
        )
    )
