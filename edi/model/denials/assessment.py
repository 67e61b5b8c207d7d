"""A worklist item's assessment: the verdict's action as of today, its deadline and priority.

Time is an input: ``today`` is passed in (the caller reads it from :mod:`edi.x12.clock`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from edi.model.denials.categorize import Verdict
from edi.model.denials.deadlines import DEFAULT_WINDOWS, PayerWindows, deadline, deadline_kind
from edi.model.denials.priority import priority
from edi.model.denials.terms import Action, Category


def next_action(action: Action, days_left: int | None) -> Action:
    """The action still open: ``action`` until its deadline, then write off (a window that
    has closed leaves nothing to appeal, resubmit or bill to the next payer)."""
    if days_left is not None and days_left < 0:
        return Action.WRITE_OFF
    return action


@dataclass(frozen=True, slots=True)
class Assessment:
    """What to do about one verdict as of ``today``: the action, by when, and how urgently."""

    category: Category
    action: Action
    amount_at_stake: Decimal
    deadline: dt.date | None
    days_left: int | None
    priority: Decimal


def assess(
    verdict: Verdict,
    *,
    received: dt.date,
    today: dt.date,
    windows: PayerWindows = DEFAULT_WINDOWS,
    service: dt.date | None = None,
) -> Assessment:
    """The assessment of ``verdict``, received on ``received`` (the reply's date), for a
    claim whose first date of service is ``service`` when known."""
    kind = deadline_kind(verdict.action)
    due = deadline(kind, received, windows, service) if kind is not None else None
    days_left = (due - today).days if due is not None else None
    return Assessment(
        category=verdict.category,
        action=next_action(verdict.action, days_left),
        amount_at_stake=verdict.amount_at_stake,
        deadline=due,
        days_left=days_left,
        priority=priority(verdict.amount_at_stake, days_left),
    )
