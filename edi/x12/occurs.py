"""Occurrence limits: how often a loop or a segment may occur in each loop instance (IK304).

The grammar leaves counts open (every loop is ``loop_x*``, qualified segments sharing a position
are an unordered group). Two sources of limits, both data, report what breaks them as IK304
findings: a required loop missing (I7), a loop repeated too often (4), a required segment
missing (3), a segment repeated too often (5).

* The ``[occurs]`` table of the grammar's ``.toml``: :meth:`OccurrenceTable.check` walks a
  parsed loop tree (the 837's hand-checked limits of loops and qualified segment groups).
* The guide data (:mod:`edi.x12.elementdefs`): each segment of a loop with its usage and maximum
  use, per qualifier (``PER*BL`` required in the 835's 1000A, at most four ``REF`` there).
  :func:`check_segments` counts one loop instance's own segments against them; the readers
  of the 835, 999, 997 and 277s call it as each loop closes.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Container, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from edi.x12.elementdefs import GuideElements, SegmentDef
from edi.x12.findings import Findings, Severity
from edi.x12.grammar import Grammar, Loop
from edi.x12.grammar.engine import display
from edi.x12.grammar.positions import Positions
from edi.x12.location import Location
from edi.x12.segment import Segment

_LOOP_RULE = re.compile(r"^loop_(\w+):\s*([A-Z][A-Z0-9_]*)", re.MULTILINE)
_RANGE = re.compile(r"^(\d+)\.\.(\d+|n)$")
ROOT = "transaction"
# where the parser reported problems: (ordinal, loop ID), see reported_at
Noted = Container[tuple[int, str | None]]
_SEGMENT_CODES = frozenset({"3", "5"})  # a segment missing, a segment too often


@dataclass(frozen=True, slots=True)
class Limit:
    """``members`` (loop IDs, or token types counted together) occur ``low..high`` times."""

    key: str
    members: tuple[str, ...]
    is_loop: bool
    low: int
    high: int | None  # None: no limit


def parse_limit(key: str, value: str) -> Limit:
    match = _RANGE.match(value.strip())
    if match is None:
        raise ValueError(f"occurrence {key!r}: {value!r} is not 'min..max'")
    high = None if match[2] == "n" else int(match[2])
    return Limit(key, tuple(key.split()), key[0].isdigit(), int(match[1]), high)


class OccurrenceTable:
    """The ``[occurs]`` limits of one grammar, and the trigger token of each of its loops."""

    def __init__(
        self, grammar: Grammar, limits: Mapping[str, tuple[Limit, ...]], triggers: Mapping[str, str]
    ) -> None:
        self.grammar = grammar
        self.limits = dict(limits)
        self.triggers = dict(triggers)  # loop ID -> token type of its first segment

    @classmethod
    def load(cls, package: str, stem: str, grammar: Grammar) -> OccurrenceTable:
        files = resources.files(package)
        table: dict[str, Any] = tomllib.loads(files.joinpath(f"{stem}.toml").read_text("utf-8"))
        limits = {
            loop: tuple(parse_limit(k, v) for k, v in entries.items())
            for loop, entries in table.get("occurs", {}).items()
        }
        text = files.joinpath(f"{stem}.lark").read_text("utf-8")
        triggers = {m[1].upper(): m[2] for m in _LOOP_RULE.finditer(text)}
        return cls(grammar, limits, triggers)

    def check(self, tree: Loop, findings: Findings, base: Location, noted: Noted = ()) -> None:
        """Report every broken limit in ``tree`` and the loops below it (``noted``: see
        :meth:`check_loop`)."""
        stack = [tree]
        while stack:
            loop = stack.pop()
            self.check_loop(loop, findings, base, noted)
            stack.extend(reversed(list(loop.loops())))

    def check_loop(self, loop: Loop, findings: Findings, base: Location, noted: Noted = ()) -> None:
        """Report the broken limits of ``loop`` itself (not of the loops inside it). A loop whose
        trigger recovery assumed is not judged: the parser reported its trigger missing, and
        what else it lacks is that of a guess (its segments may belong to a loop of another
        kind, the trigger that was really missing). Nor is a problem the parser reported already
        (see :func:`reported_at`)."""
        limits = self.limits.get(loop.id)
        if limits and not _assumed(loop):
            for problem in self._problems(loop, limits, noted):
                if problem.code in _SEGMENT_CODES and reported_at(
                    problem.anchor, problem.loop, noted
                ):
                    continue  # a missing or extra loop is its own problem: always reported
                code, message, loc, details = problem.finding(base)
                findings.report(Severity.ERROR, "IK304", code, message, loc, **details)

    def _problems(
        self, loop: Loop, limits: tuple[Limit, ...], noted: Noted = ()
    ) -> Iterator[_Problem]:
        loops: dict[str, list[Loop]] = {}
        for inner in loop.loops():
            loops.setdefault(inner.id, []).append(inner)
        types = Counter(seg.type for seg in loop.segments())
        for limit in limits:
            if limit.is_loop:
                found = [x for m in limit.members for x in loops.get(m, [])]
                count = len(found)  # a loop assumed stands for the missing one: it is there
                # but is no second one: the file did not carry it (the parser reported it)
                found = sorted((x for x in found if not _assumed(x)), key=_order)
                read = len(found)
            else:
                count = read = sum(types[m] for m in limit.members)
            if count < limit.low:
                yield self._missing(loop, limit)
            elif limit.high is not None and read > limit.high:
                if limit.is_loop:
                    extra = found[limit.high]
                    yield _Problem(
                        "4",
                        f"loop {limit.key} occurs {read} times in "
                        f"{_loop_name(loop.id)}; at most {limit.high} allowed",
                        _first_segment(extra),
                        extra.id,
                        limit.key,
                    )
                else:
                    copies = [s for s in loop.segments() if s.type in limit.members]
                    seg = _extra_copy(copies, limit.high, noted)
                    yield _Problem(
                        "5",
                        f"segment {self._what(limit)} occurs {count} times in "
                        f"{_loop_name(loop.id)}; at most {limit.high} allowed",
                        seg,
                        _loop_id(loop),
                        limit.members[0],
                    )

    def _missing(self, loop: Loop, limit: Limit) -> _Problem:
        """A required loop or segment is absent: reported where it belonged (see
        :func:`belongs_before`), as the parser reports a missing segment at the next one."""
        where = _loop_name(loop.id)
        places = self.grammar.positions.get(_loop_id(loop), {})
        anchor = belongs_before(loop.children, places.get(limit.members[0]), places)
        if limit.is_loop:
            trigger = self.triggers.get(limit.members[0])
            what = f"loop {limit.key}" + (f" ({self._name(trigger)})" if trigger else "")
            return _Problem(
                "I7",
                f"required {what} is missing from {where}",
                anchor,
                _loop_id(loop),
                limit.key,
            )
        return _Problem(
            "3",
            f"required segment {self._what(limit)} is missing from {where}",
            anchor,
            _loop_id(loop),
            limit.members[0],
        )

    def _name(self, token_type: str) -> str:
        """``NM1_85`` -> ``billing provider name, NM1*85``."""
        name = self.grammar.names.get(token_type)
        return f"{name}, {display(token_type)}" if name else display(token_type)

    def _what(self, limit: Limit) -> str:
        if len(limit.members) == 1:
            return self.grammar.describe(limit.members[0])
        return " or ".join(display(m) for m in limit.members)


@dataclass(frozen=True, slots=True)
class _Problem:
    """One broken limit. The location is that of ``anchor`` (the extra segment, or the first
    segment of the loop that lacks something); ``subject`` names the loop or segment token the
    problem is about (a 999 writer may use it for IK301/IK303)."""

    code: str
    message: str
    anchor: Segment | None
    loop: str | None  # the loop ``anchor`` belongs to
    subject: str

    def finding(self, base: Location) -> tuple[str, str, Location, dict[str, str]]:
        seg = self.anchor
        details = {"subject": display(self.subject)}
        if seg is None:
            return self.code, self.message, base.with_(loop=self.loop), details
        return self.code, self.message, base.at(seg, loop=self.loop), details


def reported_at(anchor: Segment | None, loop: str | None, noted: Noted) -> bool:
    """Whether the parser reported a problem of ``loop`` where an occurrence problem of it
    stands (``noted``: see :attr:`~edi.x12.grammar.tree.LoopTransformer.noted`): a segment
    missing from the same loop there, or the segment there out of place. The loop left
    incomplete by the segment the parser reported, or closed early by it, is then the same
    problem seen again; a problem of another loop at the same segment is not."""
    if anchor is None or not anchor.ordinal or not noted:
        return False
    return (anchor.ordinal, None) in noted or (anchor.ordinal, loop) in noted


def _extra_copy(copies: list[Segment], high: int, noted: Noted) -> Segment:
    """The copy of a segment past its limit ``high`` to report: the first the parser found out
    of place (a segment moved up before its namesake is the extra one, not the namesake that
    stands where it belongs), else the first one too many."""
    if noted:
        for seg in copies:
            if reported_at(seg, None, noted):
                return seg
    return copies[high]


def _assumed(loop: Loop) -> bool:
    """Whether recovery assumed the loop's trigger (a stand-in, ordinal 0, for a missing one)."""
    first = loop.children[0] if loop.children else None
    return isinstance(first, Segment) and not first.ordinal


def _first_segment(loop: Loop) -> Segment | None:
    return next(loop.walk(), None)


def belongs_before(
    children: list[Segment | Loop] | list[Segment], place: int | None, places: Mapping[str, int]
) -> Segment | None:
    """Where a missing segment or loop at ``place`` (its place in the guide's order of the loop,
    ``places``) belonged: the first segment read from the file (not assumed) of the first of the
    loop's ``children`` that comes after it; the loop's last segment read when none does (or
    the one before the next child, when that child has no segments left: a finished subscriber
    the 837 reader has handed out). Without a place (no grammar order): the loop's first
    segment."""
    last: Segment | None = None
    for child in children:
        if isinstance(child, Loop):
            rank = places.get(child.id)
            first = next((s for s in child.walk() if s.ordinal), None)
        else:
            rank = places.get(child.type, places.get(child.elements[0]))
            first = child if child.ordinal else None
        if place is None:
            if first is not None:
                return first
            continue
        if rank is not None and rank > place:
            return first or last
        if isinstance(child, Loop):
            last = next((s for s in _reversed_walk(child) if s.ordinal), last)
        elif first is not None:
            last = first
    return last


def _reversed_walk(loop: Loop) -> Iterator[Segment]:
    for child in reversed(loop.children):
        if isinstance(child, Loop):
            yield from _reversed_walk(child)
        else:
            yield child


def _order(loop: Loop) -> int:
    seg = _first_segment(loop)
    return seg.position if seg is not None else 0


def _loop_id(loop: Loop) -> str | None:
    return None if loop.id == ROOT else loop.id


def _loop_name(loop_id: str) -> str:
    return "the transaction set" if loop_id == ROOT else f"loop {loop_id}"


def check_segments(
    segments: list[Segment],
    loop: str | None,
    guide: GuideElements,
    findings: Findings,
    base: Location,
    positions: Positions | None = None,
    noted: Noted = (),
) -> None:
    """Report the segments of one instance of ``loop`` (its own, not those of inner loops) that
    occur more often than the guide allows (IK304 5, at the first one too many), and each
    required segment that is missing (IK304 3, where it belonged: before the first of the
    loop's segments that comes after it in the guide's order, ``positions`` being the grammar's
    :attr:`~edi.x12.grammar.Grammar.positions`; at the loop's first segment without them). A
    problem the parser reported already is left out (see :func:`reported_at`). A
    segment that is no variant of its place is the element checker's (IK403 7); segments the
    parser assumed for missing ones count as present, the parser having reported them."""
    defs = guide.in_loop(loop)
    if not defs:
        return
    counts = [0] * len(defs)
    moved: dict[int, Segment] = {}  # per definition: its first copy the parser found out of place
    index = guide.indexes[loop]
    for seg in segments:
        variants = guide.variants(loop, seg.elements[0])
        found = _matching(variants, seg)
        if found is None:
            continue
        i = index[id(found)]
        counts[i] += 1
        if noted and i not in moved and reported_at(seg, None, noted):
            moved[i] = seg
        if found.max_use and counts[i] == found.max_use + 1:
            # the copy out of place is the extra one, however early it stands
            extra = moved.get(i, seg)
            if reported_at(extra, loop, noted):
                continue
            findings.report(
                Severity.ERROR,
                "IK304",
                "5",
                f"segment {found.label} ({found.name}) occurs more than {found.max_use} "
                f"time{'s' if found.max_use > 1 else ''} in {_place(loop)}",
                base.at(extra, loop=loop),
                subject=found.label,
            )
    places = positions.get(loop, {}) if positions is not None else None
    for i, spec in enumerate(defs):
        if spec.usage == "R" and not counts[i]:
            place = _place_of(spec, places) if places else None
            first = belongs_before(segments, place, places or {})
            if reported_at(first, loop, noted):
                continue
            where = base.at(first, loop=loop) if first is not None else base.with_(loop=loop)
            findings.report(
                Severity.ERROR,
                "IK304",
                "3",
                f"required segment {spec.label} ({spec.name}) is missing from {_place(loop)}",
                where,
                subject=spec.label,
            )


def _place_of(spec: SegmentDef, places: Mapping[str, int]) -> int | None:
    """The place of a guide definition in its loop: that of its qualified token (``PER_BL``),
    or of its segment ID (the grammar not telling qualifiers apart there)."""
    if spec.key is not None:
        found = [places[t] for c in spec.key[2] if (t := f"{spec.id}_{c}") in places]
        if found:
            return min(found)
    return places.get(spec.id)


def _matching(variants: tuple[SegmentDef, ...], seg: Segment) -> SegmentDef | None:
    if len(variants) == 1 and variants[0].key is None:
        return variants[0]
    d = seg.delimiters
    for variant in variants:
        if variant.matches(seg.elements, d.component, d.repetition or ""):
            return variant
    return None


def _place(loop: str | None) -> str:
    return f"loop {loop}" if loop else "the transaction set header and trailer"
