"""TA1 interchange acknowledgment: ISA, one TA1 and IEA (no functional group, IEA01 = 0).

A clearinghouse sends a TA1 when the interchange asked for one (ISA14 = 1) and when it rejects
the interchange's envelope, in which case no 999 follows.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from edi.x12.delimiters import DEFAULT, Delimiters
from edi.x12.writer import SegmentWriter, iea_segment
from generators.replies.envelope import Envelope, write_isa


@dataclass(frozen=True, slots=True)
class InterchangeAck:
    """What the TA1 says about one received interchange."""

    control_number: str  # TA101: the received ISA13
    date: str  # TA102: the received ISA09 (YYMMDD)
    time: str  # TA103: the received ISA10 (HHMM)
    status: str  # TA104: A accepted, E accepted with errors, R rejected
    note_code: str = "000"  # TA105


def write_ta1(
    envelope: Envelope,
    ack: InterchangeAck,
    delimiters: Delimiters = DEFAULT,
    line_break: str = "\n",
) -> str:
    """The TA1 interchange as X12 text (the envelope's GS fields are not used)."""
    stream = io.StringIO()
    writer = SegmentWriter(stream, delimiters, line_break)
    write_isa(writer, envelope)
    writer.write(["TA1", ack.control_number, ack.date, ack.time, ack.status, ack.note_code])
    writer.write(iea_segment(0, envelope.interchange_number))
    return stream.getvalue()
