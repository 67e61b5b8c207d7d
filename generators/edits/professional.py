"""Clean-claim edits for 837P claims."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from edi.model.claim.professional import ProfessionalClaim, ProfessionalServiceLine
from generators.edits.codes import MODIFIER, PROCEDURE_CODE, icd10cm_problem
from generators.edits.common import (
    check_birth_before,
    check_claim_base,
    check_not_future,
    check_npi,
    check_range,
    check_total,
)
from generators.edits.problems import ProblemList


def edit_professional(claim: ProfessionalClaim, today: date) -> ProblemList:
    out = ProblemList(claim.patient_control_number)
    check_claim_base(out, claim, today)
    if claim.supervising_provider is not None:
        check_npi(out, "supervising_provider.npi", claim.supervising_provider.npi)
    _check_diagnoses(out, claim.diagnoses)
    _check_claim_dates(out, claim, today)
    total = Decimal(0)
    first_service: date | None = None
    diagnosis_count = len(claim.diagnoses)
    for index, line in enumerate(claim.service_lines):
        total += line.charge
        _check_line(out, f"service_lines[{index}]", line, diagnosis_count, today)
        if first_service is None or line.service_date < first_service:
            first_service = line.service_date
    check_total(out, claim, total)
    check_birth_before(out, claim, first_service)
    return out


def _check_diagnoses(out: ProblemList, diagnoses: list[str]) -> None:
    seen: set[str] = set()
    for index, code in enumerate(diagnoses):
        problem = icd10cm_problem(code)
        if problem is not None:
            out.add(f"diagnoses[{index}]", f"{code} {problem}")
        if code in seen:
            out.add(f"diagnoses[{index}]", f"{code} is listed twice")
        seen.add(code)


def _check_claim_dates(out: ProblemList, claim: ProfessionalClaim, today: date) -> None:
    for name in ("onset_date", "accident_date", "admission_date", "discharge_date"):
        check_not_future(out, name, getattr(claim, name), today)
    check_range(out, "discharge_date", claim.admission_date, claim.discharge_date, "the stay")
    accident = any(cause in ("AA", "OA") for cause in claim.related_causes)
    if accident and claim.accident_date is None:
        out.add("accident_date", "required when related_causes has AA or OA (DTP*439)")
    if claim.accident_date is not None and not accident:
        out.add("related_causes", "an accident date needs related cause AA or OA (CLM11)")
    if "AA" in claim.related_causes and claim.accident_state is None:
        out.add("accident_state", "required for an auto accident (CLM11-4)")
    if len(set(claim.related_causes)) != len(claim.related_causes):
        out.add("related_causes", "a related cause is listed twice")


def _check_line(
    out: ProblemList,
    path: str,
    line: ProfessionalServiceLine,
    diagnosis_count: int,
    today: date,
) -> None:
    if not PROCEDURE_CODE.match(line.procedure_code):
        out.add(f"{path}.procedure_code", f"{line.procedure_code} is not a CPT or HCPCS code")
    for index, modifier in enumerate(line.modifiers):
        if not MODIFIER.match(modifier):
            out.add(f"{path}.modifiers[{index}]", f"{modifier} is not a 2-character modifier")
    for index, pointer in enumerate(line.diagnosis_pointers):
        if not 1 <= pointer <= diagnosis_count:
            out.add(
                f"{path}.diagnosis_pointers[{index}]",
                f"pointer {pointer} does not point at a diagnosis "
                f"(the claim lists {diagnosis_count})",
            )
    if len(set(line.diagnosis_pointers)) != len(line.diagnosis_pointers):
        out.add(f"{path}.diagnosis_pointers", "a pointer is repeated")
    check_not_future(out, f"{path}.service_date", line.service_date, today)
    check_not_future(out, f"{path}.service_date_end", line.service_date_end, today)
    check_range(
        out,
        f"{path}.service_date_end",
        line.service_date,
        line.service_date_end,
        "the service period",
    )
