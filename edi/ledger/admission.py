"""What the ledger admits from an inbound file: whole envelopes of replies, nothing else.

A file is posted only when its envelope is whole: every ST has its SE, every GS its GE, every
ISA its IEA, their counts (SE01, GE01, IEA01) and control numbers (SE02, GE02, IEA02) agree,
no segment stands outside a transaction set, and no interchange, group or set repeats the
control number of another in the file. The envelope walk reports each break as a
finding with its 999/TA1 code; the rules here key off those codes (:data:`BREAKS`), never off
message text. A file that is not whole, that is not a reply (an 837), or in which no transaction
set could be read is refused as a whole: nothing of it is posted, not even its batch record, so
a corrected resend is ingested as new. Each refusal is one finding that says what the file is,
or what is missing and where.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from edi.x12.delimiters import Delimiters
from edi.x12.findings import Finding, Severity
from edi.x12.location import Location

SOURCE = "LEDGER"
INGESTED = "999, 997, TA1, 277CA, 277 and 835"
NOTHING_POSTED = "nothing was posted"

SE_MISSING = ("IK502", "2")
GE_MISSING = ("AK905", "3")
IEA_MISSING = ("TA105", "023")
OUTSIDE = ("IK304", "6")
# The envelope findings that make a file not whole (999 IK502 and AK905, TA1 TA105 codes).
BREAKS = frozenset(
    {
        SE_MISSING,
        ("IK502", "3"),  # SE02 is not ST02
        ("IK502", "4"),  # SE01 is not the segment count
        ("IK502", "18"),  # ST outside a functional group
        GE_MISSING,  # GE missing, or GE without GS
        ("AK905", "4"),  # GE02 is not GS06
        ("AK905", "5"),  # GE01 is not the set count
        IEA_MISSING,
        ("TA105", "001"),  # IEA02 is not ISA13
        ("TA105", "021"),  # IEA01 is not the group count
        OUTSIDE,  # a segment outside any transaction set
        # Control numbers repeated inside the file: its interchanges, groups or sets cannot be
        # told apart, so replies to them could be posted twice (a clearinghouse rejects these).
        ("TA105", "025"),  # ISA13 repeated in the file
        ("AK905", "19"),  # GS06 repeated in an interchange
        ("IK502", "23"),  # ST02 repeated in a group
    }
)
_CONTAINERS = {"IK502": "transaction set", "AK905": "functional group", "TA105": "interchange"}


@dataclass(frozen=True, slots=True)
class Tail:
    """Where the walk of a file ended: its last segment, and the set it ends inside, if any."""

    file: str | None
    ordinal: int = 0
    segment_id: str = ""
    odd: bool = False  # the last segment does not look like one: other delimiters?
    open_set: str | None = None  # ST02 of a set the file ends inside (no SE)

    def location(self, base: Location) -> Location:
        return base.with_(file=self.file, segment=self.ordinal or None, segment_id=self.segment_id)


def breaks(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that make a file's envelope not whole."""
    return [f for f in findings if f.is_error and (f.source, f.code) in BREAKS]


def refusal(message: str, code: str, location: Location) -> Finding:
    return Finding(Severity.ERROR, SOURCE, code, message, location)


def not_a_reply(variant: str, set_number: str, only: bool, location: Location) -> Finding:
    """An 837 (or any set that is not a reply) in the file: the file is refused."""
    article = "an" if variant.startswith("8") else "a"
    kind = f"{variant} claim" if variant.startswith("837") else f"{variant} transaction set"
    if only:
        message = f"{article} {kind} file, not a reply: x12flow ingests {INGESTED}"
    else:
        message = (
            f"transaction set {set_number} is {article} {kind}, not a reply: x12flow ingests "
            f"{INGESTED}; {NOTHING_POSTED}"
        )
    return refusal(message, "NOT-A-REPLY", location)


def nothing_read(tail: Tail, delimiters: Delimiters | None) -> Finding:
    """No transaction set (and no TA1) in the file."""
    if tail.odd and delimiters is not None:
        message = (
            "no transaction set could be read: the segments after the ISA do not use the "
            f"delimiters it declares (element {delimiters.element!r}, segment terminator "
            f"{delimiters.segment!r}); {NOTHING_POSTED}"
        )
    else:
        message = f"the file holds no transaction set; {NOTHING_POSTED}"
    return refusal(message, "NOTHING-READ", tail.location(Location()))


def not_whole(found: Sequence[Finding], tail: Tail, count: int | None = None) -> Finding | None:
    """One finding that says what is missing and where, or None when the envelope is whole.
    ``count``: how many breaks there were, when ``found`` keeps only some of them."""
    if not found:
        return None
    codes = {(f.source, f.code) for f in found}
    if IEA_MISSING in codes and tail.segment_id != "IEA":
        message, location, told = _ends_inside(found, codes, tail)
    else:
        first = found[0]
        message, location, told = _broken(first), first.location, 1
    more = (len(found) if count is None else count) - told
    if more > 0:
        message += f" (and {more} more envelope problem{'s' if more > 1 else ''})"
    return refusal(f"{message}: {NOTHING_POSTED}", "NOT-WHOLE", location)


def _ends_inside(
    found: Sequence[Finding], codes: set[tuple[str, str]], tail: Tail
) -> tuple[str, Location, int]:
    """The file was cut: which trailers never came, after which segment."""
    last = next(f for f in reversed(found) if (f.source, f.code) == IEA_MISSING).location
    missing, inside = ["IEA"], f"interchange {last.interchange}"
    group = next((f.location.group for f in found if (f.source, f.code) == GE_MISSING), None)
    if GE_MISSING in codes:
        missing.insert(0, "GE")
        inside = f"functional group {group}"
    if tail.open_set is not None:
        missing.insert(0, "SE")
        inside = f"transaction set {tail.open_set}"
    trailers = ", ".join(missing[:-1]) + (" or " if len(missing) > 1 else "") + missing[-1]
    message = (
        f"the file ends inside {inside} (no {trailers}) after segment {tail.ordinal} "
        f"({tail.segment_id})"
    )
    location = tail.location(last.with_(group=group, transaction=tail.open_set))
    return message, location, len(missing)


def _broken(finding: Finding) -> str:
    location = finding.location
    if (finding.source, finding.code) == OUTSIDE:
        return f"segment {location.segment} stands outside any transaction set"
    numbers = {
        "IK502": location.transaction,
        "AK905": location.group,
        "TA105": location.interchange,
    }
    container = " ".join(filter(None, (_CONTAINERS[finding.source], numbers[finding.source])))
    where = f" (segment {location.segment})" if location.segment else ""
    return f"{container} is not whole: {finding.message}{where}"
