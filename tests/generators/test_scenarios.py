"""Scenario matrix: each claim shape is generated, checked for its key segments, and validated by
pyx12 with zero errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.generators.conftest import build_x12, pyx12_errors, segments
from tests.generators.factories import (
    ADDRESS,
    CLINIC,
    DOCTOR,
    OTHER_DOCTOR,
    SUBSCRIBER,
    institutional,
    primary_cob,
    professional,
)

CHILD = {
    "relationship": "19",
    "last_name": "DOE",
    "first_name": "KIM",
    "birth_date": "2015-06-07",
    "sex": "M",
    "address": ADDRESS,
}
SPOUSE = {**CHILD, "relationship": "01", "first_name": "LEE", "birth_date": "1972-01-01"}
SECONDARY_SUBSCRIBER = {**SUBSCRIBER, "payer_responsibility": "S"}
FACILITY = {"name": "TEST SURGERY CENTER", "npi": "1003000126", "address": ADDRESS}


@dataclass(frozen=True)
class Scenario:
    name: str
    kind: str
    claims: Callable[[], list[dict[str, Any]]]
    expect: tuple[str, ...]  # whole segments, or leading elements of a segment, that must appear
    per_transaction: int = 5000


def _lines(*specs: tuple[str, str, list[str]]) -> list[dict[str, Any]]:
    return [
        {
            "procedure_code": code,
            "modifiers": modifiers,
            "charge": charge,
            "units": "1",
            "diagnosis_pointers": [1],
            "service_date": "2025-03-04",
            "line_control_number": f"LINE{n}",
        }
        for n, (code, charge, modifiers) in enumerate(specs, 1)
    ]


def _inpatient() -> dict[str, Any]:
    return institutional(
        "INPAT1",
        facility_type="11",
        total_charge="12500.00",
        statement_from="2025-02-01",
        statement_to="2025-02-05",
        admission_date="2025-02-01",
        admission_hour=14,
        discharge_hour=11,
        admission_type="1",
        admission_source="2",
        patient_status="01",
        principal_diagnosis={"code": "K35.80", "present_on_admission": "Y"},
        admitting_diagnosis="R10.9",
        other_diagnoses=[
            {"code": "E119", "present_on_admission": "Y"},
            {"code": "I10", "present_on_admission": "N"},
        ],
        drg="343",
        principal_procedure={"code": "0DTJ4ZZ", "date": "2025-02-01"},
        other_procedures=[{"code": "0DB64ZX", "date": "2025-02-02"}],
        condition_codes=["39", "A9"],
        occurrence_codes=[{"code": "11", "date": "2025-01-30"}],
        occurrence_spans=[{"code": "74", "start": "2025-02-02", "end": "2025-02-03"}],
        value_codes=[{"code": "80", "amount": "4"}, {"code": "A1", "amount": "250.00"}],
        attending_provider=DOCTOR,
        operating_provider=OTHER_DOCTOR,
        other_operating_provider={**DOCTOR, "first_name": "JO"},
        service_lines=[
            {"revenue_code": "0120", "charge": "8000.00", "unit_type": "DA", "units": "4"},
            {"revenue_code": "0360", "charge": "4500.00", "units": "1"},
        ],
    )


SCENARIOS = [
    Scenario(
        "subscriber is the patient",
        "837p",
        lambda: [professional()],
        (
            "HL*2*1*22*0",
            "SBR*P*18*GRP001******CI",
            "DMG*D8*19700203*F",
            "CLM*PCN0001*150***11:B:1*Y*A*Y*Y",
            "HI*ABK:E119*ABF:I10",
            "SV1*HC:99213*150*UN*1***1:2",
        ),
    ),
    Scenario(
        "dependent child",
        "837p",
        lambda: [professional(patient=CHILD)],
        (
            "HL*2*1*22*1",
            "SBR*P**GRP001******CI",
            "HL*3*2*23*0",
            "PAT*19",
            "NM1*QC*1*DOE*KIM",
            "DMG*D8*20150607*M",
        ),
    ),
    Scenario("spouse", "837p", lambda: [professional(patient=SPOUSE)], ("PAT*01",)),
    Scenario(
        "secondary claim with COB from the primary",
        "837p",
        lambda: [
            professional(
                subscriber=SECONDARY_SUBSCRIBER,
                other_payers=[
                    primary_cob(
                        "100.00",
                        [("CO", "45", "30.00"), ("PR", "2", "20.00")],
                        remaining_patient_liability="20.00",
                        payer_claim_number="PRIMARY123",
                    )
                ],
            )
        ],
        (
            "SBR*S*18*GRP001******CI",
            "SBR*P*18*******CI",
            "CAS*CO*45*30",
            "CAS*PR*2*20",
            "AMT*D*100",
            "AMT*EAF*20",
            "OI***Y***Y",
            "NM1*IL*1*DOE*PAT****MI*P000000009",
            "NM1*PR*2*FIRST HEALTH PLAN*****PI*FIRST1",
            "DTP*573*D8*20250401",
            "REF*F8*PRIMARY123",
        ),
    ),
    Scenario(
        "tertiary claim with primary and secondary",
        "837p",
        lambda: [
            professional(
                subscriber={**SUBSCRIBER, "payer_responsibility": "T"},
                other_payers=[
                    primary_cob("100.00", [("CO", "45", "50.00")]),
                    primary_cob(
                        "30.00",
                        [("CO", "45", "50.00"), ("PR", "1", "70.00")],
                        payer_responsibility="S",
                        payer={"name": "SECOND PLAN", "payer_id": "SECOND2"},
                    ),
                ],
            )
        ],
        ("SBR*T*18*GRP001******CI", "SBR*S*18*******CI", "CAS*PR*1*70"),
    ),
    Scenario(
        "replacement (7)",
        "837p",
        lambda: [professional(frequency_code="7", payer_claim_number="ICN99887766")],
        ("CLM*PCN0001*150***11:B:7*Y*A*Y*Y", "REF*F8*ICN99887766"),
    ),
    Scenario(
        "void (8)",
        "837p",
        lambda: [professional(frequency_code="8", payer_claim_number="ICN99887766")],
        ("CLM*PCN0001*150***11:B:8*Y*A*Y*Y",),
    ),
    Scenario(
        "several lines with modifiers",
        "837p",
        lambda: [
            professional(
                total_charge="420.50",
                service_lines=_lines(
                    ("99214", "200.50", ["25"]),
                    ("20610", "150", ["RT", "59", "XU", "76"]),
                    ("73610", "70", ["LT"]),
                ),
            )
        ],
        (
            "LX*3",
            "SV1*HC:99214:25*200.5*UN*1***1",
            "SV1*HC:20610:RT:59:XU:76*150*UN*1***1",
            "REF*6R*LINE2",
        ),
    ),
    Scenario(
        "NDC drug line",
        "837p",
        lambda: [
            professional(
                total_charge="175.00",
                service_lines=[
                    *_lines(("99213", "150", [])),
                    {
                        **_lines(("J1100", "25", []))[0],
                        "line_control_number": "DRUG1",
                        "drug": {"ndc": "00641036725", "quantity": "1.5", "unit": "ML"},
                    },
                ],
            )
        ],
        ("LIN**N4*00641036725", "CTP****1.5*ML"),
    ),
    Scenario(
        "referring and rendering providers",
        "837p",
        lambda: [professional(referring_provider=OTHER_DOCTOR, rendering_provider=DOCTOR)],
        (
            "NM1*DN*1*HELPER*SAM****XX*1003000126",
            "NM1*82*1*CARE*ALEX****XX*1245319599",
            "PRV*PE*PXC*207R00000X",
        ),
    ),
    Scenario(
        "supervising provider",
        "837p",
        lambda: [professional(rendering_provider=DOCTOR, supervising_provider=OTHER_DOCTOR)],
        ("NM1*DQ*1*HELPER*SAM****XX*1003000126",),
    ),
    Scenario(
        "service facility",
        "837p",
        lambda: [professional(service_facility=FACILITY)],
        ("NM1*77*2*TEST SURGERY CENTER*****XX*1003000126", "N4*COLUMBUS*OH*43215"),
    ),
    Scenario(
        "pay-to address",
        "837p",
        lambda: [professional(pay_to_address={**ADDRESS, "line1": "PO BOX 99"})],
        ("NM1*87*2", "N3*PO BOX 99"),
    ),
    Scenario(
        "prior authorization and referral",
        "837p",
        lambda: [
            professional(
                prior_authorization="AUTH123",
                referral_number="REF456",
                medical_record_number="MRN789",
            )
        ],
        ("REF*9F*REF456", "REF*G1*AUTH123", "REF*EA*MRN789"),
    ),
    Scenario(
        "auto accident",
        "837p",
        lambda: [
            professional(
                related_causes=["AA"],
                accident_state="OH",
                accident_date="2025-03-01",
                onset_date="2025-03-01",
            )
        ],
        ("CLM*PCN0001*150***11:B:1*Y*A*Y*Y**AA:::OH", "DTP*439*D8*20250301", "DTP*431*D8*20250301"),
    ),
    Scenario(
        "employment related with admission and discharge",
        "837p",
        lambda: [
            professional(
                related_causes=["EM"],
                place_of_service="21",
                admission_date="2025-03-01",
                discharge_date="2025-03-05",
            )
        ],
        ("DTP*435*D8*20250301", "DTP*096*D8*20250305"),
    ),
    Scenario(
        "billing provider with SSN",
        "837p",
        lambda: [
            professional(
                billing_provider={
                    "last_name": "SOLO",
                    "first_name": "DANA",
                    "npi": "1245319599",
                    "tax_id": "123456789",
                    "tax_id_qualifier": "SY",
                    "address": CLINIC["address"],
                }
            )
        ],
        ("NM1*85*1*SOLO*DANA****XX*1245319599", "REF*SY*123456789"),
    ),
    Scenario(
        "twelve diagnoses, service period and minutes",
        "837p",
        lambda: [
            professional(
                diagnoses=[
                    "E119",
                    "I10",
                    "J069",
                    "M5450",
                    "R051",
                    "K219",
                    "F419",
                    "J029",
                    "N390",
                    "E785",
                    "Z23",
                    "R109",
                ],
                service_lines=[
                    {
                        "procedure_code": "00840",
                        "charge": "150",
                        "units": "90",
                        "unit_type": "MJ",
                        "diagnosis_pointers": [12, 11, 10, 9],
                        "service_date": "2025-03-04",
                        "service_date_end": "2025-03-06",
                        "place_of_service": "22",
                        "emergency": True,
                    }
                ],
            )
        ],
        ("SV1*HC:00840*150*MJ*90*22**12:11:10:9**Y", "DTP*472*RD8*20250304-20250306"),
    ),
    Scenario(
        "claims grouped by billing provider",
        "837p",
        lambda: [
            professional("A1"),
            professional("B1", billing_provider={**CLINIC, "npi": "1245319599"}),
            professional("A2", patient=CHILD),
            professional("A3"),
        ],
        ("HL*1**20*1", "HL*2*1*22*0", "HL*3*1*22*1", "HL*4*3*23*0", "HL*5**20*1", "HL*6*5*22*0"),
    ),
    Scenario(
        "several transaction sets",
        "837p",
        lambda: [professional(f"T{n}") for n in range(5)],
        ("ST*837*0001*005010X222A1", "ST*837*0003*005010X222A1", "GE*3*8"),
        per_transaction=2,
    ),
    Scenario(
        "837I inpatient with procedures, UB codes and DRG",
        "837i",
        lambda: [_inpatient()],
        (
            "CLM*INPAT1*12500***11:A:1**A*Y*Y",
            "DTP*096*TM*1100",
            "DTP*434*RD8*20250201-20250205",
            "DTP*435*DT*202502011400",
            "CL1*1*2*01",
            "HI*ABK:K3580:::::::Y",
            "HI*ABJ:R109",
            "HI*DR:343",
            "HI*ABF:E119:::::::Y*ABF:I10:::::::N",
            "HI*BBR:0DTJ4ZZ:D8:20250201",
            "HI*BBQ:0DB64ZX:D8:20250202",
            "HI*BI:74:RD8:20250202-20250203",
            "HI*BH:11:D8:20250130",
            "HI*BE:80:::4*BE:A1:::250",
            "HI*BG:39*BG:A9",
            "NM1*71*1*CARE*ALEX****XX*1245319599",
            "PRV*AT*PXC*207R00000X",
            "NM1*72*1*HELPER*SAM****XX*1003000126",
            "NM1*ZZ*1*CARE*JO****XX*1245319599",
            "SV2*0120**8000*DA*4",
        ),
    ),
    Scenario(
        "837I outpatient with revenue codes and HCPCS",
        "837i",
        lambda: [
            institutional(
                total_charge="480.00",
                reasons_for_visit=["R05.1"],
                service_lines=[
                    {
                        "revenue_code": "0450",
                        "procedure_code": "99284",
                        "modifiers": ["25"],
                        "charge": "300",
                        "units": "1",
                        "service_date": "2025-03-04",
                        "line_control_number": "L1",
                    },
                    {
                        "revenue_code": "0320",
                        "procedure_code": "71046",
                        "modifiers": ["26", "76"],
                        "charge": "180",
                        "units": "2",
                        "non_covered_charge": "30",
                        "service_date": "2025-03-04",
                    },
                ],
            )
        ],
        (
            "CLM*ICN0001*480***13:A:1**A*Y*Y",
            "HI*APR:R051",
            "SV2*0450*HC:99284:25*300*UN*1",
            "SV2*0320*HC:71046:26:76*180*UN*2**30",
            "DTP*472*D8*20250304",
            "REF*6R*L1",
        ),
    ),
    Scenario(
        "837I secondary with COB and dependant",
        "837i",
        lambda: [
            institutional(
                patient=CHILD,
                subscriber=SECONDARY_SUBSCRIBER,
                other_payers=[
                    primary_cob(
                        "250.00", [("CO", "45", "60.00"), ("PR", "3", "40.00")], relationship="19"
                    )
                ],
            )
        ],
        ("SBR*S**GRP001******CI", "PAT*19", "SBR*P*19*******CI", "AMT*D*250"),
    ),
    Scenario(
        "837I replacement with rendering, referring and facility",
        "837i",
        lambda: [
            institutional(
                frequency_code="7",
                payer_claim_number="DCN1",
                rendering_provider=DOCTOR,
                referring_provider=OTHER_DOCTOR,
                service_facility=FACILITY,
                prior_authorization="AUTH9",
            )
        ],
        (
            "CLM*ICN0001*350***13:A:7**A*Y*Y",
            "REF*G1*AUTH9",
            "REF*F8*DCN1",
            "NM1*82*1*CARE*ALEX",
            "NM1*77*2*TEST SURGERY CENTER",
            "NM1*DN*1*HELPER*SAM",
        ),
    ),
    Scenario(
        "837I many diagnoses and a drug line",
        "837i",
        lambda: [
            institutional(
                total_charge="380.00",
                other_diagnoses=[
                    {"code": c}
                    for c in (
                        "E119",
                        "I10",
                        "M5450",
                        "R051",
                        "K219",
                        "F419",
                        "J029",
                        "N390",
                        "E785",
                        "Z23",
                        "R109",
                        "G43909",
                        "J45909",
                        "E1165",
                    )
                ],
                service_lines=[
                    *institutional()["service_lines"],
                    {
                        "revenue_code": "0636",
                        "procedure_code": "J1100",
                        "charge": "30",
                        "units": "1",
                        "service_date": "2025-03-04",
                        "drug": {"ndc": "00641036725", "quantity": "1", "unit": "ML"},
                    },
                ],
            )
        ],
        ("LIN**N4*00641036725", "CTP****1*ML", "HI*ABF:J45909*ABF:E1165"),
    ),
    Scenario(
        "837I void (8)",
        "837i",
        lambda: [institutional(frequency_code="8", payer_claim_number="DCN2")],
        ("CLM*ICN0001*350***13:A:8**A*Y*Y",),
    ),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario_generates_and_passes_pyx12(scenario: Scenario) -> None:
    text = build_x12(scenario.kind, scenario.claims(), scenario.per_transaction)
    written = segments(text)
    for expected in scenario.expect:
        assert any(s == expected or s.startswith(expected + "*") for s in written), expected
    assert pyx12_errors(text) == []


def test_matrix_has_at_least_twenty_scenarios() -> None:
    assert len(SCENARIOS) >= 20
