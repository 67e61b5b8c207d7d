"""Loading and saving the claim rows that postings change, in chunks, under a row lock.

A posting loads the claims it touches (``SELECT … FOR UPDATE`` on PostgreSQL, so two workers
posting to one claim take turns; SQLite's writer already holds the database), changes them in
memory and writes them back with one set-based UPDATE (:mod:`edi.ledger.bulk`). Events go out
the same way, in one insert.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select, update

from edi.ledger import schema
from edi.ledger.bulk import among, insert_rows, update_rows
from edi.ledger.reconcile import ClaimRef

CHUNK = 500  # identifiers per IN (...) list: within every backend's parameter limit

T = schema.claims


@dataclass(slots=True)
class ClaimRow:
    """A claim as postings see it; changed in memory, saved by :func:`save_claims`."""

    id: int
    patient_control_number: str
    payer_id: str | None
    payer_name: str | None
    payer_claim_control_number: str | None
    status: str
    charge: Decimal
    paid: Decimal
    adjusted: Decimal
    patient_responsibility: Decimal

    @property
    def ref(self) -> ClaimRef:
        return ClaimRef(
            self.id,
            self.patient_control_number,
            self.payer_id,
            self.payer_name,
            self.payer_claim_control_number,
        )


COLUMNS = (
    T.c.id,
    T.c.patient_control_number,
    T.c.payer_id,
    T.c.payer_name,
    T.c.payer_claim_control_number,
    T.c.status,
    T.c.charge,
    T.c.paid,
    T.c.adjusted,
    T.c.patient_responsibility,
)


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _rows(connection: Connection, column: Any, values: Iterable[str]) -> list[ClaimRow]:
    wanted = sorted(set(values))
    found: list[ClaimRow] = []
    for part in chunks(wanted):
        query = (
            select(*COLUMNS)
            .where(among(connection, column, part))
            .order_by(T.c.id)
            .with_for_update()
        )
        found.extend(ClaimRow(**row._mapping) for row in connection.execute(query))
    return found


def by_control_number(connection: Connection, numbers: Iterable[str]) -> dict[str, ClaimRow]:
    """Claims by patient control number (CLM01), locked for this transaction."""
    return {
        row.patient_control_number: row
        for row in _rows(connection, T.c.patient_control_number, numbers)
    }


def by_payer_number(connection: Connection, numbers: Iterable[str]) -> dict[str, list[ClaimRow]]:
    """Claims by payer claim control number (ICN), locked for this transaction."""
    found: dict[str, list[ClaimRow]] = {}
    for row in _rows(connection, T.c.payer_claim_control_number, numbers):
        found.setdefault(row.payer_claim_control_number or "", []).append(row)
    return found


CLAIM_TOTALS = (
    "status",
    "payer_claim_control_number",
    "paid",
    "adjusted",
    "patient_responsibility",
    "updated_at",
)


def save_claims(connection: Connection, rows: Iterable[ClaimRow], now: datetime) -> None:
    """Write back the status, payer claim control number and totals of ``rows`` in one
    set-based UPDATE (a claim given twice: its last row)."""
    latest = {r.id: r for r in rows}
    values = [
        (
            r.id,
            r.status,
            r.payer_claim_control_number,
            r.paid,
            r.adjusted,
            r.patient_responsibility,
            now,
        )
        for r in latest.values()
    ]
    update_rows(connection, T, "id", CLAIM_TOTALS, values)


def adjudicated(connection: Connection, claim_ids: Sequence[int]) -> None:
    """An 835 adjudicated these claims: a pending submission was evidently accepted."""
    s = schema.submissions
    for part in chunks(sorted(claim_ids)):
        connection.execute(
            update(s)
            .where(among(connection, s.c.claim_id, part), s.c.outcome == "pending")
            .values(outcome="accepted")
        )


EVENT_COLUMNS = (
    "claim_id",
    "at",
    "kind",
    "from_status",
    "to_status",
    "batch_id",
    "location",
    "detail",
)


@dataclass(slots=True)
class EventLog:
    """Events waiting to be written; :meth:`flush` writes them in one set-based insert."""

    batch_id: int | None
    at: datetime
    pending: list[tuple[Any, ...]]

    def add(
        self,
        claim_id: int,
        kind: str,
        before: str | None,
        after: str | None,
        location: str | None = None,
        detail: str | None = None,
    ) -> None:
        self.pending.append(
            (claim_id, self.at, kind, before, after, self.batch_id, location, detail)
        )

    def flush(self, connection: Connection) -> None:
        if self.pending:
            insert_rows(connection, schema.events, EVENT_COLUMNS, self.pending)
            self.pending = []


def new_event_log(batch_id: int | None, at: datetime) -> EventLog:
    return EventLog(batch_id, at, [])


def by_ids(connection: Connection, ids: Iterable[int]) -> dict[int, ClaimRow]:
    """Claims by ledger id, locked for this transaction."""
    return {row.id: row for row in _rows(connection, T.c.id, ids)}  # type: ignore[arg-type]
