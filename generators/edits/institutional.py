"""Clean-claim edits for 837I claims."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from edi.model.claim.institutional import InstitutionalClaim, InstitutionalServiceLine
from generators.edits.codes import ICD10PCS, MODIFIER, PROCEDURE_CODE, icd10cm_problem
from generators.edits.common import (
    check_birth_before,
    check_claim_base,
    check_not_future,
    check_npi,
    check_range,
    check_total,
)
from generators.edits.problems import ProblemList

POA_REQUIRED_FACILITY_TYPES = frozenset({"11"})
"""Acute care inpatient: every diagnosis carries a present-on-admission indicator."""


def edit_institutional(claim: InstitutionalClaim, today: date) -> ProblemList:
    out = ProblemList(claim.patient_control_number)
    check_claim_base(out, claim, today)
    provider = claim.billing_provider
    if provider.is_person or provider.tax_id_qualifier != "EI":
        out.add(
            "billing_provider", "an institutional billing provider is an organisation with an EIN"
        )
    for name in ("attending_provider", "operating_provider", "other_operating_provider"):
        other = getattr(claim, name)
        if other is not None:
            check_npi(out, f"{name}.npi", other.npi)
            if not other.is_person:
                out.add(name, "must be a person (last_name, first_name)")
    for name in ("rendering_provider", "referring_provider"):
        if getattr(claim, name) is not None and not getattr(claim, name).is_person:
            out.add(name, "must be a person in an 837I (last_name, first_name)")
    _check_diagnoses(out, claim)
    _check_procedures(out, claim, today)
    _check_claim_dates(out, claim, today)
    total = Decimal(0)
    for index, line in enumerate(claim.service_lines):
        total += line.charge
        _check_line(out, f"service_lines[{index}]", line, claim, today)
    check_total(out, claim, total)
    check_birth_before(out, claim, claim.admission_date or claim.statement_from)
    return out


def _check_icd(out: ProblemList, path: str, code: str) -> None:
    problem = icd10cm_problem(code)
    if problem is not None:
        out.add(path, f"{code} {problem}")


def _check_diagnoses(out: ProblemList, claim: InstitutionalClaim) -> None:
    needs_poa = claim.facility_type in POA_REQUIRED_FACILITY_TYPES
    _check_icd(out, "principal_diagnosis.code", claim.principal_diagnosis.code)
    if needs_poa and claim.principal_diagnosis.present_on_admission is None:
        out.add("principal_diagnosis.present_on_admission", "required on acute inpatient claims")
    seen = {claim.principal_diagnosis.code}
    for index, diagnosis in enumerate(claim.other_diagnoses):
        path = f"other_diagnoses[{index}]"
        _check_icd(out, f"{path}.code", diagnosis.code)
        if diagnosis.code in seen:
            out.add(f"{path}.code", f"{diagnosis.code} is listed twice")
        seen.add(diagnosis.code)
        if needs_poa and diagnosis.present_on_admission is None:
            out.add(f"{path}.present_on_admission", "required on acute inpatient claims")
    if claim.admitting_diagnosis is not None:
        _check_icd(out, "admitting_diagnosis", claim.admitting_diagnosis)
    for index, code in enumerate(claim.reasons_for_visit):
        _check_icd(out, f"reasons_for_visit[{index}]", code)


def _check_procedures(out: ProblemList, claim: InstitutionalClaim, today: date) -> None:
    if claim.other_procedures and claim.principal_procedure is None:
        out.add("principal_procedure", "required when other procedures are listed")
    procedures = [("principal_procedure", claim.principal_procedure)] + [
        (f"other_procedures[{i}]", p) for i, p in enumerate(claim.other_procedures)
    ]
    for path, procedure in procedures:
        if procedure is None:
            continue
        if not ICD10PCS.match(procedure.code):
            out.add(f"{path}.code", f"{procedure.code} is not an ICD-10-PCS code (7 characters)")
        check_not_future(out, f"{path}.date", procedure.date, today)


def _check_claim_dates(out: ProblemList, claim: InstitutionalClaim, today: date) -> None:
    check_not_future(out, "statement_to", claim.statement_to, today)
    check_not_future(out, "statement_from", claim.statement_from, today)
    check_range(
        out, "statement_to", claim.statement_from, claim.statement_to, "the statement period"
    )
    check_not_future(out, "admission_date", claim.admission_date, today)
    if claim.admission_date is not None and claim.admission_date > claim.statement_to:
        out.add("admission_date", "admission is after the end of the statement period")
    if claim.admission_hour is not None and claim.admission_date is None:
        out.add("admission_hour", "an admission hour needs the admission date")
    if claim.is_inpatient:
        if claim.admission_date is None:
            out.add("admission_date", "required on an inpatient claim (DTP*435)")
        if claim.admission_type is None:
            out.add("admission_type", "required on an inpatient claim (CL101)")
    for index, span in enumerate(claim.occurrence_spans):
        check_range(out, f"occurrence_spans[{index}].end", span.start, span.end, "the span")
        check_not_future(out, f"occurrence_spans[{index}].end", span.end, today)
    for index, occurrence in enumerate(claim.occurrence_codes):
        check_not_future(out, f"occurrence_codes[{index}].date", occurrence.date, today)


def _check_line(
    out: ProblemList,
    path: str,
    line: InstitutionalServiceLine,
    claim: InstitutionalClaim,
    today: date,
) -> None:
    if line.procedure_code is not None and not PROCEDURE_CODE.match(line.procedure_code):
        out.add(f"{path}.procedure_code", f"{line.procedure_code} is not a CPT or HCPCS code")
    if line.modifiers and line.procedure_code is None:
        out.add(f"{path}.modifiers", "modifiers need a procedure code")
    for index, modifier in enumerate(line.modifiers):
        if not MODIFIER.match(modifier):
            out.add(f"{path}.modifiers[{index}]", f"{modifier} is not a 2-character modifier")
    if line.non_covered_charge is not None and line.non_covered_charge > line.charge:
        out.add(f"{path}.non_covered_charge", "exceeds the line charge")
    if line.service_date is None:
        if not claim.is_inpatient:
            out.add(f"{path}.service_date", "required on an outpatient claim (DTP*472)")
        if line.service_date_end is not None:
            out.add(f"{path}.service_date", "a service period needs its start date")
        return
    end = line.service_date_end or line.service_date
    check_not_future(out, f"{path}.service_date", end, today)
    check_range(out, f"{path}.service_date_end", line.service_date, end, "the service period")
    if line.service_date < claim.statement_from or end > claim.statement_to:
        out.add(f"{path}.service_date", "outside the statement period")
