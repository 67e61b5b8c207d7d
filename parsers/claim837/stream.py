"""Reading the claims of an 837 file: a streaming library API over the 837P and 837I readers.

:func:`read_claim_sets` yields one :class:`ClaimSet` per transaction set, in file order: where
the set sits in its envelope (ISA, GS, ST), its header (submitter, receiver, BHT03) and its
claims, each a :class:`~parsers.claim837.located.LocatedClaim`. The claims are read as they are
taken, subscriber by subscriber, so memory stays flat on a file of any size; take them before
the next set (what is left is read and dropped then). Findings go to the ``findings`` given.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from edi.x12.envelope import GroupHeader, InterchangeHeader, TransactionSet, Walker
from edi.x12.errors import InputError
from edi.x12.findings import Findings
from edi.x12.reader import SegmentReader
from parsers.claim837.located import LocatedClaim
from parsers.claim837.reader import READER_837I, READER_837P, Claim837Reader
from parsers.claim837.transformer import Header

READERS: dict[str, Claim837Reader] = {"837P": READER_837P, "837I": READER_837I}


@dataclass(frozen=True, slots=True)
class ClaimSet:
    """One 837 transaction set: its envelope, its header, and its claims (streamed)."""

    kind: str  # 837P or 837I
    interchange: InterchangeHeader | None  # ISA (None in a file that starts at GS)
    group: GroupHeader  # GS
    control_number: str  # ST02
    implementation: str  # ST03 (GS08 when ST03 is absent)
    header: Header  # 1000A, 1000B, BHT03
    claims: Iterator[LocatedClaim]


def read_claim_sets(
    source: str | Path | BinaryIO, findings: Findings | None = None
) -> Iterator[ClaimSet]:
    """Every transaction set of ``source``, which must be an 837 claim file: a transaction set
    of another kind, or one outside a functional group, raises :class:`InputError`."""
    name = str(source) if isinstance(source, (str, Path)) else getattr(source, "name", None)
    found = findings if findings is not None else Findings(name)
    for event in Walker(iter(SegmentReader(source, found, name)), found):
        if isinstance(event, TransactionSet):
            yield from _claim_set(event, found, name)


def _claim_set(ts: TransactionSet, findings: Findings, name: str | None) -> Iterator[ClaimSet]:
    reader = READERS.get(ts.variant)
    if reader is None or ts.group is None:
        raise InputError(f"not an 837 claim file (found {ts.variant})", file=name)
    header, claims = reader.read(ts, findings)
    yield ClaimSet(
        reader.kind, ts.interchange, ts.group, ts.control_number, ts.implementation, header, claims
    )
    for _ in claims:  # when the consumer did not take them all
        pass
