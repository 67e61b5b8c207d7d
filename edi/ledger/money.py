"""Money: ``Decimal`` rounded to cents, never float; strings in JSON."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def cents(value: Decimal | int | str | None) -> Decimal:
    """``value`` as a Decimal with two places (None is zero)."""
    if value is None:
        return ZERO
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def total(values: Iterable[Decimal | None]) -> Decimal:
    return cents(sum((v for v in values if v is not None), ZERO))


def text(value: Decimal | None) -> str | None:
    """The JSON form of an amount: ``"12.50"``."""
    return None if value is None else str(cents(value))
