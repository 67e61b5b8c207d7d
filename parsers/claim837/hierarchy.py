"""HL and LX consistency in an 837: the numbers the file carries against the loops it has.

* HL01 counts the HL segments of the transaction set: 1, 2, 3, …
* HL02 names the HL01 of the loop the HL sits in (the 2000A of a 2000B, the 2000B of a 2000C).
* HL04 is 1 when the level has subordinate levels (a 2000B with a 2000C), 0 when it has none.
* LX01 counts the service lines (loop 2400) of a claim: 1, 2, 3, …

Each mismatch is an IK403 7 finding (the value is not the one the structure calls for) at the
element. The numbers are quoted when they are numbers (counters, never a person's data), and
described otherwise.

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
        self.count = 0
        self.findings = Findings()
        self.base = Location()

    def reset(self, findings: Findings, base: Location) -> None:
        self.count = 0
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
        HL01 its subordinate levels must name in HL02 (``parent`` when the HL was not read)."""
        if hl is None or not hl.ordinal:
            return parent
        self.count += 1
        number = hl[1]
        if number != str(self.count):
            self._report(
                hl, 1, f"HL01 is {quoting.count(number)}; this is HL number {self.count} of the set"
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
        for number, line in enumerate(claim.loops("2400"), 1):
            lx = line.first("LX")
            if lx is not None and lx.ordinal and lx[1] != str(number):
                self._report(
                    lx,
                    1,
                    f"LX01 is {quoting.count(lx[1])}; this is service line {number} of the claim",
                )

    def _report(self, seg: Segment, element: int, message: str) -> None:
        self.findings.error(
            "IK403",
            "7",
            message,
            self.base.at(seg, element=element),
        )
