"""The review queue of 835 sets that do not balance (``x12flow held``).

An 835 transaction set whose BPR02 is not sum(CLP04) - sum(PLB amounts) is not posted: the
ingest rolls its postings back (a savepoint) and :func:`hold` records it in ``held_sets`` with
the amounts, the difference and the balance finding; the file's other sets still post. The
file's bytes are kept once in ``held_files``, however many of its sets are held: accepting a
set reads it again from them exactly as it was first read — same segments, same locations in
the event log — and posts it as if it balanced. A decision (accepted or discarded) is final; a
file's bytes are dropped once none of its sets is still held.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, delete, exists, insert, select, update

from edi.ledger import schema
from edi.ledger.money import text
from edi.ledger.posting import Posting
from edi.ledger.remit_set import SetBalance
from edi.x12.errors import X12FlowError
from edi.x12.location import Location

HELD = "held"
ACCEPTED = "accepted"
DISCARDED = "discarded"

T = schema.held_sets


class HeldSetError(X12FlowError):
    """No such held set, or it was decided already."""

    exit_code = 1


@dataclass(frozen=True, slots=True)
class HeldSet:
    """One held 835 set, as ``x12flow held`` lists it."""

    id: int
    batch_id: int
    file: str
    sha256: str
    interchange: str | None  # ISA13
    group: str | None  # GS06
    set_control_number: str | None  # ST02
    set_segment: int  # ordinal of its ST in the file
    payer_id: str | None
    payer_name: str | None
    trace_number: str | None  # TRN02
    amount: Decimal  # BPR02
    expected: Decimal  # sum(CLP04) - sum(PLB amounts)
    difference: Decimal  # BPR02 - expected
    claim_count: int
    reason: str  # the balance finding
    status: str  # held, accepted, discarded
    created_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    note: str | None

    @property
    def payer(self) -> str:
        return self.payer_name or self.payer_id or ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "file": self.file,
            "sha256": self.sha256,
            "interchange": self.interchange,
            "group": self.group,
            "set": self.set_control_number,
            "payer_id": self.payer_id,
            "payer_name": self.payer_name,
            "trace_number": self.trace_number,
            "amount": text(self.amount),
            "expected": text(self.expected),
            "difference": text(self.difference),
            "claim_count": self.claim_count,
            "reason": self.reason,
            "status": self.status,
            "created_at": self.created_at.isoformat(),
            "decided_at": self.decided_at.isoformat() if self.decided_at else None,
            "decided_by": self.decided_by,
            "note": self.note,
        }


# held_sets columns whose HeldSet field is named otherwise
_FIELDS = {
    "file_name": "file",
    "interchange_control_number": "interchange",
    "group_control_number": "group",
}


def _held_set(row: Any) -> HeldSet:
    return HeldSet(**{_FIELDS.get(key, key): value for key, value in row._mapping.items()})


@dataclass(frozen=True, slots=True)
class HeldFile:
    """The file a set is held from: its sha256, and how to read its bytes when first needed."""

    sha256: str
    content: Callable[[], bytes]


def hold(
    p: Posting,
    file: HeldFile,
    where: Location,
    set_segment: int,
    balance: SetBalance,
    reason: str,
) -> int:
    """Record one 835 set as held (its postings were rolled back); return its id."""
    _keep(p, file)
    held_id: int = p.connection.execute(
        insert(T)
        .values(
            batch_id=p.batch_id,
            file_name=p.file_name,
            sha256=file.sha256,
            interchange_control_number=where.interchange,
            group_control_number=where.group,
            set_control_number=where.transaction,
            set_segment=set_segment,
            payer_id=balance.payer_id,
            payer_name=balance.payer_name,
            trace_number=balance.trace,
            amount=balance.amount,
            expected=balance.expected,
            difference=balance.difference,
            claim_count=balance.claim_count,
            reason=reason,
            status=HELD,
            created_at=p.now,
        )
        .returning(T.c.id)
    ).scalar_one()
    p.counts["sets held"] += 1
    return held_id


def _keep(p: Posting, file: HeldFile) -> None:
    """The file's bytes, once however many of its sets are held."""
    files = schema.held_files
    kept = p.connection.execute(select(exists().where(files.c.batch_id == p.batch_id)))
    if not kept.scalar():
        p.connection.execute(
            insert(files).values(batch_id=p.batch_id, sha256=file.sha256, content=file.content())
        )


def list_held(connection: Connection, everything: bool = False) -> list[HeldSet]:
    """The sets still held (``everything``: decided ones too), oldest first."""
    query = select(T).order_by(T.c.id)
    if not everything:
        query = query.where(T.c.status == HELD)
    return [_held_set(row) for row in connection.execute(query)]


def decide(
    connection: Connection,
    held_id: int,
    status: str,
    by: str | None,
    note: str | None,
    now: datetime,
) -> HeldSet:
    """Mark a held set accepted or discarded; a set decided before is refused."""
    changed = connection.execute(
        update(T)
        .where(T.c.id == held_id, T.c.status == HELD)
        .values(status=status, decided_at=now, decided_by=by, note=note)
    )
    row = connection.execute(select(T).where(T.c.id == held_id)).first()
    if row is None:
        raise HeldSetError(f"no held set #{held_id}")
    held = _held_set(row)
    if changed.rowcount != 1:
        when = f" on {held.decided_at:%Y-%m-%d %H:%M}" if held.decided_at else ""
        raise HeldSetError(f"held set #{held_id} was {held.status}{when}; nothing changed")
    return held


def held_content(connection: Connection, batch_id: int) -> bytes:
    found = connection.execute(
        select(schema.held_files.c.content).where(schema.held_files.c.batch_id == batch_id)
    ).scalar()
    if found is None:
        raise HeldSetError(f"the file of batch {batch_id} is no longer kept")
    return bytes(found)


def release(connection: Connection, batch_id: int) -> None:
    """Drop a file's kept bytes once none of its sets is still held."""
    still = connection.execute(
        select(exists().where(T.c.batch_id == batch_id, T.c.status == HELD))
    ).scalar()
    if not still:
        connection.execute(
            delete(schema.held_files).where(schema.held_files.c.batch_id == batch_id)
        )
