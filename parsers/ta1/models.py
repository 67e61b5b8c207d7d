"""The TA1 interchange acknowledgment model."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from edi.x12.location import Location


class InterchangeAcknowledgment(BaseModel):
    """One TA1 segment: did the receiver accept the interchange envelope?"""

    control_number: str = Field(description="TA101 interchange control number (ISA13 acked)")
    date: dt.date | None = Field(None, description="TA102 interchange date (ISA09, YYMMDD)")
    time: str | None = Field(None, description="TA103 interchange time (ISA10, HHMM)")
    status: str = Field(description="TA104 interchange acknowledgment code: A, E or R")
    status_meaning: str | None = Field(None, description="TA104 in words")
    accepted: bool = Field(description="TA104 is A or E: the interchange was taken in")
    note_code: str = Field(description="TA105 interchange note code")
    note: str | None = Field(None, description="TA105 in words")
    location: Location | None = Field(
        None,
        exclude=True,
        repr=False,
        description="where the TA1 segment stands in the file (none when it is missing), for "
        "the ledger's events and findings; not part of the JSON output",
    )
