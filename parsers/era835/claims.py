"""Segments of loops 2100 and 2110 to models: CLP, CAS, NM1, MIA, MOA, SVC, REF, DTM, AMT, ...

These run once per segment of a large remittance, so they index elements directly, convert each
value once and build models without validation (see :func:`values.constructor`). A value that
cannot be read is reported through ``note(segment, element, what)`` and left out; ``what`` is
``"amount"`` (782 monetary amount), ``"quantity"`` (380 quantity, 954 percent), ``"number"``,
``"line number"`` or ``"date"``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import cache

from edi.model.remittance.claims import (
    Adjustment,
    Amount,
    DatedQualifier,
    EntityName,
    InpatientAdjudication,
    OutpatientAdjudication,
    Procedure,
    Quantity,
    Remark,
)
from edi.model.remittance.header import Communication, Contact, Reference
from edi.x12.elementdefs import guide_elements
from edi.x12.segment import Segment
from parsers.era835.values import (
    amount,
    constructor,
    date8,
    known_amount,
    known_quantity,
    padded,
)
from parsers.era835.values import quantity as _quantity

Note = Callable[[Segment, int, str], None]
Describe = Callable[[str], str | None] | None

ZERO = Decimal(0)
_known_amount = known_amount
_known_quantity = known_quantity
make_adjustment = constructor(Adjustment)
make_amount = constructor(Amount)
make_quantity = constructor(Quantity)
make_reference = constructor(Reference)
make_remark = constructor(Remark)
make_dated = constructor(DatedQualifier)
make_entity = constructor(EntityName)
make_procedure = constructor(Procedure)
_make_contact = constructor(Contact)
_make_communication = constructor(Communication)


def money(seg: Segment, index: int, note: Note) -> Decimal | None:
    """Element ``index`` of ``seg`` as an amount, noting unreadable text."""
    elements = seg.elements
    text = elements[index] if index < len(elements) else ""
    value = _known_amount(text)
    if value is None and text:
        value = amount(text)
        if value is None:
            note(seg, index, "amount")
    return value


def quantity(seg: Segment, index: int, note: Note) -> Decimal | None:
    """Element ``index`` of ``seg`` as a quantity, weight or rate, noting unreadable text."""
    elements = seg.elements
    text = elements[index] if index < len(elements) else ""
    value = _known_quantity(text)
    if value is None and text:
        value = _quantity(text)
        if value is None:
            note(seg, index, "quantity")
    return value


def add_adjustments(seg: Segment, out: list[Adjustment], describe: Describe, note: Note) -> Decimal:
    """Append one Adjustment per CAS triplet to ``out``; return the sum of their amounts."""
    e = seg.elements
    n = len(e)
    if n < 5:
        e = padded(e, 5)
        n = 5
    group = e[1]
    total = ZERO
    for i in (2, 5, 8, 11, 14, 17):
        if i >= n:
            break
        reason = e[i]
        text = e[i + 1] if i + 1 < n else ""
        value = _known_amount(text)
        if value is None and text:
            value = amount(text)
            if value is None:
                note(seg, i + 1, "amount")
        if value is not None:
            total += value
        elif not reason:
            continue
        qty = e[i + 2] if i + 2 < n else ""
        units = _quantity(qty) if qty else None
        if units is None and qty:
            note(seg, i + 2, "quantity")
        out.append(
            make_adjustment(
                {
                    "group": group,
                    "reason": reason,
                    "amount": value,
                    "quantity": units,
                    "reason_description": describe(reason) if describe is not None else None,
                }
            )
        )
    return total


def reference(seg: Segment) -> Reference:
    e = seg.elements
    n = len(e)
    return make_reference(
        {
            "qualifier": e[1] if n > 1 else "",
            "value": e[2] if n > 2 else "",
            "description": e[3] or None if n > 3 else None,
        }
    )


def supplemental_amount(seg: Segment, note: Note) -> Amount:
    e = seg.elements
    return make_amount({"qualifier": e[1] if len(e) > 1 else "", "amount": money(seg, 2, note)})


def supplemental_quantity(seg: Segment, note: Note) -> Quantity:
    e = seg.elements
    return make_quantity(
        {"qualifier": e[1] if len(e) > 1 else "", "quantity": quantity(seg, 2, note)}
    )


def dated(seg: Segment, note: Note) -> DatedQualifier:
    e = seg.elements
    return make_dated({"qualifier": e[1] if len(e) > 1 else "", "date": day(seg, 2, note)})


def day(seg: Segment, index: int, note: Note) -> dt.date | None:
    """Element ``index`` as a CCYYMMDD date, noting text that is not a date."""
    e = seg.elements
    text = e[index] if index < len(e) else ""
    value = date8(text)
    if value is None and text:
        note(seg, index, "date")
    return value


def remark(seg: Segment, describe: Describe) -> Remark:
    e = seg.elements
    qualifier = e[1] if len(e) > 1 else ""
    code = e[2] if len(e) > 2 else ""
    text = describe(code) if describe is not None and qualifier == "HE" else None
    return make_remark({"qualifier": qualifier or None, "code": code, "description": text})


def remarks(seg: Segment, positions: tuple[int, ...], describe: Describe) -> list[Remark]:
    """RARCs carried in MIA/MOA elements."""
    e = seg.elements
    n = len(e)
    out = []
    for i in positions:
        code = e[i] if i < n else ""
        if code:
            out.append(
                make_remark(
                    {
                        "qualifier": None,
                        "code": code,
                        "description": describe(code) if describe else None,
                    }
                )
            )
    return out


def entity(seg: Segment) -> EntityName:
    e = seg.elements if len(seg.elements) >= 10 else padded(seg.elements, 10)
    return make_entity(
        {
            "entity": e[1],
            "entity_type": e[2] or None,
            "name": e[3] or None,
            "first_name": e[4] or None,
            "middle_name": e[5] or None,
            "suffix": e[7] or None,
            "id_qualifier": e[8] or None,
            "id": e[9] or None,
        }
    )


def contact(seg: Segment) -> Contact:
    e = padded(seg.elements, 9)
    numbers = [
        _make_communication({"qualifier": e[i], "number": e[i + 1]})
        for i in (3, 5, 7)
        if e[i] or e[i + 1]
    ]
    return _make_contact({"function": e[1], "name": e[2] or None, "numbers": numbers})


def procedure(seg: Segment, index: int) -> Procedure | None:
    """SVC01 or SVC06 split into qualifier, code, modifiers and description; None when the
    first component is no qualifier the guide lists (``HC>99213`` read with ``:`` as the
    component separator): the element checker reports it (IK403 5 or 7), and a model holding
    it would name a qualifier the payer never sent.

    A remittance names the same few procedures over and over; Procedure is immutable, so one
    instance per distinct composite is shared.
    """
    e = seg.elements
    text = e[index] if index < len(e) else ""
    if not text:
        return None
    component = seg.delimiters.component
    key = component + text
    found = _procedures.get(key)
    if found is None:
        parts = text.split(component)
        if parts[0] not in _qualifiers(index):
            return None
        n = len(parts)
        found = make_procedure(
            {
                "qualifier": parts[0],
                "code": parts[1] or None if n > 1 else None,
                "modifiers": tuple(m for m in parts[2:6] if m),
                "description": parts[6] or None if n > 6 else None,
            }
        )
        if len(_procedures) >= _SHARED_LIMIT:
            _procedures.clear()
        _procedures[key] = found
    return found


@cache
def _qualifiers(index: int) -> frozenset[str]:
    """The product or service ID qualifiers SVC01-01 (``index`` 1) or SVC06-01 (6) takes."""
    (svc,) = guide_elements("835").variants("2110", "SVC")
    element = svc.elements[index - 1]
    parts = element.components if element is not None else None
    first = parts[0] if parts else None
    return first.codes if first is not None and first.codes is not None else frozenset()


def shared_entity(seg: Segment) -> EntityName:
    """:func:`entity` for names that recur claim after claim (providers, other payers)."""
    key = tuple(seg.elements)
    found = _entities.get(key)
    if found is None:
        found = entity(seg)
        if len(_entities) >= _SHARED_LIMIT:
            _entities.clear()
        _entities[key] = found
    return found


_SHARED_LIMIT = 4096
_procedures: dict[str, Procedure] = {}
_entities: dict[tuple[str, ...], EntityName] = {}


Read = Callable[[Segment, int, Note], Decimal | None]
_MIA_AMOUNTS: tuple[tuple[str, int, Read], ...] = (
    ("covered_days", 1, quantity),
    ("pps_operating_outlier", 2, money),
    ("lifetime_psychiatric_days", 3, quantity),
    ("drg_amount", 4, money),
    ("disproportionate_share", 6, money),
    ("msp_pass_through", 7, money),
    ("pps_capital", 8, money),
    ("pps_capital_fsp_drg", 9, money),
    ("pps_capital_hsp_drg", 10, money),
    ("pps_capital_dsh_drg", 11, money),
    ("old_capital", 12, money),
    ("pps_capital_ime", 13, money),
    ("pps_operating_hospital_specific_drg", 14, money),
    ("cost_report_days", 15, quantity),
    ("pps_operating_federal_specific_drg", 16, money),
    ("pps_capital_outlier", 17, money),
    ("indirect_teaching", 18, money),
    ("nonpayable_professional_component", 19, money),
    ("pps_capital_exception", 24, money),
)
_MOA_AMOUNTS: tuple[tuple[str, int, Read], ...] = (
    ("reimbursement_rate", 1, quantity),
    ("hcpcs_payable", 2, money),
    ("esrd_payment", 8, money),
    ("nonpayable_professional_component", 9, money),
)
make_inpatient = constructor(InpatientAdjudication)
make_outpatient = constructor(OutpatientAdjudication)


def inpatient(seg: Segment, describe: Describe, note: Note) -> InpatientAdjudication:
    values: dict[str, object] = {name: read(seg, i, note) for name, i, read in _MIA_AMOUNTS}
    values["remarks"] = remarks(seg, (5, 20, 21, 22, 23), describe)
    return make_inpatient(values)


def outpatient(seg: Segment, describe: Describe, note: Note) -> OutpatientAdjudication:
    values: dict[str, object] = {name: read(seg, i, note) for name, i, read in _MOA_AMOUNTS}
    values["remarks"] = remarks(seg, (3, 4, 5, 6, 7), describe)
    return make_outpatient(values)
