"""Money: ``Decimal`` rounded to cents, never float; strings in JSON."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from edi.x12.errors import X12FlowError
from edi.x12.location import Location

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
# NUMERIC(14,2): twelve digits before the decimal point. SQLite keeps integer cents, which
# would hold more, but every backend refuses the same amounts.
LIMIT = Decimal(10) ** 12


class AmountOutOfRange(X12FlowError):
    """An amount the ledger cannot store: more than 12 digits before the decimal point."""

    exit_code = 1

    def __init__(self, amount: Decimal, location: Location | None = None) -> None:
        super().__init__(
            f"the amount {amount} is beyond what the ledger stores "
            "(at most 12 digits before the decimal point)",
            file=location.file if location else None,
        )
        self.amount = amount
        self.location = location


def storable(value: Decimal | int | str, location: Location | None = None) -> Decimal:
    """``value`` as a Decimal, or :class:`AmountOutOfRange` when the ledger cannot hold it."""
    amount = Decimal(value)
    if not amount.is_finite() or abs(amount) >= LIMIT - CENT / 2:
        raise AmountOutOfRange(amount, location)
    return amount


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
