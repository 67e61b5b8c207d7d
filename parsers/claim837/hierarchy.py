"""HL and LX consistency in an 837: the numbers the file carries against the loops it has.

* HL01 counts the HL segments of the transaction set: 1, 2, 3, …
* HL02 names the HL01 of the loop the HL sits in (the 2000A of a 2000B, the 2000B of a 2000C).
* HL04 is 1 when the level has subordinate levels (a 2000B with a 2000C), 0 when it has none.
* LX01 counts the service lines (loop 2400) of a claim: 1, 2, 3, …

Each mismatch is an IK403 7 finding (the value is not the one the structure calls for) at the
element. A counter is judged against the number before it, not against its place in the file:
after a break (a duplicated, missing or moved HL or LX) the count goes on from the number the file
carries, and the numbers a break jumped over are still taken in order after it (see
:class:`Numbering`), so one misplaced segment is one finding, not one per later HL or LX. An HL
or LX that recovery assumed for a missing one carries no number: the count goes on from the next
one. The numbers are quoted when they are numbers (counters, never a person's data), and described
otherwise.

The check is incremental, in file order: a 2000A's own HL is checked (:meth:`HierarchyCheck.head`)
once its first 2000B has closed, and each 2000B with its patients and claims when it closes
(:meth:`HierarchyCheck.check`, given the HL01 of its 2000A). Only the running HL count and the
HL01 of the open 2000A are kept between them.
"""

from __future__ import annotations

from edi.x12 import quoting
from edi.x12.findings import Findings
from edi.x12.grammar import Loop
from edi.x12.location import Location
from edi.x12.segment import Segment

LEVELS = ("2000A", "2000B", "2000C")


class HierarchyCheck:
    """Checks the levels of one transaction set as they close, in file order."""

    def __init__(self) -> None:
        self.count = Numbering()
        self.findings = Findings()
        self.base = Location()

    def reset(self, findings: Findings, base: Location) -> None:
        self.count = Numbering()
        self.findings = findings
        self.base = base

    def check(self, level: Loop, parent: str | None = None) -> None:
        """``level`` (a 2000A, 2000B or 2000C) and every level and claim below it."""
        below = any(True for loop in level.loops() if loop.id in LEVELS)
        number = self.head(level.first("HL"), parent, below)
        for loop in level.loops():
            if loop.id in LEVELS:
                self.check(loop, number)
            elif loop.id == "2300":
                self._lines(loop)

    def head(self, hl: Segment | None, parent: str | None, below: bool) -> str | None:
        """Check one level's own HL (``below``: the level has subordinate levels); return the
        HL01 its subordinate levels must name in HL02 (``parent`` when the HL was not read; None,
        so that HL02 goes unchecked, when recovery assumed it)."""
        if hl is None:
            return parent
        expected = self.count.expected
        if not hl.ordinal:  # assumed for a missing HL: its number, and its levels' HL02, unknown
            self.count.assumed()
            return None
        number = hl[1]
        if not self.count.take(number):
            self._report(
                hl,
                1,
                f"HL01 is {quoting.count(number)}; the HL before it is number {expected - 1}, "
                f"so this one is number {expected}",
            )
        if parent is not None and hl[2] != parent:
            self._report(
                hl,
                2,
                f"HL02 is {quoting.count(hl[2])}; "
                f"the HL this level sits in is {quoting.count(parent)}",
            )
        if hl[4] and hl[4] != ("1" if below else "0"):
            has = "has" if below else "has no"
            self._report(
                hl, 4, f"HL04 is {quoting.code(hl[4])} but the level {has} subordinate levels"
            )
        return number

    def _lines(self, claim: Loop) -> None:
        count = Numbering()  # the service lines of this claim
        for line in claim.loops("2400"):
            lx = line.first("LX")
            expected = count.expected
            if lx is None or not lx.ordinal:  # assumed for a missing LX: its number unknown
                count.assumed()
                continue
            if not count.take(lx[1]):
                self._report(
                    lx,
                    1,
                    f"LX01 is {quoting.count(lx[1])}; the service line before it is number "
                    f"{expected - 1}, so this one is number {expected}",
                )

    def _report(self, seg: Segment, element: int, message: str) -> None:
        self.findings.error(
            "IK403",
            "7",
            message,
            self.base.at(seg, element=element),
        )


class Numbering:
    """A counter the file carries (HL01, LX01), judged one number at a time in constant memory.

    A number is right when it is the one after the number before it. After a break (one that
    jumps ahead of the count: a segment moved up or one deleted), the numbers it jumped over are
    right too as long as they come in order: a segment moved up from further down leaves them to
    come after it (LX 3, 1, 2, 4), and each of them reported again would make one move several
    findings. A number that is neither is wrong, and the count goes on from it (the file's
    numbering goes on from the number it carries), so one misplaced segment is one finding.
    """

    __slots__ = ("_free", "_last", "_skipped", "_upto")

    def __init__(self) -> None:
        self._last = 0  # the highest number taken in sequence
        self._skipped = 0  # the next number jumped over by the last break (0: none pending)
        self._upto = 0  # the number that jumped: those from _skipped below it are pending
        self._free = False  # the number before was assumed: the next one sets the count

    def assumed(self) -> None:
        """A segment recovery assumed for a missing one: it carries no number, so the count
        goes on from whatever number comes next (the missing one is reported already)."""
        self._free = True

    @property
    def expected(self) -> int:
        """The number due next when nothing is out of place."""
        return self._last + 1

    def take(self, number: str) -> bool:
        """Count ``number``; whether it is one the structure allows here."""
        value = number.strip()
        if not (value.isascii() and value.isdigit() and len(value) < 10):
            self._last += 1  # unreadable: the count goes on as if it were right
            self._free = False
            return False
        n = int(value)
        if self._free or n == self._last + 1:
            self._free = False
            self._last = n
            return True
        if self._skipped and n == self._skipped:  # one jumped over, coming in order
            self._skipped = n + 1 if n + 1 < self._upto else 0
            return True
        if n > self._last + 1:  # a jump: the numbers in between may still come
            self._skipped, self._upto = self._last + 1, n
        else:
            self._skipped = 0
        self._last = n
        return False
