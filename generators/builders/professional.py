"""Segments of one 837P claim: loop 2300 with its providers (2310), COB (2320/2330) and lines."""

from __future__ import annotations

from edi.model.claim.professional import ProfessionalClaim, ProfessionalServiceLine
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

CLAIM_DATES = (
    ("431", "onset_date"),
    ("439", "accident_date"),
    ("435", "admission_date"),
    ("096", "discharge_date"),
)


def professional_claim_segments(claim: ProfessionalClaim) -> list[Seg]:
    segments: list[Seg] = [_clm(claim)]
    for qualifier, name in CLAIM_DATES:
        value = getattr(claim, name)
        if value is not None:
            segments.append(["DTP", qualifier, "D8", d8(value)])
    segments += reference_segments(
        (
            ("9F", claim.referral_number),
            ("G1", claim.prior_authorization),
            ("F8", claim.payer_claim_number),
            ("EA", claim.medical_record_number),
        )
    )
    diagnoses: Seg = ["HI", ("ABK", claim.diagnoses[0])]
    diagnoses += [("ABF", code) for code in claim.diagnoses[1:]]
    segments.append(diagnoses)
    if claim.referring_provider is not None:
        segments += provider_segments("DN", claim.referring_provider)
    if claim.rendering_provider is not None:
        segments += provider_segments("82", claim.rendering_provider, "PE")
    if claim.service_facility is not None:
        segments += facility_segments(claim.service_facility)
    if claim.supervising_provider is not None:
        segments += provider_segments("DQ", claim.supervising_provider)
    for other in claim.other_payers:
        segments += other_payer_segments(other)
    for number, line in enumerate(claim.service_lines, 1):
        segments += _service_line(number, line)
    return segments


def _clm(claim: ProfessionalClaim) -> Seg:
    clm: Seg = [
        "CLM",
        claim.patient_control_number,
        format_amount(claim.total_charge),
        "",
        "",
        (claim.place_of_service, "B", claim.frequency_code),
        "Y" if claim.provider_signature else "N",
        claim.assignment,
        claim.benefits_assignment,
        claim.release_of_information,
    ]
    if claim.related_causes:
        causes = list(claim.related_causes) + [""] * (2 - len(claim.related_causes))
        clm += ["", (causes[0], causes[1], "", claim.accident_state or "")]
    return clm


def _service_line(number: int, line: ProfessionalServiceLine) -> list[Seg]:
    procedure: Element = ("HC", line.procedure_code, *line.modifiers)
    pointers: Element = tuple(map(str, line.diagnosis_pointers))
    segments: list[Seg] = [
        ["LX", str(number)],
        [
            "SV1",
            procedure,
            format_amount(line.charge),
            line.unit_type,
            format_amount(line.units),
            line.place_of_service or "",
            "",
            pointers,
            "",
            "Y" if line.emergency else "",
        ],
        date_segment("472", line.service_date, line.service_date_end),
    ]
    if line.line_control_number:
        segments.append(["REF", "6R", line.line_control_number])
    if line.drug is not None:
        segments.append(["LIN", "", "N4", line.drug.ndc])
        segments.append(["CTP", "", "", "", format_amount(line.drug.quantity), (line.drug.unit,)])
    return segments
