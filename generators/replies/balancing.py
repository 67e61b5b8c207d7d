"""Build 835 models that balance: paid amounts are computed here, never given by the caller.

The models are the one 835 family (:mod:`edi.model.remittance`) that ``parsers.era835`` reads.
A caller fills in charges and adjustments; these functions set the amounts that follow from them,
so every 835 written from their output balances by construction:

* line: ``SVC03 = SVC02 - sum(line CAS)``
* claim: ``CLP04 = CLP03 - sum(claim CAS) - sum(line CAS)``; ``CLP05 = sum(PR CAS)``
* transaction: ``BPR02 = sum(CLP04) - sum(PLB)``, never below zero (carry a negative balance
  forward with a ``FB`` provider adjustment first)

:func:`remittance_advice` builds a whole transaction set. For one too big to hold, add its
claims up in a :class:`ClaimTotals` first, build the head and end from the totals
(:func:`remittance_parts`) and stream the claims through :func:`settle`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from edi.model.remittance.claims import Adjustment, ClaimPayment, ServicePayment
from edi.model.remittance.header import (
    BalanceTotals,
    HeaderNumber,
    Party,
    Payment,
    ProviderAdjustment,
    Remittance,
    RemittanceEnd,
)

ZERO = Decimal(0)
REVERSAL = "22"  # CLP02 of a reversal (TR3 1.10.2.8)
HEADER_NUMBER = 1  # LX01: the writer puts every claim under one header number


@dataclass(frozen=True, slots=True)
class RemittanceAdvice:
    """One 835 transaction set to write: what ``parsers.era835`` reads back from it, in order."""

    head: Remittance  # BPR, TRN, DTM*405, 1000A, 1000B
    claims: tuple[ClaimPayment, ...]  # loops 2100
    end: RemittanceEnd  # LX, PLB and the balance totals


def amount(value: Decimal | None) -> Decimal:
    """An amount the builder relies on; a missing one is a programming error."""
    if value is None:
        raise ValueError("an 835 charge or adjustment amount is missing")
    return value


def total(adjustments: Iterable[Adjustment]) -> Decimal:
    """The sum of the CAS amounts: what they take off the payment."""
    return sum((amount(a.amount) for a in adjustments), ZERO)


def patient_share(adjustments: Iterable[Adjustment]) -> Decimal:
    """The sum of the patient responsibility (PR) CAS amounts."""
    return sum((amount(a.amount) for a in adjustments if a.group == "PR"), ZERO)


def all_adjustments(claim: ClaimPayment) -> list[Adjustment]:
    """The claim's CAS, then every line's."""
    return [*claim.adjustments, *(a for line in claim.services for a in line.adjustments)]


def line_paid(line: ServicePayment) -> Decimal:
    """SVC03 as it follows from SVC02 and the line's CAS."""
    return amount(line.charge) - total(line.adjustments)


def claim_paid(claim: ClaimPayment) -> Decimal:
    """CLP04 as it follows from CLP03 and the claim's and lines' CAS."""
    return amount(claim.charge) - total(all_adjustments(claim))


def balanced_line(line: ServicePayment) -> ServicePayment:
    """The line with SVC03 set from its charge and adjustments."""
    return line.model_copy(update={"paid": line_paid(line)})


def balanced_claim(claim: ClaimPayment) -> ClaimPayment:
    """The claim with SVC03, CLP04 and CLP05 set (CLP05 left out when the patient owes
    nothing)."""
    services = [balanced_line(line) for line in claim.services]
    claim = claim.model_copy(update={"services": services})
    responsibility = patient_share(all_adjustments(claim))
    return claim.model_copy(
        update={"paid": claim_paid(claim), "patient_responsibility": responsibility or None}
    )


def _negated(adjustments: Iterable[Adjustment]) -> list[Adjustment]:
    return [a.model_copy(update={"amount": -amount(a.amount)}) for a in adjustments]


def _reversed_line(line: ServicePayment) -> ServicePayment:
    allowed = -line.allowed if line.allowed is not None else None
    return line.model_copy(
        update={
            "charge": -amount(line.charge),
            "allowed": allowed,
            "remarks": [],
            "adjustments": _negated(line.adjustments),
        }
    )


def reversal(claim: ClaimPayment) -> ClaimPayment:
    """The reversal of a payment: CLP02 22, every amount negated, line remarks dropped."""
    return balanced_claim(
        claim.model_copy(
            update={
                "status_code": REVERSAL,
                "kind": "reversal",
                "charge": -amount(claim.charge),
                "adjustments": _negated(claim.adjustments),
                "services": [_reversed_line(line) for line in claim.services],
            }
        )
    )


def claims_paid(claims: Iterable[ClaimPayment]) -> Decimal:
    """The sum of CLP04 as it follows from each claim's amounts."""
    return sum((claim_paid(c) for c in claims), ZERO)


@dataclass(slots=True)
class ClaimTotals:
    """What the claims of one transaction set add up to, as they follow from their amounts."""

    count: int = 0
    charge: Decimal = ZERO  # sum of CLP03
    paid: Decimal = ZERO  # sum of CLP04

    def add(self, claim: ClaimPayment) -> None:
        self.count += 1
        self.charge += amount(claim.charge)
        self.paid += claim_paid(claim)

    @classmethod
    def of(cls, claims: Iterable[ClaimPayment]) -> ClaimTotals:
        totals = cls()
        for claim in claims:
            totals.add(claim)
        return totals


def settle(claims: Iterable[ClaimPayment]) -> Iterator[ClaimPayment]:
    """The claims of one transaction set balanced, under the one header number, each marked as
    the 835 reads it: a claim reported again after its reversal in the same set is a
    correction. Lazily: only the CLM01s reversed so far are kept."""
    reversed_ids: set[str] = set()
    for claim in claims:
        kind = "original"
        if claim.status_code == REVERSAL:
            kind = "reversal"
            reversed_ids.add(claim.patient_control_number)
        elif claim.patient_control_number in reversed_ids:
            kind = "correction"
        update = {"header_number": HEADER_NUMBER, "kind": kind}
        yield balanced_claim(claim).model_copy(update=update)


def remittance_parts(
    payer: Party,
    payee: Party,
    paid_on: date,
    trace_number: str,
    originator: str,
    totals: ClaimTotals,
    provider_adjustments: Sequence[ProviderAdjustment] = (),
) -> tuple[Remittance, RemittanceEnd]:
    """The head (BPR … 1000B) and end (LX, PLB, balance) of one check, or, when nothing is
    paid, information only, from ``payer`` to ``payee`` for claims adding up to ``totals``.

    ``originator`` is TRN03 (``1`` and the payer's TIN). BPR02 follows from the claims and the
    provider adjustments; a negative one is refused (``ValueError``).
    """
    plb = sum((amount(p.amount) for p in provider_adjustments), ZERO)
    payment = totals.paid - plb
    if payment < 0:
        raise ValueError("BPR02 cannot be negative: carry the balance forward with PLB FB")
    handling, method = ("C", "CHK") if payment else ("I", "NON")
    head = Remittance(
        payment=Payment(
            handling_code=handling,
            amount=payment,
            credit_debit="C",
            method=method,
            date=paid_on,
            trace_type="1",
            trace_number=trace_number,
            originator=originator,
            production_date=paid_on,
        ),
        payer=payer,
        payee=payee,
    )
    balance = BalanceTotals(
        claim_count=totals.count,
        total_charge=totals.charge,
        total_paid=totals.paid,
        provider_adjustment_total=plb,
        expected_payment=payment,
        payment_amount=payment,
        difference=ZERO,
        balanced=True,
    )
    end = RemittanceEnd(
        header_numbers=[HeaderNumber(number=HEADER_NUMBER)] if totals.count else [],
        provider_adjustments=list(provider_adjustments),
        balance=balance,
    )
    return head, end


def remittance_advice(
    payer: Party,
    payee: Party,
    paid_on: date,
    trace_number: str,
    originator: str,
    claims: Sequence[ClaimPayment],
    provider_adjustments: Sequence[ProviderAdjustment] = (),
) -> RemittanceAdvice:
    """One whole transaction set: :func:`remittance_parts` around the claims, settled."""
    settled = tuple(settle(claims))
    head, end = remittance_parts(
        payer,
        payee,
        paid_on,
        trace_number,
        originator,
        ClaimTotals.of(settled),
        provider_adjustments,
    )
    return RemittanceAdvice(head, settled, end)
