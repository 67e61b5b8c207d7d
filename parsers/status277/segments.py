"""One 277 segment at a time: STC, REF, NM1, SVC and DTP into models and values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from edi.segment import Segment
from parsers.ack999.elements import ElementChecker, parse_date
from parsers.status277 import codes
from parsers.status277.models import Party, Reference, ServiceId, Status, StatusCode


def amount(value: str) -> Decimal | None:
    """An X12 R value as a Decimal, or None when empty or not a number."""
    if not value:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


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
        date=parse_date(seg[2]) if len(seg[2]) == 8 else None,
        action=seg[3] or None,
        action_meaning=codes.ACTIONS.get(seg[3]),
        charge=amount(seg[4]),
        payment=amount(seg[5]),
        adjudication_date=parse_date(seg[6]) if len(seg[6]) == 8 else None,
        payment_method=seg[7] or None,
        check_date=parse_date(seg[8]) if len(seg[8]) == 8 else None,
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


def dates(seg: Segment, checker: ElementChecker | None) -> tuple[dt.date | None, dt.date | None]:
    """DTP03 as (from, to): D8 is one date (from = to), RD8 a range; bad dates are IK403 8."""
    value = seg[3]
    if seg[2] == "RD8":
        low, _, high = value.partition("-")
        start, end = parse_date(low), parse_date(high)
        ok = len(low) == 8 and len(high) == 8 and start is not None and end is not None
    else:
        start = end = parse_date(value) if len(value) == 8 else None
        ok = start is not None
    if not ok and value and checker is not None and seg.ordinal:
        checker.report(seg, 3, None, "8", f"{value!r} is not a valid {seg[2] or 'D8'} date", "1251")
    return (start, end) if ok else (None, None)
