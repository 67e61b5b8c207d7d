"""277 claim status: the 277CA claim acknowledgment (005010X214) and the 277 claim status
response (005010X212).

``READER_277CA`` and ``READER_277`` turn a transaction set into a :class:`ClaimStatusReport`:
the HL hierarchy (information source, receiver, provider, patient/subscriber/dependent) with the
statuses at each level, and one :class:`ClaimStatus` per claim — patient control number (TRN02),
payer claim control number (REF*1K), clearinghouse trace (REF*D9), bill type, charge, service
dates, every STC with its meanings, line statuses (SVC, REF*FJ) and an ``accepted`` verdict.
"""

from parsers.status277.models import (
    ClaimStatus,
    ClaimStatusReport,
    HierarchyLevel,
    LineStatus,
    Party,
    Reference,
    ServiceId,
    Status,
    StatusCode,
    StatusHeader,
)
from parsers.status277.reader import READER_277, READER_277CA, StatusReader

__all__ = [
    "READER_277",
    "READER_277CA",
    "ClaimStatus",
    "ClaimStatusReport",
    "HierarchyLevel",
    "LineStatus",
    "Party",
    "Reference",
    "ServiceId",
    "Status",
    "StatusCode",
    "StatusHeader",
    "StatusReader",
]
