"""TA1 interchange acknowledgment: did the receiver accept our interchange envelope?

:func:`read_ta1` yields the TA1's fields for the JSON output and :func:`summarize_ta1` a readable
line; both check the TA1's elements (IK403 findings). ``READER`` offers the two as a transaction
reader (for ``edi.inbound.registry``); :func:`ta1_model` gives the model the ledger posts. A TA102
written as CCYYMMDD instead of YYMMDD is read, with a warning.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from edi.x12 import quoting
from edi.x12.envelope import Acknowledgment
from edi.x12.findings import Findings
from edi.x12.location import Location
from edi.x12.segment import Segment
from parsers.ack999.elements import ElementChecker, SegmentTable, ident, number, parse_date, time
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

# TA102 is checked by hand (YYMMDD, or CCYYMMDD with a warning).
TABLE: SegmentTable = {
    "TA1": (
        number("I12", 9, 9, True),
        None,
        time("I09", True),
        ident("I17", 1, 1, True, STATUS),
        ident("I18", 3, 3, True, NOTE_CODES),
    )
}


def _location(ack: Acknowledgment, findings: Findings) -> Location:
    interchange = ack.interchange.control_number if ack.interchange else None
    return Location(file=findings.file, interchange=interchange)


def _date(seg: Segment, checker: ElementChecker) -> Any:
    value = seg[2]
    if len(value) == 6:
        date = parse_date(value)
    elif len(value) == 8 and (date := parse_date(value)) is not None:
        checker.findings.warning(
            "IK403",
            "4",
            "TA102 is CCYYMMDD; the TA1 carries YYMMDD (ISA09) — read as a full date",
            checker.location(seg, 2),
            reference="I08",
        )
        return date
    else:
        date = None
    if date is None:
        shown = f"({quoting.describe(value)})"
        message = "is required but missing" if not value else f"{shown} is not a date (YYMMDD)"
        checker.report(seg, 2, None, "1" if not value else "8", message, "I08")
    return date


def ta1_model(ack: Acknowledgment, findings: Findings) -> InterchangeAcknowledgment:
    """The TA1's model; its element problems become IK403 findings."""
    seg = ack.segment
    checker = ElementChecker(TABLE, findings, _location(ack, findings))
    checker.check(seg)
    date = _date(seg, checker)
    status, note = seg[4], seg[5]
    return InterchangeAcknowledgment(
        control_number=seg[1],
        date=date,
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
