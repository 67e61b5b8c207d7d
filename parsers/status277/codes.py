"""Code lists of the 277 claim status (X214 277CA and X212): STC categories, status and entity
codes, action codes, hierarchical levels.

The category list (code source 507) is complete and checked. The status code list (code source 508)
is long and changes several times a year: the common codes are given their words here, any other
code is shown alone and never rejected. Entity codes (98) likewise.
"""

from __future__ import annotations

# STC01-1 / STC10-1 / STC11-1: health care claim status category codes (code source 507).
CATEGORIES: dict[str, str] = {
    "A0": "acknowledgement/forwarded: the claim was forwarded to another entity",
    "A1": "acknowledgement/receipt: received, not yet accepted for adjudication",
    "A2": "acknowledgement/acceptance into the adjudication system",
    "A3": "acknowledgement/returned as unprocessable claim",
    "A4": "acknowledgement/not found",
    "A5": "acknowledgement/split claim",
    "A6": "acknowledgement/rejected for missing information",
    "A7": "acknowledgement/rejected for invalid information",
    "A8": "acknowledgement/rejected for relational field in error",
    "D0": "data reporting acknowledgement",
    "DR01": "data reporting acknowledgement/receipt",
    "DR02": "data reporting acknowledgement/acceptance into the data system",
    "DR03": "data reporting acknowledgement/returned as unprocessable",
    "DR04": "data reporting acknowledgement/not found",
    "DR05": "data reporting acknowledgement/rejected for missing information",
    "DR06": "data reporting acknowledgement/rejected for invalid information",
    "DR07": "data reporting acknowledgement/rejected for relational field in error",
    "DR08": "data reporting acknowledgement/warning",
    "E0": "response not possible: error on submitted request data",
    "E1": "response not possible: system status",
    "E2": "information holder is not responding; resubmit at a later time",
    "E3": "correction required: relational fields in error",
    "E4": "trading partner agreement specific requirement not met: data correction required",
    "F0": "finalized: adjudication complete, no more action will be taken",
    "F1": "finalized/payment",
    "F2": "finalized/denial",
    "F3": "finalized/revised",
    "F3F": "finalized/forwarded",
    "F3N": "finalized/not forwarded",
    "F4": "finalized/adjudication complete, no payment forthcoming",
    "F5": "finalized/cannot process",
    "P0": "pending: adjudication/details",
    "P1": "pending/in process",
    "P2": "pending/payer review",
    "P3": "pending/provider requested information",
    "P4": "pending/patient requested information",
    "P5": "pending/payer administrative or system hold",
    "R0": "request for additional information/general requests",
    "R1": "request for additional information/entity requests",
    "R2": "request for additional information",
    "R3": "request for additional information/claim or line",
    "R4": "request for additional information/documentation",
    "R5": "request for additional information/more specific detail",
    "R6": "request for additional information/regulatory requirements",
    "R7": "request for additional information/confirm care is consistent with policy coverage",
    "R8": "request for additional information/confirm care is consistent with coverage exceptions",
    "R9": "request for additional information/determination of medical necessity",
    "R10": "request for additional information/support a filed grievance or appeal",
    "R11": "request for additional information/pre-payment review of claims",
    "R12": "request for additional information/justification of a procedure code",
    "R13": "request for additional information/original documents are not readable",
    "R14": "request for additional information/documents received are not what was requested",
    "R15": "request for additional information/workers compensation coverage verification",
    "R16": "request for additional information/eligibility verification",
}

# Category families that decide a claim's outcome (reference §3.8).
ACCEPTED_CATEGORIES = frozenset({"A1", "A2"})
REJECTED_CATEGORIES = frozenset({"A3", "A4", "A6", "A7", "A8"})
FORWARDED_CATEGORIES = frozenset({"A0"})

# STC01-2: health care claim status codes (code source 508), the common ones.
STATUS_CODES: dict[str, str] = {
    "0": "cannot provide further status electronically",
    "1": "for more detailed information, see remittance advice",
    "2": "more detailed information in letter",
    "3": "claim has been adjudicated and is awaiting payment cycle",
    "6": "balance due from the subscriber",
    "12": "one or more originally submitted procedure codes have been combined",
    "15": "one or more originally submitted procedure codes have been modified",
    "16": "claim/encounter has been forwarded to entity",
    "17": "claim/encounter has been forwarded by third party entity to entity",
    "18": "entity received claim/encounter, but returned invalid status",
    "19": "entity acknowledges receipt of claim/encounter",
    "20": "accepted for processing",
    "21": "missing or invalid information",
    "23": "returned to entity",
    "24": "entity not approved as an electronic submitter",
    "25": "entity not approved",
    "26": "entity not found",
    "27": "policy canceled",
    "29": "subscriber and policy number/contract number mismatched",
    "30": "subscriber and subscriber id mismatched",
    "31": "subscriber and policyholder name mismatched",
    "32": "subscriber and policy number/contract number not found",
    "33": "subscriber and subscriber id not found",
    "35": "claim/encounter not found",
    "41": "special handling required at payer site",
    "42": "claim waiting for internal provider verification",
    "65": "claim/line has been paid",
    "88": "entity not eligible for benefits for submitted dates of service",
    "97": "patient eligibility not found with entity",
    "107": "processed according to contract provisions",
    "116": "claim submitted to incorrect payer",
    "128": "entity's tax id",
    "145": "entity's specialty/taxonomy code",
    "153": "entity's id number",
    "158": "entity's date of birth",
    "164": "entity's contract/member number",
    "187": "date(s) of service",
    "400": "claim is out of balance",
    "454": "procedure code for services rendered",
    "455": "revenue code for services rendered",
    "464": "payer assigned claim control number",
    "478": "claim/submission format is invalid",
    "484": "business application currently not available",
    "507": "HCPCS",
    "510": "future date",
    "511": "invalid character",
    "512": "length invalid for receiver's application system",
    "562": "entity's National Provider Identifier (NPI)",
    "732": "information submitted inconsistent with billing guidelines",
}

# STC01-3: entity identifier codes (98) the 277 uses.
ENTITY_CODES: dict[str, str] = {
    "03": "dependent",
    "1P": "provider",
    "1Z": "home health care",
    "36": "employer",
    "40": "receiver",
    "41": "submitter",
    "71": "attending physician",
    "72": "operating physician",
    "73": "other physician",
    "77": "service location",
    "82": "rendering provider",
    "85": "billing provider",
    "87": "pay-to provider",
    "AY": "clearinghouse",
    "DK": "ordering physician",
    "DN": "referring provider",
    "DQ": "supervising physician",
    "FA": "facility",
    "GB": "other insured",
    "HK": "subscriber",
    "IL": "insured or subscriber",
    "LI": "independent lab",
    "MSC": "mammography screening center",
    "PR": "payer",
    "PRP": "primary payer",
    "QB": "purchase service provider",
    "QC": "patient",
    "QD": "responsible party",
    "SEP": "secondary payer",
    "TL": "testing laboratory",
    "TTP": "tertiary payer",
    "TU": "third party repricing organization",
}

# STC03 action code (306).
ACTIONS: dict[str, str] = {"WQ": "accept", "U": "reject"}

# STC07 payment method code (X212).
PAYMENT_METHODS: dict[str, str] = {
    "ACH": "automated clearing house",
    "BOP": "financial institution option",
    "CHK": "check",
    "FWT": "federal reserve funds/wire transfer",
    "NON": "non-payment data",
}

# HL03 hierarchical level codes of the 277.
LEVELS: dict[str, str] = {
    "20": "information source",
    "21": "information receiver",
    "19": "provider of service",
    "PT": "patient",
    "22": "subscriber",
    "23": "dependent",
}
