"""Code meanings shared by the parsers: guide code lists and operator-supplied CARC/RARC texts."""

from parsers.codes.descriptions import (
    DESCRIPTIONS_ENV,
    CodeDescriptions,
    descriptions,
    load_descriptions,
    reset_descriptions,
    use_lookup,
)
from parsers.codes.tables import (
    ADJUSTMENT_GROUP,
    CLAIM_FILING_INDICATOR,
    CLAIM_STATUS,
    HANDLING,
    PAYMENT_METHOD,
    PROVIDER_ADJUSTMENT_REASON,
    REVERSAL_STATUS,
    adjustment_group,
    claim_filing_indicator,
    claim_status,
    handling,
    payment_method,
    provider_adjustment_reason,
)

__all__ = [
    "ADJUSTMENT_GROUP",
    "CLAIM_FILING_INDICATOR",
    "CLAIM_STATUS",
    "DESCRIPTIONS_ENV",
    "HANDLING",
    "PAYMENT_METHOD",
    "PROVIDER_ADJUSTMENT_REASON",
    "REVERSAL_STATUS",
    "CodeDescriptions",
    "adjustment_group",
    "claim_filing_indicator",
    "claim_status",
    "descriptions",
    "handling",
    "load_descriptions",
    "payment_method",
    "provider_adjustment_reason",
    "reset_descriptions",
    "use_lookup",
]
