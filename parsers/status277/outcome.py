"""A claim's outcome from its statuses (reference §3.8)."""

from __future__ import annotations

from parsers.status277 import codes
from parsers.status277.models import Status

# The first letter of a category names its family.
_FAMILIES = {
    "P": "pending",
    "F": "finalized",
    "R": "information requested",
    "E": "response not possible",
    "D": "data reporting",
}


def categories(statuses: list[Status]) -> list[str]:
    """Every category of every STC composite (STC01, STC10, STC11), in order."""
    return [c for s in statuses for c in (s.category, *(a.category for a in s.additional))]


def verdict(statuses: list[Status]) -> tuple[bool | None, str]:
    """(accepted, outcome): rejected by any A3/A4/A6/A7/A8 or STC03 U, accepted by A1/A2.

    Anything else — forwarded (A0), pending, finalized, requests — is no acknowledgment verdict,
    so ``accepted`` is None.
    """
    if any(s.rejected for s in statuses):
        return False, "rejected"
    found = categories(statuses)
    if any(c in codes.ACCEPTED_CATEGORIES for c in found):
        return True, "accepted"
    if any(c in codes.FORWARDED_CATEGORIES for c in found):
        return None, "forwarded"
    for category in found:
        family = _FAMILIES.get(category[:1])
        if family is not None:
            return None, family
    return None, "unknown"
