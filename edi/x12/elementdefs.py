"""What each element of a transaction may hold, per loop and segment: the shipped guide data.

The data comes from pyx12's maps (BSD), turned into JSON by the dev-time generator
:mod:`edi.x12.guides.build` and shipped in ``edi/x12/guides/data``: every segment of every loop
with its usage and maximum use, each element's usage, type, lengths, codes, pattern, repeat
count and composite layout, and the segment's syntax rules. ``edi/x12/guides/overlay.json`` adds
what the maps do not say, each entry with its guide citation: rules across elements (an NPI's
check digit, a state code where the country is the US or Canada) and elements a map lacks.

:func:`guide_elements` reads one kind once per process into :class:`GuideElements`, looked up by
the guide's loop ID and the segment ID, which :mod:`edi.x12.elementcheck` applies. Envelope
segments (ISA, GS, GE, IEA) are left to the envelope walker. The transaction's own header and
trailer (ST, BHT, SE, and the 835's BPR and PLB) are filed under the loop ID ``None``, as the
grammar leaves them outside any loop.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

KINDS = ("835", "999", "997", "TA1", "277CA", "277", "837P", "837I")
"""The transaction kinds with shipped guide data."""

_PACKAGE = "edi.x12.guides"

MONEY_LENGTH = 18
"""The maximum length of data element 782 (monetary amount, R 1/18), the only R element that
long: an R element of this length is an amount."""


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
    repeat: int = 1  # how many repetitions the element may have; 0: no limit


@dataclass(frozen=True, slots=True)
class SyntaxRule:
    """An X12 syntax note: ``P0809`` (paired), ``R0203`` (one at least), ``E…`` (one at most),
    ``C1110`` (if the first, then all others), ``L…`` (if the first, then one other)."""

    kind: str
    positions: tuple[int, ...]
    text: str


@dataclass(frozen=True, slots=True)
class ValueRule:
    """A rule of the overlay over one element's value, when another element allows it.

    ``npi``: when element ``qualifier`` holds one of ``when``, element ``position`` is a National
    Provider Identifier (10 digits, Luhn check digit over ``80840`` and the first nine).
    ``codes``: element ``position`` (component ``component``, 0 for a simple element) is one of
    ``codes`` when element ``qualifier`` holds one of ``when`` (``qualifier`` 0: always)."""

    kind: str
    position: int
    component: int
    qualifier: int
    when: frozenset[str]
    codes: frozenset[str]
    what: str  # how a message names what the value must be
    cite: str
    quote: bool = False  # whether a message may quote the value (codes; never addresses, ids)


# How the checker's quick pass (:func:`edi.x12.elementcheck.problems`) judges one element: the
# kinds of :class:`Step`. A value the quick pass cannot pass goes to the full check.
ABSENT = 0  # not an element here, or not used: any value needs the full check
CODES = 1  # one of ``codes``
TEXT = 2  # AN or ID text without codes: its length, and printable
PATTERN = 3  # text of a pattern: its length, printable, and the pattern
AMOUNT = 4  # R 1/18 (782 monetary amount): the plain amount form
DECIMAL = 5  # another R: the plain decimal form within ``max_len`` characters
WHOLE = 6  # N0..N9: ASCII digits within its lengths
DATE = 7  # DT: a real date of its length
TIME = 8  # TM: a real time within its lengths
COMPOSITE = 9  # components, each by its own step in ``parts``
OTHER = 10  # anything else (binary): always the full check


class Step(NamedTuple):
    """One element of a :class:`Plan` (or one component of a composite's)."""

    kind: int
    required: bool
    min_len: int
    max_len: int
    codes: frozenset[str] | None
    pattern: re.Pattern[str] | None
    parts: tuple[Step, ...]  # a composite's components, by position
    repeats: bool  # may hold repetitions: a value with the separator needs the full check


class Plan(NamedTuple):
    """A segment definition compiled once for the checker's quick pass: a step per element
    position, the last required position, the syntax rules as bit masks of positions
    (``kind, all, first, rest``), and whether DTP03 is read by DTP02."""

    steps: tuple[Step, ...]
    last_required: int
    masks: tuple[tuple[str, int, int, int], ...]
    period: bool


@dataclass(frozen=True, slots=True)
class SegmentDef:
    """One segment at one place of the guide."""

    id: str
    name: str
    elements: tuple[ElementDef | None, ...]  # by position: elements[0] is element 01
    rules: tuple[SyntaxRule, ...]
    key: tuple[int, int, frozenset[str]] | None  # (element, component, codes) naming the variant
    usage: str = "S"  # R: the segment must occur in each instance of its loop
    max_use: int = 0  # at most this many in each instance of its loop; 0: no limit
    values: tuple[ValueRule, ...] = ()  # the overlay's rules for this segment
    plan: Plan | None = None  # the quick pass's plan, made by guide_elements

    def matches(self, elements: list[str], component: str, repetition: str = "") -> bool:
        """Whether a segment's elements carry this variant's qualifier (always, without one);
        in a repeated element (CTX01), the first repetition's."""
        if self.key is None:
            return True
        position, sub, codes = self.key
        value = elements[position] if position < len(elements) else ""
        if repetition and repetition in value:
            value = value.split(repetition, 1)[0]
        if sub:
            parts = value.split(component)
            value = parts[sub - 1] if sub <= len(parts) else ""
        return value in codes

    @property
    def label(self) -> str:
        """``PER*BL`` for a qualified variant, ``N3`` otherwise (for occurrence messages)."""
        if self.key is None:
            return self.id
        codes = sorted(self.key[2])
        return f"{self.id}*{codes[0]}" if len(codes) == 1 else self.id


def value_at(elements: list[str], position: int, sub: int, component: str) -> str:
    """Element ``position`` of a segment, or its component ``sub`` when ``sub`` is not 0 ("")."""
    value = elements[position] if position < len(elements) else ""
    if sub:
        parts = value.split(component)
        value = parts[sub - 1] if sub <= len(parts) else ""
    return value


class Place(NamedTuple):
    """How the checker finds a segment's variant at one place without trying each in turn:
    ``single``, the one definition without a qualifier; else ``table``, the variants keyed by
    a simple element (``position``) up to the first that is not, then a scan of ``variants``."""

    variants: tuple[SegmentDef, ...]
    single: SegmentDef | None
    position: int
    table: dict[str, SegmentDef]


class GuideElements:
    """Every segment definition of one guide, by (loop ID or None, segment ID)."""

    def __init__(self, places: dict[tuple[str | None, str], tuple[SegmentDef, ...]]) -> None:
        places = _keyed(places)
        self.places = places
        self.lookup: dict[str | None, dict[str, Place]] = {}
        for (loop, sid), defs in places.items():
            self.lookup.setdefault(loop, {})[sid] = _place(defs)
        loops: dict[str | None, list[SegmentDef]] = {}
        for (loop, _), defs in places.items():
            loops.setdefault(loop, []).extend(defs)
        self.loops = {loop: tuple(defs) for loop, defs in loops.items()}
        self.indexes = {  # where each definition stands in its loop's, for counting
            loop: {id(d): i for i, d in enumerate(defs)} for loop, defs in self.loops.items()
        }

    def variants(self, loop: str | None, segment_id: str) -> tuple[SegmentDef, ...]:
        return self.places.get((loop, segment_id), ())

    def in_loop(self, loop: str | None) -> tuple[SegmentDef, ...]:
        """Every segment definition of one loop (of the header and trailer for None)."""
        return self.loops.get(loop, ())


def _keyed(
    places: dict[tuple[str | None, str], tuple[SegmentDef, ...]],
) -> dict[tuple[str | None, str], tuple[SegmentDef, ...]]:
    """Places with one unqualified definition of a segment the guide tells apart by a qualifier
    elsewhere (999 CTX: SITUATIONAL TRIGGER or a business unit in 2100, one element context in
    2110) keyed by the same element's codes, so that a segment of another place that lands there
    is one wrong qualifier (IK403 7), not a list of element findings."""
    shapes: dict[str, tuple[int, int]] = {}
    for defs in places.values():
        for variant in defs:
            if variant.key is not None:
                shapes.setdefault(variant.id, variant.key[:2])
    out = dict(places)
    for place, defs in places.items():
        if len(defs) != 1 or defs[0].key is not None or defs[0].id not in shapes:
            continue
        position, sub = shapes[defs[0].id]
        element = defs[0].elements[position - 1] if position <= len(defs[0].elements) else None
        if element is not None and sub and element.components is not None:
            element = element.components[sub - 1] if sub <= len(element.components) else None
        if element is not None and element.codes is not None and element.usage == "R":
            out[place] = (replace(defs[0], key=(position, sub, element.codes)),)
    return out


def _place(variants: tuple[SegmentDef, ...]) -> Place:
    first = variants[0].key if variants else None
    if first is None:
        return Place(variants, variants[0] if variants else None, 0, {})
    table: dict[str, SegmentDef] = {}
    for variant in variants:
        key = variant.key
        if key is None or key[1] or key[0] != first[0]:
            break
        for code in key[2]:
            table.setdefault(code, variant)
    return Place(variants, None, first[0], table)


@cache
def guide_elements(kind: str) -> GuideElements:
    """The element definitions for ``kind`` (one of :data:`KINDS`), read once per process."""
    data = _read(f"data/{kind}.json")
    overlay = _read("overlay.json")
    lists = {k: frozenset(v) for k, v in _read("data/external.json")["lists"].items()}
    places: dict[str, list[Any]] = data["places"]
    for entry in overlay["elements"]:
        if kind in entry["kinds"]:
            _amend(places, entry)
    rules = [r for r in overlay["rules"] if r["kinds"] == "all" or kind in r["kinds"]]
    out: dict[tuple[str | None, str], tuple[SegmentDef, ...]] = {}
    for place, defs in places.items():
        loop, _, sid = place.partition(" ")
        values = tuple(_value_rules(sid, rules, lists))
        out[(loop or None, sid)] = tuple(_segment(seg, values) for seg in defs)
    return GuideElements(out)


def _amend(places: dict[str, list[Any]], entry: dict[str, Any]) -> None:
    """Apply one overlay entry: ``set`` over elements ``positions`` (or their ``components``) of
    the segment at ``place``, or of segment ``segment`` wherever it stands."""
    if "place" in entry:
        found = places[entry["place"]]
    else:
        found = [
            s for p, defs in places.items() if p.endswith(" " + entry["segment"]) for s in defs
        ]
    for seg in found:
        elements = seg["elements"]
        for position in entry["positions"]:
            while len(elements) < position:
                elements.append(None)
            element = elements[position - 1] = dict(elements[position - 1] or {})
            if "components" not in entry:
                element.update(entry["set"])
                continue
            parts = element["parts"] = list(element["parts"])
            for sub in entry["components"]:
                parts[sub - 1] = {**parts[sub - 1], **entry["set"]}


def _read(name: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(resources.files(_PACKAGE).joinpath(name).read_bytes())
    return found


def _value_rules(
    segment_id: str, rules: list[dict[str, Any]], lists: dict[str, frozenset[str]]
) -> list[ValueRule]:
    out = []
    for rule in rules:
        if rule["segment"] != segment_id:
            continue
        codes = lists.get(rule.get("list", ""), frozenset()) | frozenset(rule.get("add", ()))
        for position in rule["elements"]:
            out.append(
                ValueRule(
                    rule["rule"],
                    position,
                    rule.get("component", 0),
                    rule.get("qualifier", 0),
                    frozenset(rule.get("when", ())),
                    codes,
                    rule["what"],
                    rule["cite"],
                    rule.get("quote", False),
                )
            )
    return out


def _segment(seg: dict[str, Any], values: tuple[ValueRule, ...]) -> SegmentDef:
    sid = seg["id"]
    elements = tuple(
        _element(e, f"{sid}{i:02d}") if e is not None else None
        for i, e in enumerate(seg["elements"], 1)
    )
    rules = tuple(_rule(text) for text in seg["rules"])
    key = seg.get("key")
    return SegmentDef(
        sid,
        seg["name"],
        elements,
        rules,
        (key[0], key[1], frozenset(key[2])) if key is not None else None,
        seg["usage"],
        seg["max_use"] or 0,
        values,
        _plan(sid, elements, rules),
    )


def _plan(sid: str, elements: tuple[ElementDef | None, ...], rules: tuple[SyntaxRule, ...]) -> Plan:
    steps = tuple(_step(e) for e in elements)
    required = [i for i, step in enumerate(steps, 1) if step.required]
    masks = []
    for rule in rules:
        bits = [1 << p for p in rule.positions]
        masks.append((rule.kind, sum(bits), bits[0], sum(bits[1:])))
    return Plan(steps, max(required, default=0), tuple(masks), sid == "DTP")


_TYPES = {"R": DECIMAL, "DT": DATE, "TM": TIME}


def _step(element: ElementDef | None) -> Step:
    if element is None or element.usage == "N":
        return Step(ABSENT, False, 0, 0, None, None, (), False)
    required = element.usage == "R"
    repeats = element.repeat != 1
    if element.components is not None:
        parts = tuple(_step(p) for p in element.components)
        return Step(COMPOSITE, required, 0, 0, None, None, parts, repeats)
    kind = element.data_type
    if kind == "R" and element.min_len > 1:
        step = OTHER  # the quick decimal forms assume any length from 1 may do
    elif element.codes is not None:
        step = CODES
    elif kind in ("AN", "ID"):
        step = TEXT if element.pattern is None else PATTERN
    elif kind[:1] == "N":
        step = WHOLE
    else:
        step = _TYPES.get(kind, OTHER)
        if step == DECIMAL and element.max_len == MONEY_LENGTH:
            step = AMOUNT
    return Step(
        step,
        required,
        element.min_len,
        element.max_len,
        element.codes,
        element.pattern,
        (),
        repeats,
    )


def _element(node: dict[str, Any], ref: str) -> ElementDef:
    name = node["name"] or ref
    usage = node["usage"]
    repeat = node.get("repeat", 1) or 0
    parts = node.get("parts")
    if parts is not None:
        components = tuple(
            _element(p, f"{ref}-{i:02d}") if p is not None else None for i, p in enumerate(parts, 1)
        )
        return ElementDef(ref, name, usage, "", 0, 0, None, None, components, repeat=repeat)
    data_type = node["type"]
    codes = frozenset(node["codes"]) if node.get("codes") is not None else None
    regex = node.get("regex")
    pattern = re.compile(regex) if regex else None
    plain = usage != "N" and data_type in ("AN", "ID") and codes is None and pattern is None
    return ElementDef(
        ref,
        name,
        usage,
        data_type,
        node["min"],
        node["max"],
        codes,
        pattern,
        None,
        plain,
        repeat,
    )


def _rule(text: str) -> SyntaxRule:
    positions = tuple(int(text[i : i + 2]) for i in range(1, len(text), 2))
    return SyntaxRule(text[0], positions, text)
