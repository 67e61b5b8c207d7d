"""Segments of one 837I claim: loop 2300 with its providers (2310), COB (2320/2330) and lines."""

from __future__ import annotations

from collections.abc import Sequence

from edi.model.claim.institutional import (
    Diagnosis,
    InstitutionalClaim,
    InstitutionalServiceLine,
)
from edi.x12.writer import Element, format_amount
from generators.builders.common import (
    Seg,
    d8,
    date_segment,
    facility_segments,
    other_payer_segments,
    provider_segments,
    reference_segments,
)

COMPOSITES_PER_HI = 12


def institutional_claim_segments(claim: InstitutionalClaim) -> list[Seg]:
    segments: list[Seg] = [_clm(claim)]
    if claim.discharge_hour is not None:
        segments.append(["DTP", "096", "TM", f"{claim.discharge_hour:02d}00"])
    period = f"{d8(claim.statement_from)}-{d8(claim.statement_to)}"
    segments.append(["DTP", "434", "RD8", period])  # RD8 even for a one-day statement
    if claim.admission_date is not None:
        if claim.admission_hour is not None:
            when = f"{d8(claim.admission_date)}{claim.admission_hour:02d}00"
            segments.append(["DTP", "435", "DT", when])
        else:
            segments.append(["DTP", "435", "D8", d8(claim.admission_date)])
    segments.append(
        ["CL1", claim.admission_type or "", claim.admission_source or "", claim.patient_status]
    )
    segments += reference_segments(
        (
            ("9F", claim.referral_number),
            ("G1", claim.prior_authorization),
            ("F8", claim.payer_claim_number),
            ("EA", claim.medical_record_number),
        )
    )
    segments += _health_information(claim)
    segments += _providers(claim)
    for other in claim.other_payers:
        segments += other_payer_segments(other)
    for number, line in enumerate(claim.service_lines, 1):
        segments += _service_line(number, line)
    return segments


def _clm(claim: InstitutionalClaim) -> Seg:
    return [
        "CLM",
        claim.patient_control_number,
        format_amount(claim.total_charge),
        "",
        "",
        (claim.facility_type, "A", claim.frequency_code),
        "",
        claim.assignment,
        claim.benefits_assignment,
        claim.release_of_information,
    ]


def _diagnosis(qualifier: str, diagnosis: Diagnosis) -> Element:
    if diagnosis.present_on_admission is None:
        return (qualifier, diagnosis.code)
    return (qualifier, diagnosis.code, "", "", "", "", "", "", diagnosis.present_on_admission)


def _hi_segments(items: Sequence[Element]) -> list[Seg]:
    return [
        ["HI", *items[start : start + COMPOSITES_PER_HI]]
        for start in range(0, len(items), COMPOSITES_PER_HI)
    ]


def _health_information(claim: InstitutionalClaim) -> list[Seg]:
    """The HI segments in the guide's order: ABK ABJ APR DR ABF BBR BBQ BI BH BE BG."""
    segments: list[Seg] = [["HI", _diagnosis("ABK", claim.principal_diagnosis)]]
    if claim.admitting_diagnosis is not None:
        segments.append(["HI", ("ABJ", claim.admitting_diagnosis)])
    if claim.reasons_for_visit:
        segments.append(["HI", *(("APR", code) for code in claim.reasons_for_visit)])
    if claim.drg is not None:
        segments.append(["HI", ("DR", claim.drg)])
    segments += _hi_segments([_diagnosis("ABF", d) for d in claim.other_diagnoses])
    if claim.principal_procedure is not None:
        p = claim.principal_procedure
        segments.append(["HI", ("BBR", p.code, "D8", d8(p.date))])
    segments += _hi_segments([("BBQ", p.code, "D8", d8(p.date)) for p in claim.other_procedures])
    segments += _hi_segments(
        [("BI", s.code, "RD8", f"{d8(s.start)}-{d8(s.end)}") for s in claim.occurrence_spans]
    )
    segments += _hi_segments([("BH", o.code, "D8", d8(o.date)) for o in claim.occurrence_codes])
    segments += _hi_segments(
        [("BE", v.code, "", "", format_amount(v.amount)) for v in claim.value_codes]
    )
    segments += _hi_segments([("BG", code) for code in claim.condition_codes])
    return segments


def _providers(claim: InstitutionalClaim) -> list[Seg]:
    """Loops 2310A-F: attending, operating, other operating, rendering, facility, referring."""
    segments: list[Seg] = []
    if claim.attending_provider is not None:
        segments += provider_segments("71", claim.attending_provider, "AT")
    if claim.operating_provider is not None:
        segments += provider_segments("72", claim.operating_provider)
    if claim.other_operating_provider is not None:
        segments += provider_segments("ZZ", claim.other_operating_provider)
    if claim.rendering_provider is not None:
        segments += provider_segments("82", claim.rendering_provider)
    if claim.service_facility is not None:
        segments += facility_segments(claim.service_facility)
    if claim.referring_provider is not None:
        segments += provider_segments("DN", claim.referring_provider)
    return segments


def _service_line(number: int, line: InstitutionalServiceLine) -> list[Seg]:
    procedure: Element = ("HC", line.procedure_code, *line.modifiers) if line.procedure_code else ""
    non_covered = "" if line.non_covered_charge is None else format_amount(line.non_covered_charge)
    segments: list[Seg] = [
        ["LX", str(number)],
        [
            "SV2",
            line.revenue_code,
            procedure,
            format_amount(line.charge),
            line.unit_type,
            format_amount(line.units),
            "",
            non_covered,
        ],
    ]
    if line.service_date is not None:
        segments.append(date_segment("472", line.service_date, line.service_date_end))
    if line.line_control_number:
        segments.append(["REF", "6R", line.line_control_number])
    if line.drug is not None:
        segments.append(["LIN", "", "N4", line.drug.ndc])
        segments.append(["CTP", "", "", "", format_amount(line.drug.quantity), (line.drug.unit,)])
    return segments
