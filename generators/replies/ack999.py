"""999 implementation acknowledgment writer (005010X231A1).

Unlike pyx12's own 999 writer this one emits the HIPAA-adopted version (GS08/ST03
``005010X231A1``), the E (accepted with errors) and P (partially accepted) codes, the IK303 loop
ID and a business-unit ``CTX*CLM01:<claim>`` that names the claim an error belongs to.

    group = GroupAck("HC", "1", "005010X222A1", (SetAck("837", "0001", "005010X222A1", "A"),))
    body = ack999_body(group, "0001")
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from edi.x12.writer import Element, SegmentData
from generators.replies.envelope import TransactionBody

VERSION = "005010X231A1"
FUNCTIONAL_ID = "FA"

SetCode = Literal["A", "E", "R"]
GroupCode = Literal["A", "E", "P", "R"]


@dataclass(frozen=True, slots=True)
class ElementNote:
    """IK4: one element in error."""

    position: int  # IK401-1 element position in the segment
    reference: str  # IK402 data element reference number (1331, 235, …)
    code: str  # IK403 implementation data element syntax error code
    component: int | None = None  # IK401-2 component position in a composite
    bad_value: str = ""  # IK404 copy of the bad data element


@dataclass(frozen=True, slots=True)
class SegmentNote:
    """IK3 (+ CTX naming the claim) and its IK4 element notes."""

    segment_id: str  # IK301
    position: int  # IK302 position in the transaction set, ST = 1
    loop: str  # IK303 loop identifier (2300, 2400, …)
    code: str  # IK304 segment syntax error code
    claim_id: str | None = None  # CTX*CLM01:<CLM01> business unit context
    elements: tuple[ElementNote, ...] = ()


@dataclass(frozen=True, slots=True)
class SetAck:
    """One AK2 … IK5 loop: the verdict on one acknowledged transaction set."""

    set_id: str  # AK201, the acknowledged ST01
    control_number: str  # AK202, the acknowledged ST02
    implementation: str  # AK203, the acknowledged ST03
    code: SetCode  # IK501
    notes: tuple[SegmentNote, ...] = ()
    set_codes: tuple[str, ...] = ()  # IK502-IK506

    def __post_init__(self) -> None:
        if self.code == "A" and (self.notes or self.set_codes):
            raise ValueError(f"set {self.control_number}: an accepted set carries no errors")
        if self.code != "A" and not (self.notes or self.set_codes):
            raise ValueError(f"set {self.control_number}: code {self.code} needs an error")
        if len(self.set_codes) > 5:
            raise ValueError("IK5 carries at most five set error codes")

    @property
    def accepted(self) -> bool:
        return self.code in ("A", "E")


@dataclass(frozen=True, slots=True)
class GroupAck:
    """The acknowledged functional group (AK1) and its sets."""

    functional_id: str  # AK101, the acknowledged GS01
    control_number: str  # AK102, the acknowledged GS06
    version: str  # AK103, the acknowledged GS08
    sets: tuple[SetAck, ...]
    included: int | None = None  # AK902: GE01 of the acknowledged group (default: sets given)

    @property
    def code(self) -> GroupCode:
        """AK901: A all accepted, E all accepted with some errors, P some rejected, R none
        accepted."""
        accepted = sum(1 for s in self.sets if s.accepted)
        if accepted == 0:
            return "R"
        if accepted < len(self.sets) or accepted < self.expected:
            return "P"
        return "E" if any(s.code == "E" for s in self.sets) else "A"

    @property
    def expected(self) -> int:
        return self.included if self.included is not None else len(self.sets)


def _position(position: int, component: int | None) -> Element:
    return (str(position), str(component)) if component is not None else str(position)


def note_segments(note: SegmentNote) -> list[SegmentData]:
    out: list[SegmentData] = [["IK3", note.segment_id, str(note.position), note.loop, note.code]]
    if note.claim_id is not None:
        out.append(["CTX", ("CLM01", note.claim_id)])
    for element in note.elements:
        out.append(
            [
                "IK4",
                _position(element.position, element.component),
                element.reference,
                element.code,
                element.bad_value,
            ]
        )
    return out


def set_segments(ack: SetAck) -> list[SegmentData]:
    out: list[SegmentData] = [["AK2", ack.set_id, ack.control_number, ack.implementation]]
    for note in ack.notes:
        out.extend(note_segments(note))
    out.append(["IK5", ack.code, *ack.set_codes])
    return out


def ack999_segments(group: GroupAck) -> list[SegmentData]:
    """AK1 … AK9: the body of one 999 transaction set."""
    out: list[SegmentData] = [["AK1", group.functional_id, group.control_number, group.version]]
    for ack in group.sets:
        out.extend(set_segments(ack))
    accepted = sum(1 for s in group.sets if s.accepted)
    out.append(["AK9", group.code, str(group.expected), str(len(group.sets)), str(accepted)])
    return out


def ack999_body(group: GroupAck, control_number: str) -> TransactionBody:
    return TransactionBody("999", control_number, VERSION, ack999_segments(group))
