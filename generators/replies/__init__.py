"""Reply writers for the payer simulator: TA1, 999 (X231A1), 277CA (X214) and 835 (X221A1).

Each writer turns small frozen models into the body of one transaction set
(:class:`TransactionBody`); :func:`write_interchange` wraps bodies in ISA/GS … GE/IEA.
The 835 models derive every paid amount, so a written 835 balances by construction.
"""

from generators.replies.ack999 import ElementNote, GroupAck, SegmentNote, SetAck, ack999_body
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
from generators.replies.remittance_models import (
    Address,
    Adjustment,
    ClaimPayment,
    Payee,
    Payer,
    Person,
    ProviderAdjustment,
    Remittance,
    ServicePayment,
)
from generators.replies.ta1 import InterchangeAck, write_ta1

__all__ = [
    "Address",
    "Adjustment",
    "ClaimPayment",
    "ClaimStatus",
    "ElementNote",
    "Envelope",
    "GroupAck",
    "InterchangeAck",
    "LineStatus",
    "Name",
    "Payee",
    "Payer",
    "Person",
    "ProviderAdjustment",
    "ProviderStatus",
    "Remittance",
    "SegmentNote",
    "ServicePayment",
    "SetAck",
    "SourceStatus",
    "StatusCode",
    "TransactionBody",
    "ack999_body",
    "claim_ack_body",
    "remittance_body",
    "write_interchange",
    "write_ta1",
]
