"""Synthetic service lines and clinical details: CPT/HCPCS with modifiers, NDC drugs, revenue
codes, inpatient stays with ICD-10-PCS procedures, DRG and UB-04 codes."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from generators.sample import data
from generators.sample.parties import SERVICE_YEAR_START, Json, iso, money, physician


def _charge(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def _service_day(rng: random.Random) -> date:
    return SERVICE_YEAR_START + timedelta(days=rng.randint(0, 300))


def professional_lines(
    rng: random.Random, pcn: str, diagnosis_count: int, place: str
) -> tuple[list[Json], Decimal, date]:
    day = _service_day(rng)
    lines: list[Json] = []
    total = Decimal(0)
    procedures = rng.sample(data.OFFICE_PROCEDURES, rng.randint(1, 4))
    for number, (code, low, high, modifiers) in enumerate(procedures, 1):
        charge = _charge(rng, low, high)
        line: Json = {
            "procedure_code": code,
            "charge": money(charge),
            "units": "1",
            "diagnosis_pointers": rng.sample(
                range(1, diagnosis_count + 1), rng.randint(1, min(diagnosis_count, 4))
            ),
            "service_date": iso(day),
            "line_control_number": f"{pcn}-{number}",
        }
        modifier = rng.choice(modifiers)
        if modifier:
            line["modifiers"] = [modifier]
        lines.append(line)
        total += charge
    if place == "11" and rng.random() < 0.12:
        code, ndc, low, high, quantity, unit = rng.choice(data.DRUGS)
        charge = _charge(rng, low, high)
        lines.append(
            {
                "procedure_code": code,
                "charge": money(charge),
                "units": "1",
                "diagnosis_pointers": [1],
                "service_date": iso(day),
                "line_control_number": f"{pcn}-{len(lines) + 1}",
                "drug": {"ndc": ndc, "quantity": quantity, "unit": unit},
            }
        )
        total += charge
    return lines, total, day


def institutional_details(rng: random.Random, pcn: str) -> Json:
    """Everything an 837I claim needs beyond parties: an inpatient stay or an outpatient visit."""
    if rng.random() < 0.35:
        return _inpatient(rng, pcn)
    return _outpatient(rng, pcn)


def _outpatient(rng: random.Random, pcn: str) -> Json:
    day = _service_day(rng)
    lines: list[Json] = []
    total = Decimal(0)
    for number, (revenue, code, low, high, unit) in enumerate(
        rng.sample(data.OUTPATIENT_LINES, rng.randint(1, 4)), 1
    ):
        charge = _charge(rng, low, high)
        line: Json = {
            "revenue_code": revenue,
            "charge": money(charge),
            "unit_type": unit,
            "units": str(rng.randint(1, 3)) if not code else "1",
            "service_date": iso(day),
            "line_control_number": f"{pcn}-{number}",
        }
        if code:
            line["procedure_code"] = code
        lines.append(line)
        total += charge
    diagnoses = rng.sample(data.DIAGNOSES, rng.randint(1, 3))
    details: Json = {
        "facility_type": "13",
        "total_charge": money(total),
        "statement_from": iso(day),
        "statement_to": iso(day),
        "admission_type": rng.choice(("1", "3")),
        "admission_source": "1",
        "patient_status": "01",
        "principal_diagnosis": {"code": diagnoses[0]},
        "other_diagnoses": [{"code": code} for code in diagnoses[1:]],
        "reasons_for_visit": [diagnoses[0]],
        "service_lines": lines,
    }
    if rng.random() < 0.3:
        details["condition_codes"] = ["A9"]
    return details


def _inpatient(rng: random.Random, pcn: str) -> Json:
    principal, procedure, drg = rng.choice(data.INPATIENT_CASES)
    admitted = _service_day(rng)
    stay = rng.randint(1, 6)
    discharged = admitted + timedelta(days=stay)
    others = [c for c in rng.sample(data.DIAGNOSES, 3) if c != principal][:2]
    lines: list[Json] = []
    total = Decimal(0)
    for number, (revenue, _code, low, high, unit) in enumerate(data.INPATIENT_LINES[:4], 1):
        units = stay if unit == "DA" else 1
        charge = _charge(rng, low, high) * units
        lines.append(
            {
                "revenue_code": revenue,
                "charge": money(charge),
                "unit_type": unit,
                "units": str(units),
                "line_control_number": f"{pcn}-{number}",
            }
        )
        total += charge
    details: dict[str, Any] = {
        "facility_type": "11",
        "total_charge": money(total),
        "statement_from": iso(admitted),
        "statement_to": iso(discharged),
        "admission_date": iso(admitted),
        "admission_hour": rng.randint(0, 23),
        "discharge_hour": rng.randint(8, 18),
        "admission_type": rng.choice(("1", "2", "3")),
        "admission_source": rng.choice(("1", "2", "4")),
        "patient_status": rng.choice(("01", "01", "06", "03")),
        "principal_diagnosis": {"code": principal, "present_on_admission": "Y"},
        "admitting_diagnosis": principal,
        "other_diagnoses": [
            {"code": code, "present_on_admission": rng.choice("YN")} for code in others
        ],
        "drg": drg,
        "value_codes": [{"code": "80", "amount": money(Decimal(stay))}],
        "occurrence_codes": [{"code": "11", "date": iso(admitted - timedelta(days=2))}],
        "service_lines": lines,
    }
    if procedure:
        details["principal_procedure"] = {"code": procedure, "date": iso(admitted)}
        details["operating_provider"] = physician(rng)
    if rng.random() < 0.3:
        details["occurrence_spans"] = [{"code": "74", "start": iso(admitted), "end": iso(admitted)}]
        details["condition_codes"] = ["39"]
    return details
