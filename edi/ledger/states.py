"""The claim state machine: pure functions from (current status, what happened) to a status.

    submitted ─┬─► accepted ──┬─► acknowledged ─┬─► paid ◄──┐
               │  (999 A/E)   │   (277CA A1/A2)  ├─► denied  │ correction
               └─► rejected ◄─┘                  └─► reversed┘
                  (999 R, 277CA A3-A8): fix and resubmit → submitted

An acknowledgment never moves a claim backwards: a 999 or 277CA that arrives after the claim
was adjudicated is recorded as an event but leaves the status alone. An 835 is the payer's
word on money and applies from any status.
"""

from __future__ import annotations

from decimal import Decimal

SUBMITTED = "submitted"
ACCEPTED = "accepted"
REJECTED = "rejected"
ACKNOWLEDGED = "acknowledged"
PAID = "paid"
DENIED = "denied"
REVERSED = "reversed"

STATUSES = (SUBMITTED, ACCEPTED, REJECTED, ACKNOWLEDGED, PAID, DENIED, REVERSED)
ADJUDICATED = frozenset({PAID, DENIED, REVERSED})

# CLP02 codes: processed (as primary, secondary, tertiary; 19-21 also forwarded), denied,
# reversal. 23 (not our claim) and 25 (predetermination) do not change the claim's status.
PROCESSED_CODES = frozenset({"1", "2", "3", "19", "20", "21"})
DENIED_CODE = "4"
REVERSAL_CODE = "22"


def on_set_acknowledged(current: str, accepted: bool) -> str:
    """A 999/997 IK5 (AK5) for the transaction set that carried the claim's latest submission."""
    if accepted:
        return ACCEPTED if current == SUBMITTED else current
    return REJECTED if current in (SUBMITTED, ACCEPTED) else current


def on_claim_acknowledged(current: str, accepted: bool | None) -> str:
    """A 277CA claim status (2200D): True accepted (A1/A2), False rejected, None neither."""
    if accepted is None:
        return current
    if accepted:
        return ACKNOWLEDGED if current in (SUBMITTED, ACCEPTED) else current
    return REJECTED if current in (SUBMITTED, ACCEPTED, ACKNOWLEDGED) else current


def on_payment(current: str, status_code: str, paid: Decimal, patient_owes: Decimal) -> str:
    """An 835 CLP; ``paid`` and ``patient_owes`` are the claim's totals after posting it.

    A processed claim with nothing paid and nothing left to the patient is a denial too.
    """
    if status_code == REVERSAL_CODE:
        return REVERSED
    if status_code == DENIED_CODE:
        return DENIED
    if status_code in PROCESSED_CODES:
        return PAID if paid != 0 or patient_owes != 0 else DENIED
    return current


def is_transition(current: str, new: str) -> bool:
    return current != new
