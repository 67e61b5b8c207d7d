"""Deadlines: how long each next action stays open, per payer, with sensible defaults.

Windows are counted in calendar days from the day the denial or rejection was received (the
835, 277CA or 999 date). The defaults are conservative, because a deadline set too early costs
a little haste and one set too late costs the claim:

=====================  =====  ==============================================================
window                 days   why this default
=====================  =====  ==============================================================
``appeal_days``        120    Medicare's redetermination window (120 days from the notice);
                              commercial payers commonly allow 180 — configure them
``corrected_days``     365    a corrected or new claim after a denial or rejection; also the
                              cap below
``filing_days``        365    the filing limit counted from the date of service (Medicare:
                              one calendar year); a claim sent again must still meet it
``next_payer_days``    90     a secondary claim after the primary's remittance (a common
                              commercial limit)
=====================  =====  ==============================================================

When the date of service is known, a corrected claim's deadline is the earlier of
``received + corrected_days`` and ``service + filing_days``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from edi.model.denials.terms import Action
from edi.x12.errors import ConfigError

MAX_WINDOW_DAYS = 3650


class DeadlineKind(StrEnum):
    """Which window a next action runs against."""

    APPEAL = "appeal"
    CORRECTED_CLAIM = "corrected_claim"
    NEXT_PAYER = "next_payer"


@dataclass(frozen=True, slots=True)
class PayerWindows:
    """One payer's windows in days (the defaults are the table above)."""

    appeal_days: int = 120
    corrected_days: int = 365
    filing_days: int = 365
    next_payer_days: int = 90

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise ConfigError(f"deadline window {item.name} must be a whole number of days")
            if not 1 <= value <= MAX_WINDOW_DAYS:
                raise ConfigError(
                    f"deadline window {item.name} must be 1 to {MAX_WINDOW_DAYS} days, not {value}"
                )


DEFAULT_WINDOWS = PayerWindows()


@dataclass(frozen=True, slots=True)
class DeadlineSettings:
    """The default windows and the payers whose windows differ, keyed by payer ID (the 835's
    N1*PR identifier or the 837's 2010BB NM109)."""

    default: PayerWindows = DEFAULT_WINDOWS
    payers: Mapping[str, PayerWindows] = field(default_factory=lambda: MappingProxyType({}))

    def for_payer(self, payer_id: str | None) -> PayerWindows:
        """The payer's own windows, or the default ones."""
        if payer_id is None:
            return self.default
        return self.payers.get(payer_id, self.default)

    @classmethod
    def from_table(cls, table: Mapping[str, Any], name: str | None = None) -> DeadlineSettings:
        """Settings from a configuration table: window keys for the default, and a
        ``payers`` table of payer ID to the keys that differ from the default::

            appeal_days = 120
            [payers.87726]
            appeal_days = 180
        """
        names = {item.name for item in fields(PayerWindows)}
        unknown = set(table) - names - {"payers"}
        if unknown:
            raise ConfigError(
                f"unknown deadline setting(s): {', '.join(sorted(unknown))}", file=name
            )
        try:
            default = PayerWindows(**{k: v for k, v in table.items() if k in names})
            payers: dict[str, PayerWindows] = {}
            listed = table.get("payers", {})
            if not isinstance(listed, Mapping):
                raise ConfigError("payers is a table of payer ID to windows")
            for payer, own in listed.items():
                if not isinstance(own, Mapping):
                    raise ConfigError(f"payer {payer}: a table of windows")
                extra = set(own) - names
                if extra:
                    raise ConfigError(
                        f"payer {payer}: unknown deadline setting(s) {', '.join(sorted(extra))}"
                    )
                windows = {item.name: getattr(default, item.name) for item in fields(default)}
                payers[str(payer)] = PayerWindows(**(windows | dict(own)))
        except ConfigError as exc:
            raise ConfigError(exc.message, file=name) from None
        return cls(default, MappingProxyType(payers))


_KIND_OF = {
    Action.APPEAL: DeadlineKind.APPEAL,
    Action.CORRECT_AND_RESUBMIT: DeadlineKind.CORRECTED_CLAIM,
    Action.BILL_NEXT_PAYER: DeadlineKind.NEXT_PAYER,
    # Until a person has looked, keep the earliest right a denial gives: the appeal window.
    Action.REVIEW: DeadlineKind.APPEAL,
}


def deadline_kind(action: Action) -> DeadlineKind | None:
    """The window ``action`` runs against; None for billing the patient, writing off, none."""
    return _KIND_OF.get(action)


def deadline(
    kind: DeadlineKind,
    received: dt.date,
    windows: PayerWindows = DEFAULT_WINDOWS,
    service: dt.date | None = None,
) -> dt.date:
    """The last day to act: ``received`` plus the kind's window; a corrected claim also by
    the filing limit from ``service`` (the date of service), whichever comes first."""
    if kind is DeadlineKind.APPEAL:
        return received + dt.timedelta(days=windows.appeal_days)
    if kind is DeadlineKind.NEXT_PAYER:
        return received + dt.timedelta(days=windows.next_payer_days)
    due = received + dt.timedelta(days=windows.corrected_days)
    if service is not None:
        due = min(due, service + dt.timedelta(days=windows.filing_days))
    return due
