"""The denial worklist: its statuses, the moves between them, and the listing.

An item is one claim (or one exception-queue entry) someone has to work: opened by the reply
that denied, rejected or could not match it (:mod:`edi.ledger.worklist_intake`), worked with
``x12flow work`` (:mod:`edi.ledger.worklist_changes`), closed by a later reply that settles the
claim or by the worker. Its row in ``worklist_items`` is its current state; every change is a
``worklist_events`` row (who, when, from, to, note), so the row is never the only record.

    open ──► in_progress ──► resubmitted / appealed ──► resolved / written_off
      └───────────┴──────────────────┴─────────────────► (any of the two, at any time)
    unmatched entries also: matched to a claim (``x12flow match``) or dismissed

The listing's action, days left and priority are those of today: a deadline that has passed
turns the action into a write-off and the priority into 0 (:func:`edi.model.denials.next_action`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Select, func, or_, select

from edi.ledger import schema
from edi.ledger.money import text
from edi.model.denials import Action, next_action, priority

OPEN = "open"
IN_PROGRESS = "in_progress"
RESUBMITTED = "resubmitted"
APPEALED = "appealed"
RESOLVED = "resolved"
WRITTEN_OFF = "written_off"
DISMISSED = "dismissed"

STATUSES = (OPEN, IN_PROGRESS, RESUBMITTED, APPEALED, RESOLVED, WRITTEN_OFF, DISMISSED)
UNRESOLVED = (OPEN, IN_PROGRESS, RESUBMITTED, APPEALED)
"""Statuses of an item still being worked: a claim has at most one such item."""
CLOSED = frozenset({RESOLVED, WRITTEN_OFF, DISMISSED})
WORKER_STATUSES = (OPEN, IN_PROGRESS, RESUBMITTED, APPEALED, RESOLVED, WRITTEN_OFF)
"""What ``x12flow work --status`` may set (dismissing is ``x12flow dismiss``)."""

SYSTEM = "x12flow"
"""Who an automatic change is by: a reply opened, reassessed or resolved the item."""

WORK_ACTIONS = frozenset(
    {Action.APPEAL, Action.CORRECT_AND_RESUBMIT, Action.BILL_NEXT_PAYER, Action.REVIEW}
)
"""The verdicts that open an item: work for the provider. Billing the patient is the patient
statement's business, and a write-off or no action under a payer's own adjustment is already
in the claim's balance; an item for them would bury the denials."""


def allowed(current: str, new: str) -> bool:
    """Whether a worker may move an item from ``current`` to ``new``: any status still being
    worked may go to any other worker status; a closed item stays closed."""
    return current not in CLOSED and new in WORKER_STATUSES and new != current


W = schema.worklist_items
C = schema.claims


EVENT_COLUMNS = (
    "item_id",
    "claim_id",
    "at",
    "by",
    "kind",
    "from_status",
    "to_status",
    "from_assignee",
    "to_assignee",
    "batch_id",
    "note",
)
"""The columns of a worklist event row, as the set-based writers insert them."""


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One worklist item as listed, assessed as of ``today``."""

    id: int
    claim: str | None  # patient control number
    unmatched_id: int | None
    payer: str | None
    source: str
    category: str
    action: str  # as of today
    received: dt.date
    deadline: dt.date | None
    days_left: int | None
    amount: Decimal
    priority: Decimal
    status: str
    assignee: str | None
    version: int
    opened_at: dt.datetime
    updated_at: dt.datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "claim": self.claim,
            "unmatched_id": self.unmatched_id,
            "payer": self.payer,
            "source": self.source,
            "category": self.category,
            "action": self.action,
            "received": self.received.isoformat(),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "days_left": self.days_left,
            "amount": text(self.amount),
            "priority": text(self.priority),
            "status": self.status,
            "assignee": self.assignee,
            "version": self.version,
            "opened_at": self.opened_at.isoformat(timespec="seconds"),
            "updated_at": self.updated_at.isoformat(timespec="seconds"),
        }


@dataclass(frozen=True, slots=True)
class Filters:
    """What ``x12flow worklist`` narrows the list to; None: no condition. ``status`` None lists
    the items still being worked."""

    category: str | None = None
    payer: str | None = None  # payer id or name
    assignee: str | None = None
    status: str | None = None
    due_before: dt.date | None = None  # deadline on or before this day


def _query() -> Select[Any]:
    return select(
        W.c.id,
        C.c.patient_control_number,
        W.c.unmatched_id,
        func.coalesce(C.c.payer_name, C.c.payer_id).label("payer"),
        W.c.source,
        W.c.category,
        W.c.action,
        W.c.received,
        W.c.deadline,
        W.c.amount,
        W.c.status,
        W.c.assignee,
        W.c.version,
        W.c.opened_at,
        W.c.updated_at,
    ).outerjoin(C, C.c.id == W.c.claim_id)


def _item(row: Any, today: dt.date) -> WorkItem:
    days_left = (row.deadline - today).days if row.deadline is not None else None
    action = next_action(Action(row.action), days_left).value
    return WorkItem(
        row.id,
        row.patient_control_number,
        row.unmatched_id,
        row.payer,
        row.source,
        row.category,
        action,
        row.received,
        row.deadline,
        days_left,
        row.amount,
        priority(row.amount, days_left),
        row.status,
        row.assignee,
        row.version,
        row.opened_at,
        row.updated_at,
    )


def list_items(connection: Connection, filters: Filters, today: dt.date) -> list[WorkItem]:
    """The items ``filters`` selects, highest priority first (as of ``today``), then the
    earliest deadline, then the oldest item."""
    query = _query()
    if filters.status:
        query = query.where(W.c.status == filters.status)
    else:
        query = query.where(W.c.status.in_(UNRESOLVED))
    if filters.category:
        query = query.where(W.c.category == filters.category)
    if filters.assignee:
        query = query.where(W.c.assignee == filters.assignee)
    if filters.payer:
        query = query.where(
            or_(C.c.payer_id == filters.payer, func.upper(C.c.payer_name) == filters.payer.upper())
        )
    if filters.due_before:
        query = query.where(W.c.deadline <= filters.due_before)
    items = [_item(row, today) for row in connection.execute(query)]
    far = dt.date.max
    items.sort(key=lambda i: (-i.priority, i.deadline or far, i.id))
    return items


def get_item(connection: Connection, item_id: int, today: dt.date) -> WorkItem | None:
    row = connection.execute(_query().where(W.c.id == item_id)).first()
    return None if row is None else _item(row, today)
