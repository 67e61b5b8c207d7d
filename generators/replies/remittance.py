"""835 health care claim payment/advice writer (005010X221A1).

Takes :class:`Remittance` models whose paid amounts are derived (see
:mod:`generators.replies.remittance_models`), so the written file always balances. A payment
below zero cannot be sent (BPR02 is never negative): carry it forward with a ``FB`` provider
adjustment first.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from edi.x12.writer import SegmentData, format_amount
from generators.replies.envelope import TransactionBody
from generators.replies.remittance_models import (
    Adjustment,
    ClaimPayment,
    Payee,
    Payer,
    Person,
    ProviderAdjustment,
    Remittance,
    ServicePayment,
)

VERSION = "005010X221A1"
FUNCTIONAL_ID = "HP"
CAS_TRIPLETS = 6
PLB_PAIRS = 6


def _d8(value: date) -> str:
    return f"{value:%Y%m%d}"


def cas_segments(adjustments: Sequence[Adjustment]) -> list[SegmentData]:
    """CAS segments: one per group code (in first-seen order), six reasons per segment."""
    groups: dict[str, list[Adjustment]] = {}
    for adjustment in adjustments:
        groups.setdefault(adjustment.group, []).append(adjustment)
    out: list[SegmentData] = []
    for group, items in groups.items():
        for start in range(0, len(items), CAS_TRIPLETS):
            segment: list[str] = ["CAS", group]
            for item in items[start : start + CAS_TRIPLETS]:
                segment += [item.reason, format_amount(item.amount), ""]
            out.append(segment)
    return out


def header_segments(remittance: Remittance) -> list[SegmentData]:
    payment = remittance.payment
    if payment < 0:
        raise ValueError("BPR02 cannot be negative: carry the balance forward with PLB FB")
    handling, method = ("C", "CHK") if payment else ("I", "NON")
    return [
        [
            "BPR",
            handling,
            format_amount(payment),
            "C",
            method,
            *[""] * 11,
            _d8(remittance.payment_date),
        ],
        ["TRN", "1", remittance.trace_number, "1" + remittance.payer.tax_id],
        ["DTM", "405", _d8(remittance.payment_date)],
        *payer_segments(remittance.payer),
        *payee_segments(remittance.payee),
    ]


def payer_segments(payer: Payer) -> list[SegmentData]:
    a = payer.address
    return [
        ["N1", "PR", payer.name],
        ["N3", a.street],
        ["N4", a.city, a.state, a.postal_code],
        ["REF", "2U", payer.payer_id],
        ["PER", "BL", payer.contact_name, "TE", payer.phone],
    ]


def payee_segments(payee: Payee) -> list[SegmentData]:
    out: list[SegmentData] = [["N1", "PE", payee.name, "XX", payee.npi]]
    if payee.address is not None:
        a = payee.address
        out += [["N3", a.street], ["N4", a.city, a.state, a.postal_code]]
    if payee.tax_id:
        out.append(["REF", "TJ", payee.tax_id])
    return out


def _person(code: str, person: Person) -> SegmentData:
    qualifier = "MI" if person.member_id else ""
    return ["NM1", code, "1", person.last, person.first, "", "", "", qualifier, person.member_id]


def line_segments(line: ServicePayment) -> list[SegmentData]:
    out: list[SegmentData] = [
        [
            "SVC",
            line.procedure,
            format_amount(line.charge),
            format_amount(line.paid),
            line.revenue_code,
            line.units,
        ]
    ]
    start, end = line.service
    if start == end:
        out.append(["DTM", "472", _d8(start)])
    else:
        out += [["DTM", "150", _d8(start)], ["DTM", "151", _d8(end)]]
    out += cas_segments(line.adjustments)
    if line.line_control:
        out.append(["REF", "6R", line.line_control])
    if line.allowed is not None:
        out.append(["AMT", "B6", format_amount(line.allowed)])
    out += [["LQ", "HE", remark] for remark in line.remarks]
    return out


def claim_segments(claim: ClaimPayment) -> list[SegmentData]:
    responsibility = claim.patient_responsibility
    out: list[SegmentData] = [
        [
            "CLP",
            claim.claim_id,
            claim.status,
            format_amount(claim.charge),
            format_amount(claim.paid),
            format_amount(responsibility) if responsibility else "",
            claim.filing_indicator,
            claim.payer_claim_number,
            claim.facility_code,
            claim.frequency,
        ],
        *cas_segments(claim.adjustments),
        _person("QC", claim.patient),
    ]
    if claim.insured is not None:
        out.append(_person("IL", claim.insured))
    if claim.received is not None:
        out.append(["DTM", "050", _d8(claim.received)])
    for line in claim.lines:
        out += line_segments(line)
    return out


def plb_segments(adjustments: Sequence[ProviderAdjustment]) -> Iterator[SegmentData]:
    """PLB segments: one per provider and fiscal period, six adjustments per segment."""
    keyed: dict[tuple[str, date], list[ProviderAdjustment]] = {}
    for item in adjustments:
        keyed.setdefault((item.provider_id, item.fiscal_period_end), []).append(item)
    for (provider, period_end), items in keyed.items():
        for start in range(0, len(items), PLB_PAIRS):
            segment: list[str | tuple[str, ...]] = ["PLB", provider, _d8(period_end)]
            for item in items[start : start + PLB_PAIRS]:
                reason: tuple[str, ...] | str = (
                    (item.reason, item.reference) if item.reference else item.reason
                )
                segment += [reason, format_amount(item.amount)]
            yield segment


def remittance_segments(remittance: Remittance) -> list[SegmentData]:
    """BPR … PLB: the body of one 835 transaction set."""
    out = header_segments(remittance)
    if remittance.claims:
        out.append(["LX", "1"])
        for claim in remittance.claims:
            out += claim_segments(claim)
    out += plb_segments(remittance.provider_adjustments)
    return out


def remittance_body(control_number: str, remittance: Remittance) -> TransactionBody:
    return TransactionBody("835", control_number, "", remittance_segments(remittance))
