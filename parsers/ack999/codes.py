"""Code lists of the 999 (005010X231A1) and 997 (005010X230) acknowledgments, with meanings.

Each table maps a code to the words a biller reads. Element names follow the 999; the 997 uses the
same data elements under AK3/AK4/AK5 names (AK304 = IK304 minus the I-codes, and so on).
"""

from __future__ import annotations

# AK101 / GS01 functional identifier codes (data element 479): the ones health care uses, plus
# the common business groups an acknowledgment may answer.
FUNCTIONAL_IDS: dict[str, str] = {
    "HC": "health care claim (837)",
    "HP": "health care claim payment/advice (835)",
    "HN": "health care information status notification (277)",
    "HR": "health care claim status request (276)",
    "HS": "eligibility, coverage or benefit inquiry (270)",
    "HB": "eligibility, coverage or benefit information (271)",
    "HI": "health care services review (278)",
    "BE": "benefit enrollment and maintenance (834)",
    "RA": "payment order/remittance advice (820)",
    "FA": "functional or implementation acknowledgment (997/999)",
    "RT": "report of test results (150-series)",
    "PI": "patient information (275)",
    "MH": "health care benefit coordination verification",
    "HE": "health care provider information",
    "IN": "invoice (810)",
    "PO": "purchase order (850)",
    "PR": "purchase order acknowledgment (855)",
    "PC": "purchase order change (860)",
    "SH": "ship notice/manifest (856)",
    "AR": "warehouse stock transfer shipment advice (943)",
    "RE": "warehouse stock transfer receipt advice (944)",
    "SC": "price/sales catalog (832)",
    "PS": "planning schedule (830)",
    "IB": "inventory inquiry/advice (846)",
    "TX": "text message (864)",
    "GF": "response to a load tender (990)",
    "SM": "motor carrier load tender (204)",
    "QM": "transportation carrier shipment status (214)",
    "IM": "motor carrier freight details and invoice (210)",
    "AG": "application advice (824)",
    "CC": "clauses and provisions",
    "TA": "electronic filing of tax return data",
    "RB": "electronic funds transfer (remittance)",
}

# AK201 / ST01 transaction set identifiers (data element 143) an acknowledgment names often.
TRANSACTION_SETS: dict[str, str] = {
    "837": "health care claim",
    "835": "health care claim payment/advice",
    "277": "health care claim status",
    "276": "health care claim status request",
    "270": "eligibility inquiry",
    "271": "eligibility response",
    "278": "health care services review",
    "275": "additional patient information",
    "834": "benefit enrollment and maintenance",
    "820": "payment order/remittance advice",
    "999": "implementation acknowledgment",
    "997": "functional acknowledgment",
}

# IK501 / AK501 transaction set acknowledgment codes (717).
SET_STATUS: dict[str, str] = {
    "A": "accepted",
    "E": "accepted but errors were noted",
    "M": "rejected, message authentication code (MAC) failed",
    "R": "rejected",
    "W": "rejected, assurance failed validity tests",
    "X": "rejected, content after decryption could not be analyzed",
}

# AK901 functional group acknowledgment codes (715): the set codes plus P.
GROUP_STATUS: dict[str, str] = {
    **SET_STATUS,
    "P": "partially accepted, at least one transaction set was rejected",
}

ACCEPTED = frozenset({"A", "E"})

# IK304 implementation segment syntax error codes (620); 997 AK304 (720) uses 1-8.
SEGMENT_ERRORS: dict[str, str] = {
    "1": "unrecognized segment ID",
    "2": "unexpected segment",
    "3": "required segment missing",
    "4": "loop occurs over maximum times",
    "5": "segment exceeds maximum use",
    "6": "segment not in defined transaction set",
    "7": "segment not in proper sequence",
    "8": "segment has data element errors",
    "I4": 'implementation "not used" segment present',
    "I6": "implementation dependent segment missing",
    "I7": "implementation loop occurs under minimum times",
    "I8": "implementation segment below minimum use",
    "I9": 'implementation dependent "not used" segment present',
}
SEGMENT_ERRORS_997 = {k: v for k, v in SEGMENT_ERRORS.items() if not k.startswith("I")}

# IK403 implementation data element syntax error codes (621); 997 AK403 (723) uses 1-10, 12, 13.
ELEMENT_ERRORS: dict[str, str] = {
    "1": "required data element missing",
    "2": "conditional required data element missing",
    "3": "too many data elements",
    "4": "data element too short",
    "5": "data element too long",
    "6": "invalid character in data element",
    "7": "invalid code value",
    "8": "invalid date",
    "9": "invalid time",
    "10": "exclusion condition violated",
    "12": "too many repetitions",
    "13": "too many components",
    "I6": "code value not used in implementation",
    "I9": "implementation dependent data element missing",
    "I10": 'implementation "not used" data element present',
    "I11": "implementation too few repetitions",
    "I12": "implementation pattern match failure",
    "I13": 'implementation dependent "not used" data element present',
}
ELEMENT_ERRORS_997 = {k: v for k, v in ELEMENT_ERRORS.items() if not k.startswith("I")}

# IK502-IK506 / AK502-AK506 transaction set syntax error codes (618).
SET_ERRORS: dict[str, str] = {
    "1": "transaction set not supported",
    "2": "transaction set trailer missing",
    "3": "transaction set control number in header and trailer do not match",
    "4": "number of included segments does not match actual count",
    "5": "one or more segments in error",
    "6": "missing or invalid transaction set identifier",
    "7": "missing or invalid transaction set control number",
    "8": "authentication key name unknown",
    "9": "encryption key name unknown",
    "10": "requested service (authentication or encryption) not available",
    "11": "unknown security recipient",
    "12": "incorrect message length (encryption)",
    "13": "message authentication code failed",
    "15": "unknown security originator",
    "16": "syntax error in decrypted text",
    "17": "security not supported",
    "18": "transaction set not in functional group",
    "19": "invalid transaction set implementation convention reference",
    "23": "transaction set control number not unique within the functional group",
    "24": "S3E security end segment missing for S3S security start segment",
    "25": "S3S security start segment missing for S3E security end segment",
    "26": "S4E security end segment missing for S4S security start segment",
    "27": "S4S security start segment missing for S4E security end segment",
    "I5": "implementation one or more segments in error",
    "I6": "implementation convention not supported",
}
SET_ERRORS_997 = {k: v for k, v in SET_ERRORS.items() if not k.startswith("I")}

# AK905-AK909 functional group syntax error codes (716).
GROUP_ERRORS: dict[str, str] = {
    "1": "functional group not supported",
    "2": "functional group version not supported",
    "3": "functional group trailer missing",
    "4": "group control number in the functional group header and trailer do not agree",
    "5": "number of included transaction sets does not match actual count",
    "6": "group control number violates syntax",
    "10": "authentication key name unknown",
    "11": "encryption key name unknown",
    "12": "requested service (authentication or encryption) not available",
    "13": "unknown security recipient",
    "14": "unknown security originator",
    "15": "syntax error in decrypted text",
    "16": "security not supported",
    "17": "incorrect message length (encryption)",
    "18": "message authentication code failed",
    "19": "functional group control number not unique within interchange",
    "23": "S3E security end segment missing for S3S security start segment",
    "24": "S3S security start segment missing for S3E security end segment",
    "25": "S4E security end segment missing for S4S security start segment",
    "26": "S4S security start segment missing for S4E security end segment",
}


def meaning(table: dict[str, str], code: str) -> str | None:
    """The words for ``code``, or None when the code is not in ``table`` (the code is shown)."""
    return table.get(code)


# AK201 / ST01: every X12 transaction set identifier is a three-digit number (100-999).
SET_IDS = frozenset(str(n) for n in range(100, 1000))
