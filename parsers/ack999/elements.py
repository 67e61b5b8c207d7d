"""Element-level checks: each element of a segment against its data type, length and code list.

A segment table says, per element position, which data element stands there (reference number,
X12 data type, minimum and maximum length, required or not, allowed codes). :class:`ElementChecker`
reports what does not fit as IK403 findings — the codes a 999 IK4 would carry: 1 required element
missing, 3 too many elements, 4 too short, 5 too long, 6 invalid character, 7 invalid code,
8 invalid date, 9 invalid time — each at the element's location. Numbers, dates and times are
judged by :mod:`edi.x12.values`; an R element of data element 782 (monetary amount) must also be an
amount the ledger can hold. Messages quote codes that have a code's shape, and describe any
other value by its length and kinds of characters (:mod:`edi.x12.quoting`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from edi.x12 import quoting, values
from edi.x12.findings import Findings
from edi.x12.location import Location
from edi.x12.segment import Segment

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MONEY = "782"  # the data element of every monetary amount


@dataclass(frozen=True, slots=True)
class Element:
    """One simple data element: reference number, X12 type (ID AN N0 R DT TM), lengths, codes."""

    ref: str
    kind: str
    min: int
    max: int
    required: bool = False
    codes: Collection[str] | None = None


@dataclass(frozen=True, slots=True)
class Composite:
    """A composite data element (C030, C043, ...) and its components."""

    ref: str
    parts: tuple[Element, ...]
    required: bool = False


Position = Element | Composite | None  # None: the position is not used by the guide
SegmentTable = Mapping[str, tuple[Position, ...]]


def ident(
    ref: str, low: int, high: int, required: bool = False, codes: Collection[str] | None = None
) -> Element:
    return Element(ref, "ID", low, high, required, codes)


def text(ref: str, low: int, high: int, required: bool = False) -> Element:
    return Element(ref, "AN", low, high, required)


def number(ref: str, low: int, high: int, required: bool = False) -> Element:
    return Element(ref, "N0", low, high, required)


def decimal(ref: str, high: int, required: bool = False) -> Element:
    return Element(ref, "R", 1, high, required)


def date(ref: str, required: bool = False) -> Element:
    return Element(ref, "DT", 8, 8, required)


def time(ref: str, required: bool = False) -> Element:
    return Element(ref, "TM", 4, 8, required)


def parse_date(value: str) -> dt.date | None:
    """CCYYMMDD (8 digits) or YYMMDD (6) as a date, or None when it is not a calendar date."""
    return values.date(value)


def valid_time(value: str) -> bool:
    """HHMM, HHMMSS or HHMMSSd..d."""
    return values.time(value) is not None


class ElementChecker:
    """Checks segments against a segment table and reports IK403 findings."""

    def __init__(self, table: SegmentTable, findings: Findings, base: Location) -> None:
        self.table = table
        self.findings = findings
        self.base = base

    def location(self, seg: Segment, element: int, component: int | None = None) -> Location:
        return self.base.with_(
            segment=seg.ordinal,
            position=seg.position or None,
            segment_id=seg.elements[0],
            loop=seg.loop,
            element=element,
            component=component,
            offset=seg.offset,
        )

    def report(
        self,
        seg: Segment,
        element: int,
        component: int | None,
        code: str,
        message: str,
        ref: str | None = None,
    ) -> None:
        where = f"{seg.elements[0]}{element:02d}" + (f"-{component}" if component else "")
        self.findings.error(
            "IK403",
            code,
            f"{where} {message}",
            self.location(seg, element, component),
            reference=ref,
        )

    def check(self, seg: Segment) -> None:
        """Check every element of ``seg``; placeholders for missing segments are skipped."""
        spec = self.table.get(seg.elements[0])
        if spec is None or seg.ordinal == 0:
            return
        for index, position in enumerate(spec, start=1):
            if isinstance(position, Composite):
                self._composite(seg, index, position)
            elif position is not None:
                self._simple(seg, index, None, seg[index], position)
        used = len(seg)
        while used > len(spec) and not seg[used]:
            used -= 1
        if used > len(spec):
            self.report(
                seg,
                used,
                None,
                "3",
                f"is beyond the last element of {seg.elements[0]} ({len(spec)})",
            )

    def _composite(self, seg: Segment, index: int, comp: Composite) -> None:
        value = seg[index]
        if not value:
            if comp.required:
                self.report(seg, index, None, "1", "is required but missing", comp.ref)
            return
        parts = seg.components(index)
        if len(parts) > len(comp.parts):
            self.report(
                seg,
                index,
                None,
                "13",
                f"has {len(parts)} components, at most {len(comp.parts)}",
                comp.ref,
            )
        for sub, element in enumerate(comp.parts, start=1):
            part = parts[sub - 1] if sub <= len(parts) else ""
            self._simple(seg, index, sub, part, element)

    def _simple(
        self, seg: Segment, index: int, sub: int | None, value: str, element: Element
    ) -> None:
        if not value:
            if element.required:
                self.report(seg, index, sub, "1", "is required but missing", element.ref)
            return
        problem = _problem(value, element)
        if problem is not None:
            self.report(seg, index, sub, problem[0], problem[1], element.ref)
            if problem[0] in ("4", "5"):
                extra = _content_problem(value, element)
                if extra is not None:
                    self.report(seg, index, sub, extra[0], extra[1], element.ref)


def _shown(value: str, element: Element) -> str:
    """The value as a message shows it: a code quoted when it has a code's shape, anything
    else (text, numbers, dates, times) described by its length and kinds of characters."""
    if element.kind == "ID":
        return quoting.code_for(value, element.codes) if element.codes else quoting.code(value)
    return f"({quoting.describe(value)})"


def _problem(value: str, element: Element) -> tuple[str, str] | None:
    """The first IK403 problem of a non-empty value: length first, then content."""
    size = len(value.lstrip("-").replace(".", "")) if element.kind in ("N0", "R") else len(value)
    shown = _shown(value, element)
    if size > element.max:
        return "5", f"{shown} is too long ({size} characters, at most {element.max})"
    if size < element.min:
        return "4", f"{shown} is too short ({size} characters, at least {element.min})"
    return _content_problem(value, element)


def _content_problem(value: str, element: Element) -> tuple[str, str] | None:
    """A problem of what the value holds; a value longer than the element's maximum has had
    its length reported, so its date, time or amount is not judged again."""
    kind = element.kind
    shown = _shown(value, element)
    problem = None
    if kind == "N0" and not values.whole_form(value):
        return "6", f"{shown} is not a whole number"
    if kind == "R" and not values.decimal_form(value):
        return "6", f"{shown} is not a number"
    if kind == "R" and element.ref == _MONEY and values.decimal(value, element.max) is not None:
        problem = values.money_problem(value, element.max)
    elif kind == "DT" and len(value) <= element.max:
        sizes = tuple(n for n in (8, 6) if element.min <= n <= element.max) or (8,)
        problem = values.date_problem(value, sizes)
    elif kind == "TM" and len(value) <= element.max:
        problem = values.time_problem(value, element.max)
    if problem is not None:
        return problem.code, f"{shown} {problem.reason}"
    if _CONTROL.search(value):
        return "6", f"{shown} holds a control character"
    if element.codes is not None and value not in element.codes:
        return "7", f"{shown} is not a valid code"
    return None
