"""Envelopes for reply files: one interchange (ISA, one GS, its ST…SE sets, GE, IEA) as text.

The reply writers build the body of each transaction set (the segments between ST and SE);
:func:`write_interchange` wraps them, counts SE01 and GE01, and returns the file's text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

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
    writer = SegmentWriter(stream, delimiters, line_break)
    write_isa(writer, envelope)
    writer.write(
        gs_segment(
            envelope.functional_id,
            envelope.sender_id,
            envelope.receiver_id,
            envelope.group_number,
            envelope.version,
            envelope.when,
        )
    )
    for body in sets:
        st: list[str] = ["ST", body.set_id, body.control_number]
        if body.implementation:
            st.append(body.implementation)
        writer.write(st)
        writer.write_all(body.segments)
        writer.write(["SE", str(len(body.segments) + 2), body.control_number])
    writer.write(ge_segment(len(sets), envelope.group_number))
    writer.write(iea_segment(1, envelope.interchange_number))
    return stream.getvalue()
