"""The send-once rule: which claims the ledger holds as sent and not rejected.

Each claim is sent once: :func:`sent_before` finds the claims the ledger holds as sent and not
rejected, and an original (CLM05-3 = 1) of one of them is refused — the claim is changed with a
replacement (7) or cancelled with a void (8). A claim rejected by a TA1, 999/997 or 277CA may
be sent again as an original. The outbound pipeline (:mod:`edi.outbound.pipeline`) refuses such
claims one by one, then checks again as it stages each 837 in the same transaction
(:class:`AlreadySent`). The check locks the claims' rows first (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite's write transaction is exclusive), so two runs sending the same claim are
serialized: the second waits for the first to commit, then sees its submission.

The ledger writes no X12: the 837 itself is written by :mod:`edi.outbound.staging`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from edi.ledger import schema, states
from edi.ledger.claims_store import chunks
from edi.model.claim import Claim
from edi.x12.errors import X12FlowError

ORIGINAL = "1"  # CLM05-3 claim frequency: 1 original, 7 replacement, 8 void


@dataclass(frozen=True, slots=True)
class EarlierSubmission:
    """The latest submission of a claim the ledger holds as sent and not rejected."""

    patient_control_number: str
    file_name: str  # the 837 that carried it
    batch_id: int
    submitted_at: datetime
    status: str  # the claim's status now

    def __str__(self) -> str:
        return (
            f"sent in {self.file_name} (batch {self.batch_id}) on "
            f"{self.submitted_at.date().isoformat()} (status {self.status}, not rejected)"
        )


def resend_advice(earlier: EarlierSubmission) -> str:
    """Why an original of ``earlier``'s claim is refused, and what to send instead."""
    return (
        f"already {earlier}: an original is sent once; to change the claim send a replacement "
        "(frequency_code 7), to cancel it a void (frequency_code 8), with the payer's claim "
        "number in payer_claim_number"
    )


class AlreadySent(X12FlowError):
    """Original claims the ledger holds as sent and not rejected: nothing was written."""

    exit_code = 1

    def __init__(self, earlier: Mapping[str, EarlierSubmission]) -> None:
        shown = [f"claim {n} {resend_advice(e)}" for n, e in list(earlier.items())[:5]]
        more = f"; and {len(earlier) - 5} more" if len(earlier) > 5 else ""
        super().__init__("; ".join(shown) + more + "; nothing was written")
        self.earlier = dict(earlier)


def sent_before(connection: Connection, numbers: Iterable[str]) -> dict[str, EarlierSubmission]:
    """The claims among ``numbers`` (CLM01) that were sent and not rejected since, with their
    latest submission."""
    c, s, b = schema.claims, schema.submissions, schema.batches
    found: dict[str, EarlierSubmission] = {}
    for part in chunks(sorted(set(numbers))):
        # Lock the claims' rows (in CLM01 order) before reading their submissions: a run that
        # is sending one of them holds its lock until it commits, and the query below, a new
        # statement, then sees what that run recorded.
        connection.execute(
            select(c.c.id)
            .where(c.c.patient_control_number.in_(part))
            .order_by(c.c.patient_control_number)
            .with_for_update()
        ).all()
        query = (
            select(c.c.patient_control_number, c.c.status, b.c.file_name, b.c.id, s.c.submitted_at)
            .join(s, s.c.claim_id == c.c.id)
            .join(b, b.c.id == s.c.batch_id)
            .where(c.c.patient_control_number.in_(part), c.c.status != states.REJECTED)
            .order_by(s.c.sequence)
        )
        for row in connection.execute(query):  # the latest submission comes last
            found[row.patient_control_number] = EarlierSubmission(
                row.patient_control_number, row.file_name, row.id, row.submitted_at, row.status
            )
    return found


def resent_originals(
    connection: Connection, claims: Iterable[Claim]
) -> dict[str, EarlierSubmission]:
    """The original claims (CLM05-3 = 1) among ``claims`` that would send a claim twice."""
    return sent_before(
        connection, (c.patient_control_number for c in claims if c.frequency_code == ORIGINAL)
    )
