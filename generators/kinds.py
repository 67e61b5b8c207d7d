"""The two claim transactions x12flow writes and what differs between them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from edi.model.claim import Claim, InstitutionalClaim, ProfessionalClaim
from generators.builders.common import Seg
from generators.builders.institutional import institutional_claim_segments
from generators.builders.professional import professional_claim_segments


@dataclass(frozen=True, slots=True)
class ClaimKind:
    name: str  # file name prefix: 837P, 837I
    version: str  # GS08 and ST03
    model: type[ProfessionalClaim] | type[InstitutionalClaim]
    claim_segments: Callable[[Any], list[Seg]]
    subscriber_insurance_type: bool  # SBR05 is used (837P only)

    def segments(self, claim: Claim) -> list[Seg]:
        return self.claim_segments(claim)


PROFESSIONAL = ClaimKind(
    "837P", "005010X222A1", ProfessionalClaim, professional_claim_segments, True
)
INSTITUTIONAL = ClaimKind(
    "837I", "005010X223A2", InstitutionalClaim, institutional_claim_segments, False
)

KINDS: dict[str, ClaimKind] = {"837p": PROFESSIONAL, "837i": INSTITUTIONAL}
