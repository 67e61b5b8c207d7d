"""Priority: which denial to work first, from the money at stake and the days left.

The formula, in one line::

    priority = amount_at_stake × 30 / (days_left + 30)        rounded to cents

The weight is 1 on the last day, 1/2 with 30 days left, 1/4 with 90, 1/7 with 180: a claim of
$300 due today ranks above one of $1,000 due in 90 days ($300 against $250), and a large claim
still outranks a small one due on the same day. The result reads as "dollars weighted by
urgency". An item without a deadline (billing the patient, a write-off) weighs as one a year
away; an item whose deadline has passed, or with nothing at stake, has priority 0: nothing can
be won any more.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

HALF_WEIGHT_DAYS = 30
"""Days left at which the weight is one half."""
NO_DEADLINE_DAYS = 365
"""Days left assumed for an item without a deadline."""
CENT = Decimal("0.01")


def priority(amount_at_stake: Decimal, days_left: int | None) -> Decimal:
    """The priority of a denial worth ``amount_at_stake`` with ``days_left`` to its deadline
    (None: no deadline). Higher comes first."""
    if days_left is None:
        days_left = NO_DEADLINE_DAYS
    if days_left < 0 or amount_at_stake <= 0:
        return Decimal("0.00")
    weight = Decimal(HALF_WEIGHT_DAYS) / Decimal(days_left + HALF_WEIGHT_DAYS)
    return (amount_at_stake * weight).quantize(CENT, rounding=ROUND_HALF_UP)
