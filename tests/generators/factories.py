"""Small valid claims to start scenarios from (made-up people, valid NPIs, billable codes)."""

from __future__ import annotations

import copy
from typing import Any

Json = dict[str, Any]

ADDRESS = {"line1": "100 MAIN ST", "city": "COLUMBUS", "state": "OH", "postal_code": "43215"}
BILLING_ADDRESS = {**ADDRESS, "postal_code": "432151234"}

CLINIC = {
    "organization_name": "TEST FAMILY CLINIC",
    "npi": "1234567893",
    "tax_id": "123456789",
    "tax_id_qualifier": "EI",
    "taxonomy": "207Q00000X",
    "address": BILLING_ADDRESS,
}
HOSPITAL = {**CLINIC, "organization_name": "TEST GENERAL HOSPITAL", "taxonomy": "282N00000X"}
DOCTOR = {"last_name": "CARE", "first_name": "ALEX", "npi": "1245319599", "taxonomy": "207R00000X"}
OTHER_DOCTOR = {"last_name": "HELPER", "first_name": "SAM", "npi": "1003000126"}

SUBSCRIBER = {
    "member_id": "W000000001",
    "last_name": "DOE",
    "first_name": "PAT",
    "birth_date": "1970-02-03",
    "sex": "F",
    "address": ADDRESS,
    "group_number": "GRP001",
    "claim_filing_indicator": "CI",
}
PAYER = {"name": "TEST HEALTH PLAN", "payer_id": "TEST01"}
PRIMARY_PAYER = {"name": "FIRST HEALTH PLAN", "payer_id": "FIRST1"}


def professional(pcn: str = "PCN0001", **changes: Any) -> Json:
    claim: Json = {
        "patient_control_number": pcn,
        "total_charge": "150.00",
        "place_of_service": "11",
        "billing_provider": CLINIC,
        "subscriber": SUBSCRIBER,
        "payer": PAYER,
        "diagnoses": ["E119", "I10"],
        "service_lines": [
            {
                "procedure_code": "99213",
                "charge": "150.00",
                "units": "1",
                "diagnosis_pointers": [1, 2],
                "service_date": "2025-03-04",
            }
        ],
    }
    claim = copy.deepcopy(claim)
    claim.update(copy.deepcopy(changes))
    return claim


def institutional(pcn: str = "ICN0001", **changes: Any) -> Json:
    claim: Json = {
        "patient_control_number": pcn,
        "total_charge": "350.00",
        "facility_type": "13",
        "statement_from": "2025-03-04",
        "statement_to": "2025-03-04",
        "admission_type": "1",
        "admission_source": "1",
        "patient_status": "01",
        "billing_provider": HOSPITAL,
        "attending_provider": DOCTOR,
        "subscriber": SUBSCRIBER,
        "payer": PAYER,
        "principal_diagnosis": {"code": "J069"},
        "service_lines": [
            {
                "revenue_code": "0450",
                "procedure_code": "99284",
                "charge": "300.00",
                "units": "1",
                "service_date": "2025-03-04",
            },
            {"revenue_code": "0300", "charge": "50.00", "units": "1", "service_date": "2025-03-04"},
        ],
    }
    claim = copy.deepcopy(claim)
    claim.update(copy.deepcopy(changes))
    return claim


def primary_cob(paid: str, adjustments: list[tuple[str, str, str]], **changes: Any) -> Json:
    other: Json = {
        "payer_responsibility": "P",
        "claim_filing_indicator": "CI",
        "paid_amount": paid,
        "adjustments": [
            {"group_code": g, "reason_code": r, "amount": a} for g, r, a in adjustments
        ],
        "subscriber": {"member_id": "P000000009", "last_name": "DOE", "first_name": "PAT"},
        "payer": PRIMARY_PAYER,
        "adjudication_date": "2025-04-01",
    }
    other.update(changes)
    return other
