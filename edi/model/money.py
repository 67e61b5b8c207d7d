"""How an amount of money is shown to a person: the one format of every text output.

``1,234.50``: thousands separated by commas, two decimals, a minus sign in front of a negative
amount. An amount with more than two decimals (an X12 file may carry ``12.345``) keeps them all:
text never rounds away what the file or the ledger holds. JSON and CSV keep the plain form
(``"1234.50"``, a string); this module is only for people reading.

:func:`currency` is the same amount with its currency sign (``$1,234.50``, ``−$12.00``) for the
outputs that are read as a statement of money: the report's text and HTML. The minus is the
typographic one (U+2212) in front of the sign, as accountants print it; X12 amounts are US
dollars (the 835's BPR and CLP amounts carry no currency of their own).
"""

from __future__ import annotations

from decimal import Decimal

MISSING = "-"
SIGN = "$"
MINUS = "\N{MINUS SIGN}"


def display(amount: Decimal | None, missing: str = MISSING) -> str:
    """``amount`` as text for people (``-1,234.50``); ``missing`` when there is none."""
    if amount is None:
        return missing
    if not amount.is_finite():
        return str(amount)
    exponent = amount.as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    if amount.is_zero():
        amount = abs(amount)  # no "-0.00"
    return f"{amount:,.{places}f}"


def currency(amount: Decimal | None, missing: str = MISSING) -> str:
    """``amount`` with its currency sign (``$1,234.50``, ``−$12.00``); ``missing`` when there
    is none. The digits are those of :func:`display`."""
    if amount is None:
        return missing
    if not amount.is_finite():
        return str(amount)
    shown = display(amount)
    if shown.startswith("-"):
        return f"{MINUS}{SIGN}{shown[1:]}"
    return f"{SIGN}{shown}"
