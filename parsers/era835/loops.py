"""Loops 2110 and 2100 to ServicePayment and ClaimPayment: the hot path of 835 reading.

The builders walk a loop's children once, in file order, dispatching on the segment ID; they
record the loop ID on each segment as they go and hand amounts for balancing to the context.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Protocol

from edi.segment import Segment
from parsers.codes.tables import CLAIM_FILING_INDICATOR, CLAIM_STATUS, REVERSAL_STATUS
from parsers.era835.claim_models import (
    Adjustment,
    Amount,
    ClaimPayment,
    DatedQualifier,
    EntityName,
    Procedure,
    Quantity,
    Remark,
    ServicePayment,
)
from parsers.era835.claims import (
    ZERO,
    Describe,
    Note,
    add_adjustments,
    contact,
    entity,
    inpatient,
    make_procedure,
    money,
    outpatient,
    procedure,
    reference,
    remark,
    supplemental_amount,
    supplemental_quantity,
)
from parsers.era835.models import Contact, Reference
from parsers.era835.values import amount, constructor, date8, padded

make_service = constructor(ServicePayment)
make_claim = constructor(ClaimPayment)
_make_dated = constructor(DatedQualifier)
_SERVICE_DATES = {"472": "service_date", "150": "service_start", "151": "service_end"}
_CLAIM_DATES = {"232": "statement_from", "233": "statement_to", "036": "coverage_expiration",
                "050": "received"}
_NAMES = (("QC", "patient"), ("IL", "insured"), ("74", "corrected_patient"),
          ("82", "rendering_provider"), ("TT", "crossover_carrier"), ("PR", "corrected_payer"),
          ("GB", "other_subscriber"))


class Context(Protocol):
    """What the builders need from the transformer."""

    carc: Describe
    rarc: Describe

    def note(self, seg: Segment, element: int, what: str) -> None: ...

    def service_built(self, svc: Segment, charge: Decimal | None, paid: Decimal | None,
                      adjustments: Decimal) -> None: ...


def _dates(seg: Segment, known: dict[str, str], found: dict[str, Any],
           other: list[DatedQualifier], note: Note) -> None:
    e = seg.elements
    qualifier = e[1] if len(e) > 1 else ""
    text = e[2] if len(e) > 2 else ""
    value = date8(text)
    if value is None and text:
        note(seg, 2, "date")
    name = known.get(qualifier)
    if name is None:
        other.append(_make_dated({"qualifier": qualifier, "date": value}))
    else:
        found[name] = value


def build_service(children: list[Any], ctx: Context) -> ServicePayment:
    """Loop 2110: SVC DTM* CAS* REF* AMT* QTY* LQ*."""
    note = ctx.note
    dates: dict[str, Any] = {}
    adjustments: list[Adjustment] = []
    references: list[Reference] = []
    amounts: list[Amount] = []
    quantities: list[Quantity] = []
    remarks: list[Remark] = []
    other_dates: list[DatedQualifier] = []
    line_control = allowed = None
    line_cas = ZERO
    for seg in children:
        seg.loop = "2110"
        e = seg.elements
        sid = e[0]
        if sid == "CAS":
            line_cas += add_adjustments(seg, adjustments, ctx.carc, note)
        elif sid == "DTM":
            _dates(seg, _SERVICE_DATES, dates, other_dates, note)
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
    svc = children[0]
    e = padded(svc.elements, 8)
    charge = money(svc, 2, note)
    paid = money(svc, 3, note)
    units = amount(e[5])
    original_units = amount(e[7])
    if (units is None and e[5]) or (original_units is None and e[7]):
        note(svc, 5 if units is None and e[5] else 7, "number")
    ctx.service_built(svc, charge, paid, line_cas)
    return make_service({
        "procedure": procedure(svc, 1) or _no_procedure(), "charge": charge, "paid": paid,
        "revenue_code": e[4] or None, "units": units, "original_procedure": procedure(svc, 6),
        "original_units": original_units, "service_date": dates.get("service_date"),
        "service_start": dates.get("service_start"), "service_end": dates.get("service_end"),
        "adjustments": adjustments, "line_control_number": line_control,
        "references": references, "allowed": allowed, "amounts": amounts,
        "quantities": quantities, "remarks": remarks, "other_dates": other_dates,
    })


def _no_procedure() -> Procedure:
    """SVC01 was empty (a required element): an empty procedure keeps the model whole."""
    return make_procedure({"qualifier": "", "code": None, "modifiers": [], "description": None})


class ClaimParts:
    """What a claim's segments other than CLP contribute, collected in one pass."""

    __slots__ = ("adjustments", "amounts", "claim_cas", "contacts", "dates", "has_cas",
                 "inpatient", "names", "other_dates", "outpatient", "quantities", "references",
                 "services")

    def __init__(self) -> None:
        self.adjustments: list[Adjustment] = []
        self.names: dict[str, EntityName] = {}
        self.references: list[Reference] = []
        self.dates: dict[str, Any] = {}
        self.other_dates: list[DatedQualifier] = []
        self.contacts: list[Contact] = []
        self.amounts: list[Amount] = []
        self.quantities: list[Quantity] = []
        self.services: list[ServicePayment] = []
        self.inpatient: Any = None
        self.outpatient: Any = None
        self.claim_cas = ZERO
        self.has_cas = False


def collect_claim(children: list[Any], ctx: Context) -> ClaimParts:
    """Loop 2100 after CLP: CAS* NM1+ MIA? MOA? REF* DTM* PER* AMT* QTY* and loops 2110."""
    parts = ClaimParts()
    note = ctx.note
    for child in children:
        if child.__class__ is ServicePayment:
            parts.services.append(child)
            continue
        child.loop = "2100"
        sid = child.elements[0]
        if sid == "CAS":
            parts.claim_cas += add_adjustments(child, parts.adjustments, ctx.carc, note)
            parts.has_cas = True
        elif sid == "NM1":
            parts.names[child[1]] = entity(child)
        elif sid == "REF":
            parts.references.append(reference(child))
        elif sid == "DTM":
            _dates(child, _CLAIM_DATES, parts.dates, parts.other_dates, note)
        elif sid == "AMT":
            parts.amounts.append(supplemental_amount(child, note))
        elif sid == "QTY":
            parts.quantities.append(supplemental_quantity(child, note))
        elif sid == "PER":
            parts.contacts.append(contact(child))
        elif sid == "MIA":
            parts.inpatient = inpatient(child, ctx.rarc, note)
        elif sid == "MOA":
            parts.outpatient = outpatient(child, ctx.rarc, note)
    return parts


def build_claim(clp: Segment, parts: ClaimParts, kind: str, header_number: int | None,
                note: Note) -> ClaimPayment:
    """The ClaimPayment of one loop 2100 from its CLP and collected parts."""
    e = padded(clp.elements, 15)
    names = parts.names
    dates = parts.dates
    values: dict[str, Any] = {
        "patient_control_number": e[1], "status_code": e[2], "status": CLAIM_STATUS.get(e[2]),
        "kind": kind, "charge": money(clp, 3, note), "paid": money(clp, 4, note),
        "patient_responsibility": money(clp, 5, note), "filing_indicator": e[6] or None,
        "filing_indicator_description": CLAIM_FILING_INDICATOR.get(e[6]),
        "payer_claim_control_number": e[7] or None, "facility_type": e[8] or None,
        "frequency": e[9] or None, "drg_code": e[11] or None,
        "drg_weight": money(clp, 12, note), "discharge_fraction": money(clp, 13, note),
        "condition_response": e[14] or None, "header_number": header_number,
        "adjustments": parts.adjustments,
    }
    for qualifier, name in _NAMES:
        values[name] = names.get(qualifier)
    values.update(
        inpatient=parts.inpatient, outpatient=parts.outpatient, references=parts.references,
        statement_from=dates.get("statement_from"), statement_to=dates.get("statement_to"),
        coverage_expiration=dates.get("coverage_expiration"), received=dates.get("received"),
        other_dates=parts.other_dates, contacts=parts.contacts, amounts=parts.amounts,
        quantities=parts.quantities, services=parts.services)
    return make_claim(values)


def claim_kind(status: str, claim_id: str, reversed_ids: set[str]) -> str:
    """reversal (CLP02 22), correction (the claim again after its reversal) or original."""
    if status == REVERSAL_STATUS:
        reversed_ids.add(claim_id)
        return "reversal"
    if claim_id in reversed_ids:
        return "correction"
    return "original"
