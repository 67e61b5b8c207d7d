"""Loop 2300 in the claim input format: what the claim itself carries (837P and 837I).

The parties above the claim (billing provider, subscriber, patient, payer) are added by the
transformer, which knows the claim's HL parents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from edi.x12.grammar import Loop
from edi.x12.segment import Segment
from parsers.claim837 import parties
from parsers.claim837.values import (
    Json,
    amount,
    compact,
    component,
    d8,
    dated,
    hour,
    own,
    period,
    pointer,
    quantity,
    reference,
    text,
)

ClaimReader = Callable[[Loop], Json]


def _common(claim: Loop, clm: Segment) -> Json:
    """CLM and the REFs both kinds share, and the other payers (2320)."""
    return compact(
        {
            "patient_control_number": text(clm[1]),
            "total_charge": amount(clm[2]),
            "frequency_code": component(clm, 5, 3),
            "assignment": text(clm[7]),
            "benefits_assignment": text(clm[8]),
            "release_of_information": text(clm[9]),
            "payer_claim_number": reference(claim, "F8"),
            "prior_authorization": reference(claim, "G1"),
            "referral_number": reference(claim, "9F"),
            "medical_record_number": reference(claim, "EA"),
            "other_payers": [parties.other_payer(cob) for cob in claim.loops("2320")],
        }
    )


def _codes(his: Iterator[Segment]) -> list[str]:
    """HI0n-2 of every composite of the given HI segments."""
    return [code for hi in his for i in range(1, len(hi) + 1) if (code := hi.component(i, 2))]


def _hi(claim: Loop, token: str) -> Iterator[Segment]:
    return (seg for seg in claim.segments() if seg.type == token)


def _drug(line: Loop) -> Json | None:
    drug = own(line, "2410")
    if drug is None:
        return None
    lin, ctp = drug.first("LIN"), drug.first("CTP")
    return compact(
        {
            "ndc": text(lin[3]) if lin else None,
            "quantity": quantity(ctp[4]) if ctp else None,
            "unit": component(ctp, 5, 1),
        }
    )


def _line_dates(line: Loop) -> Json:
    start, end = period(dated(line, "472"))
    return compact(
        {
            "service_date": start,
            "service_date_end": end,
            "line_control_number": reference(line, "6R"),
            "drug": _drug(line),
        }
    )


# -- 837P -------------------------------------------------------------------------------------
PROFESSIONAL_DATES = (
    ("431", "onset_date"),
    ("439", "accident_date"),
    ("435", "admission_date"),
    ("096", "discharge_date"),
)


def professional(claim: Loop) -> Json:
    clm = next(claim.segments())
    data = _common(claim, clm)
    causes = [c for c in (clm.component(11, 1), clm.component(11, 2)) if c]
    data.update(
        compact(
            {
                "place_of_service": component(clm, 5, 1),
                "provider_signature": clm[6] == "Y" if clm[6] else None,
                "related_causes": causes,
                "accident_state": component(clm, 11, 4),
                "diagnoses": _codes(_hi(claim, "HI_ABK")),
                "referring_provider": parties.provider(own(claim, "2310A")),
                "rendering_provider": parties.provider(own(claim, "2310B")),
                "service_facility": parties.facility(own(claim, "2310C")),
                "supervising_provider": parties.provider(own(claim, "2310D")),
                "service_lines": [_professional_line(line) for line in claim.loops("2400")],
            }
        )
    )
    for qualifier, name in PROFESSIONAL_DATES:
        seg = dated(claim, qualifier)
        if seg is not None:
            data[name] = d8(seg[3])
    return data


def _professional_line(line: Loop) -> Json:
    sv1 = line.first("SV1")
    if sv1 is None:
        return {}
    procedure = sv1.components(1)
    return compact(
        {
            "procedure_code": procedure[1] if len(procedure) > 1 else None,
            "modifiers": [m for m in procedure[2:6] if m],
            "charge": amount(sv1[2]),
            "unit_type": text(sv1[3]),
            "units": quantity(sv1[4]),
            "place_of_service": text(sv1[5]),
            "diagnosis_pointers": [n for p in sv1.components(7) if (n := pointer(p)) is not None],
            "emergency": True if sv1[9] == "Y" else None,
        }
    ) | _line_dates(line)


# -- 837I -------------------------------------------------------------------------------------
def institutional(claim: Loop) -> Json:
    clm = next(claim.segments())
    data = _common(claim, clm)
    data.update(_institutional_dates(claim))
    cl1 = claim.first("CL1")
    data.update(
        compact(
            {
                "facility_type": component(clm, 5, 1),
                "admission_type": text(cl1[1]) if cl1 else None,
                "admission_source": text(cl1[2]) if cl1 else None,
                "patient_status": text(cl1[3]) if cl1 else None,
                "attending_provider": parties.provider(own(claim, "2310A")),
                "operating_provider": parties.provider(own(claim, "2310B")),
                "other_operating_provider": parties.provider(own(claim, "2310C")),
                "rendering_provider": parties.provider(own(claim, "2310D")),
                "service_facility": parties.facility(own(claim, "2310E")),
                "referring_provider": parties.provider(own(claim, "2310F")),
                "service_lines": [_institutional_line(line) for line in claim.loops("2400")],
            }
        )
    )
    data.update(_health_information(claim))
    return data


def _institutional_dates(claim: Loop) -> Json:
    start, end = period(dated(claim, "434"))
    admission, discharge = dated(claim, "435"), dated(claim, "096")
    return compact(
        {
            "statement_from": start,
            "statement_to": end or start,
            "admission_date": d8(admission[3]) if admission else None,
            "admission_hour": hour(admission[3], 8) if admission and admission[2] == "DT" else None,
            "discharge_hour": hour(discharge[3], 0) if discharge else None,
        }
    )


def _composites(claim: Loop, token: str) -> list[list[str]]:
    """The composites of the HI segments ``token``, each split into its components."""
    return [hi.components(i) for hi in _hi(claim, token) for i in range(1, len(hi) + 1) if hi[i]]


def _part(parts: list[str], index: int) -> str | None:
    return text(parts[index]) if index < len(parts) else None


def _diagnosis(parts: list[str]) -> Json:
    return compact({"code": _part(parts, 1), "present_on_admission": _part(parts, 8)})


def _dated(parts: list[str]) -> Json:
    return compact({"code": _part(parts, 1), "date": d8(_part(parts, 3) or "")})


def _span(parts: list[str]) -> Json:
    first, _, last = (_part(parts, 3) or "").partition("-")
    return compact({"code": _part(parts, 1), "start": d8(first), "end": d8(last)})


def _health_information(claim: Loop) -> Json:
    """The HI families of an institutional claim."""
    principal = _composites(claim, "HI_ABK")
    procedure = _composites(claim, "HI_BBR")
    drg = _composites(claim, "HI_DR")
    return compact(
        {
            "principal_diagnosis": _diagnosis(principal[0]) if principal else None,
            "admitting_diagnosis": next(iter(_codes(_hi(claim, "HI_ABJ"))), None),
            "reasons_for_visit": _codes(_hi(claim, "HI_APR")),
            "drg": _part(drg[0], 1) if drg else None,
            "other_diagnoses": [_diagnosis(p) for p in _composites(claim, "HI_ABF")],
            "principal_procedure": _dated(procedure[0]) if procedure else None,
            "other_procedures": [_dated(p) for p in _composites(claim, "HI_BBQ")],
            "occurrence_spans": [_span(p) for p in _composites(claim, "HI_BI")],
            "occurrence_codes": [_dated(p) for p in _composites(claim, "HI_BH")],
            "value_codes": [
                compact({"code": _part(p, 1), "amount": amount(_part(p, 4) or "")})
                for p in _composites(claim, "HI_BE")
            ],
            "condition_codes": _codes(_hi(claim, "HI_BG")),
        }
    )


def _institutional_line(line: Loop) -> Json:
    sv2 = line.first("SV2")
    if sv2 is None:
        return {}
    procedure = sv2.components(2)
    return compact(
        {
            "revenue_code": text(sv2[1]),
            "procedure_code": procedure[1] if len(procedure) > 1 and procedure[1] else None,
            "modifiers": [m for m in procedure[2:6] if m],
            "charge": amount(sv2[3]),
            "unit_type": text(sv2[4]),
            "units": quantity(sv2[5]),
            "non_covered_charge": amount(sv2[7]),
        }
    ) | _line_dates(line)
