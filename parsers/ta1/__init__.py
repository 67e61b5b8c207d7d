"""TA1 interchange acknowledgment: did the receiver accept our interchange envelope?

:func:`read_ta1` yields the TA1's fields for the JSON output and :func:`summarize_ta1` a readable
line; both check the TA1's elements with the one element checker and the TA1 guide data (IK403
findings). ``READER`` offers the two as a transaction reader (for ``edi.inbound.registry``);
:func:`ta1_model` gives the model the ledger posts. A TA102 written as CCYYMMDD instead of YYMMDD
is read, with a warning instead of the checker's "too long".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from edi.x12 import values
from edi.x12.elementcheck import problems
from edi.x12.elementdefs import guide_elements
from edi.x12.envelope import Acknowledgment
from edi.x12.findings import Findings
from edi.x12.location import Location
from edi.x12.segment import Segment
from parsers.ta1.codes import ACCEPTED, NOTE_CODES, STATUS
from parsers.ta1.models import InterchangeAcknowledgment

__all__ = [
    "READER",
    "InterchangeAcknowledgment",
    "Ta1Reader",
    "read_ta1",
    "summarize_ta1",
    "ta1_model",
]


def _location(ack: Acknowledgment, findings: Findings) -> Location:
    interchange = ack.interchange.control_number if ack.interchange else None
    return Location(file=findings.file, interchange=interchange)


def _full_date(seg: Segment) -> Any:
    """TA102 written as CCYYMMDD (the TA1 carries YYMMDD, as ISA09): the date, else None."""
    value = seg[2]
    return values.date8(value) if len(value) == 8 else None


def _check(seg: Segment, findings: Findings, base: Location) -> None:
    """The one checker's problems of the TA1, but a CCYYMMDD TA102 only as a warning."""
    full = _full_date(seg) is not None
    for code, element, comp, repetition, message in problems(seg, guide_elements("TA1")):
        if full and element == 2:
            continue
        findings.error(
            "IK403",
            code,
            message,
            base.at(seg, element=element, component=comp, repetition=repetition),
        )
    if full:
        findings.warning(
            "IK403",
            "5",
            "TA102 (Interchange Date) is CCYYMMDD; the TA1 carries YYMMDD (ISA09) — read as a "
            "full date",
            base.at(seg, element=2),
        )


def ta1_model(ack: Acknowledgment, findings: Findings) -> InterchangeAcknowledgment:
    """The TA1's model; its element problems become IK403 findings."""
    seg = ack.segment
    _check(seg, findings, _location(ack, findings))
    status, note = seg[4], seg[5]
    return InterchangeAcknowledgment(
        control_number=seg[1],
        date=_full_date(seg) or values.date6(seg[2]),
        time=seg[3] or None,
        status=status,
        status_meaning=STATUS.get(status),
        accepted=status in ACCEPTED,
        note_code=note,
        note=NOTE_CODES.get(note),
        location=Location(file=findings.file).at(seg),
    )


def read_ta1(ack: Acknowledgment, findings: Findings) -> Iterator[tuple[str, Any]]:
    """The TA1's fields; TA101 is left out: the document writes it as ``control_number``."""
    model = ta1_model(ack, findings)
    yield from model.model_dump(mode="json", exclude_none=True, exclude={"control_number"}).items()


def summarize_ta1(ack: Acknowledgment, findings: Findings) -> Iterator[str]:
    m = ta1_model(ack, findings)
    verdict = m.status_meaning or f"status {m.status!r}"
    note = f"{m.note_code} {m.note or ''}".strip() or "no note code"
    yield f"  TA1 for interchange {m.control_number}: {verdict} — {note}"


class Ta1Reader:
    """The TA1 as a transaction reader: its fields for ``parse`` and its line for the text
    summary, like the readers of transaction sets."""

    def fields(self, ack: Acknowledgment, findings: Findings) -> Iterator[tuple[str, Any]]:
        return read_ta1(ack, findings)

    def summary(self, ack: Acknowledgment, findings: Findings) -> Iterator[str]:
        return summarize_ta1(ack, findings)

    def model(self, ack: Acknowledgment, findings: Findings) -> InterchangeAcknowledgment:
        return ta1_model(ack, findings)


READER = Ta1Reader()
