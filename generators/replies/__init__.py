"""Reply writers for the payer simulator: TA1, 999 (X231A1), 277CA (X214) and 835 (X221A1).

Each writer turns models into the body of one transaction set (:class:`TransactionBody`);
:func:`write_interchange` wraps bodies in ISA/GS … GE/IEA. The 835 is written from the shared
835 models (:mod:`edi.model.remittance`) as :mod:`generators.replies.balancing` builds them,
with every paid amount derived, so a written 835 balances by construction.
"""

from generators.replies.ack999 import ElementNote, GroupAck, SegmentNote, SetAck, ack999_body
from generators.replies.balancing import (
    RemittanceAdvice,
    all_adjustments,
    balanced_claim,
    claim_paid,
    claims_paid,
    patient_share,
    remittance_advice,
    reversal,
    total,
)
from generators.replies.claim_ack import (
    ClaimStatus,
    LineStatus,
    Name,
    ProviderStatus,
    SourceStatus,
    StatusCode,
    claim_ack_body,
)
from generators.replies.envelope import Envelope, TransactionBody, write_interchange
from generators.replies.remittance import remittance_body
from generators.replies.ta1 import InterchangeAck, write_ta1

__all__ = [
    "ClaimStatus",
    "ElementNote",
    "Envelope",
    "GroupAck",
    "InterchangeAck",
    "LineStatus",
    "Name",
    "ProviderStatus",
    "RemittanceAdvice",
    "SegmentNote",
    "SetAck",
    "SourceStatus",
    "StatusCode",
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
    "reversal",
    "total",
    "write_interchange",
    "write_ta1",
]
