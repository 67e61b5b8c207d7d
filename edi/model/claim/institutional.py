"""Institutional claim input (837I, 005010X223A2)."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import Field

from edi.model.claim.claim import ClaimBase
from edi.model.claim.parties import Provider
from edi.model.claim.professional import Drug
from edi.model.claim.types import Code, Identifier, InputModel, Money, Quantity

PresentOnAdmission = Literal["Y", "N", "U", "W"]
ConditionCode = Annotated[str, Field(pattern=r"^[0-9A-Z]{2}$")]


class Diagnosis(InputModel):
    code: Code = Field(description="HI0n-2 ICD-10-CM code, no dot")
    present_on_admission: PresentOnAdmission | None = Field(
        None, description="HI0n-9 present-on-admission indicator (inpatient)"
    )


class Procedure(InputModel):
    code: Code = Field(description="HI0n-2 ICD-10-PCS code (BBR principal, BBQ other)")
    date: datetime.date = Field(description="HI0n-4 procedure date (HI0n-3 D8)")


class OccurrenceCode(InputModel):
    code: str = Field(pattern=r"^[0-9A-Z]{2}$", description="HI0n-2 occurrence code (BH)")
    date: datetime.date = Field(description="HI0n-4 occurrence date (HI0n-3 D8)")


class OccurrenceSpan(InputModel):
    code: str = Field(pattern=r"^[0-9A-Z]{2}$", description="HI0n-2 occurrence span code (BI)")
    start: datetime.date = Field(description="HI0n-4 span start (HI0n-3 RD8)")
    end: datetime.date = Field(description="HI0n-4 span end (HI0n-3 RD8)")


class ValueCode(InputModel):
    code: str = Field(pattern=r"^[0-9A-Z]{2}$", description="HI0n-2 value code (BE)")
    amount: Money = Field(description="HI0n-5 value code amount")


class InstitutionalServiceLine(InputModel):
    revenue_code: str = Field(pattern=r"^\d{4}$", description="SV201 revenue code (4 digits)")
    procedure_code: Code | None = Field(None, description="SV202-2 HCPCS/CPT code (SV202-1 HC)")
    modifiers: list[Code] = Field(
        default_factory=list, max_length=4, description="SV202-3 to SV202-6 modifiers"
    )
    charge: Money = Field(description="SV203 line item charge amount")
    unit_type: Literal["UN", "DA"] = Field("UN", description="SV204 UN units, DA days")
    units: Quantity = Field(description="SV205 service unit count")
    non_covered_charge: Money | None = Field(None, description="SV207 non-covered charge")
    service_date: datetime.date | None = Field(
        None, description="2400 DTP03 with DTP01 472: service date (required for outpatient)"
    )
    service_date_end: datetime.date | None = Field(
        None, description="2400 DTP03 (RD8) end of the period"
    )
    line_control_number: Identifier | None = Field(
        None, description="2400 REF02 with REF01 6R: line item control number"
    )
    drug: Drug | None = Field(None, description="2410 LIN/CTP drug identification")


class InstitutionalClaim(ClaimBase):
    """One 837I claim, with everything the loops 2000A to 2410 carry."""

    facility_type: str = Field(
        pattern=r"^\d{2}$",
        description="CLM05-1 facility type code: first two digits of the bill type (11, 13...)",
    )
    statement_from: datetime.date = Field(
        description="2300 DTP03 with DTP01 434: statement period start"
    )
    statement_to: datetime.date = Field(
        description="2300 DTP03 with DTP01 434: statement period end"
    )
    admission_date: datetime.date | None = Field(
        None, description="2300 DTP03 with DTP01 435: admission date (inpatient)"
    )
    admission_hour: int | None = Field(
        None, ge=0, le=23, description="2300 DTP03 hour with DTP02 DT: admission hour"
    )
    discharge_hour: int | None = Field(
        None, ge=0, le=23, description="2300 DTP03 with DTP01 096 (TM): discharge hour"
    )
    admission_type: str | None = Field(
        None, pattern=r"^[1-9]$", description="CL101 priority (type) of admission or visit"
    )
    admission_source: str | None = Field(
        None, pattern=r"^[0-9A-Z]$", description="CL102 point of origin (source of admission)"
    )
    patient_status: str = Field(
        pattern=r"^\d{2}$", description="CL103 patient status (discharge disposition), e.g. 01"
    )
    principal_diagnosis: Diagnosis = Field(description="HI ABK principal diagnosis with POA")
    admitting_diagnosis: Code | None = Field(None, description="HI ABJ admitting diagnosis")
    reasons_for_visit: list[Code] = Field(
        default_factory=list, max_length=3, description="HI APR patient's reasons for visit"
    )
    other_diagnoses: list[Diagnosis] = Field(
        default_factory=list, max_length=24, description="HI ABF other diagnoses (2 x 12)"
    )
    drg: str | None = Field(
        None, pattern=r"^\d{3}$", description="HI DR diagnosis related group (MS-DRG)"
    )
    principal_procedure: Procedure | None = Field(
        None, description="HI BBR principal ICD-10-PCS procedure"
    )
    other_procedures: list[Procedure] = Field(
        default_factory=list, max_length=24, description="HI BBQ other procedures (2 x 12)"
    )
    occurrence_spans: list[OccurrenceSpan] = Field(
        default_factory=list, max_length=24, description="HI BI occurrence span codes"
    )
    occurrence_codes: list[OccurrenceCode] = Field(
        default_factory=list, max_length=24, description="HI BH occurrence codes"
    )
    value_codes: list[ValueCode] = Field(
        default_factory=list, max_length=24, description="HI BE value codes"
    )
    condition_codes: list[ConditionCode] = Field(
        default_factory=list, max_length=24, description="HI BG condition codes"
    )
    attending_provider: Provider | None = Field(None, description="2310A NM1*71 attending")
    operating_provider: Provider | None = Field(None, description="2310B NM1*72 operating")
    other_operating_provider: Provider | None = Field(
        None, description="2310C NM1*ZZ other operating physician"
    )
    service_lines: list[InstitutionalServiceLine] = Field(
        min_length=1, max_length=999, description="2400 service lines (LX/SV2)"
    )

    @property
    def bill_type(self) -> str:
        """Facility type + frequency: the 3-character type of bill (131)."""
        return self.facility_type + self.frequency_code

    @property
    def is_inpatient(self) -> bool:
        return self.facility_type in INPATIENT_FACILITY_TYPES


INPATIENT_FACILITY_TYPES = frozenset({"11", "18", "21", "41", "65", "66", "86"})
"""Bill types whose services are inpatient (hospital, swing bed, SNF, religious, CMHC...)."""
