"""Element values to Python values, once: amounts to Decimal, CCYYMMDD to dates.

Remittances repeat the same amounts and dates many times, so conversions are memoised in small
bounded tables; what is not in a table is read by :mod:`edi.x12.values` (ASCII digits, bounded
lengths, amounts the ledger can hold). Every converter returns ``None`` for an empty element
and for text it cannot read; callers tell the two apart (an empty element is no finding,
unreadable text is).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel

from edi.x12 import values

_MEMO_LIMIT = 65536
_amounts: dict[str, Decimal] = {}
_quantities: dict[str, Decimal] = {}
_dates: dict[str, dt.date] = {}

M = TypeVar("M", bound=BaseModel)


known_amount = _amounts.get
"""The memoised Decimal for text seen before, else None (a dictionary lookup, no call chain)."""
known_quantity = _quantities.get
"""The same for quantities."""


def amount(text: str) -> Decimal | None:
    """An R monetary amount (``"-86.76"``, 782: 18 digits, within the ledger's range) as a
    Decimal, or None when empty or unreadable."""
    value = _amounts.get(text)
    if value is not None or not text:
        return value
    value = values.money(text)
    if value is None:
        return None
    if len(_amounts) >= _MEMO_LIMIT:
        _amounts.clear()
    _amounts[text] = value
    return value


def quantity(text: str) -> Decimal | None:
    """An R quantity, weight or rate (380: 15 digits; SVC05 units, CAS04, QTY02, CLP12) as a
    Decimal, or None when empty or unreadable."""
    value = _quantities.get(text)
    if value is not None or not text:
        return value
    value = values.decimal(text, values.QUANTITY_DIGITS)
    if value is None:
        return None
    if len(_quantities) >= _MEMO_LIMIT:
        _quantities.clear()
    _quantities[text] = value
    return value


def date8(text: str) -> dt.date | None:
    """A CCYYMMDD date, or None when empty or not a real date."""
    value = _dates.get(text)
    if value is not None or not text:
        return value
    value = values.date8(text)
    if value is None:
        return None
    if len(_dates) >= _MEMO_LIMIT:
        _dates.clear()
    _dates[text] = value
    return value


def count(text: str, max_digits: int = values.QUANTITY_DIGITS) -> int | None:
    """A whole number of at most ``max_digits`` ASCII digits (LX01 N0 1/6, TS304 1/15), or
    None."""
    return values.count(text, max_digits)


def padded(elements: list[str], size: int) -> list[str]:
    """``elements`` with empty strings appended up to ``size`` items (the ID counts as one)."""
    missing = size - len(elements)
    return elements + [""] * missing if missing > 0 else elements


def text_or_none(text: str) -> str | None:
    return text or None


_SLOTS: dict[str, Any] = dict(vars(BaseModel))  # the slot descriptors of every model


def constructor(cls: type[M]) -> Callable[[dict[str, Any]], M]:
    """A fast ``cls.model_construct`` for values that are already converted and trusted.

    ``values`` must hold every field of ``cls``, in declaration order (the order of the JSON
    output). Like ``model_construct`` it skips validation; unlike it, it does not walk the
    fields to fill defaults, and it sets pydantic's slots through their descriptors, which
    makes it about five times faster. Every field is set, so all instances share one set of
    field names (pydantic only ever adds names that are already in it, and copies it with
    the model).
    """
    names = set(cls.model_fields)
    new = object.__new__
    set_dict = _SLOTS["__dict__"].__set__
    set_fields = _SLOTS["__pydantic_fields_set__"].__set__
    set_extra = _SLOTS["__pydantic_extra__"].__set__
    set_private = _SLOTS["__pydantic_private__"].__set__

    def make(values: dict[str, Any]) -> M:
        obj = new(cls)
        set_dict(obj, values)
        set_fields(obj, names)
        set_extra(obj, None)
        set_private(obj, None)
        return obj

    return make
