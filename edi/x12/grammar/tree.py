"""The loop tree: what parsing a transaction set yields when no typed transformer is given."""

from __future__ import annotations

from collections.abc import Container, Iterator
from typing import Any

from lark import Transformer

from edi.x12.grammar.positions import Positions
from edi.x12.segment import Segment


def loop_id(rule: str) -> str | None:
    """The guide's loop ID for a grammar rule name (``loop_2010aa`` -> ``2010AA``)."""
    if rule.startswith("loop_"):
        return rule[5:].upper()
    return None


def place(children: list[Any], loop: str) -> None:
    """Record ``loop`` on the direct segment children that no inner loop has claimed."""
    for child in children:
        if type(child) is Segment and child.loop is None:
            child.loop = loop


class Loop:
    """One loop (or the transaction set itself): its segments and inner loops, in file order."""

    __slots__ = ("children", "id", "rule")

    def __init__(self, rule: str, children: list[Segment | Loop]) -> None:
        self.rule = str(rule)
        self.id = loop_id(self.rule) or self.rule
        self.children = children

    def segments(self) -> Iterator[Segment]:
        """This loop's own segments (not those of inner loops)."""
        for child in self.children:
            if isinstance(child, Segment):
                yield child

    def loops(self, loop: str | None = None) -> Iterator[Loop]:
        for child in self.children:
            if isinstance(child, Loop) and (loop is None or child.id == loop):
                yield child

    def first(self, segment_type: str) -> Segment | None:
        """The first own segment whose token type or ID is ``segment_type``."""
        for seg in self.segments():
            if seg.type == segment_type or seg.elements[0] == segment_type:
                return seg
        return None

    def walk(self) -> Iterator[Segment]:
        """Every segment in this loop and below, in file order."""
        for child in self.children:
            if isinstance(child, Loop):
                yield from child.walk()
            else:
                yield child

    def to_json(self) -> dict[str, Any]:
        content: list[Any] = []
        for child in self.children:
            if isinstance(child, Loop):
                content.append(child.to_json())
            else:
                content.append(segment_json(child))
        return {"loop": self.id, "content": content}

    def __repr__(self) -> str:
        return f"Loop({self.id!r}, {len(self.children)} children)"


def segment_json(seg: Segment) -> dict[str, Any]:
    comp = seg.delimiters.component
    elements: list[Any] = [e.split(comp) if comp in e else e for e in seg.elements[1:]]
    out: dict[str, Any] = {"segment": seg.elements[0], "position": seg.position}
    if seg.ordinal == 0:
        out["missing"] = True
    out["elements"] = elements
    return out


class LoopTransformer(Transformer[Any, Any]):
    """Builds :class:`Loop` objects for every rule and records loop IDs on segments.

    Typed transformers subclass it and define methods for the loops they turn into models; they
    call :func:`place` (or ``super``'s default) so that every segment knows its loop.

    ``positions`` is the guide's order of each loop's segments and inner loops, of the grammar
    that drives the transformer (set by each parse run): checks made as loops close report a
    missing segment where it belonged with it (:func:`edi.x12.occurs.check_segments`).
    """

    positions: Positions | None = None
    # the ordinals of the segments recovery reported out of place in the set being parsed (set
    # by each parse run): the element check does not judge them by the loop they were put in
    displaced: Container[int] = ()
    # (ordinal, loop ID) where recovery reported a segment missing from that loop, (ordinal,
    # None) where it reported a segment out of place (set by each parse run): a loop's
    # occurrence findings there are their consequences (edi.x12.occurs.reported_at)
    noted: Container[tuple[int, str | None]] = ()

    def __default__(self, data: str, children: list[Any], meta: Any) -> Any:
        lid = loop_id(data)
        if lid is not None:
            place(children, lid)
        return Loop(data, children)
