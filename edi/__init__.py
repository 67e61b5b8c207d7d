"""x12flow: write 837 claims, read 999/TA1/277CA/835 replies, reconcile the claim ledger.

The supported library surface is ``__all__`` below; everything else is internal and may change.
Names load on first use, so ``import edi`` stays cheap::

    import edi

    for finding in edi.validate_file("remit.835"):
        print(finding.severity, finding.code, finding.message)
    for claim in edi.iter_claims("remit.835"):
        print(claim.patient_control_number, claim.paid)

See the README's "Library use" section and :mod:`edi.api`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from edi.api import (
        GenerateResult,
        IngestResult,
        Ledger,
        generate_837,
        ingest_file,
        iter_claims,
        read_acknowledgments,
        read_claim_status,
        validate_file,
    )
    from edi.model.claim import InstitutionalClaim, ProfessionalClaim
    from edi.model.remittance.claims import ClaimPayment, ServicePayment
    from edi.model.remittance.header import Remittance
    from edi.x12.errors import X12FlowError
    from edi.x12.findings import Finding, Findings, Severity
    from edi.x12.location import Location
    from parsers.ack999 import FunctionalGroupResponse
    from parsers.status277 import ClaimStatusReport

# Public name → the module that defines it.
_HOMES: dict[str, str] = {
    # calls
    "validate_file": "edi.api",
    "iter_claims": "edi.api",
    "read_acknowledgments": "edi.api",
    "read_claim_status": "edi.api",
    "generate_837": "edi.api",
    "ingest_file": "edi.api",
    "Ledger": "edi.api",
    "GenerateResult": "edi.api",
    "IngestResult": "edi.api",
    # findings and errors
    "Finding": "edi.x12.findings",
    "Findings": "edi.x12.findings",
    "Severity": "edi.x12.findings",
    "Location": "edi.x12.location",
    "X12FlowError": "edi.x12.errors",
    # models
    "ProfessionalClaim": "edi.model.claim",
    "InstitutionalClaim": "edi.model.claim",
    "Remittance": "edi.model.remittance.header",
    "ClaimPayment": "edi.model.remittance.claims",
    "ServicePayment": "edi.model.remittance.claims",
    "FunctionalGroupResponse": "parsers.ack999",
    "ClaimStatusReport": "parsers.status277",
}

__all__ = [
    "ClaimPayment",
    "ClaimStatusReport",
    "Finding",
    "Findings",
    "FunctionalGroupResponse",
    "GenerateResult",
    "IngestResult",
    "InstitutionalClaim",
    "Ledger",
    "Location",
    "ProfessionalClaim",
    "Remittance",
    "ServicePayment",
    "Severity",
    "X12FlowError",
    "generate_837",
    "ingest_file",
    "iter_claims",
    "read_acknowledgments",
    "read_claim_status",
    "validate_file",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'edi' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
