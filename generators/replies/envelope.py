"""Envelopes for reply files: one interchange (ISA, one GS, its ST…SE sets, GE, IEA).

The reply writers build the body of each transaction set (the segments between ST and SE).
:class:`InterchangeWriter` writes an interchange to a stream as its segments come, counting SE01
and GE01, so a big reply is never held whole; :func:`write_interchange` wraps bodies already
built and returns the file's text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TextIO

from edi.x12.delimiters import DEFAULT, Delimiters
from edi.x12.writer import (
    InterchangeHeader,
    SegmentData,
    SegmentWriter,
    ge_segment,
    gs_segment,
    iea_segment,
    isa_text,
)


@dataclass(frozen=True, slots=True)
class Envelope:
    """Who sends the reply to whom, under which control numbers, and when."""

    sender_qualifier: str  # ISA05
    sender_id: str  # ISA06, GS02
    receiver_qualifier: str  # ISA07
    receiver_id: str  # ISA08, GS03
    interchange_number: int  # ISA13
    group_number: int  # GS06
    functional_id: str  # GS01: FA 999, HN 277CA, HP 835
    version: str  # GS08
    when: datetime  # ISA09/ISA10, GS04/GS05
    usage_indicator: str = "T"  # ISA15


@dataclass(frozen=True, slots=True)
class TransactionBody:
    """One transaction set: ST01/ST02/ST03 and the segments between ST and SE."""

    set_id: str  # ST01
    control_number: str  # ST02 = SE02
    implementation: str  # ST03 ("" where the guide marks it Not Used, as the 835 does)
    segments: Sequence[SegmentData]


def write_isa(writer: SegmentWriter, envelope: Envelope) -> None:
    """The envelope's ISA (it never asks for a TA1 in return)."""
    header = InterchangeHeader(
        envelope.sender_qualifier,
        envelope.sender_id,
        envelope.receiver_qualifier,
        envelope.receiver_id,
        envelope.interchange_number,
        envelope.usage_indicator,
    )
    writer.write_raw(isa_text(header, writer.delimiters, envelope.when))


class InterchangeWriter:
    """One interchange written to ``stream`` as it goes: ISA and GS at once, then transaction
    sets segment by segment (:meth:`begin`, :meth:`write`, :meth:`end` counts SE01), then GE
    and IEA (:meth:`close`). Nothing is kept but the counts."""

    def __init__(
        self,
        stream: TextIO,
        envelope: Envelope,
        delimiters: Delimiters = DEFAULT,
        line_break: str = "\n",
    ) -> None:
        self.envelope = envelope
        self.sets = 0  # GE01
        self._out = SegmentWriter(stream, delimiters, line_break)
        self._open: tuple[str, int] | None = None  # ST02 and the count before ST
        write_isa(self._out, envelope)
        self._out.write(
            gs_segment(
                envelope.functional_id,
                envelope.sender_id,
                envelope.receiver_id,
                envelope.group_number,
                envelope.version,
                envelope.when,
            )
        )

    def begin(self, set_id: str, control_number: str, implementation: str = "") -> None:
        """ST: a transaction set starts (ST03 left out when empty)."""
        if self._open is not None:
            raise ValueError(f"transaction set {self._open[0]} is not closed")
        self._open = (control_number, self._out.count)
        st: list[str] = ["ST", set_id, control_number]
        if implementation:
            st.append(implementation)
        self._out.write(st)

    def write(self, segment: SegmentData) -> None:
        self._out.write(segment)

    def write_all(self, segments: Sequence[SegmentData]) -> None:
        self._out.write_all(segments)

    def end(self) -> None:
        """SE: the open transaction set ends; SE01 counts ST to SE."""
        if self._open is None:
            raise ValueError("no transaction set is open")
        control_number, before = self._open
        self._out.write(["SE", str(self._out.count - before + 1), control_number])
        self._open = None
        self.sets += 1

    def body(self, body: TransactionBody) -> None:
        """A whole transaction set already built."""
        self.begin(body.set_id, body.control_number, body.implementation)
        self.write_all(body.segments)
        self.end()

    def close(self) -> None:
        """GE and IEA."""
        if self._open is not None or not self.sets:
            raise ValueError("an interchange needs at least one transaction set, all closed")
        self._out.write(ge_segment(self.sets, self.envelope.group_number))
        self._out.write(iea_segment(1, self.envelope.interchange_number))


def write_interchange(
    envelope: Envelope,
    sets: Sequence[TransactionBody],
    delimiters: Delimiters = DEFAULT,
    line_break: str = "\n",
) -> str:
    """The whole interchange as X12 text."""
    if not sets:
        raise ValueError("an interchange needs at least one transaction set")
    stream = io.StringIO()
    writer = InterchangeWriter(stream, envelope, delimiters, line_break)
    for body in sets:
        writer.body(body)
    writer.close()
    return stream.getvalue()
