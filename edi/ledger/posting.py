"""What every posting of one inbound file shares: the connection, the file's batch, findings,
counts, the event log and the exception queue; and the shape of a posting of one kind of reply.

Each kind of reply the ledger keeps is posted by one function of the shape :data:`SetPosting`
(:data:`AcknowledgmentPosting` for a TA1): the inbound registry (``edi.inbound.registry``)
pairs it with the reader that reads the kind, so the ledger names no reader and dispatches on
no transaction code. The models it posts carry their own locations; a posting never looks at
the segments.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from edi.ledger import schema
from edi.ledger.bulk import insert_rows
from edi.ledger.claims_store import EventLog, new_event_log
from edi.x12.envelope import Acknowledgment, TransactionSet
from edi.x12.findings import Findings
from edi.x12.location import Location

if TYPE_CHECKING:
    from edi.ledger.remit_set import SetBalance

SOURCE = "LEDGER"

UNMATCHED_COLUMNS = (
    "batch_id",
    "item",
    "reference",
    "reason",
    "amount",
    "payer_claim_control_number",
    "claim_payment_id",
    "location",
    "created_at",
)


@dataclass
class Posting:
    """One inbound file being posted, inside its one database transaction."""

    connection: Connection
    batch_id: int
    file_name: str
    now: datetime
    findings: Findings
    counts: Counter[str] = field(default_factory=Counter)
    events: EventLog = field(init=False)

    def __post_init__(self) -> None:
        self.events = new_event_log(self.batch_id, self.now)

    def unmatched(
        self,
        item: str,
        reference: str | None,
        reason: str,
        location: Location,
        amount: Decimal | None = None,
        payer_number: str | None = None,
        claim_payment_id: int | None = None,
    ) -> None:
        """Put an item in the exception queue (``x12flow unmatched``) and report it."""
        row = self.unmatched_row(
            item, reference, reason, location, amount, payer_number, claim_payment_id
        )
        insert_rows(self.connection, schema.unmatched, UNMATCHED_COLUMNS, [row])

    def unmatched_row(
        self,
        item: str,
        reference: str | None,
        reason: str,
        location: Location,
        amount: Decimal | None = None,
        payer_number: str | None = None,
        claim_payment_id: int | None = None,
    ) -> tuple[Any, ...]:
        """Report an item for the exception queue and return its row (in the order of
        :data:`UNMATCHED_COLUMNS`), for a posting that writes a chunk of them at once."""
        self.counts["unmatched"] += 1
        self.findings.warning(
            SOURCE, "UNMATCHED", f"{item} to the exception queue: {reason}", location
        )
        return (
            self.batch_id,
            item,
            reference,
            reason,
            amount,
            payer_number,
            claim_payment_id,
            str(location),
            self.now,
        )


@dataclass(frozen=True, slots=True)
class Posted:
    """What posting one transaction set came to."""

    whole: bool  # read to its end (SE); the walk rolls back a set that was not
    balance: SetBalance | None = None  # an 835's: the walk holds one that does not balance


WHOLE = Posted(whole=True)

SetPosting = Callable[[Posting, TransactionSet], Posted]
"""Reads one transaction set of its kind and posts what it says."""
AcknowledgmentPosting = Callable[[Posting, Acknowledgment], Posted]
"""Reads one TA1 and posts what it says."""


def located(location: Location | None, base: Location, segment_id: str) -> Location:
    """Where a model was read (``location``), or, for a model that does not say, its set
    (``base``) narrowed to the kind of segment it comes from."""
    return location if location is not None else base.with_(segment_id=segment_id)
