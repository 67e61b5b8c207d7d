"""Location: every coordinate a finding can point at, as a 999 IK3/IK4 would need them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from edi.x12.quoting import is_control_number, is_segment_id, safe_segment_id

if TYPE_CHECKING:
    from edi.x12.segment import Segment


@dataclass(frozen=True, slots=True)
class Location:
    file: str | None = None
    interchange: str | None = None  # ISA13
    group: str | None = None  # GS06
    transaction: str | None = None  # ST02
    segment: int | None = None  # ordinal of the segment in the file (1-based)
    position: int | None = None  # position in the transaction set, ST = 1 (999 IK302)
    segment_id: str | None = None
    loop: str | None = None  # the guide's loop ID (999 IK303)
    element: int | None = None  # IK401-1
    component: int | None = None  # IK401-2
    repetition: int | None = None  # IK401-3
    offset: int | None = None  # byte offset in the file

    def __post_init__(self) -> None:
        # Values taken from the file are shown only in their own shape: a segment "ID" that is
        # no ID is text that is not X12 (or a segment with another element separator), a
        # control number that is no control number may be anything.
        if self.segment_id is not None and not is_segment_id(self.segment_id):
            object.__setattr__(self, "segment_id", safe_segment_id(self.segment_id))
        for name in ("interchange", "group", "transaction"):
            number = getattr(self, name)
            if number is not None and not is_control_number(number):
                object.__setattr__(self, name, None)

    def with_(self, **changes: Any) -> Location:
        return replace(self, **changes)

    def at(self, seg: Segment, **changes: Any) -> Location:
        """This location narrowed to ``seg``: its ordinal, position, ID, loop and offset (none
        of the file coordinates for a segment the parser assumed), then ``changes``."""
        real = seg.ordinal > 0
        coordinates: dict[str, Any] = {
            "segment": seg.ordinal if real else None,
            "position": seg.position or None,
            "segment_id": seg.elements[0],
            "loop": seg.loop,
            "offset": seg.offset if real else None,
        }
        return replace(self, **(coordinates | changes))

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def __str__(self) -> str:
        head = self.file or "<input>"
        if self.segment is None:
            return head
        detail = []
        if self.segment_id:
            detail.append(self.segment_id + (f"{self.element:02d}" if self.element else ""))
        if self.loop:
            detail.append(f"loop {self.loop}")
        inner = f" ({', '.join(detail)})" if detail else ""
        return f"{head}:segment {self.segment}{inner}"
