"""Code meanings from the 835 implementation guide's own code lists (005010X221A1).

These lists are part of the guide (CLP02, CLP06, CAS01, PLB03-1, BPR01, BPR04); a lookup of a code
that is not listed returns ``None`` and the code is shown alone — an unknown code is never an
error here. CARC and RARC texts are licensed separately: see :mod:`parsers.codes.descriptions`.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

CLAIM_STATUS: Final = MappingProxyType(
    {
        "1": "Processed as Primary",
        "2": "Processed as Secondary",
        "3": "Processed as Tertiary",
        "4": "Denied",
        "19": "Processed as Primary, Forwarded to Additional Payer(s)",
        "20": "Processed as Secondary, Forwarded to Additional Payer(s)",
        "21": "Processed as Tertiary, Forwarded to Additional Payer(s)",
        "22": "Reversal of Previous Payment",
        "23": "Not Our Claim, Forwarded to Additional Payer(s)",
        "25": "Predetermination Pricing Only - No Payment",
    }
)
"""CLP02 claim status codes."""

REVERSAL_STATUS: Final = "22"
"""CLP02 value of a reversal of a previous payment (TR3 1.10.2.8)."""

CLAIM_FILING_INDICATOR: Final = MappingProxyType(
    {
        "12": "Preferred Provider Organization (PPO)",
        "13": "Point of Service (POS)",
        "14": "Exclusive Provider Organization (EPO)",
        "15": "Indemnity Insurance",
        "16": "Health Maintenance Organization (HMO) Medicare Risk",
        "17": "Dental Maintenance Organization",
        "AM": "Automobile Medical",
        "CH": "Champus",
        "DS": "Disability",
        "HM": "Health Maintenance Organization",
        "LM": "Liability Medical",
        "MA": "Medicare Part A",
        "MB": "Medicare Part B",
        "MC": "Medicaid",
        "OF": "Other Federal Program",
        "TV": "Title V",
        "VA": "Veterans Affairs Plan",
        "WC": "Workers' Compensation Health Claim",
        "ZZ": "Mutually Defined",
    }
)
"""CLP06 claim filing indicator codes."""

ADJUSTMENT_GROUP: Final = MappingProxyType(
    {
        "CO": "Contractual Obligations",
        "OA": "Other Adjustments",
        "PI": "Payor Initiated Reductions",
        "PR": "Patient Responsibility",
        "CR": "Corrections and Reversals (4010 only)",
    }
)
"""CAS01 claim adjustment group codes (CR belongs to 4010 and is listed for older files)."""

PROVIDER_ADJUSTMENT_REASON: Final = MappingProxyType(
    {
        "50": "Late Charge",
        "51": "Interest Penalty Charge",
        "72": "Authorized Return",
        "90": "Early Payment Allowance",
        "AH": "Origination Fee",
        "AM": "Applied to Borrower's Account",
        "AP": "Acceleration of Benefits",
        "B2": "Rebate",
        "B3": "Recovery Allowance",
        "BD": "Bad Debt Adjustment",
        "BN": "Bonus",
        "C5": "Temporary Allowance",
        "CR": "Capitation Interest",
        "CS": "Adjustment",
        "CT": "Capitation Payment",
        "CV": "Capital Passthru",
        "CW": "Certified Registered Nurse Anesthetist Passthru",
        "DM": "Direct Medical Education Passthru",
        "E3": "Withholding",
        "FB": "Forwarding Balance",
        "FC": "Fund Allocation",
        "GO": "Graduate Medical Education Passthru",
        "HM": "Hemophilia Clotting Factor Supplement",
        "IP": "Incentive Premium Payment",
        "IR": "Internal Revenue Service Withholding",
        "IS": "Interim Settlement",
        "J1": "Nonreimbursable",
        "L3": "Penalty",
        "L6": "Interest Owed",
        "LE": "Levy",
        "LS": "Lump Sum",
        "OA": "Organ Acquisition Passthru",
        "OB": "Offset for Affiliated Providers",
        "PI": "Periodic Interim Payment",
        "PL": "Payment Final",
        "RA": "Retro-activity Adjustment",
        "RE": "Return on Equity",
        "SL": "Student Loan Repayment",
        "TL": "Third Party Liability",
        "WO": "Overpayment Recovery",
        "WU": "Unspecified Recovery",
    }
)
"""PLB03-1 (and PLB05-1 … PLB13-1) provider adjustment reason codes."""

HANDLING: Final = MappingProxyType(
    {
        "C": "Payment Accompanies Remittance Advice",
        "D": "Make Payment Only",
        "H": "Notification Only",
        "I": "Remittance Information Only",
        "P": "Prenotification of Future Transfers",
        "U": "Split Payment and Remittance",
        "X": "Handling Party's Option to Split Payment and Remittance",
    }
)
"""BPR01 transaction handling codes."""

PAYMENT_METHOD: Final = MappingProxyType(
    {
        "ACH": "Automated Clearing House (ACH)",
        "BOP": "Financial Institution Option",
        "CHK": "Check",
        "FWT": "Federal Reserve Funds/Wire Transfer - Nonrepetitive",
        "NON": "Non-Payment Data",
    }
)
"""BPR04 payment method codes."""


def claim_status(code: str) -> str | None:
    """The meaning of a CLP02 claim status code, or None when the code is not listed."""
    return CLAIM_STATUS.get(code)


def claim_filing_indicator(code: str) -> str | None:
    """The meaning of a CLP06 claim filing indicator code, or None."""
    return CLAIM_FILING_INDICATOR.get(code)


def adjustment_group(code: str) -> str | None:
    """The meaning of a CAS01 adjustment group code, or None."""
    return ADJUSTMENT_GROUP.get(code)


def provider_adjustment_reason(code: str) -> str | None:
    """The meaning of a PLB03-1 provider adjustment reason code, or None."""
    return PROVIDER_ADJUSTMENT_REASON.get(code)


def handling(code: str) -> str | None:
    """The meaning of a BPR01 transaction handling code, or None."""
    return HANDLING.get(code)


def payment_method(code: str) -> str | None:
    """The meaning of a BPR04 payment method code, or None."""
    return PAYMENT_METHOD.get(code)
