"""A claim as it stood on the report's as-of date: its history replayed up to that day.

The claims table holds each claim as it is *now* (status and running totals). A report made
"as of" an earlier day must not count what happened after it, so the report replays each
claim's history — submissions, acknowledgments, 277 statuses and 835 claim payments — through
the same state machine the postings use (:mod:`edi.ledger.states`), keeping only the
happenings dated on or before the as-of date:

* a submission counts on the day it was submitted;
* a 999/997/TA1 answer and a 277CA/277 status count on the day their file was ingested;
* an 835 claim payment (with its adjustments) counts on its remittance date (BPR16, else
  DTM*405, else the day the file was ingested: ``remittances.payment_date``);
* a write-off posted from the denial worklist counts on the day it was posted.

Happenings are replayed in the order the ledger received them (:class:`Order`: the batch of
the file, then the row), not in date order, so that a report as of a day after everything
agrees with the claims table exactly. Pure code: the rows come from :mod:`report_load`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from edi.ledger import states
from edi.ledger.money import ZERO

PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"


@dataclass(frozen=True, slots=True, order=True)
class Order:
    """Where a happening stands in the ledger's own order: the file's batch id, then a rank
    (submissions, then acknowledgments, then payments of one file), then the row id."""

    batch_id: int
    rank: int
    row_id: int


@dataclass(frozen=True, slots=True)
class Submitted:
    """One submission (837 CLM) of the claim."""

    order: Order
    on: date
    sequence: int
    batch_id: int
    set_number: str
    charge: Decimal


@dataclass(frozen=True, slots=True)
class SetAnswered:
    """A 999/997 IK5/AK5 (or an AK9 or TA1 rejection) of the 837 set ``(batch_id,
    set_number)``; it concerns the claim only while its latest submission travelled there."""

    order: Order
    on: date
    batch_id: int
    set_number: str
    accepted: bool


@dataclass(frozen=True, slots=True)
class StatusAnswered:
    """A 277CA or 277 claim status (2200D): accepted, rejected or neither (None)."""

    order: Order
    on: date
    kind: str
    accepted: bool | None


@dataclass(frozen=True, slots=True)
class Paid:
    """One 835 claim payment (CLP) posted to the claim. ``contractual`` is its CO total."""

    order: Order
    on: date
    id: int
    status_code: str
    kind: str
    paid: Decimal
    adjusted: Decimal
    contractual: Decimal
    patient: Decimal
    reversed_by: int | None


@dataclass(frozen=True, slots=True)
class WrittenOff:
    """A write-off posted from the denial worklist (``worklist_events.amount``), on the day
    it was posted. It lowers the balance and changes no status."""

    order: Order
    on: date
    amount: Decimal


Happening = Submitted | SetAnswered | StatusAnswered | Paid | WrittenOff


@dataclass(slots=True)
class ClaimAsOf:
    """The claim on the as-of day."""

    status: str = states.SUBMITTED
    charge: Decimal = ZERO
    outcomes: list[str] = field(default_factory=list)  # per submission, first at [0]
    latest: tuple[int, str] | None = None  # (batch, ST02) of the latest submission
    paid: Decimal = ZERO
    adjusted: Decimal = ZERO
    contractual: Decimal = ZERO
    patient_responsibility: Decimal = ZERO
    written_off: Decimal = ZERO
    first_paid_on: date | None = None
    first_pass: bool | None = None  # None: not adjudicated yet
    answered_277ca: bool = False
    rejected_277ca: bool = False
    payments: list[Paid] = field(default_factory=list)

    @property
    def balance(self) -> Decimal:
        return (
            self.charge - self.paid - self.adjusted - self.patient_responsibility - self.written_off
        )

    @property
    def first_outcome(self) -> str:
        return self.outcomes[0] if self.outcomes else PENDING

    @property
    def live_payments(self) -> list[Paid]:
        """The payments that are neither reversals nor reversed (by a reversal counted)."""
        counted = {p.id for p in self.payments}
        return [
            p
            for p in self.payments
            if p.kind != "reversal" and (p.reversed_by is None or p.reversed_by not in counted)
        ]


def _submitted(claim: ClaimAsOf, event: Submitted) -> None:
    claim.status = states.SUBMITTED
    claim.charge = event.charge
    claim.outcomes.append(PENDING)
    claim.latest = (event.batch_id, event.set_number)


def _decide_latest(claim: ClaimAsOf, accepted: bool) -> None:
    """The latest submission's outcome; a rejection is final for that submission."""
    if claim.outcomes and claim.outcomes[-1] != REJECTED:
        claim.outcomes[-1] = ACCEPTED if accepted else REJECTED


def _set_answered(claim: ClaimAsOf, event: SetAnswered) -> None:
    if claim.latest != (event.batch_id, event.set_number):
        return
    _decide_latest(claim, event.accepted)
    claim.status = states.on_set_acknowledged(claim.status, event.accepted)


def _status_answered(claim: ClaimAsOf, event: StatusAnswered) -> None:
    if event.kind == "277CA":
        claim.answered_277ca = True
        claim.rejected_277ca = claim.rejected_277ca or event.accepted is False
    if event.accepted is not None:
        _decide_latest(claim, event.accepted)
    claim.status = states.on_claim_acknowledged(claim.status, event.accepted)


ADJUDICATING = states.PROCESSED_CODES | {states.DENIED_CODE}


def _paid(claim: ClaimAsOf, event: Paid) -> None:
    claim.payments.append(event)
    claim.paid += event.paid
    claim.adjusted += event.adjusted
    claim.contractual += event.contractual
    claim.patient_responsibility += event.patient
    claim.status = states.on_payment(
        claim.status, event.status_code, claim.paid, claim.patient_responsibility
    )
    # an 835 adjudicated the claim: every submission still pending was evidently accepted
    claim.outcomes = [ACCEPTED if o == PENDING else o for o in claim.outcomes]
    first_payment = claim.first_paid_on is None or event.on < claim.first_paid_on
    if event.kind != "reversal" and event.paid > 0 and first_payment:
        claim.first_paid_on = event.on
    if claim.first_pass is None and event.status_code in ADJUDICATING:
        claim.first_pass = claim.status == states.PAID and len(claim.outcomes) == 1


def replay(happenings: list[Happening], as_of: date) -> ClaimAsOf:
    """The claim as of ``as_of``: ``happenings`` dated on or before it, in ledger order."""
    claim = ClaimAsOf()
    for event in sorted(happenings, key=lambda h: h.order):
        if event.on > as_of:
            continue
        if isinstance(event, Submitted):
            _submitted(claim, event)
        elif isinstance(event, SetAnswered):
            _set_answered(claim, event)
        elif isinstance(event, StatusAnswered):
            _status_answered(claim, event)
        elif isinstance(event, WrittenOff):
            claim.written_off += event.amount
        else:
            _paid(claim, event)
    return claim
