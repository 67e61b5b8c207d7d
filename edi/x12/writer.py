"""Writer: serialise segments and interchange envelopes as X12 text with given delimiters.

Builders hand the writer plain element lists: ``["NM1", "85", "2", "CLINIC", ...]``. An element
that is a composite is a tuple of components (``("HC", "99213", "25")``). The writer drops
trailing empty elements and components, joins with the delimiters, and counts segments so the
caller can close a transaction set (SE01) without keeping its segments in memory.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TextIO

from edi.x12.delimiters import Delimiters
from edi.x12.errors import X12FlowError

Element = str | tuple[str, ...]
"""One data element: a simple value, or a composite given as its components."""

SegmentData = Sequence[Element]
"""A segment as the writer takes it: ID at index 0, then elements 01, 02, …"""


class DelimiterInData(X12FlowError, ValueError):
    """A data value contains one of the interchange's delimiters (X12 has no escape): the value
    cannot be written, so the input that carries it cannot be used."""


def format_amount(value: Decimal) -> str:
    """An X12 ``R`` value: no exponent, no trailing zeros after the point (145.50 -> 145.5)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        return "0"
    return text


class SegmentWriter:
    """Writes segments to a text stream and counts them.

    ``line_break`` is written after each segment terminator ("" for one long line).
    """

    def __init__(self, stream: TextIO, delimiters: Delimiters, line_break: str = "\n") -> None:
        self.stream = stream
        self.delimiters = delimiters
        self.line_break = line_break
        self.count = 0
        self._element = delimiters.element
        self._component = delimiters.component
        self._terminator = delimiters.segment + line_break
        others = delimiters.segment + (delimiters.repetition or "")
        self._never = re.compile("[" + re.escape(others) + "\r\n]")

    def render(self, segment: SegmentData) -> str:
        """The segment as X12 text, terminator included.

        A value that holds a delimiter would change the segment's meaning (X12 has no escape),
        so the separators in the result are counted against the elements and components given.
        """
        element, component = self._element, self._component
        parts: list[str] = []
        components = 0
        for value in segment:
            if value.__class__ is tuple:
                joined = component.join(value)
                if joined.count(component) != len(value) - 1:
                    raise DelimiterInData(f"{segment[0]} segment: a component holds a delimiter")
                joined = joined.rstrip(component)
                components += joined.count(component)
                parts.append(joined)
            else:
                parts.append(value)  # type: ignore[arg-type]
        text = element.join(parts)
        if (
            text.count(element) != len(parts) - 1
            or text.count(component) != components
            or self._never.search(text)
        ):
            raise DelimiterInData(f"{segment[0]} segment: a value contains a delimiter character")
        return text.rstrip(element) + self._terminator

    def write(self, segment: SegmentData) -> None:
        self.stream.write(self.render(segment))
        self.count += 1

    def write_all(self, segments: Sequence[SegmentData]) -> None:
        """Write several segments with one call to the stream."""
        render = self.render
        self.stream.write("".join([render(segment) for segment in segments]))
        self.count += len(segments)

    def write_raw(self, text: str) -> None:
        """Write an already rendered segment (ISA keeps its fixed-width elements)."""
        self.stream.write(text + self._terminator)
        self.count += 1


@dataclass(frozen=True, slots=True)
class InterchangeHeader:
    """What ISA needs besides the delimiters."""

    sender_qualifier: str
    sender_id: str
    receiver_qualifier: str
    receiver_id: str
    control_number: int
    usage_indicator: str = "T"
    acknowledgment_requested: bool = False
    authorization: str = ""
    security: str = ""


def isa_text(header: InterchangeHeader, delimiters: Delimiters, when: datetime) -> str:
    """The fixed-width ISA segment (106 characters with the default delimiters), no terminator."""
    if not 1 <= header.control_number <= 999_999_999:
        raise ValueError(f"ISA13 must be 1..999999999, not {header.control_number}")
    repetition = delimiters.repetition or "^"
    elements = [
        "ISA",
        "03" if header.authorization else "00",
        header.authorization.ljust(10)[:10],
        "01" if header.security else "00",
        header.security.ljust(10)[:10],
        header.sender_qualifier,
        header.sender_id.ljust(15)[:15],
        header.receiver_qualifier,
        header.receiver_id.ljust(15)[:15],
        when.strftime("%y%m%d"),
        when.strftime("%H%M"),
        repetition,
        "00501",
        f"{header.control_number:09d}",
        "1" if header.acknowledgment_requested else "0",
        header.usage_indicator,
        delimiters.component,
    ]
    return delimiters.element.join(elements)


def gs_segment(
    functional_id: str,
    sender: str,
    receiver: str,
    control_number: int,
    version: str,
    when: datetime,
) -> list[Element]:
    return [
        "GS",
        functional_id,
        sender,
        receiver,
        when.strftime("%Y%m%d"),
        when.strftime("%H%M"),
        str(control_number),
        "X",
        version,
    ]


def st_control(number: int) -> str:
    """ST02/SE02: at least four digits (``0001``)."""
    return f"{number:04d}"


def ge_segment(transaction_count: int, control_number: int) -> list[Element]:
    return ["GE", str(transaction_count), str(control_number)]


def iea_segment(group_count: int, control_number: int) -> list[Element]:
    return ["IEA", str(group_count), f"{control_number:09d}"]
