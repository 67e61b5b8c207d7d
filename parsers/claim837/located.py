"""A claim as read, with where it stands: what a reader of submitted claims needs beside the model.

The claim input models (:mod:`edi.model.claim`) say what a claim carries; they hold no positions
and nothing an 837 adds for its receivers. A reply to a submitted claim needs a little of both:
a 999 points at the claim's segments by their position in the transaction set (ST = 1), and a
277CA echoes the clearinghouse trace number (2300 REF*D9) and the payer's ID qualifier (2010BB
NM108, PI or XV). :class:`LocatedClaim` carries them beside the claim, read from the same loops
by the transformer as it builds the claim.
"""

from __future__ import annotations

from dataclasses import dataclass

from edi.model.claim import Claim
from edi.x12.grammar import Loop
from edi.x12.segment import Segment
from parsers.claim837.values import Json, reference


@dataclass(frozen=True, slots=True)
class ClaimPositions:
    """Positions in the transaction set (ST = 1) of a claim's segments; 0 for a missing one."""

    claim: int  # CLM
    diagnosis: int  # HI with the principal diagnosis (HI01-1 ABK)
    lines: tuple[int, ...]  # SV1 (837P) or SV2 (837I) of each service line (2400), in order


@dataclass(frozen=True, slots=True)
class LocatedClaim:
    """One claim (loop 2300 with its HL parents) and where it stands."""

    claim: Claim | Json  # the input model, or the plain claim where the model refuses it
    positions: ClaimPositions
    clearinghouse_trace: str = ""  # 2300 REF*D9
    payer_qualifier: str = ""  # 2010BB NM108


def _position(seg: Segment | None) -> int:
    return seg.position if seg is not None else 0


def positions(claim: Loop) -> ClaimPositions:
    """Where the CLM, the principal diagnosis and each line's SV1/SV2 of loop 2300 stand."""
    lines = tuple(_position(line.first("SV1") or line.first("SV2")) for line in claim.loops("2400"))
    return ClaimPositions(_position(claim.first("CLM")), _position(claim.first("HI_ABK")), lines)


def locate(claim: Claim | Json, loop: Loop, payer_qualifier: str) -> LocatedClaim:
    """``claim`` as read from ``loop`` (its 2300), under a payer named with ``payer_qualifier``."""
    return LocatedClaim(claim, positions(loop), reference(loop, "D9") or "", payer_qualifier)
