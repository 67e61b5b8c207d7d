"""The denial category of a denied claim, from what the ledger keeps of its 835 claim payment.

The ledger does not keep the 835 model, only its rows: CLP02, the charge, the CAS triplets
(claim and line level) and the remarks (MIA/MOA at the claim, LQ at a line). This module puts
those rows back into the shape :func:`edi.model.denials.categorize_claim_payment` reads, so that
the report files a denial under the same category and next action as the denial library does.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from edi.model.denials import Action, Category, Verdict, categorize_claim_payment
from edi.model.remittance.claims import (
    Adjustment,
    ClaimPayment,
    OutpatientAdjudication,
    Procedure,
    Remark,
    ServicePayment,
)


@dataclass(frozen=True, slots=True)
class PostedAdjustment:
    """One CAS triplet as posted: ``line`` None at the claim level."""

    line: int | None
    group: str
    reason: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class PostedRemark:
    """One remark as posted: ``line`` None for MIA/MOA, else an LQ of that line."""

    line: int | None
    qualifier: str | None
    code: str


@dataclass(slots=True)
class PostedPayment:
    """What the ledger keeps of one CLP."""

    status_code: str
    kind: str
    charge: Decimal
    adjustments: list[PostedAdjustment] = field(default_factory=list)
    remarks: list[PostedRemark] = field(default_factory=list)


def claim_payment_model(payment: PostedPayment) -> ClaimPayment:
    """The 835 claim payment model of the rows (no names, no identifiers: none are needed)."""
    line_adjustments: dict[int, list[Adjustment]] = defaultdict(list)
    line_remarks: dict[int, list[Remark]] = defaultdict(list)
    claim_adjustments: list[Adjustment] = []
    claim_remarks: list[Remark] = []
    for a in payment.adjustments:
        adjustment = Adjustment(group=a.group, reason=a.reason, amount=a.amount)
        if a.line is None:
            claim_adjustments.append(adjustment)
        else:
            line_adjustments[a.line].append(adjustment)
    for r in payment.remarks:
        remark = Remark(qualifier=r.qualifier, code=r.code)
        if r.line is None:
            claim_remarks.append(remark)
        else:
            line_remarks[r.line].append(remark)
    lines = sorted(set(line_adjustments) | set(line_remarks))
    return ClaimPayment(
        patient_control_number="",
        status_code=payment.status_code,
        kind="reversal" if payment.kind == "reversal" else "original",
        charge=payment.charge,
        adjustments=claim_adjustments,
        outpatient=OutpatientAdjudication(remarks=claim_remarks) if claim_remarks else None,
        services=[
            ServicePayment(
                procedure=Procedure(qualifier="HC"),
                adjustments=line_adjustments[n],
                remarks=line_remarks[n],
            )
            for n in lines
        ],
    )


def denial_verdict(payment: PostedPayment) -> Verdict:
    """The category, next action and amount at stake of a payment that left its claim
    denied. A denial the library finds nothing in (a processed claim with nothing paid, no
    patient responsibility and no adjustment) is *other*, *review*, for its whole charge."""
    verdict = categorize_claim_payment(claim_payment_model(payment))
    if verdict is None:
        return Verdict(Category.OTHER, Action.REVIEW, payment.charge, ())
    return verdict
