"""Envelope headers (ISA, GS), the events of a walk, and how a transaction set's kind is told."""

from __future__ import annotations

from dataclasses import dataclass

from edi.x12.delimiters import Delimiters
from edi.x12.segment import Segment

ENVELOPE_IDS = frozenset({"ISA", "IEA", "GS", "GE", "ST", "SE", "TA1"})
BOUNDARY = frozenset({"ISA", "IEA", "GS", "GE", "ST"})
SUPPORTED_SETS = frozenset({"835", "837", "999", "997", "277"})
# GS01 codes of the health care transactions (and the acknowledgments).
FUNCTIONAL_IDS = frozenset(
    {"HC", "HP", "HN", "HR", "HS", "HB", "HI", "BE", "RA", "FA", "PO", "IN", "SH", "TX", "AG"}
)


@dataclass(slots=True)
class InterchangeHeader:
    control_number: str  # ISA13
    sender_qualifier: str  # ISA05
    sender_id: str  # ISA06
    receiver_qualifier: str  # ISA07
    receiver_id: str  # ISA08
    date: str  # ISA09 YYMMDD
    time: str  # ISA10 HHMM
    version: str  # ISA12
    ack_requested: str  # ISA14
    usage: str  # ISA15 P/T
    delimiters: Delimiters
    segment: Segment | None = None

    @classmethod
    def from_segment(cls, seg: Segment) -> InterchangeHeader:
        return cls(
            seg[13].strip(),
            seg[5].strip(),
            seg[6].strip(),
            seg[7].strip(),
            seg[8].strip(),
            seg[9],
            seg[10],
            seg[12],
            seg[14],
            seg[15],
            seg.delimiters,
            seg,
        )

    def to_json(self) -> dict[str, str]:
        return {
            "control_number": self.control_number,
            "sender_qualifier": self.sender_qualifier,
            "sender_id": self.sender_id,
            "receiver_qualifier": self.receiver_qualifier,
            "receiver_id": self.receiver_id,
            "date": self.date,
            "time": self.time,
            "version": self.version,
            "usage": self.usage,
        }


@dataclass(slots=True)
class GroupHeader:
    functional_id: str  # GS01
    sender: str  # GS02
    receiver: str  # GS03
    date: str  # GS04
    time: str  # GS05
    control_number: str  # GS06
    version: str  # GS08
    segment: Segment | None = None

    @classmethod
    def from_segment(cls, seg: Segment) -> GroupHeader:
        return cls(seg[1], seg[2], seg[3], seg[4], seg[5], seg[6].strip(), seg[8], seg)

    def to_json(self) -> dict[str, str]:
        return {
            "functional_id": self.functional_id,
            "sender": self.sender,
            "receiver": self.receiver,
            "date": self.date,
            "time": self.time,
            "control_number": self.control_number,
            "version": self.version,
        }


@dataclass(slots=True)
class InterchangeStart:
    header: InterchangeHeader | None  # None: bare GS/ST input


@dataclass(slots=True)
class InterchangeEnd:
    header: InterchangeHeader | None


@dataclass(slots=True)
class GroupStart:
    header: GroupHeader | None  # None: bare ST input


@dataclass(slots=True)
class GroupEnd:
    header: GroupHeader | None


@dataclass(slots=True)
class Acknowledgment:
    """A TA1 segment inside an interchange (interchange acknowledgment)."""

    segment: Segment
    interchange: InterchangeHeader | None


def transaction_kind(set_id: str, implementation: str) -> str:
    """835, 999, 997, 277, 837P, 837I — or the bare set ID for what x12flow does not read."""
    if set_id == "837":
        if "X222" in implementation:
            return "837P"
        if "X223" in implementation:
            return "837I"
        if "X224" in implementation:
            return "837D"
    return set_id


def variant_of(set_id: str, implementation: str) -> str:
    if set_id == "277" and "X214" in implementation:
        return "277CA"
    return transaction_kind(set_id, implementation)
