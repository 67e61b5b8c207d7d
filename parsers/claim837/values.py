"""Reading 837 element values into the claim input format: names, addresses, dates, amounts.

Everything here returns plain values (``str``, ``date``, ``Decimal``, dicts of them) or ``None``
for what is absent or unreadable; the claim input models validate the result. Numbers, amounts
and dates are read by :mod:`edi.x12.values`; the element checks (:mod:`edi.x12.elementcheck`) report
the unreadable ones as IK403 findings.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from edi.x12 import values
from edi.x12.grammar import Loop
from edi.x12.segment import Segment

Json = dict[str, Any]


def text(value: str) -> str | None:
    return value.strip() or None


def amount(value: str) -> Decimal | None:
    """An R monetary amount (782) the ledger can hold, or None."""
    return values.money(value)


def quantity(value: str) -> Decimal | None:
    """An R quantity (380: SV104, SV205 units, CTP04), or None."""
    return values.decimal(value, values.QUANTITY_DIGITS)


def pointer(value: str) -> int | None:
    """A diagnosis code pointer (SV107 components, N0 1/2), or None."""
    return values.count(value, 2)


def d8(value: str) -> date | None:
    """A ``CCYYMMDD`` date, or the date of a ``CCYYMMDDHHMM`` (DTP DT) value."""
    return values.date8(value[:8] if len(value) == 12 else value)


def hour(value: str, start: int) -> int | None:
    """The hour of a ``HHMM`` (TM) or ``CCYYMMDDHHMM`` (DT) value: two ASCII digits, 00-23."""
    digits = value[start : start + 2]
    found = values.count(digits, 2) if len(digits) == 2 else None
    return found if found is not None and found < 24 else None


def period(seg: Segment | None) -> tuple[date | None, date | None]:
    """A DTP's date (D8) or range (RD8) as (start, end); end is None for a single date."""
    if seg is None:
        return None, None
    if seg[2] == "RD8":
        first, _, last = seg[3].partition("-")
        return d8(first), d8(last)
    return d8(seg[3]), None


def component(seg: Segment | None, index: int, sub: int) -> str | None:
    return text(seg.component(index, sub)) if seg is not None else None


def compact(data: Json) -> Json:
    """Drop absent values, so that the models' defaults apply."""
    return {k: v for k, v in data.items() if v is not None and v != [] and v != {}}


def entity_name(nm1: Segment) -> Json:
    """NM103-NM107 as ``organization_name`` (NM102 2) or a person's name (NM102 1)."""
    if nm1[2] == "2":
        return compact({"organization_name": text(nm1[3])})
    return compact(
        {
            "last_name": text(nm1[3]),
            "first_name": text(nm1[4]),
            "middle_name": text(nm1[5]),
            "suffix": text(nm1[7]),
        }
    )


def npi(nm1: Segment) -> str | None:
    return text(nm1[9]) if nm1[8] == "XX" else None


def address(loop: Loop) -> Json | None:
    """N3/N4 of a loop."""
    n3, n4 = loop.first("N3"), loop.first("N4")
    if n3 is None or n4 is None:
        return None
    return compact(
        {
            "line1": text(n3[1]),
            "line2": text(n3[2]),
            "city": text(n4[1]),
            "state": text(n4[2]),
            "postal_code": text(n4[3]),
        }
    )


def reference(loop: Loop, qualifier: str) -> str | None:
    """REF02 of the loop's REF with REF01 ``qualifier``."""
    seg = loop.first(f"REF_{qualifier}")
    return text(seg[2]) if seg is not None else None


def taxonomy(loop: Loop) -> str | None:
    prv = loop.first("PRV")
    return text(prv[3]) if prv is not None else None


def dated(loop: Loop, qualifier: str) -> Segment | None:
    return loop.first(f"DTP_{qualifier}")


def own(loop: Loop, loop_id: str) -> Loop | None:
    """The first inner loop ``loop_id`` of ``loop``."""
    return next(loop.loops(loop_id), None)
