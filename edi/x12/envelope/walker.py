"""The walk over one file's envelopes: pairing, control numbers and counts, as findings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from edi.x12 import quoting, values
from edi.x12.envelope.headers import (
    FUNCTIONAL_IDS,
    SUPPORTED_SETS,
    Acknowledgment,
    GroupEnd,
    GroupHeader,
    GroupStart,
    InterchangeEnd,
    InterchangeHeader,
    InterchangeStart,
)
from edi.x12.envelope.transaction import Event, SegmentStream, TransactionSet
from edi.x12.findings import Findings
from edi.x12.location import Location
from edi.x12.segment import Segment


def _valid_date(value: str, size: int) -> bool:
    """Exactly ``size`` ASCII digits (8 CCYYMMDD, 6 YYMMDD) naming a real calendar day."""
    return (values.date8(value) if size == 8 else values.date6(value)) is not None


ST02_REMEMBERED: Final = 100_000
"""The ST02 control numbers of a group remembered to tell duplicates: a broken file can open a
transaction set in every segment, so a group keeps no more than this many (past them, ST02s are
checked against the first ones)."""


class Walker:
    """Walks the envelopes of one file, reporting envelope findings."""

    def __init__(self, segments: Iterator[Segment], findings: Findings) -> None:
        self._stream = SegmentStream(segments)
        self.findings = findings
        self.file = findings.file
        self.interchange: InterchangeHeader | None = None
        self.group: GroupHeader | None = None
        self._group_sets = 0
        self._group_st02: set[str] = set()
        self._interchange_groups = 0
        self._isa_seen = False

    # -- locations and findings -------------------------------------------------------------
    def loc(self, seg: Segment | None, **extra: object) -> Location:
        loc = Location(
            file=self.file,
            interchange=self.interchange.control_number if self.interchange else None,
            group=self.group.control_number if self.group else None,
        )
        if seg is not None:
            loc = loc.with_(segment=seg.ordinal, segment_id=seg.elements[0], offset=seg.offset)
        return loc.with_(**extra) if extra else loc

    def _error(self, source: str, code: str, message: str, loc: Location) -> None:
        self.findings.error(source, code, message, loc)

    # -- the walk ----------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Event]:
        stream = self._stream
        while True:
            seg = stream.next()
            if seg is None:
                break
            sid = seg.elements[0]
            if sid == "ISA":
                if self.interchange is not None or (self._isa_seen and self.group is not None):
                    yield from self._close_interchange(None)
                yield from self._open_interchange(seg)
            elif sid == "IEA":
                yield from self._close_interchange(seg)
            elif sid == "GS":
                if self.group is not None:
                    yield from self._close_group(None)
                yield from self._open_group(seg)
            elif sid == "GE":
                yield from self._close_group(seg)
            elif sid == "ST":
                yield from self._transaction(seg)
            elif sid == "TA1":
                if self.interchange is None and not self._isa_seen:
                    self._error("TA105", "024", "TA1 outside an interchange", self.loc(seg))
                yield Acknowledgment(seg, self.interchange)
            else:
                self._error("IK304", "6", _outside(seg), self.loc(seg))
        if self.group is not None:
            yield from self._close_group(None)
        if self.interchange is not None:
            yield from self._close_interchange(None)

    def _open_interchange(self, seg: Segment) -> Iterator[Event]:
        self._isa_seen = True
        header = InterchangeHeader.from_segment(seg)
        self.interchange = header
        self._interchange_groups = 0
        loc = self.loc(seg)
        if len(seg) < 16:
            self._error("TA105", "022", f"ISA has {len(seg)} elements, not 16", loc)
        if not (values.is_digits(header.control_number) and len(header.control_number) == 9):
            self._error(
                "TA105",
                "018",
                f"ISA13 interchange control number {quoting.control_number(header.control_number)} "
                "is not 9 digits",
                loc.with_(element=13),
            )
        if not _valid_date(header.date, 6):
            self._error(
                "TA105",
                "014",
                f"ISA09 ({quoting.describe(header.date)}) is not a valid date (YYMMDD)",
                loc.with_(element=9),
            )
        if header.usage not in ("P", "T", "I"):
            self._error(
                "TA105",
                "020",
                f"ISA15 usage indicator {quoting.code(header.usage)} is not P or T",
                loc.with_(element=15),
            )
        if header.version and header.version < "00501":
            self.findings.warning(
                "TA105",
                "017",
                f"ISA12 version {quoting.code(header.version, 5)} predates 00501; "
                "x12flow targets 5010",
                loc.with_(element=12),
            )
        yield InterchangeStart(header)

    def _close_interchange(self, seg: Segment | None) -> Iterator[Event]:
        header = self.interchange
        if self.group is not None:
            yield from self._close_group(None)
        if seg is None:
            self._error(
                "TA105",
                "023",
                "interchange trailer IEA is missing (premature end of interchange)",
                self.loc(None, segment_id="IEA"),
            )
        elif header is None:
            self._error("TA105", "024", "IEA without a matching ISA", self.loc(seg))
        else:
            loc = self.loc(seg)
            if seg[2].strip() != header.control_number:
                self._error(
                    "TA105",
                    "001",
                    f"IEA02 {quoting.control_number(seg[2])} does not match ISA13 "
                    f"{quoting.control_number(header.control_number)}",
                    loc.with_(element=2),
                )
            if seg[1].strip() != str(self._interchange_groups):
                self._error(
                    "TA105",
                    "021",
                    f"IEA01 says {quoting.count(seg[1])} functional groups, the interchange has "
                    f"{self._interchange_groups}",
                    loc.with_(element=1),
                )
        self.interchange = None
        yield InterchangeEnd(header)

    def _open_group(self, seg: Segment) -> Iterator[Event]:
        if self.interchange is None and not self._isa_seen:
            self._error(
                "TA105", "024", "functional group (GS) without an interchange (ISA)", self.loc(seg)
            )
        header = GroupHeader.from_segment(seg)
        self.group = header
        self._group_sets = 0
        self._group_st02 = set()
        self._interchange_groups += 1
        loc = self.loc(seg)
        if header.functional_id not in FUNCTIONAL_IDS:
            self._error(
                "IK403",
                "7",
                f"GS01 functional identifier code {quoting.code(header.functional_id)} "
                "is not a valid code",
                loc.with_(element=1),
            )
        if not _valid_date(header.date, 8):
            self._error(
                "IK403",
                "8",
                f"GS04 ({quoting.describe(header.date)}) is not a valid date (CCYYMMDD)",
                loc.with_(element=4),
            )
        if not values.is_digits(header.control_number):
            self._error(
                "AK905",
                "6",
                f"GS06 group control number {quoting.control_number(header.control_number)} "
                "is not numeric",
                loc.with_(element=6),
            )
        if header.version.startswith("00501"):
            pass
        elif "5010" in header.version:
            self.findings.warning(
                "AK905",
                "2",
                f"GS08 version {quoting.version(header.version)} is not a 5010 "
                "version code (005010…); read as 5010",
                loc.with_(element=8),
            )
        elif header.functional_id == "FA" and header.version.startswith("00401"):
            # A 4010 997 answers 4010 submissions; its AK segments read the same as in 5010.
            self.findings.warning(
                "AK905",
                "2",
                f"GS08 version {quoting.version(header.version)}: a 4010 "
                "acknowledgment group, read with the 5010 997 rules",
                loc.with_(element=8),
            )
        elif header.version:
            self._error(
                "AK905",
                "2",
                f"GS08 version {quoting.version(header.version)} is not "
                "supported (x12flow reads 5010: 005010…)",
                loc.with_(element=8),
            )
        yield GroupStart(header)

    def _close_group(self, seg: Segment | None) -> Iterator[Event]:
        header = self.group
        if seg is None:
            self._error(
                "AK905",
                "3",
                "functional group trailer GE is missing",
                self.loc(None, segment_id="GE"),
            )
        elif header is None:
            self._error("AK905", "3", "GE without a matching GS", self.loc(seg))
        else:
            loc = self.loc(seg)
            if seg[2].strip() != header.control_number:
                self._error(
                    "AK905",
                    "4",
                    f"GE02 {quoting.control_number(seg[2])} does not match GS06 "
                    f"{quoting.control_number(header.control_number)}",
                    loc.with_(element=2),
                )
            if seg[1].strip() != str(self._group_sets):
                self._error(
                    "AK905",
                    "5",
                    f"GE01 says {quoting.count(seg[1])} transaction sets, "
                    f"the group has {self._group_sets}",
                    loc.with_(element=1),
                )
        self.group = None
        yield GroupEnd(header)

    def _transaction(self, st: Segment) -> Iterator[Event]:
        if self.group is None and self._isa_seen:
            self._error(
                "IK502", "18", "transaction set is not in a functional group (no GS)", self.loc(st)
            )
        self._group_sets += 1
        loc = self.loc(st).with_(transaction=st[2] or None)
        ts = TransactionSet(
            st,
            self.interchange,
            self.group,
            loc.with_(segment=None, segment_id=None, offset=None),
            self._stream,
            self,
        )
        if not st[2]:
            self._error(
                "IK502", "7", "ST02 transaction set control number is missing", loc.with_(element=2)
            )
        elif st[2] in self._group_st02:
            self._error(
                "IK502",
                "23",
                f"ST02 {quoting.control_number(st[2])} is not unique within the group",
                loc.with_(element=2),
            )
        if len(self._group_st02) < ST02_REMEMBERED:
            self._group_st02.add(st[2])
        if st[1] not in SUPPORTED_SETS:
            self._error(
                "IK502",
                "1",
                f"transaction set {quoting.code(st[1])} is not supported by x12flow "
                "(it reads 835, 999, 997, 277 and 837)",
                loc.with_(element=1),
            )
        elif st[1] == "837" and ts.transaction not in ("837P", "837I"):
            self._error(
                "IK502",
                "I6",
                f"837 implementation {quoting.version(ts.implementation)} is not "
                "supported: x12flow reads 837P (005010X222A1) and 837I (005010X223A2)",
                loc.with_(element=3),
            )
        if self.group is not None and st[3] and self.group.version and st[3] != self.group.version:
            self.findings.warning(
                "IK502",
                "19",
                f"ST03 {quoting.version(st[3])} differs from GS08 "
                f"{quoting.version(self.group.version)}; ST03 is used",
                loc.with_(element=3),
            )
        yield ts
        ts.drain()

    def _check_trailer(self, ts: TransactionSet, se: Segment) -> None:
        loc = ts.location.with_(
            segment=se.ordinal, segment_id="SE", position=se.position, offset=se.offset
        )
        if se[2].strip() != ts.control_number:
            self._error(
                "IK502",
                "3",
                f"SE02 {quoting.control_number(se[2])} does not match ST02 "
                f"{quoting.control_number(ts.control_number)}",
                loc.with_(element=2),
            )
        if se[1].strip() != str(ts.segment_count):
            self._error(
                "IK502",
                "4",
                f"SE01 says {quoting.count(se[1])} segments, the transaction set has "
                f"{ts.segment_count}",
                loc.with_(element=1),
            )

    def _missing_trailer(self, ts: TransactionSet, at: Segment | None) -> None:
        where = f"before {at.elements[0]} at segment {at.ordinal}" if at else "at end of file"
        self._error(
            "IK502",
            "2",
            f"transaction set trailer SE is missing ({where})",
            ts.location.with_(segment_id="SE"),
        )


def _outside(seg: Segment) -> str:
    """IK304 6: a segment between transaction sets (or written with another separator)."""
    mismatch = quoting.separator_mismatch(seg)
    if mismatch is not None:
        return f"{mismatch}; it stands outside any transaction set"
    return f"segment {quoting.segment_id(seg.elements[0])} stands outside any transaction set"


def walk(segments: Iterator[Segment], findings: Findings) -> Iterator[Event]:
    return iter(Walker(segments, findings))
