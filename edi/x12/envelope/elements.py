"""What the guides require of each ISA and GS element: codes, fixed widths, dates and times.

The ISA is fixed-width and every element of it has one TA1 note code (TA105) that a receiver
rejecting it would send; GS elements are reported with the 999 element codes (IK403). The rules are
those of the 5010 guides' envelope (TR3 appendix C, and pyx12's ``x12.control.00501.xml``): ISA01
00 or 03, ISA03 00 or 01, ISA05/ISA07 one of the nine interchange ID qualifiers, ISA14 0 or 1,
ISA15 P or T. Control numbers, versions and counts are the walker's matter
(:mod:`edi.x12.envelope.walker`, :mod:`edi.x12.envelope.versions`).

A message quotes codes only. ISA02 and ISA04 (authorization and security information) are never
shown, and sender and receiver IDs are described by their length.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from edi.x12 import quoting, values
from edi.x12.findings import Findings
from edi.x12.location import Location
from edi.x12.segment import Segment

ID_QUALIFIERS: Final = ("01", "14", "20", "27", "28", "29", "30", "33", "ZZ")


@dataclass(frozen=True, slots=True)
class Coded:
    """An ISA element that takes one of ``codes``; ``note`` is its TA105 code."""

    note: str
    name: str
    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Padded:
    """An ISA element of exactly ``width`` characters, padded with spaces."""

    note: str
    name: str
    width: int
    blank_allowed: bool


ISA_CODES: Final[dict[int, Coded]] = {
    1: Coded("010", "authorization information qualifier", ("00", "03")),
    3: Coded("012", "security information qualifier", ("00", "01")),
    5: Coded("005", "interchange sender ID qualifier", ID_QUALIFIERS),
    7: Coded("007", "interchange receiver ID qualifier", ID_QUALIFIERS),
    14: Coded("019", "acknowledgment requested code", ("0", "1")),
    15: Coded("020", "usage indicator", ("P", "T")),
}

ISA_PADDED: Final[dict[int, Padded]] = {
    2: Padded("011", "authorization information", 10, True),
    4: Padded("013", "security information", 10, True),
    6: Padded("006", "interchange sender ID", 15, False),
    8: Padded("008", "interchange receiver ID", 15, False),
}

GROUP_TIME_FORMS: Final = "HHMM, HHMMSS, HHMMSSD or HHMMSSDD"


def check_interchange_header(seg: Segment, at: Location, findings: Findings) -> None:
    """The ISA's element rules (``at`` is the ISA's location; the element is added)."""
    for index, rule in ISA_CODES.items():
        value = seg[index]
        if value not in rule.codes:
            findings.error(
                "TA105",
                rule.note,
                f"ISA{index:02d} {rule.name} {quoting.code_for(value, rule.codes)} is not one "
                f"of {', '.join(rule.codes)}",
                at.with_(element=index),
            )
    for index, padded in ISA_PADDED.items():
        problem = _padding_problem(seg[index], padded)
        if problem is not None:
            findings.error(
                "TA105",
                padded.note,
                f"ISA{index:02d} {padded.name} {problem}",
                at.with_(element=index),
            )
    _check_date_and_time(seg, at, findings)
    _check_separators(seg, at, findings)


def _padding_problem(value: str, rule: Padded) -> str | None:
    if len(value) != rule.width:
        size = f"{len(value)} character{'s' if len(value) != 1 else ''}"
        return f"is {size}; it must be {rule.width}, padded with spaces"
    if not rule.blank_allowed and not value.strip():
        return "is blank"
    return None


def _check_date_and_time(seg: Segment, at: Location, findings: Findings) -> None:
    date, time = seg[9], seg[10]
    if values.date6(date) is None:
        findings.error(
            "TA105",
            "014",
            f"ISA09 interchange date ({quoting.describe(date)}) is not a valid date (YYMMDD)",
            at.with_(element=9),
        )
    if values.time(time, 4) is None:
        findings.error(
            "TA105",
            "015",
            f"ISA10 interchange time ({quoting.describe(time)}) is not a valid time (HHMM)",
            at.with_(element=10),
        )


def _check_separators(seg: Segment, at: Location, findings: Findings) -> None:
    """ISA11 (5010: the repetition separator) and ISA16 (the component separator). The reader
    already refused delimiters that are letters, digits or repeat each other."""
    isa11 = seg[11]
    if seg[12] >= "00501" and len(isa11) == 1 and isa11.isascii() and isa11.isalnum():
        if isa11 == "U":  # a 4010 habit: read unambiguously, since nothing is split on it
            findings.warning(
                "TA105",
                "016",
                "ISA11 is 'U', the 4010 interchange standards identifier; in 5010 it is the "
                "repetition separator (repetitions are not split)",
                at.with_(element=11),
            )
        else:
            findings.error(
                "TA105",
                "016",
                f"ISA11 repetition separator {quoting.code(isa11)} is a letter or digit; it must "
                "be a character that does not occur in the data",
                at.with_(element=11),
            )
    elif len(isa11) != 1:
        findings.error(
            "TA105",
            "016",
            f"ISA11 repetition separator is {quoting.describe(isa11)}; it must be one character",
            at.with_(element=11),
        )
    isa16 = seg[16]
    if len(isa16) != 1:
        findings.error(
            "TA105",
            "027",
            f"ISA16 component element separator is {quoting.describe(isa16)}; it must be one "
            "character",
            at.with_(element=16),
        )


def check_group_header(seg: Segment, at: Location, findings: Findings) -> None:
    """The GS's date, time and agency code (its GS01, GS06 and GS08 are the walker's)."""
    date, time = seg[4], seg[5]
    if values.date8(date) is None:
        findings.error(
            "IK403",
            values.INVALID_DATE,
            f"GS04 functional group date ({quoting.describe(date)}) is not a valid date (CCYYMMDD)",
            at.with_(element=4),
        )
    if values.time(time) is None:
        findings.error(
            "IK403",
            values.INVALID_TIME,
            f"GS05 functional group time ({quoting.describe(time)}) is not a valid time "
            f"({GROUP_TIME_FORMS})",
            at.with_(element=5),
        )
    if seg[7] != "X":
        findings.error(
            "IK403",
            "7",
            f"GS07 responsible agency code {quoting.code(seg[7])} is not X",
            at.with_(element=7),
        )
