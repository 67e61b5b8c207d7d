"""835 Health Care Claim Payment/Advice (005010X221A1): typed models, balancing, streaming.

``READER`` plugs into ``x12flow parse``/``validate``; :func:`read_remittances` and
:func:`iter_claims` read a file of any size claim by claim.
"""

from edi.model.remittance.claims import (
    Adjustment,
    Amount,
    ClaimPayment,
    DatedQualifier,
    EntityName,
    InpatientAdjudication,
    OutpatientAdjudication,
    Procedure,
    Quantity,
    Remark,
    ServicePayment,
)
from edi.model.remittance.header import (
    Address,
    BalanceTotals,
    Communication,
    Contact,
    HeaderNumber,
    Party,
    Payment,
    ProviderAdjustment,
    ProviderSummary,
    ProviderSupplementalSummary,
    Reference,
    Remittance,
    RemittanceDelivery,
    RemittanceEnd,
)
from parsers.era835.reader import READER, Era835Reader, iter_claims, read_remittances

__all__ = [
    "READER",
    "Address",
    "Adjustment",
    "Amount",
    "BalanceTotals",
    "ClaimPayment",
    "Communication",
    "Contact",
    "DatedQualifier",
    "EntityName",
    "Era835Reader",
    "HeaderNumber",
    "InpatientAdjudication",
    "OutpatientAdjudication",
    "Party",
    "Payment",
    "Procedure",
    "ProviderAdjustment",
    "ProviderSummary",
    "ProviderSupplementalSummary",
    "Quantity",
    "Reference",
    "Remark",
    "Remittance",
    "RemittanceDelivery",
    "RemittanceEnd",
    "ServicePayment",
    "iter_claims",
    "read_remittances",
]
