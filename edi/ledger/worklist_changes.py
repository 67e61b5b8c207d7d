"""A worker's changes to a worklist item: status, assignee, note, write-off; matching and
dismissing an exception-queue item.

Every change is one UPDATE of the item that names the version it read (compare-and-set) and
one ``worklist_events`` row. Of two workers changing one item at once, the second finds the
version moved and is refused with :class:`WorklistConflict` (it looks again and retries); a
worker who gives ``expected_version`` (``x12flow work --if-version``) is refused as well when
anyone changed the item since they looked. Nothing is lost either way.

A write-off posts to the claim's balance: ``claims.written_off`` grows by the amount (balance =
charge − paid − adjusted − patient responsibility − written off), and the claim's own event
log gets a ``write-off`` event beside the worklist event. ``--status written_off`` without an
amount writes off what is left of the balance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, insert, select, update

from edi.ledger import schema, states
from edi.ledger.money import ZERO, cents
from edi.ledger.worklist import (
    CLOSED,
    DISMISSED,
    RESOLVED,
    WORKER_STATUSES,
    WRITTEN_OFF,
    allowed,
)
from edi.x12.errors import X12FlowError

W = schema.worklist_items
WE = schema.worklist_events
C = schema.claims


class WorklistError(X12FlowError):
    """No such item, or a change the item's status does not allow."""

    exit_code = 1


class WorklistConflict(WorklistError):
    """Someone changed the item meanwhile: nothing was changed; look again and retry."""


@dataclass(frozen=True, slots=True)
class Change:
    """What a worker asks of one item; None leaves a field as it is. ``assignee`` "" clears
    it; ``write_off`` is an amount posted to the claim's balance (negative takes one back)."""

    status: str | None = None
    assignee: str | None = None
    note: str | None = None
    write_off: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Changed:
    """What a change came to: the item's status and version after it, the amount written off."""

    item_id: int
    status: str
    assignee: str | None
    version: int
    written_off: Decimal | None


def _read_item(connection: Connection, item_id: int) -> Any:
    row = connection.execute(select(W).where(W.c.id == item_id)).first()
    if row is None:
        raise WorklistError(f"there is no worklist item #{item_id}")
    return row


def _check_version(row: Any, expected: int | None) -> None:
    if expected is not None and row.version != expected:
        raise WorklistConflict(
            f"worklist item #{row.id} changed since you looked (version {row.version}, not "
            f"{expected}): nothing changed; look at it again and retry"
        )


def _save(connection: Connection, row: Any, values: dict[str, Any], now: datetime) -> int:
    """The compare-and-set: the item as read, or nothing (:class:`WorklistConflict`)."""
    version = row.version + 1
    done = connection.execute(
        update(W)
        .where(W.c.id == row.id, W.c.version == row.version)
        .values(**values, version=version, updated_at=now)
    )
    if done.rowcount != 1:
        raise WorklistConflict(
            f"worklist item #{row.id} was changed by someone else at the same time: nothing "
            f"changed; look at it again and retry"
        )
    return int(version)


def _event(
    connection: Connection,
    row: Any,
    kind: str,
    by: str,
    now: datetime,
    *,
    to_status: str,
    to_assignee: str | None,
    amount: Decimal | None = None,
    note: str | None = None,
    claim_id: int | None = None,
) -> None:
    connection.execute(
        insert(WE).values(
            item_id=row.id,
            claim_id=claim_id if claim_id is not None else row.claim_id,
            at=now,
            by=by,
            kind=kind,
            from_status=row.status,
            to_status=to_status,
            from_assignee=row.assignee,
            to_assignee=to_assignee,
            amount=amount,
            note=note,
        )
    )


def _balance(connection: Connection, claim_id: int) -> Decimal:
    found = connection.execute(
        select(
            C.c.charge - C.c.paid - C.c.adjusted - C.c.patient_responsibility - C.c.written_off
        ).where(C.c.id == claim_id)
    ).scalar_one()
    return cents(Decimal(found) if not isinstance(found, Decimal) else found)


def post_write_off(
    connection: Connection, claim_id: int, item_id: int, amount: Decimal, by: str, now: datetime
) -> None:
    """Post ``amount`` to the claim's written-off total and say so in its event log."""
    connection.execute(
        update(C)
        .where(C.c.id == claim_id)
        .values(written_off=C.c.written_off + cents(amount), updated_at=now)
    )
    status = connection.execute(select(C.c.status).where(C.c.id == claim_id)).scalar_one()
    connection.execute(
        insert(schema.events).values(
            claim_id=claim_id,
            at=now,
            kind="write-off",
            from_status=status,
            to_status=status,
            detail=f"{cents(amount)} written off by {by} (worklist item #{item_id})",
        )
    )


def work_item(
    connection: Connection,
    item_id: int,
    change: Change,
    by: str,
    now: datetime,
    expected_version: int | None = None,
) -> Changed:
    """Apply ``change`` to item ``item_id`` (see the module docstring)."""
    row = _read_item(connection, item_id)
    _check_version(row, expected_version)
    status = change.status or row.status
    if change.status is not None and change.status != row.status:
        if change.status not in WORKER_STATUSES or not allowed(row.status, change.status):
            raise WorklistError(
                f"worklist item #{item_id} is {row.status}: it cannot become {change.status}"
            )
    elif row.status in CLOSED and (change.write_off is not None or change.assignee is not None):
        raise WorklistError(f"worklist item #{item_id} is {row.status}: reopen it first")
    amount = change.write_off
    if amount is None and change.status == WRITTEN_OFF and row.claim_id is not None:
        amount = max(_balance(connection, row.claim_id), ZERO)
    if amount is not None and row.claim_id is None:
        raise WorklistError(
            f"worklist item #{item_id} has no claim yet (match it first): nothing to write off"
        )
    if amount is not None and amount == 0:
        amount = None
    assignee = row.assignee if change.assignee is None else (change.assignee or None)
    if status == row.status and assignee == row.assignee and amount is None and not change.note:
        raise WorklistError(f"nothing to change on worklist item #{item_id}")
    values: dict[str, Any] = {"status": status, "assignee": assignee}
    if status in CLOSED and row.status not in CLOSED:
        values["closed_at"] = now
    elif status not in CLOSED:
        values["closed_at"] = None
    version = _save(connection, row, values, now)
    _event(
        connection,
        row,
        "changed" if amount is None else "write-off",
        by,
        now,
        to_status=status,
        to_assignee=assignee,
        amount=amount,
        note=change.note,
    )
    if amount is not None and row.claim_id is not None:
        post_write_off(connection, row.claim_id, item_id, amount, by, now)
    return Changed(item_id, status, assignee, version, amount)


def _unmatched_item(connection: Connection, item_id: int, expected: int | None) -> Any:
    row = _read_item(connection, item_id)
    _check_version(row, expected)
    if row.unmatched_id is None or row.claim_id is not None:
        raise WorklistError(f"worklist item #{item_id} is not an unmatched item")
    if row.status in CLOSED:
        raise WorklistError(f"worklist item #{item_id} is {row.status} already")
    return row


def match_item(
    connection: Connection,
    item_id: int,
    patient_control_number: str,
    by: str,
    now: datetime,
    note: str | None = None,
    expected_version: int | None = None,
) -> Changed:
    """Match exception-queue item ``item_id`` to the claim ``patient_control_number``: an 835
    claim payment it holds is posted to that claim (totals, status, an event), and the item
    is resolved."""
    row = _unmatched_item(connection, item_id, expected_version)
    claim = connection.execute(
        select(C).where(C.c.patient_control_number == patient_control_number).with_for_update()
    ).first()
    if claim is None:
        raise WorklistError(f"the ledger holds no claim {patient_control_number}")
    version = _save(
        connection, row, {"claim_id": claim.id, "status": RESOLVED, "closed_at": now}, now
    )
    _post_matched_payment(connection, row.unmatched_id, claim, by, now)
    _event(
        connection,
        row,
        "matched",
        by,
        now,
        to_status=RESOLVED,
        to_assignee=row.assignee,
        note=note or f"matched to claim {patient_control_number}",
        claim_id=claim.id,
    )
    return Changed(item_id, RESOLVED, row.assignee, version, None)


def _post_matched_payment(
    connection: Connection, unmatched_id: int, claim: Any, by: str, now: datetime
) -> None:
    u, cp = schema.unmatched, schema.claim_payments
    payment = connection.execute(
        select(cp)
        .join(u, u.c.claim_payment_id == cp.c.id)
        .where(u.c.id == unmatched_id, cp.c.claim_id.is_(None))
    ).first()
    if payment is None:
        return
    connection.execute(update(cp).where(cp.c.id == payment.id).values(claim_id=claim.id))
    paid = claim.paid + payment.paid
    patient = claim.patient_responsibility + payment.pr_adjusted
    status = states.on_payment(claim.status, payment.status_code, paid, patient)
    connection.execute(
        update(C)
        .where(C.c.id == claim.id)
        .values(
            paid=paid,
            adjusted=claim.adjusted + payment.adjusted,
            patient_responsibility=patient,
            status=status,
            updated_at=now,
        )
    )
    connection.execute(
        insert(schema.events).values(
            claim_id=claim.id,
            at=now,
            kind=f"835 {payment.kind} matched",
            from_status=claim.status,
            to_status=status,
            location=payment.location,
            detail=f"CLP02 {payment.status_code}, paid {payment.paid}: matched by {by}",
        )
    )


def dismiss_item(
    connection: Connection,
    item_id: int,
    note: str,
    by: str,
    now: datetime,
    expected_version: int | None = None,
) -> Changed:
    """Dismiss exception-queue item ``item_id``: nothing to match it to (``note`` says why)."""
    row = _unmatched_item(connection, item_id, expected_version)
    version = _save(connection, row, {"status": DISMISSED, "closed_at": now}, now)
    _event(
        connection,
        row,
        "dismissed",
        by,
        now,
        to_status=DISMISSED,
        to_assignee=row.assignee,
        note=note,
    )
    return Changed(item_id, DISMISSED, row.assignee, version, None)
