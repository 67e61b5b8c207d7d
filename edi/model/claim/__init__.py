"""Claim input models (pydantic v2): what a professional or institutional claim carries.

Every field's description names the X12 element it fills. Money is ``Decimal`` (a JSON string),
dates are ``date`` (ISO ``YYYY-MM-DD``).
"""

from __future__ import annotations

from edi.model.claim.claim import ClaimBase
from edi.model.claim.coordination import Adjustment, OtherPayer, OtherPayerName, OtherSubscriber
from edi.model.claim.institutional import (
    Diagnosis,
    InstitutionalClaim,
    InstitutionalServiceLine,
    OccurrenceCode,
    OccurrenceSpan,
    Procedure,
    ValueCode,
)
from edi.model.claim.parties import (
    Address,
    BillingProvider,
    Patient,
    Payer,
    Provider,
    ServiceFacility,
    Subscriber,
)
from edi.model.claim.professional import Drug, ProfessionalClaim, ProfessionalServiceLine

Claim = ProfessionalClaim | InstitutionalClaim

__all__ = [
    "Address",
    "Adjustment",
    "BillingProvider",
    "Claim",
    "ClaimBase",
    "Diagnosis",
    "Drug",
    "InstitutionalClaim",
    "InstitutionalServiceLine",
    "OccurrenceCode",
    "OccurrenceSpan",
    "OtherPayer",
    "OtherPayerName",
    "OtherSubscriber",
    "Patient",
    "Payer",
    "Procedure",
    "ProfessionalClaim",
    "ProfessionalServiceLine",
    "Provider",
    "ServiceFacility",
    "Subscriber",
    "ValueCode",
]
