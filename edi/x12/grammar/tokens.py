"""Segments to tokens: a segment's token type is its ID, refined by a qualifier where the
grammar's qualifier table says so (``NM1`` with NM101 ``85`` becomes ``NM1_85``)."""

from __future__ import annotations

from dataclasses import dataclass

from edi.x12.segment import Segment


@dataclass(frozen=True)
class Refinement:
    """Which element (and component) refines a segment ID, and the token of each value."""

    element: int
    component: int  # 0: the whole element
    tokens: dict[str, str]  # qualifier value -> token type

    def token(self, seg: Segment) -> str:
        """The token type of ``seg``: its ID when the qualifier is absent or not listed."""
        value = seg[self.element]
        if self.component:
            parts = value.split(seg.delimiters.component)
            value = parts[self.component - 1] if self.component <= len(parts) else ""
        return self.tokens.get(value.strip(), seg.elements[0])
