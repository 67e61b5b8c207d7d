"""The element tables of the 277 segments x12flow checks (names, NM1, are not checked)."""

from __future__ import annotations

from parsers.ack999.elements import (
    Composite,
    Position,
    SegmentTable,
    date,
    decimal,
    ident,
    text,
    time,
)
from parsers.status277 import codes

# C043 health care claim status: category (checked), status code and entity (shown, never
# rejected: the lists change faster than any release), code list qualifier.
_C043 = (
    ident("1271", 1, 30, True, codes.CATEGORIES),
    ident("1271", 1, 30),
    ident("98", 2, 3),
    ident("1270", 1, 3),
)

_STC = (
    Composite("C043", _C043, required=True),
    date("373"),
    ident("306", 1, 2, False, codes.ACTIONS),
    decimal("782", 18),
    decimal("782", 18),
    date("373"),
    ident("591", 3, 3, False, codes.PAYMENT_METHODS),
    date("373"),
    text("429", 1, 16),
    Composite("C043", _C043),
    Composite("C043", _C043),
    text("933", 1, 264),
)

# C003 composite medical procedure identifier.
_C003 = Composite(
    "C003",
    (
        ident("235", 2, 2, True),
        text("234", 1, 48, True),
        *(text("1339", 2, 2) for _ in range(4)),
        text("352", 1, 80),
        text("234", 1, 48),
    ),
    required=True,
)

_SVC: tuple[Position, ...] = (
    _C003,
    decimal("782", 18, True),
    decimal("782", 18),
    text("234", 1, 48),
    decimal("380", 15),
    None,
    decimal("380", 15),
)

_COMMON: SegmentTable = {
    "HL": (
        text("628", 1, 12, True),
        text("734", 1, 12),
        ident("735", 1, 2, True),
        ident("736", 1, 1, False, ("0", "1")),
    ),
    "TRN": (
        ident("481", 1, 2, True, ("1", "2")),
        text("127", 1, 50, True),
        text("509", 10, 10),
        text("127", 1, 50),
    ),
    "STC": _STC,
    "REF": (ident("128", 2, 3, True), text("127", 1, 50, True)),
    "DTP": (
        ident("374", 3, 3, True),
        ident("1250", 2, 3, True, ("D8", "RD8")),
        text("1251", 1, 35, True),
    ),
    "QTY": (ident("673", 2, 2, True), decimal("380", 15, True)),
    "AMT": (ident("522", 1, 3, True), decimal("782", 18, True)),
    "SVC": _SVC,
}


def _bht(structure: str, kind: str) -> tuple[Position, ...]:
    return (
        ident("1005", 4, 4, True, (structure,)),
        ident("353", 2, 2, True, ("08",)),
        text("127", 1, 50, True),
        date("373", True),
        time("337", True),
        ident("640", 2, 2, True, (kind,)),
    )


TABLE_277CA: SegmentTable = {**_COMMON, "BHT": _bht("0085", "TH")}
TABLE_277: SegmentTable = {**_COMMON, "BHT": _bht("0010", "DG")}
