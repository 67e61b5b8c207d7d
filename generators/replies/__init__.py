"""Reply writers for the payer simulator: TA1, 999 (X231A1), 277CA (X214) and 835 (X221A1).

Each writer turns models into the body of one transaction set (:class:`TransactionBody`);
:func:`write_interchange` wraps bodies in ISA/GS … GE/IEA. The 835 is written from the shared
835 models (:mod:`edi.model.remittance`) as :mod:`generators.replies.balancing` builds them,
with every paid amount derived, so a written 835 balances by construction. For replies too big
to hold, :class:`InterchangeWriter` writes an interchange as it goes, and
:class:`ClaimAckWriter` and :func:`write_remittance` a 277CA or 835 set level by level or claim
by claim.
"""

from generators.replies.ack999 import ElementNote, GroupAck, SegmentNote, SetAck, ack999_body
from generators.replies.balancing import (
    ClaimTotals,
    RemittanceAdvice,
    all_adjustments,
    balanced_claim,
    claim_paid,
    claims_paid,
    patient_share,
    remittance_advice,
    remittance_parts,
    reversal,
    settle,
    total,
)
from generators.replies.claim_ack import (
    ClaimAckWriter,
    ClaimStatus,
    LineStatus,
    Name,
    ProviderStatus,
    Source,
    SourceStatus,
    StatusCode,
    Tally,
    claim_ack_body,
)
from generators.replies.envelope import (
    Envelope,
    InterchangeWriter,
    TransactionBody,
    write_interchange,
)
from generators.replies.remittance import remittance_body, write_remittance
from generators.replies.ta1 import InterchangeAck, write_ta1

__all__ = [
    "ClaimAckWriter",
    "ClaimStatus",
    "ClaimTotals",
    "ElementNote",
    "Envelope",
    "GroupAck",
    "InterchangeAck",
    "InterchangeWriter",
    "LineStatus",
    "Name",
    "ProviderStatus",
    "RemittanceAdvice",
    "SegmentNote",
    "SetAck",
    "Source",
    "SourceStatus",
    "StatusCode",
    "Tally",
    "TransactionBody",
    "ack999_body",
    "all_adjustments",
    "balanced_claim",
    "claim_ack_body",
    "claim_paid",
    "claims_paid",
    "patient_share",
    "remittance_advice",
    "remittance_body",
    "remittance_parts",
    "reversal",
    "settle",
    "total",
    "write_interchange",
    "write_remittance",
    "write_ta1",
]
