"""The walk over one file's envelopes, as findings: pairing, control numbers (each once: ISA13 in
the file, GS06 in its interchange, ST02 in its group), counts, the version of each interchange,
group and set (:mod:`edi.x12.envelope.versions`), and the ISA and GS element rules
(:mod:`edi.x12.envelope.elements`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from edi.x12 import quoting, values
from edi.x12.envelope import versions
from edi.x12.envelope.elements import check_group_header, check_interchange_header
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

CONTROL_NUMBERS_REMEMBERED: Final = 100_000
"""The control numbers remembered to tell duplicates (ISA13s of a file, GS06s of an interchange,
ST02s of a group): a broken file can open an envelope in every segment, so no more than this
many are kept of each (past them, numbers are checked against the first ones)."""

# How the version of an interchange whose ISA12 is not 00501 was judged (see _judge_interchange).
_PENDING: Final = "pending"
_READ: Final = "read"  # what it carries reads the same in 5010 (a TA1, 4010 997s): a warning
_UNSUPPORTED: Final = "unsupported"  # one error at ISA12; nothing below judged for its version


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
        self._isa13: dict[str, int] = {}  # ISA13 → the segment of its first interchange
        self._gs06: dict[str, int] = {}  # GS06 → the segment of its first group (this ISA)
        self._read_acknowledgment = False  # a TA1 was met in this interchange
        self._version = ""  # how a non-00501 ISA12 was judged: "", pending, read, unsupported
        self._group_5010 = False  # the group's GS08 names 5010: its sets' guides are judged
        self._group_judged: set[tuple[str, str]] = set()  # (what, value) reported in the group

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
                self._read_acknowledgment = True
                self._judge_interchange(None)
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
        self._gs06 = {}
        loc = self.loc(seg)
        if len(seg) < 16:
            self._error("TA105", "022", f"ISA has {len(seg)} elements, not 16", loc)
        else:
            check_interchange_header(seg, loc, self.findings)
        self._check_interchange_number(header, seg, loc.with_(element=13))
        self._version = ""
        self._read_acknowledgment = False
        if not versions.is_version_number(header.version):
            self._version = _UNSUPPORTED
            self._error(
                "TA105",
                "017",
                f"ISA12 interchange control version {quoting.code(header.version, 5)} is not a "
                f"version number; x12flow reads 5010 interchanges ({versions.INTERCHANGE_VERSION})",
                loc.with_(element=12),
            )
        elif header.version != versions.INTERCHANGE_VERSION:
            self._version = _PENDING  # judged by what the interchange carries
        yield InterchangeStart(header)

    def _check_interchange_number(
        self, header: InterchangeHeader, seg: Segment, at: Location
    ) -> None:
        number = header.control_number
        if not (values.is_digits(number) and len(number) == 9):
            self._error(
                "TA105",
                "018",
                f"ISA13 interchange control number {quoting.control_number(number)} "
                "is not 9 digits",
                at,
            )
        first = self._isa13.get(number)
        if first is not None:
            self._error(
                "TA105",
                "025",
                f"ISA13 interchange control number {quoting.control_number(number)} is used "
                f"again: the interchange at segment {first} has it too (a sender numbers each "
                "interchange once)",
                at,
            )
        elif len(self._isa13) < CONTROL_NUMBERS_REMEMBERED:
            self._isa13[number] = seg.ordinal

    def _judge_interchange(self, first: GroupHeader | None) -> None:
        """ISA12 that is 5 digits but not 00501, judged by the interchange's first group
        (``first``) or, with None, by a TA1 or by its end (see :mod:`versions`)."""
        header = self.interchange
        if self._version != _PENDING or header is None:
            return
        version = quoting.code(header.version, 5)
        where = self.loc(header.segment, element=12)
        acknowledgment = first is None and self._read_acknowledgment
        if acknowledgment or (
            first is not None
            and versions.is_4010_acknowledgment(first.functional_id, first.version)
        ):
            self._version = _READ
            what = "its TA1" if first is None else "its 4010 997 acknowledgments"
            self.findings.warning(
                "TA105",
                "017",
                f"ISA12 interchange control version {version} is not "
                f"{versions.INTERCHANGE_VERSION}; {what} read the same in 5010",
                where,
            )
        elif first is not None and versions.is_5010(first.version):
            self._version = ""
            self._error(
                "TA105",
                "017",
                f"ISA12 interchange control version {version} is not "
                f"{versions.INTERCHANGE_VERSION}, but the interchange carries 5010 groups "
                f"(GS08 {quoting.version(first.version)})",
                where,
            )
        else:
            self._version = _UNSUPPORTED
            self._error(
                "TA105",
                "017",
                f"ISA12 interchange control version {version} is not supported: x12flow reads "
                f"5010 interchanges ({versions.INTERCHANGE_VERSION})",
                where,
            )

    def _close_interchange(self, seg: Segment | None) -> Iterator[Event]:
        header = self.interchange
        if self.group is not None:
            yield from self._close_group(None)
        self._judge_interchange(None)
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
        self._group_judged = set()
        self._interchange_groups += 1
        self._judge_interchange(header)
        loc = self.loc(seg)
        if header.functional_id not in FUNCTIONAL_IDS:
            self._error(
                "IK403",
                "7",
                f"GS01 functional identifier code {quoting.code(header.functional_id)} "
                "is not a valid code",
                loc.with_(element=1),
            )
        check_group_header(seg, loc, self.findings)
        self._check_group_number(header, seg, loc.with_(element=6))
        self._group_5010 = versions.is_5010(header.version)
        self._check_group_version(header, loc.with_(element=8))
        yield GroupStart(header)

    def _check_group_number(self, header: GroupHeader, seg: Segment, at: Location) -> None:
        number = header.control_number
        if not values.is_digits(number) or len(number) > 9:
            self._error(
                "AK905",
                "6",
                f"GS06 group control number {quoting.control_number(number)} "
                "is not a number of 1 to 9 digits",
                at,
            )
        first = self._gs06.get(number)
        if first is not None:
            self._error(
                "AK905",
                "19",
                f"GS06 group control number {quoting.control_number(number)} is used again "
                f"in this interchange: the group at segment {first} has it too",
                at,
            )
        elif len(self._gs06) < CONTROL_NUMBERS_REMEMBERED:
            self._gs06[number] = seg.ordinal

    def _check_group_version(self, header: GroupHeader, at: Location) -> None:
        """GS08 names 5010; a 4010 997 group is read with the 5010 rules. Which guide is checked
        per set, against its kind (:meth:`_check_guide`)."""
        version = header.version
        if self._version == _UNSUPPORTED or versions.is_5010(version):
            return
        if not version:
            self._error("AK905", "2", "GS08 version is missing", at)
        elif versions.is_4010_acknowledgment(header.functional_id, version):
            if self._version != _READ:  # else ISA12 said so already
                self.findings.warning(
                    "AK905",
                    "2",
                    f"GS08 version {quoting.version(version)}: a 4010 acknowledgment group, "
                    "read with the 5010 997 rules",
                    at,
                )
        else:
            self._error(
                "AK905",
                "2",
                f"GS08 version {quoting.version(version)} is not supported (x12flow reads "
                "5010: 005010…)",
                at,
            )

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
        if len(self._group_st02) < CONTROL_NUMBERS_REMEMBERED:
            self._group_st02.add(st[2])
        if st[1] not in SUPPORTED_SETS:
            self._error(
                "IK502",
                "1",
                f"transaction set {quoting.code(st[1])} is not supported by x12flow "
                "(it reads 835, 999, 997, 277 and 837)",
                loc.with_(element=1),
            )
        elif self.group is not None:
            self._check_functional_group(self.group, st)
            if self._version != _UNSUPPORTED and self._group_5010:
                self._check_guide(self.group, st, loc.with_(element=3))
        yield ts
        ts.drain()

    def _once(self, what: str, value: str) -> bool:
        """Whether ``what`` about ``value`` is new in this group (then it is noted): a problem
        of the group is reported at its first set, not once per set."""
        key = (what, value)
        if key in self._group_judged:
            return False
        self._group_judged.add(key)
        return True

    def _check_functional_group(self, group: GroupHeader, st: Segment) -> None:
        """GS01 is the functional group of the sets inside (HP 835, HC 837, FA 999/997, HN 277)."""
        expected = versions.FUNCTIONAL_GROUPS[st[1]]
        found = group.functional_id
        if found == expected or found not in FUNCTIONAL_IDS or not self._once("GS01", st[1]):
            return
        at = self.loc(group.segment, element=1) if group.segment is not None else self.loc(st)
        self._error(
            "IK403",
            "7",
            f"GS01 functional identifier code {quoting.code(found)} does not fit the "
            f"{st[1]} transaction set at segment {st.ordinal}: {_article(st[1])} {st[1]} is "
            f"sent in a group with GS01 {quoting.code(expected)}",
            at,
        )

    def _check_guide(self, group: GroupHeader, st: Segment, at: Location) -> None:
        """ST03 (GS08 when it is absent) names a guide x12flow reads for ST01, and equals GS08.
        One finding per group and version, however many sets it holds."""
        set_id, st03, gs08 = st[1], st[3], group.version
        implementation = st03 or gs08
        if not st03:
            at = self.loc(group.segment, element=8) if group.segment is not None else at
        named = "ST03" if st03 else "GS08"
        current = versions.read_as(set_id, implementation)  # an earlier release, read
        if versions.reads(set_id, implementation):
            pass
        elif current is not None:
            if self._once("earlier", implementation):
                self.findings.warning(
                    "IK502",
                    "I6",
                    f"{named} {quoting.version(implementation)} is an earlier release of the "
                    f"{set_id} guide; read as {current}",
                    at,
                )
        else:
            if self._once("unsupported", implementation):
                self._error(
                    "IK502",
                    "I6",
                    f"{named} implementation {quoting.version(implementation)} is not "
                    f"supported: x12flow reads {set_id} as {versions.guides_of(set_id)}",
                    at,
                )
            return
        if st03 and gs08 and st03 != gs08 and self._once("differs", st03):
            self._error(
                "IK502",
                "19",
                f"ST03 {quoting.version(st03)} is not GS08 {quoting.version(gs08)}: the guide "
                "requires the same version in both",
                at,
            )

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


def _article(set_id: str) -> str:
    """ "an" before 835 and 837 (said "eight…"), "a" before 999, 997 and 277."""
    return "an" if set_id.startswith("8") else "a"


def _outside(seg: Segment) -> str:
    """IK304 6: a segment between transaction sets (or written with another separator)."""
    mismatch = quoting.separator_mismatch(seg)
    if mismatch is not None:
        return f"{mismatch}; it stands outside any transaction set"
    return f"segment {quoting.segment_id(seg.elements[0])} stands outside any transaction set"


def walk(segments: Iterator[Segment], findings: Findings) -> Iterator[Event]:
    return iter(Walker(segments, findings))
