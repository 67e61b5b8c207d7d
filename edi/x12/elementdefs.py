"""What each element of a transaction may hold, per loop and segment, read from pyx12's maps.

pyx12 (a dependency, BSD) ships one XML map per implementation guide, with every segment of
every loop: its elements' usage (required, situational, not used), data element number, valid
codes, patterns, composites and the segment's syntax rules; ``dataele.xml`` gives each data
element's type and length. :func:`guide_elements` turns a map into :class:`GuideElements`,
looked up by the guide's loop ID and the segment ID, which :mod:`edi.x12.elementcheck` applies.

Envelope segments (ISA, GS, GE, IEA) are left to the envelope walker. The transaction's own
header and trailer (ST, BHT, SE) are filed under the loop ID ``None``, as the grammar leaves
them outside any loop.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from importlib import resources

MAPS = {
    "837P": "837.5010.X222.A1.xml",
    "837I": "837Q3.I.5010.X223.A1.xml",
}
"""The pyx12 map of each transaction kind x12flow checks element by element."""

_WRAPPERS = frozenset({"ST_LOOP", "HEADER", "DETAIL", "FOOTER"})


@dataclass(frozen=True, slots=True)
class ElementDef:
    """One element, or one component of a composite."""

    ref: str  # NM103, or CLM05-01 for a component
    name: str
    usage: str  # R required, S situational, N not used
    data_type: str  # AN, ID, R, N0, N2, DT, TM, B
    min_len: int
    max_len: int
    codes: frozenset[str] | None  # None: any value of the type
    pattern: re.Pattern[str] | None
    components: tuple[ElementDef | None, ...] | None  # a composite's components, by position
    plain: bool = False  # used text with no codes, pattern or type to check: length is all


@dataclass(frozen=True, slots=True)
class SyntaxRule:
    """An X12 syntax note: ``P0809`` (paired), ``R0203`` (one at least), ``E…`` (one at most),
    ``C1110`` (if the first, then all others), ``L…`` (if the first, then one other)."""

    kind: str
    positions: tuple[int, ...]
    text: str


@dataclass(frozen=True, slots=True)
class SegmentDef:
    """One segment at one place of the guide."""

    id: str
    name: str
    elements: tuple[ElementDef | None, ...]  # by position: elements[0] is element 01
    rules: tuple[SyntaxRule, ...]
    key: tuple[int, int, frozenset[str]] | None  # (element, component, codes) naming the variant

    def matches(self, elements: list[str], component: str) -> bool:
        """Whether a segment's elements carry this variant's qualifier (always, without one)."""
        if self.key is None:
            return True
        position, sub, codes = self.key
        return value_at(elements, position, sub, component) in codes


def value_at(elements: list[str], position: int, sub: int, component: str) -> str:
    """Element ``position`` of a segment, or its component ``sub`` when ``sub`` is not 0 ("")."""
    value = elements[position] if position < len(elements) else ""
    if sub:
        parts = value.split(component)
        value = parts[sub - 1] if sub <= len(parts) else ""
    return value


class GuideElements:
    """Every segment definition of one guide, by (loop ID or None, segment ID)."""

    def __init__(self, places: dict[tuple[str | None, str], tuple[SegmentDef, ...]]) -> None:
        self.places = places

    def variants(self, loop: str | None, segment_id: str) -> tuple[SegmentDef, ...]:
        return self.places.get((loop, segment_id), ())


@cache
def guide_elements(kind: str) -> GuideElements:
    """The element definitions for ``kind`` (a key of :data:`MAPS`), read once per process."""
    files = resources.files("pyx12").joinpath("map")
    types = _data_elements(ET.fromstring(files.joinpath("dataele.xml").read_bytes()))
    root = ET.fromstring(files.joinpath(MAPS[kind]).read_bytes())
    places: dict[tuple[str | None, str], list[SegmentDef]] = {}
    for loop in root.iter("loop"):
        xid = loop.get("xid", "")
        if xid in ("ISA_LOOP", "GS_LOOP"):
            continue
        key = None if xid in _WRAPPERS else xid
        for node in loop.findall("segment"):
            seg = _segment(node, types)
            places.setdefault((key, seg.id), []).append(seg)
    return GuideElements({place: _keyed(defs) for place, defs in places.items()})


def _data_elements(root: ET.Element) -> dict[str, tuple[str, int, int]]:
    return {
        e.get("ele_num", ""): (
            e.get("data_type", "AN"),
            int(e.get("min_len", "1")),
            int(e.get("max_len", "1")),
        )
        for e in root.iter("data_ele")
    }


def _segment(node: ET.Element, types: dict[str, tuple[str, int, int]]) -> SegmentDef:
    sid = node.get("xid", "")
    elements: list[ElementDef | None] = []
    for child in node:
        if child.tag not in ("element", "composite"):
            continue
        position = int(child.findtext("seq", "0"))
        while len(elements) < position:
            elements.append(None)
        elements[position - 1] = _element(child, types, f"{sid}{position:02d}")
    rules = tuple(_rule(text) for text in (s.text or "" for s in node.findall("syntax")) if text)
    return SegmentDef(sid, node.findtext("name", sid), tuple(elements), rules, None)


def _element(node: ET.Element, types: dict[str, tuple[str, int, int]], ref: str) -> ElementDef:
    name = node.findtext("name", ref)
    usage = node.findtext("usage", "S")
    if node.tag == "composite":
        parts: list[ElementDef | None] = []
        for child in node.findall("element"):
            sub = int(child.findtext("seq", "0"))
            while len(parts) < sub:
                parts.append(None)
            parts[sub - 1] = _element(child, types, f"{ref}-{sub:02d}")
        return ElementDef(ref, name, usage, "", 0, 0, None, None, tuple(parts))
    data_type, low, high = types.get(node.findtext("data_ele", ""), ("AN", 1, 1))
    valid = node.find("valid_codes")
    codes = None
    if valid is not None and valid.get("external") is None:
        found = frozenset(c.text or "" for c in valid.findall("code"))
        codes = found or None
    regex = node.findtext("regex")
    pattern = re.compile(regex) if regex else None
    plain = usage != "N" and data_type in ("AN", "ID") and codes is None and pattern is None
    return ElementDef(ref, name, usage, data_type, low, high, codes, pattern, None, plain)


def _rule(text: str) -> SyntaxRule:
    positions = tuple(int(text[i : i + 2]) for i in range(1, len(text), 2))
    return SyntaxRule(text[0], positions, text)


def _keyed(defs: list[SegmentDef]) -> tuple[SegmentDef, ...]:
    """Give each of several same-ID segments at one place the qualifier that tells it apart:
    the first element (or a composite's first component) with codes. A loop the map repeats
    under two parents (2300 under 2000B and under 2000C) gives the same segments twice; they
    are kept once."""
    defs = list(dict.fromkeys(defs))
    if len(defs) == 1:
        return (defs[0],)
    out = []
    for seg in defs:
        key = None
        for position, element in enumerate(seg.elements, 1):
            if element is None:
                continue
            if element.components:
                first = element.components[0]
                if first is not None and first.codes:
                    key = (position, 1, first.codes)
                    break
            elif element.codes:
                key = (position, 0, element.codes)
                break
        out.append(
            SegmentDef(seg.id, seg.name, seg.elements, seg.rules, key) if key is not None else seg
        )
    return tuple(out)
