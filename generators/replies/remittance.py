"""835 health care claim payment/advice writer (005010X221A1).

Writes a :class:`RemittanceAdvice` of the shared 835 models (:mod:`edi.model.remittance`, the
ones ``parsers.era835`` reads). Build it with
:func:`generators.replies.balancing.remittance_advice`, which sets every paid amount, so the
written file balances. :func:`write_remittance` streams a set too big to hold: its head and end
built from totals (:func:`generators.replies.balancing.remittance_parts`), its claims as they
come.

Written: BPR, TRN, CUR, REF, DTM*405; N1 N3 N4 REF PER RDM of the payer and payee; LX per header
number; CLP01-09 and 11-14, CAS, NM1 (QC IL 74 82 TT PR GB), DTM*050; SVC01-05, DTM*472 or
150/151, CAS, REF*6R, AMT*B6, LQ; PLB. Not written: TS3/TS2, MIA/MOA, claim REF/AMT/QTY/PER and
other dates, SVC06/07 and the line's other REF/AMT/QTY/DTM.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal

from edi.model.remittance.claims import (
    Adjustment,
    ClaimPayment,
    EntityName,
    Procedure,
    ServicePayment,
)
from edi.model.remittance.header import (
    Party,
    Payment,
    ProviderAdjustment,
    Remittance,
    RemittanceEnd,
)
from edi.x12.writer import SegmentData, format_amount
from generators.replies.balancing import RemittanceAdvice
from generators.replies.envelope import InterchangeWriter, TransactionBody

VERSION = "005010X221A1"
FUNCTIONAL_ID = "HP"
CAS_TRIPLETS = 6
PLB_PAIRS = 6
MODIFIERS = 4
# NM1 of loop 2100 in the TR3's order.
CLAIM_NAMES = (
    "patient",
    "insured",
    "corrected_patient",
    "rendering_provider",
    "crossover_carrier",
    "corrected_payer",
    "other_subscriber",
)


def _d8(value: date | None) -> str:
    return f"{value:%Y%m%d}" if value is not None else ""


def _r(value: Decimal | None) -> str:
    """An amount or quantity in the R form, or empty."""
    return format_amount(value) if value is not None else ""


def _s(value: str | None) -> str:
    return value or ""


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
                segment += [item.reason, _r(item.amount), _r(item.quantity)]
            out.append(segment)
    return out


def payment_segments(payment: Payment) -> list[SegmentData]:
    """BPR, TRN, CUR, REF*EV/F2, DTM*405."""
    p = payment
    out: list[SegmentData] = [
        [
            "BPR",
            p.handling_code,
            _r(p.amount),
            *map(
                _s,
                (
                    p.credit_debit,
                    p.method,
                    p.format,
                    p.sender_dfi_qualifier,
                    p.sender_dfi,
                    p.sender_account_qualifier,
                    p.sender_account,
                    p.payer_id,
                    p.payer_supplemental_code,
                    p.receiver_dfi_qualifier,
                    p.receiver_dfi,
                    p.receiver_account_qualifier,
                    p.receiver_account,
                ),
            ),
            _d8(p.date),
        ],
        [
            "TRN",
            _s(p.trace_type),
            _s(p.trace_number),
            _s(p.originator),
            _s(p.originator_supplemental_code),
        ],
    ]
    if p.currency:
        out.append(["CUR", "PR", p.currency])
    out += [["REF", r.qualifier, r.value, _s(r.description)] for r in p.references]
    if p.production_date is not None:
        out.append(["DTM", "405", _d8(p.production_date)])
    return out


def party_segments(party: Party) -> list[SegmentData]:
    """Loop 1000A or 1000B: N1, N3, N4, REF, PER, RDM."""
    out: list[SegmentData] = [
        ["N1", party.entity, _s(party.name), _s(party.id_qualifier), _s(party.id)]
    ]
    a = party.address
    if a is not None:
        if a.lines:
            out.append(["N3", *a.lines[:2]])
        out.append(
            [
                "N4",
                _s(a.city),
                _s(a.state),
                _s(a.postal_code),
                _s(a.country),
                "",
                "",
                _s(a.country_subdivision),
            ]
        )
    out += [["REF", r.qualifier, r.value, _s(r.description)] for r in party.references]
    for contact in party.contacts:
        numbers = [x for n in contact.numbers[:3] for x in (n.qualifier, n.number)]
        out.append(["PER", contact.function, _s(contact.name), *numbers])
    d = party.delivery
    if d is not None:
        out.append(["RDM", d.transmission, _s(d.name), _s(d.number)])
    return out


def _name(name: EntityName) -> SegmentData:
    return [
        "NM1",
        name.entity,
        _s(name.entity_type),
        _s(name.name),
        _s(name.first_name),
        _s(name.middle_name),
        "",
        _s(name.suffix),
        _s(name.id_qualifier),
        _s(name.id),
    ]


def _procedure(procedure: Procedure) -> tuple[str, ...]:
    """SVC01: qualifier, code, modifiers (kept in their positions), description."""
    parts = [procedure.qualifier, _s(procedure.code), *procedure.modifiers]
    if procedure.description:
        parts += [""] * (MODIFIERS - len(procedure.modifiers)) + [procedure.description]
    return tuple(parts)


def line_segments(line: ServicePayment) -> list[SegmentData]:
    out: list[SegmentData] = [
        [
            "SVC",
            _procedure(line.procedure),
            _r(line.charge),
            _r(line.paid),
            _s(line.revenue_code),
            _r(line.units),
        ]
    ]
    if line.service_date is not None:
        out.append(["DTM", "472", _d8(line.service_date)])
    if line.service_start is not None:
        out.append(["DTM", "150", _d8(line.service_start)])
    if line.service_end is not None:
        out.append(["DTM", "151", _d8(line.service_end)])
    out += cas_segments(line.adjustments)
    if line.line_control_number:
        out.append(["REF", "6R", line.line_control_number])
    if line.allowed is not None:
        out.append(["AMT", "B6", _r(line.allowed)])
    out += [["LQ", _s(r.qualifier), r.code] for r in line.remarks]
    return out


def claim_segments(claim: ClaimPayment) -> list[SegmentData]:
    """Loop 2100 and its 2110 loops."""
    out: list[SegmentData] = [
        [
            "CLP",
            claim.patient_control_number,
            claim.status_code,
            _r(claim.charge),
            _r(claim.paid),
            _r(claim.patient_responsibility),
            _s(claim.filing_indicator),
            _s(claim.payer_claim_control_number),
            _s(claim.facility_type),
            _s(claim.frequency),
            "",
            _s(claim.drg_code),
            _r(claim.drg_weight),
            _r(claim.discharge_fraction),
            _s(claim.condition_response),
        ],
        *cas_segments(claim.adjustments),
    ]
    for field in CLAIM_NAMES:
        name: EntityName | None = getattr(claim, field)
        if name is not None:
            out.append(_name(name))
    if claim.received is not None:
        out.append(["DTM", "050", _d8(claim.received)])
    for line in claim.services:
        out += line_segments(line)
    return out


def plb_segments(adjustments: Sequence[ProviderAdjustment]) -> Iterator[SegmentData]:
    """PLB segments: one per provider and fiscal period, six adjustments per segment."""
    keyed: dict[tuple[str, date | None], list[ProviderAdjustment]] = {}
    for item in adjustments:
        keyed.setdefault((_s(item.provider_id), item.fiscal_period_date), []).append(item)
    for (provider, period_end), items in keyed.items():
        for start in range(0, len(items), PLB_PAIRS):
            segment: list[str | tuple[str, ...]] = ["PLB", provider, _d8(period_end)]
            for item in items[start : start + PLB_PAIRS]:
                reason: tuple[str, ...] | str = (
                    (item.reason, item.reference) if item.reference else item.reason
                )
                segment += [reason, _r(item.amount)]
            yield segment


def head_segments(head: Remittance) -> list[SegmentData]:
    """BPR … loop 1000B."""
    out = payment_segments(head.payment)
    for party in (head.payer, head.payee):
        if party is not None:
            out += party_segments(party)
    return out


class _HeaderNumbers:
    """LX before the first claim of each header number."""

    def __init__(self) -> None:
        self.number: int | None = None

    def segments(self, claim: ClaimPayment) -> list[SegmentData]:
        if (claim.header_number or 1) == self.number:
            return claim_segments(claim)
        self.number = claim.header_number or 1
        return [["LX", str(self.number)], *claim_segments(claim)]


def remittance_segments(advice: RemittanceAdvice) -> list[SegmentData]:
    """BPR … PLB: the body of one 835 transaction set."""
    out = head_segments(advice.head)
    numbers = _HeaderNumbers()
    for claim in advice.claims:
        out += numbers.segments(claim)
    out += plb_segments(advice.end.provider_adjustments)
    return out


def remittance_body(control_number: str, advice: RemittanceAdvice) -> TransactionBody:
    return TransactionBody("835", control_number, "", remittance_segments(advice))


def write_remittance(
    out: InterchangeWriter,
    control_number: str,
    head: Remittance,
    claims: Iterable[ClaimPayment],
    end: RemittanceEnd,
) -> None:
    """One 835 transaction set written as its claims come (settled ones: see
    :func:`generators.replies.balancing.settle`)."""
    out.begin("835", control_number)
    out.write_all(head_segments(head))
    numbers = _HeaderNumbers()
    for claim in claims:
        out.write_all(numbers.segments(claim))
    out.write_all(list(plb_segments(end.provider_adjustments)))
    out.end()
