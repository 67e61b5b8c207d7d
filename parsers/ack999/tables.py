"""The element tables of the 999 (005010X231A1) and 997 (005010X230) segments.

Loop identifiers (447: IK303, AK303, CTX04) are AN 1/6 in 5010, room for IDs like 2010BB.
"""

from __future__ import annotations

from parsers.ack999 import codes
from parsers.ack999.elements import Composite, SegmentTable, ident, number, text

# C030 position in segment: element position, component position, repetition position.
_C030 = Composite(
    "C030", (number("722", 1, 2, True), number("1528", 1, 2), number("1686", 1, 4)), required=True
)

_AK1 = (
    ident("479", 2, 2, True, codes.FUNCTIONAL_IDS),
    number("28", 1, 9, True),
    text("480", 1, 12),
)
_AK2 = (ident("143", 3, 3, True, codes.SET_IDS), text("329", 4, 9, True), text("1705", 1, 35))


_AK9 = (
    ident("715", 1, 1, True, codes.GROUP_STATUS),
    number("97", 1, 6, True),
    number("123", 1, 6, True),
    number("2", 1, 6, True),
    *(ident("716", 1, 3, False, codes.GROUP_ERRORS) for _ in range(5)),
)

# CTX: C998 context identification, segment ID, position, loop ID, C030, C999 reference in
# segment (the guide's own example carries a composite reference there: C023:1325).
_CTX = (
    Composite("C998", (text("9999", 1, 35, True), text("9998", 1, 35)), required=True),
    ident("721", 2, 3),
    number("719", 1, 10),
    text("447", 1, 6),
    Composite("C030", _C030.parts),
    Composite("C999", (text("725", 1, 4), text("725", 1, 4))),
)

TABLE_999: SegmentTable = {
    "AK1": (*_AK1[:2], text("480", 1, 12, True)),
    "AK2": _AK2,
    "IK3": (
        ident("721", 2, 3, True),
        number("719", 1, 10, True),
        text("447", 1, 6),
        ident("620", 1, 3, True, codes.SEGMENT_ERRORS),
    ),
    "CTX": _CTX,
    "IK4": (
        _C030,
        number("725", 1, 4),
        ident("621", 1, 3, True, codes.ELEMENT_ERRORS),
        text("724", 1, 99),
    ),
    "IK5": (
        ident("717", 1, 1, True, codes.SET_STATUS),
        *(ident("618", 1, 3, False, codes.SET_ERRORS) for _ in range(5)),
    ),
    "AK9": _AK9,
}

TABLE_997: SegmentTable = {
    "AK1": _AK1,
    "AK2": _AK2,
    "AK3": (
        ident("721", 2, 3, True),
        number("719", 1, 6, True),
        text("447", 1, 6),
        ident("720", 1, 3, False, codes.SEGMENT_ERRORS_997),
    ),
    "AK4": (
        _C030,
        number("725", 1, 4),
        ident("723", 1, 3, True, codes.ELEMENT_ERRORS_997),
        text("724", 1, 99),
    ),
    "AK5": (
        ident("717", 1, 1, True, codes.SET_STATUS),
        *(ident("718", 1, 3, False, codes.SET_ERRORS_997) for _ in range(5)),
    ),
    "AK9": _AK9,
}
