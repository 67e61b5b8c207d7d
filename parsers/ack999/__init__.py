"""999 implementation acknowledgments (005010X231A1) and 997 functional acknowledgments (X230).

``READER_999`` and ``READER_997`` turn a transaction set into a :class:`FunctionalGroupResponse`:
the acknowledged group (AK1), one :class:`SetResponse` per AK2 loop with its segment errors (IK3,
CTX) and element errors (IK4), and the group result (AK9). Every element of the acknowledgment is
checked against its code list, type and length; problems are IK403 findings.
"""

from parsers.ack999.models import (
    CodeMeaning,
    Context,
    ElementError,
    FunctionalGroupResponse,
    SegmentError,
    SetResponse,
)
from parsers.ack999.reader import READER_997, READER_999, AckReader

__all__ = [
    "READER_997",
    "READER_999",
    "AckReader",
    "CodeMeaning",
    "Context",
    "ElementError",
    "FunctionalGroupResponse",
    "SegmentError",
    "SetResponse",
]
