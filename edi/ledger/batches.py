"""An inbound file's batch row: opened first, filled in as the file is read, closed at its end.

The row is written inside the file's one transaction, so it commits with the file's postings
or not at all. Its sha256 makes a file sent again a duplicate (:func:`open_inbound`); the
interchange (ISA13) and group (GS06) it carries are recorded as the walk meets them
(:func:`record_envelope`); its kinds, counts and outcome when the file is done
(:func:`close_inbound`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from edi.ledger import schema
from edi.ledger.posting import SOURCE, Posting
from edi.ledger.store import Ledger
from edi.x12.envelope import Event, GroupStart, InterchangeStart

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


def record_envelope(p: Posting, event: Event) -> None:
    """Record the inbound interchange (ISA13) and group (GS06) on the file's batch."""
    if isinstance(event, InterchangeStart) and event.header is not None:
        number = event.header.control_number
        sender = event.header.sender_id
        _warn_repeated_interchange(p, number, sender)
        p.connection.execute(
            update(T)
            .where(T.c.id == p.batch_id, T.c.interchange_control_number.is_(None))
            .values(interchange_control_number=number, sender_id=sender)
        )
    elif isinstance(event, GroupStart) and event.header is not None:
        p.connection.execute(
            update(T)
            .where(T.c.id == p.batch_id, T.c.group_control_number.is_(None))
            .values(group_control_number=event.header.control_number)
        )


def _warn_repeated_interchange(p: Posting, number: str, sender: str) -> None:
    earlier_file = p.connection.execute(
        select(T.c.file_name)
        .where(
            T.c.direction == "inbound",
            T.c.interchange_control_number == number,
            T.c.sender_id == sender,
            T.c.id != p.batch_id,
        )
        .limit(1)
    ).scalar()
    if earlier_file is not None:
        p.findings.warning(
            SOURCE,
            "INTERCHANGE",
            f"interchange {number} from {sender} was "
            f"ingested before (in {earlier_file}); postings already made are skipped",
        )


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
