"""The worklist's side of an outbound 837: a claim sent again moves its item to ``resubmitted``.

A claim with an item still waiting for the provider (``open`` or ``in_progress``) that the
outbound pipeline sends again — a replacement (CLM05-3 7), or an original resent after a TA1,
999/997 or 277CA rejected it — has done what the item asked: the correction is with the payer.
The item moves to ``resubmitted`` as an event by the system user (``x12flow``) naming the 837,
in the transaction that records the submission (:func:`edi.ledger.submission.record_submission`),
so the item and the submission never disagree. A later 835 then resolves it when it pays the
claim, or reassesses it (back to ``open``) when it denies it again
(:mod:`edi.ledger.worklist_intake`).

A void (8) cancels the claim rather than correcting it: its item stays as it is, for the worker
to close. An item already ``appealed`` or ``resubmitted`` is left alone too.

Set-based: per chunk of resent claims one locking SELECT of their items, one UPDATE and one
INSERT of events; a batch of new claims costs nothing here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from edi.ledger import schema
from edi.ledger.bulk import among, insert_rows, update_rows
from edi.ledger.worklist import EVENT_COLUMNS, IN_PROGRESS, OPEN, RESUBMITTED, SYSTEM

W, WE = schema.worklist_items, schema.worklist_events
WAITING = (OPEN, IN_PROGRESS)
"""The statuses of an item waiting for the provider's correction."""
VOID = "8"
FREQUENCY_WORDS = {"1": "original", "7": "replacement"}
ITEM_COLUMNS = ("status", "updated_at", "version")


def _waiting(connection: Connection, claim_ids: list[int]) -> list[Any]:
    """The items of these claims waiting for a correction, locked against a worker's change."""
    query = (
        select(W.c.id, W.c.claim_id, W.c.status, W.c.assignee, W.c.version)
        .where(among(connection, W.c.claim_id, claim_ids), W.c.status.in_(WAITING))
        .order_by(W.c.id)
        .with_for_update()
    )
    return list(connection.execute(query))


def mark_resubmitted(
    connection: Connection,
    resent: Mapping[int, str],
    batch_id: int,
    file_name: str,
    at: datetime,
) -> int:
    """Move the waiting items of the claims in ``resent`` (claim id → CLM05-3 of the claim as
    sent now, one chunk of a batch) to ``resubmitted``; how many moved."""
    claim_ids = sorted(claim for claim, frequency in resent.items() if frequency != VOID)
    if not claim_ids:
        return 0
    rows = _waiting(connection, claim_ids)
    if not rows:
        return 0
    update_rows(
        connection, W, "id", ITEM_COLUMNS, [(r.id, RESUBMITTED, at, r.version + 1) for r in rows]
    )
    events = []
    for row in rows:
        frequency = resent[row.claim_id]
        words = FREQUENCY_WORDS.get(frequency, "frequency")
        events.append(
            (
                row.id,
                row.claim_id,
                at,
                SYSTEM,
                "resubmitted",
                row.status,
                RESUBMITTED,
                row.assignee,
                row.assignee,
                batch_id,
                f"the claim was sent again in {file_name} (CLM05-3 {frequency}, {words})",
            )
        )
    insert_rows(connection, WE, EVENT_COLUMNS, events)
    return len(rows)
