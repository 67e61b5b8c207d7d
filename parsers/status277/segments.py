"""One 277 segment at a time: STC, REF, NM1, SVC and DTP into models and values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from edi.x12 import values
from edi.x12.segment import Segment
from parsers.status277 import codes
from parsers.status277.models import Party, Reference, ServiceId, Status, StatusCode


def amount(value: str) -> Decimal | None:
    """An R monetary amount (782) the ledger can hold, or None when empty or unreadable (the
    element checker reports why)."""
    return values.money(value)


def quantity(value: str) -> Decimal | None:
    """An R quantity (380: SVC07 units, QTY02), or None when empty or unreadable."""
    return values.decimal(value, values.QUANTITY_DIGITS)


def status_code(seg: Segment, index: int) -> StatusCode | None:
    """The C043 composite at element ``index``, or None when empty."""
    if not seg[index]:
        return None
    category, code, entity, code_list = (seg.component(index, i) for i in range(1, 5))
    return StatusCode(
        category=category,
        category_meaning=codes.CATEGORIES.get(category),
        code=code or None,
        code_meaning=codes.STATUS_CODES.get(code),
        entity=entity or None,
        entity_meaning=codes.ENTITY_CODES.get(entity),
        code_list=code_list or None,
    )


def status(seg: Segment) -> Status:
    """One STC segment."""
    first = status_code(seg, 1) or StatusCode(category="")
    additional = [c for c in (status_code(seg, 10), status_code(seg, 11)) if c is not None]
    categories = {first.category, *(c.category for c in additional)}
    rejected = bool(categories & codes.REJECTED_CATEGORIES) or seg[3] == "U"
    return Status(
        **first.model_dump(),
        date=values.date8(seg[2]),
        action=seg[3] or None,
        action_meaning=codes.ACTIONS.get(seg[3]),
        charge=amount(seg[4]),
        payment=amount(seg[5]),
        adjudication_date=values.date8(seg[6]),
        payment_method=seg[7] or None,
        check_date=values.date8(seg[8]),
        check_number=seg[9] or None,
        additional=additional,
        message=seg[12] or None,
        rejected=rejected,
    )


def reference(seg: Segment) -> Reference:
    return Reference(qualifier=seg[1], value=seg[2])


def party(seg: Segment) -> Party:
    """The NM1 of a level (placeholders for a missing NM1 give an empty party)."""
    return Party(
        entity=seg[1],
        entity_meaning=codes.ENTITY_CODES.get(seg[1]),
        name=seg[3] or None,
        first_name=seg[4] or None,
        id_qualifier=seg[8] or None,
        id=seg[9] or None,
    )


def service_id(seg: Segment) -> ServiceId | None:
    parts = seg.components(1)
    if not seg[1]:
        return None
    return ServiceId(
        qualifier=parts[0],
        code=parts[1] if len(parts) > 1 else "",
        modifiers=[m for m in parts[2:6] if m],
    )


def dates(seg: Segment) -> tuple[dt.date | None, dt.date | None]:
    """DTP03 as (from, to): D8 is one date (from = to), RD8 a range; (None, None) for a date
    that is not one (the element checker reports it, IK403 8)."""
    value = seg[3]
    if seg[2] == "RD8":
        found = values.date_range(value)
    else:
        day = values.date8(value)
        found = (day, day) if day is not None else None
    return found if found is not None else (None, None)
