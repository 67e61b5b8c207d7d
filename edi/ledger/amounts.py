"""The amounts an 835 must carry before the ledger posts it: readable, and within its range.

The reader reports an amount it cannot read (or that is beyond NUMERIC(14,2)) as an IK403
finding and leaves the value out. Posting it as zero would put wrong money in the ledger, so a
required amount that is not there — BPR02, CLP03, CLP04, SVC02, SVC03, a CAS or PLB amount —
makes the file not whole (:class:`UnreadableAmount`): nothing of it is posted. An amount the
ledger cannot hold, or a sum of them, is refused here with the CLP it belongs to
(:class:`~edi.ledger.money.AmountOutOfRange`); the Money column type refuses the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from edi.ledger.money import storable
from edi.x12.errors import X12FlowError
from edi.x12.location import Location
from parsers.era835 import ClaimPayment, Payment, ProviderAdjustment


class UnreadableAmount(X12FlowError):
    """A required amount of an 835 is missing or could not be read: the file is not whole."""

    exit_code = 1

    def __init__(self, what: str, location: Location) -> None:
        super().__init__(what, file=location.file)
        self.location = location


def _place(location: Location) -> str:
    if location.segment is not None:
        return f"segment {location.segment}"
    return f"transaction set {location.transaction}"


def payment_amount(payment: Payment, base: Location) -> Decimal:
    """BPR02, the total actual provider payment amount."""
    where = base.with_(segment_id="BPR", element=2)
    if payment.amount is None:
        raise UnreadableAmount(
            f"transaction set {base.transaction} has no readable BPR02 (payment amount)", where
        )
    return storable(payment.amount, where)


def claim_amounts(payment: ClaimPayment, where: Location) -> None:
    """CLP03, CLP04, CLP05, each service line's SVC02/SVC03 and every CAS amount."""
    claim = f"the claim payment at {_place(where)}"
    for element, value in (("CLP03", payment.charge), ("CLP04", payment.paid)):
        if value is None:
            raise UnreadableAmount(f"{claim} has no readable {element}", where)
        storable(value, where)
    for number, line in enumerate(payment.services, 1):
        for element, value in (("SVC02", line.charge), ("SVC03", line.paid)):
            if value is None:
                raise UnreadableAmount(
                    f"service line {number} of {claim} has no readable {element}", where
                )
            storable(value, where)
    adjustments = [
        *payment.adjustments,
        *(a for line in payment.services for a in line.adjustments),
    ]
    for adjustment in adjustments:
        if adjustment.amount is None:
            raise UnreadableAmount(f"an adjustment (CAS) of {claim} has no readable amount", where)
        storable(adjustment.amount, where)
    if payment.patient_responsibility is not None:
        storable(payment.patient_responsibility, where)


def provider_amounts(adjustments: Iterable[ProviderAdjustment], base: Location) -> None:
    """Every PLB amount (PLB04, PLB06 … PLB14)."""
    where = base.with_(segment_id="PLB")
    for adjustment in adjustments:
        if adjustment.amount is None:
            raise UnreadableAmount(
                f"a provider adjustment (PLB {adjustment.reason}) of transaction set "
                f"{base.transaction} has no readable amount",
                where,
            )
        storable(adjustment.amount, where)
