"""Segment: one X12 segment with its elements and where it stands in the file.

A segment is also the token the grammar engine feeds to the parser: ``type`` is its token name,
the segment ID refined by a qualifier where the guide needs one (``NM1_85``, ``HL_22``).
"""

from __future__ import annotations

from edi.x12.delimiters import DEFAULT, Delimiters


class Segment:
    """One segment. ``elements[0]`` is the segment ID, so ``seg[1]`` is element 01."""

    __slots__ = ("delimiters", "elements", "loop", "offset", "ordinal", "position", "type")

    def __init__(
        self,
        elements: list[str],
        ordinal: int = 0,
        offset: int = 0,
        delimiters: Delimiters = DEFAULT,
    ) -> None:
        self.elements = elements
        self.type: str = elements[0]
        self.ordinal = ordinal  # 1-based position in the file
        self.offset = offset  # byte offset of the segment's first character in the file
        self.position = 0  # 1-based position in its transaction set (ST = 1); 0 outside one
        self.loop: str | None = None  # the guide's loop ID, set when the grammar places it
        self.delimiters = delimiters

    @property
    def id(self) -> str:
        return self.elements[0]

    def __getitem__(self, index: int) -> str:
        """Element ``index`` (1-based), or "" when the segment has fewer elements."""
        elements = self.elements
        return elements[index] if index < len(elements) else ""

    def get(self, index: int) -> str:
        return self[index]

    def __len__(self) -> int:
        """Number of data elements (the segment ID not counted)."""
        return len(self.elements) - 1

    def components(self, index: int) -> list[str]:
        """Element ``index`` split into its components (always at least one item)."""
        return self[index].split(self.delimiters.component)

    def component(self, index: int, sub: int) -> str:
        """Component ``sub`` (1-based) of element ``index``, or ""."""
        parts = self.components(index)
        return parts[sub - 1] if sub <= len(parts) else ""

    def repetitions(self, index: int) -> list[str]:
        value = self[index]
        rep = self.delimiters.repetition
        if not value:
            return []
        return value.split(rep) if rep else [value]

    def text(self, delimiters: Delimiters | None = None) -> str:
        """The segment as X12 text (without terminator)."""
        d = delimiters or self.delimiters
        if d is self.delimiters or d == self.delimiters:
            return d.element.join(self.elements)
        return d.element.join(_redelimit(e, self.delimiters, d) for e in self.elements)

    def __repr__(self) -> str:
        return f"Segment({self.text()!r}, ordinal={self.ordinal})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Segment):
            return NotImplemented
        return self.elements == other.elements

    __hash__ = None  # type: ignore[assignment]


def _redelimit(value: str, old: Delimiters, new: Delimiters) -> str:
    value = value.replace(old.component, new.component)
    if old.repetition and new.repetition:
        value = value.replace(old.repetition, new.repetition)
    return value
