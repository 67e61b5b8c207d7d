"""835 balancing (TR3 via X12 RFI 2601): differences become findings, never exceptions.

Sign convention: a positive CAS or PLB amount reduces the payment, a negative one increases it.

* service line: ``SVC02 - sum(CAS amounts of the line) = SVC03``
* claim: ``CLP03 - sum(claim CAS) - sum(line CAS) = CLP04``, checked when the claim has service
  lines or claim-level CAS (a claim with neither carries nothing to balance against)
* transaction: ``sum(CLP04) - sum(PLB amounts) = BPR02``

Each finding has source ``BALANCE``, the amounts and the difference in ``details``, and points
at the SVC, CLP or BPR segment. The transformer compares the amounts inline (it reads
thousands of lines a second) and calls these functions only for what does not balance; each
one checks again, so it never reports a balanced set of amounts.
"""

from __future__ import annotations

from decimal import Decimal

from edi.x12.findings import Findings
from edi.x12.location import Location


def service_line(
    findings: Findings, where: Location, charge: Decimal, paid: Decimal, adjustments: Decimal
) -> None:
    expected = charge - adjustments
    if expected != paid:
        findings.error(
            "BALANCE",
            "service-line",
            f"service line does not balance: charge {charge} minus adjustments {adjustments} "
            f"is {expected}, but the line paid {paid} (difference {paid - expected})",
            where,
            charge=charge,
            adjustments=adjustments,
            expected_paid=expected,
            paid=paid,
            difference=paid - expected,
        )


def claim(
    findings: Findings,
    where: Location,
    claim_id: str,
    charge: Decimal,
    paid: Decimal,
    claim_adjustments: Decimal,
    line_adjustments: Decimal,
) -> None:
    expected = charge - claim_adjustments - line_adjustments
    if expected != paid:
        findings.error(
            "BALANCE",
            "claim",
            f"claim {claim_id} does not balance: charge {charge} minus claim adjustments "
            f"{claim_adjustments} minus line adjustments {line_adjustments} is {expected}, "
            f"but the claim paid {paid} (difference {paid - expected})",
            where,
            charge=charge,
            claim_adjustments=claim_adjustments,
            line_adjustments=line_adjustments,
            expected_paid=expected,
            paid=paid,
            difference=paid - expected,
        )


def transaction(
    findings: Findings,
    where: Location,
    total_paid: Decimal,
    provider_adjustments: Decimal,
    payment: Decimal,
) -> None:
    expected = total_paid - provider_adjustments
    if expected != payment:
        findings.error(
            "BALANCE",
            "transaction",
            f"payment does not balance: claims paid {total_paid} minus provider adjustments "
            f"{provider_adjustments} is {expected}, but BPR02 is {payment} "
            f"(difference {payment - expected})",
            where,
            total_paid=total_paid,
            provider_adjustments=provider_adjustments,
            expected_payment=expected,
            payment=payment,
            difference=payment - expected,
        )
