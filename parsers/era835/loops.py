"""Loops 2110 and 2100 to ServicePayment and ClaimPayment: the hot path of 835 reading.

The builders walk a loop's children once, in file order, dispatching on the segment ID; they
record the loop ID on each segment as they go and hand amounts for balancing to the context.
They run for every claim of a file of any size, so they keep Python work per segment small:
local variables, one dictionary that becomes the model's fields (pre-seeded in field order),
memoised conversions, and models built without validation.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Protocol

from edi.model.remittance.claims import (
    Adjustment,
    ClaimPayment,
    DatedQualifier,
    Procedure,
    Remark,
    ServicePayment,
)
from edi.model.remittance.header import Reference
from edi.x12.segment import Segment
from parsers.codes.tables import CLAIM_FILING_INDICATOR, CLAIM_STATUS, REVERSAL_STATUS
from parsers.era835.claims import (
    ZERO,
    Describe,
    Note,
    add_adjustments,
    contact,
    entity,
    inpatient,
    make_dated,
    make_procedure,
    money,
    outpatient,
    procedure,
    quantity,
    reference,
    remark,
    shared_entity,
    supplemental_amount,
    supplemental_quantity,
)
from parsers.era835.values import constructor, date8, padded

make_service = constructor(ServicePayment)
make_claim = constructor(ClaimPayment)
_CLAIM_DATES = {
    "232": "statement_from",
    "233": "statement_to",
    "036": "coverage_expiration",
    "050": "received",
}
_NAME_FIELDS = {
    "QC": "patient",
    "IL": "insured",
    "74": "corrected_patient",
    "82": "rendering_provider",
    "TT": "crossover_carrier",
    "PR": "corrected_payer",
    "GB": "other_subscriber",
}
_PERSONAL = frozenset({"QC", "IL", "74", "GB"})  # names that differ claim by claim
_CLAIM_LISTS = (
    "adjustments",
    "references",
    "other_dates",
    "contacts",
    "amounts",
    "quantities",
    "services",
)


class Context(Protocol):
    """What the builders need from the transformer."""

    carc: Describe
    rarc: Describe
    line_cas: Decimal

    def note(self, seg: Segment, element: int, what: str) -> None: ...

    def unbalanced_line(
        self, svc: Segment, charge: Decimal, paid: Decimal, adjustments: Decimal
    ) -> None: ...


def date_of(seg: Segment, note: Note) -> tuple[str, Any]:
    """DTM01 and the DTM02 date (None when empty or not a date, the latter noted)."""
    e = seg.elements
    if len(e) < 3:
        e = padded(e, 3)
    value = date8(e[2])
    if value is None and e[2]:
        note(seg, 2, "date")
    return e[1], value


def build_service(children: list[Any], ctx: Context) -> ServicePayment:
    """Loop 2110: SVC DTM* CAS* REF* AMT* QTY* LQ* (see the module docstring on its length)."""
    note = ctx.note
    carc = ctx.carc
    adjustments: list[Adjustment] = []
    references: list[Reference] = []
    remarks: list[Remark] = []
    amounts: list[Any] = []
    quantities: list[Any] = []
    other_dates: list[DatedQualifier] = []
    service_date = start = end = line_control = allowed = None
    line_cas = ZERO
    svc = children[0]
    svc.loop = "2110"
    for seg in children[1:]:
        seg.loop = "2110"
        e = seg.elements
        sid = e[0]
        if sid == "CAS":
            line_cas += add_adjustments(seg, adjustments, carc, note)
        elif sid == "DTM":
            qualifier, value = date_of(seg, note)
            if qualifier == "472":
                service_date = value
            elif qualifier == "150":
                start = value
            elif qualifier == "151":
                end = value
            else:
                other_dates.append(make_dated({"qualifier": qualifier, "date": value}))
        elif sid == "REF":
            if len(e) > 2 and e[1] == "6R":
                line_control = e[2]
            else:
                references.append(reference(seg))
        elif sid == "AMT":
            if len(e) > 2 and e[1] == "B6":
                allowed = money(seg, 2, note)
            else:
                amounts.append(supplemental_amount(seg, note))
        elif sid == "LQ":
            remarks.append(remark(seg, ctx.rarc))
        elif sid == "QTY":
            quantities.append(supplemental_quantity(seg, note))
    charge = money(svc, 2, note)
    paid = money(svc, 3, note)
    units = quantity(svc, 5, note)
    original_units = quantity(svc, 7, note)
    ctx.line_cas += line_cas
    if charge is not None and paid is not None and charge - line_cas != paid:
        ctx.unbalanced_line(svc, charge, paid, line_cas)
    return make_service(
        {
            "procedure": procedure(svc, 1) or _no_procedure(),
            "charge": charge,
            "paid": paid,
            "revenue_code": svc[4] or None,
            "units": units,
            "original_procedure": procedure(svc, 6) if svc[6] else None,
            "original_units": original_units,
            "service_date": service_date,
            "service_start": start,
            "service_end": end,
            "adjustments": adjustments,
            "line_control_number": line_control,
            "references": references,
            "allowed": allowed,
            "amounts": amounts,
            "quantities": quantities,
            "remarks": remarks,
            "other_dates": other_dates,
        }
    )


def _no_procedure() -> Procedure:
    """SVC01 was empty (a required element) or its first component no qualifier (the checker
    reports either): an empty procedure keeps the model whole without a wrong qualifier."""
    return make_procedure({"qualifier": "", "code": None, "modifiers": (), "description": None})


def claim_values(clp: Segment, kind: str, header_number: int | None, note: Note) -> dict[str, Any]:
    """Every ClaimPayment field in field order: CLP's values, the others empty for now."""
    e = clp.elements if len(clp.elements) >= 15 else padded(clp.elements, 15)
    return {
        "patient_control_number": e[1],
        "status_code": e[2],
        "status": CLAIM_STATUS.get(e[2]),
        "kind": kind,
        "charge": money(clp, 3, note),
        "paid": money(clp, 4, note),
        "patient_responsibility": money(clp, 5, note),
        "filing_indicator": e[6] or None,
        "filing_indicator_description": CLAIM_FILING_INDICATOR.get(e[6]),
        "payer_claim_control_number": e[7] or None,
        "facility_type": e[8] or None,
        "frequency": e[9] or None,
        "drg_code": e[11] or None,
        "drg_weight": quantity(clp, 12, note) if e[12] else None,
        "discharge_fraction": quantity(clp, 13, note) if e[13] else None,
        "condition_response": e[14] or None,
        "header_number": header_number,
        "adjustments": [],
        "patient": None,
        "insured": None,
        "corrected_patient": None,
        "rendering_provider": None,
        "crossover_carrier": None,
        "corrected_payer": None,
        "other_subscriber": None,
        "inpatient": None,
        "outpatient": None,
        "references": [],
        "statement_from": None,
        "statement_to": None,
        "coverage_expiration": None,
        "received": None,
        "other_dates": [],
        "contacts": [],
        "amounts": [],
        "quantities": [],
        "services": [],
        "location": None,  # where the CLP stands: set once the loop is read
    }


def collect_claim(children: list[Any], values: dict[str, Any], ctx: Context) -> Decimal | None:
    """Loop 2100 after CLP into ``values``: CAS* NM1+ MIA? MOA? REF* DTM* PER* AMT* QTY* and
    the 2110 loops. Returns the sum of claim-level CAS amounts, or None when there is none."""
    note = ctx.note
    services = values["services"]
    claim_cas = None
    for child in children:
        if child.__class__ is ServicePayment:
            services.append(child)
            continue
        child.loop = "2100"
        sid = child.elements[0]
        if sid == "CAS":
            found = add_adjustments(child, values["adjustments"], ctx.carc, note)
            claim_cas = found if claim_cas is None else claim_cas + found
        elif sid == "NM1":
            qualifier = child[1]
            name = _NAME_FIELDS.get(qualifier)
            if name is not None:
                values[name] = entity(child) if qualifier in _PERSONAL else shared_entity(child)
        elif sid == "DTM":
            qualifier, value = date_of(child, note)
            name = _CLAIM_DATES.get(qualifier)
            if name is not None:
                values[name] = value
            else:
                values["other_dates"].append(make_dated({"qualifier": qualifier, "date": value}))
        else:
            _collect_other(child, sid, values, ctx)
    return claim_cas


def _collect_other(seg: Segment, sid: str, values: dict[str, Any], ctx: Context) -> None:
    """The less frequent segments of loop 2100."""
    if sid == "REF":
        values["references"].append(reference(seg))
    elif sid == "AMT":
        values["amounts"].append(supplemental_amount(seg, ctx.note))
    elif sid == "QTY":
        values["quantities"].append(supplemental_quantity(seg, ctx.note))
    elif sid == "PER":
        values["contacts"].append(contact(seg))
    elif sid == "MIA":
        values["inpatient"] = inpatient(seg, ctx.rarc, ctx.note)
    elif sid == "MOA":
        values["outpatient"] = outpatient(seg, ctx.rarc, ctx.note)


def claim_kind(status: str, claim_id: str, reversed_ids: set[str]) -> str:
    """reversal (CLP02 22), correction (the claim again after its reversal) or original."""
    if status == REVERSAL_STATUS:
        reversed_ids.add(claim_id)
        return "reversal"
    if claim_id in reversed_ids:
        return "correction"
    return "original"
