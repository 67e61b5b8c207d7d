"""What every posting of one inbound file shares: the connection, the file's batch, findings,
counts, the event log, segment locations and the exception queue."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Connection, insert

from edi.ledger import schema
from edi.ledger.claims_store import EventLog, new_event_log
from edi.x12.findings import Findings
from edi.x12.location import Location
from edi.x12.segment import Segment

SOURCE = "LEDGER"

# The segments whose location a posting names, and the element that tells them apart.
KEYED_SEGMENTS = {"CLP": 1, "TRN": 2, "AK2": 2, "AK1": 2, "TA1": 1}


class SegmentIndex:
    """Remembers where keyed segments (CLP01, TRN02, AK202 …) stood, for the event log.

    The reader's segments pass through :meth:`tap`; a posting :meth:`take`s the location of
    the segment its model came from. Taken entries are dropped, so memory stays flat.
    """

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], deque[Segment]] = {}
        self.last: Segment | None = None  # the last segment read: where a cut file ends

    def tap(self, segments: Iterator[Segment]) -> Iterator[Segment]:
        for segment in segments:
            self.last = segment
            element = KEYED_SEGMENTS.get(segment.elements[0])
            if element is not None:
                key = (segment.elements[0], segment[element])
                self._seen.setdefault(key, deque()).append(segment)
            yield segment

    def take(self, segment_id: str, key: str, base: Location) -> Location:
        queue = self._seen.get((segment_id, key))
        if not queue:
            return base.with_(segment_id=segment_id)
        segment = queue.popleft()
        if not queue:
            del self._seen[(segment_id, key)]
        return base.with_(
            segment=segment.ordinal,
            segment_id=segment_id,
            position=segment.position or None,
            loop=segment.loop,
            offset=segment.offset,
        )

    def clear(self) -> None:
        self._seen.clear()


_INSERT_UNMATCHED = insert(schema.unmatched)  # built once: a file can queue thousands


@dataclass
class Posting:
    """One inbound file being posted, inside its one database transaction."""

    connection: Connection
    batch_id: int
    file_name: str
    now: datetime
    findings: Findings
    index: SegmentIndex
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
        self.connection.execute(
            _INSERT_UNMATCHED,
            {
                "batch_id": self.batch_id,
                "item": item,
                "reference": reference,
                "reason": reason,
                "amount": amount,
                "payer_claim_control_number": payer_number,
                "claim_payment_id": claim_payment_id,
                "location": str(location),
                "created_at": self.now,
            },
        )
        self.counts["unmatched"] += 1
        self.findings.warning(
            SOURCE, "UNMATCHED", f"{item} to the exception queue: {reason}", location
        )
