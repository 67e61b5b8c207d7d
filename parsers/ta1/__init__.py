"""TA1 interchange acknowledgment: did the receiver accept our interchange envelope?"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, Field

from edi.envelope import Acknowledgment
from edi.findings import Findings

STATUS = {"A": "accepted", "E": "accepted with errors", "R": "rejected"}

# TA105 interchange note codes (X12.5).
NOTE_CODES = {
    "000": "no error",
    "001": "interchange control numbers in header and trailer do not match",
    "002": "this standard as noted in the control standards identifier is not supported",
    "003": "this version of the controls is not supported",
    "004": "the segment terminator is invalid",
    "005": "invalid interchange ID qualifier for sender",
    "006": "invalid interchange sender ID",
    "007": "invalid interchange ID qualifier for receiver",
    "008": "invalid interchange receiver ID",
    "009": "unknown interchange receiver ID",
    "010": "invalid authorization information qualifier value",
    "011": "invalid authorization information value",
    "012": "invalid security information qualifier value",
    "013": "invalid security information value",
    "014": "invalid interchange date value",
    "015": "invalid interchange time value",
    "016": "invalid interchange standards identifier value",
    "017": "invalid interchange version ID value",
    "018": "invalid interchange control number value",
    "019": "invalid acknowledgment requested value",
    "020": "invalid test indicator value",
    "021": "invalid number of included groups value",
    "022": "invalid control structure",
    "023": "improper (premature) end-of-file (transmission)",
    "024": "invalid interchange content (e.g. invalid GS segment)",
    "025": "duplicate interchange control number",
    "026": "invalid data element separator",
    "027": "invalid component element separator",
    "028": "invalid delivery date in deferred delivery request",
    "029": "invalid delivery time in deferred delivery request",
    "030": "invalid delivery time code in deferred delivery request",
    "031": "invalid grade of service code",
}


class InterchangeAcknowledgment(BaseModel):
    """One TA1 segment."""

    control_number: str = Field(description="TA101: the acknowledged interchange's ISA13")
    date: dt.date | None = Field(None, description="TA102: interchange date (YYMMDD)")
    time: str | None = Field(None, description="TA103: interchange time (HHMM)")
    status: str = Field(description="TA104: A accepted, E accepted with errors, R rejected")
    status_meaning: str | None = Field(None, description="TA104 in words")
    note_code: str = Field(description="TA105: interchange note code")
    note: str | None = Field(None, description="TA105 in words")


def _date(value: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(value, "%y%m%d").date()
    except ValueError:
        return None


def ta1_model(ack: Acknowledgment, findings: Findings) -> InterchangeAcknowledgment:
    seg = ack.segment
    loc = findings.file
    from edi.location import Location

    base = Location(file=loc, interchange=ack.interchange.control_number if ack.interchange
                    else None, segment=seg.ordinal, segment_id="TA1", offset=seg.offset)
    status, note = seg[4], seg[5]
    if status not in STATUS:
        findings.error("IK403", "7", f"TA104 acknowledgment code {status!r} is not A, E or R",
                       base.with_(element=4))
    if note not in NOTE_CODES:
        findings.error("IK403", "7", f"TA105 note code {note!r} is not a known note code",
                       base.with_(element=5))
    date = _date(seg[2])
    if seg[2] and date is None:
        findings.error("IK403", "8", f"TA102 {seg[2]!r} is not a date (YYMMDD)",
                       base.with_(element=2))
    return InterchangeAcknowledgment(
        control_number=seg[1], date=date, time=seg[3] or None, status=status,
        status_meaning=STATUS.get(status), note_code=note, note=NOTE_CODES.get(note))


def read_ta1(ack: Acknowledgment, findings: Findings) -> Iterator[tuple[str, Any]]:
    model = ta1_model(ack, findings)
    yield from model.model_dump(mode="json").items()


def summarize_ta1(ack: Acknowledgment, findings: Findings) -> Iterator[str]:
    m = ta1_model(ack, findings)
    yield (f"  TA1 for interchange {m.control_number}: {m.status_meaning or m.status}"
           f" — {m.note_code} {m.note or ''}".rstrip())
