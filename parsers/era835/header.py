"""Header and trailer segments to models: BPR/TRN, the N1 loops, LX/TS3/TS2 and PLB."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from edi.model.remittance.header import (
    Address,
    HeaderNumber,
    Party,
    Payment,
    ProviderAdjustment,
    ProviderSummary,
    ProviderSupplementalSummary,
    Reference,
    RemittanceDelivery,
)
from edi.x12.segment import Segment
from parsers.codes import handling, provider_adjustment_reason
from parsers.era835.claims import Note, contact, day, money, quantity, reference
from parsers.era835.values import constructor, count, padded

_make_payment = constructor(Payment)
_make_party = constructor(Party)
_make_address = constructor(Address)
_make_delivery = constructor(RemittanceDelivery)
_make_header_number = constructor(HeaderNumber)
_make_adjustment = constructor(ProviderAdjustment)

_BPR_TEXT = (
    ("credit_debit", 3),
    ("method", 4),
    ("format", 5),
    ("sender_dfi_qualifier", 6),
    ("sender_dfi", 7),
    ("sender_account_qualifier", 8),
    ("sender_account", 9),
    ("payer_id", 10),
    ("payer_supplemental_code", 11),
    ("receiver_dfi_qualifier", 12),
    ("receiver_dfi", 13),
    ("receiver_account_qualifier", 14),
    ("receiver_account", 15),
)


def payment(children: list[Any], note: Note) -> Payment:
    """BPR, TRN, CUR, REF*EV/F2 and DTM*405 of the header."""
    values: dict[str, Any] = dict.fromkeys(Payment.model_fields)
    references: list[Reference] = []
    for seg in children:
        sid = seg.elements[0]
        e = seg.elements
        if sid == "BPR":
            e = padded(e, 17)
            values["handling_code"] = e[1]
            values["handling"] = handling(e[1])
            values["amount"] = money(seg, 2, note)
            values.update((name, e[i] or None) for name, i in _BPR_TEXT)
            if not values["receiver_account_qualifier"]:  # BPR15 needs BPR14: a misplaced
                values["receiver_account"] = None  # BPR16 (the checker: BPR16 missing)
            values["date"] = day(seg, 16, note)
        elif sid == "TRN":
            e = padded(e, 5)
            values.update(
                trace_type=e[1] or None,
                trace_number=e[2] or None,
                originator=e[3] or None,
                originator_supplemental_code=e[4] or None,
            )
        elif sid == "CUR":
            values["currency"] = seg[2] or None
        elif sid == "REF":
            references.append(reference(seg))
        elif sid == "DTM" and seg[1] == "405":
            values["production_date"] = day(seg, 2, note)
    values["handling_code"] = values["handling_code"] or ""
    values["references"] = references
    return _make_payment(values)


def party(children: list[Any], loop: str) -> Party:
    """Loop 1000A or 1000B: N1, N3, N4, REF, PER, RDM."""
    values: dict[str, Any] = dict.fromkeys(Party.model_fields)
    lines: list[str] = []
    location: dict[str, Any] | None = None
    references, contacts = [], []
    for seg in children:
        seg.loop = loop
        sid = seg.elements[0]
        if sid == "N1":
            e = padded(seg.elements, 5)
            values.update(
                entity=e[1], name=e[2] or None, id_qualifier=e[3] or None, id=e[4] or None
            )
        elif sid == "N3":
            lines.extend(line for line in seg.elements[1:3] if line)
        elif sid == "N4":
            e = padded(seg.elements, 8)
            location = {
                "city": e[1] or None,
                "state": e[2] or None,
                "postal_code": e[3] or None,
                "country": e[4] or None,
                "country_subdivision": e[7] or None,
            }
        elif sid == "REF":
            references.append(reference(seg))
        elif sid == "PER":
            contacts.append(contact(seg))
        elif sid == "RDM":
            e = padded(seg.elements, 4)
            values["delivery"] = _make_delivery(
                {"transmission": e[1], "name": e[2] or None, "number": e[3] or None}
            )
    if lines or location:
        values["address"] = _make_address(
            {
                "lines": lines,
                **(
                    location
                    or dict.fromkeys(
                        ("city", "state", "postal_code", "country", "country_subdivision")
                    )
                ),
            }
        )
    values.update(entity=values["entity"] or "", references=references, contacts=contacts)
    return _make_party(values)


Convert = Callable[[Segment, int, Note], Any]


def _count(seg: Segment, index: int, note: Note) -> int | None:
    """A count of claims (TS304, TS323: 380, at most 15 digits), noting unreadable text."""
    text = seg[index]
    value = count(text)
    if value is None and text:
        note(seg, index, "number")
    return value


def _line_number(seg: Segment, index: int, note: Note) -> int | None:
    """LX01 (554 assigned number, N0 1/6), noting unreadable text."""
    text = seg[index]
    value = count(text, 6)
    if value is None and text:
        note(seg, index, "line number")
    return value


def _text(seg: Segment, index: int, note: Note) -> str | None:
    return seg[index] or None


_TS3: tuple[tuple[str, int, Convert], ...] = (
    ("provider_id", 1, _text),
    ("facility_type", 2, _text),
    ("fiscal_period_date", 3, day),
    ("claim_count", 4, _count),
    ("total_charge", 5, money),
    ("msp_payer_amount", 13, money),
    ("non_lab_charge", 15, money),
    ("hcpcs_reported_charge", 17, money),
    ("hcpcs_payable", 18, money),
    ("professional_component", 20, money),
    ("msp_patient_liability_met", 21, money),
    ("patient_reimbursement", 22, money),
    ("pip_claim_count", 23, _count),
    ("pip_adjustment", 24, money),
)
# TS207, TS210-TS214 and TS216 are counts, lengths of stay and weights (380), the rest amounts.
_TS2_QUANTITIES = frozenset({7, 10, 11, 12, 13, 14, 16})
_TS2: tuple[tuple[str, int, Convert], ...] = tuple(
    (name, i, quantity if i in _TS2_QUANTITIES else money)
    for i, name in enumerate(ProviderSupplementalSummary.model_fields, 1)
)
_make_summary = constructor(ProviderSummary)
_make_supplemental = constructor(ProviderSupplementalSummary)


def header_number(children: list[Any], note: Note) -> HeaderNumber:
    """Loop 2000 head: LX, TS3, TS2."""
    values: dict[str, Any] = {"number": None, "summary": None, "supplemental": None}
    for seg in children:
        seg.loop = "2000"
        sid = seg.elements[0]
        if sid == "LX":
            values["number"] = _line_number(seg, 1, note)
        elif sid == "TS3":
            values["summary"] = _make_summary({n: f(seg, i, note) for n, i, f in _TS3})
        elif sid == "TS2":
            values["supplemental"] = _make_supplemental({n: f(seg, i, note) for n, i, f in _TS2})
    return _make_header_number(values)


def provider_adjustments(seg: Segment, note: Note) -> tuple[list[ProviderAdjustment], Decimal]:
    """One ProviderAdjustment per PLB reason/amount pair, and the sum of the amounts."""
    e = seg.elements
    provider = e[1] if len(e) > 1 else ""
    period = day(seg, 2, note)
    out: list[ProviderAdjustment] = []
    total = Decimal(0)
    for i in range(3, min(len(e), 15), 2):
        if not e[i] and not (i + 1 < len(e) and e[i + 1]):
            continue
        reason, _, ref = e[i].partition(seg.delimiters.component)
        value = money(seg, i + 1, note)
        total += value or 0
        out.append(
            _make_adjustment(
                {
                    "provider_id": provider or None,
                    "fiscal_period_date": period,
                    "reason": reason,
                    "reason_description": provider_adjustment_reason(reason),
                    "reference": ref or None,
                    "amount": value,
                }
            )
        )
    return out, total
