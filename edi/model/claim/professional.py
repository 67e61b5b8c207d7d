"""Professional claim input (837P, 005010X222A1)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from edi.model.claim.claim import ClaimBase
from edi.model.claim.parties import Provider
from edi.model.claim.types import (
    Code,
    DrugUnit,
    Identifier,
    InputModel,
    Money,
    Quantity,
)


class Drug(InputModel):
    """Drug identification for a service line (loop 2410)."""

    ndc: str = Field(pattern=r"^\d{11}$", description="2410 LIN03 (LIN02 N4): 11-digit NDC")
    quantity: Quantity = Field(description="2410 CTP04 national drug unit count")
    unit: DrugUnit = Field("UN", description="2410 CTP05-1 unit: UN, ML, GR, F2, ME")


class ProfessionalServiceLine(InputModel):
    procedure_code: Code = Field(description="SV101-2 CPT or HCPCS code (SV101-1 HC)")
    modifiers: list[Code] = Field(
        default_factory=list, max_length=4, description="SV101-3 to SV101-6 procedure modifiers"
    )
    charge: Money = Field(description="SV102 line item charge amount")
    units: Quantity = Field(description="SV104 service unit count")
    unit_type: Literal["UN", "MJ"] = Field("UN", description="SV103 UN units, MJ minutes")
    place_of_service: str | None = Field(
        None, pattern=r"^\d{2}$", description="SV105 place of service, when it differs from CLM05-1"
    )
    diagnosis_pointers: list[int] = Field(
        min_length=1, max_length=4, description="SV107-1 to SV107-4: 1-based positions in HI"
    )
    service_date: date = Field(description="2400 DTP03 with DTP01 472: date of service (from)")
    service_date_end: date | None = Field(
        None, description="2400 DTP03 (RD8) end of the service period"
    )
    line_control_number: Identifier | None = Field(
        None, description="2400 REF02 with REF01 6R: line item control number"
    )
    emergency: bool = Field(False, description="SV109 emergency indicator Y")
    drug: Drug | None = Field(None, description="2410 LIN/CTP drug identification")


RelatedCause = Literal["AA", "EM", "OA"]


class ProfessionalClaim(ClaimBase):
    """One 837P claim, with everything the loops 2000A to 2410 carry."""

    place_of_service: str = Field(
        pattern=r"^\d{2}$", description="CLM05-1 place of service code (11 office, 22, 23...)"
    )
    provider_signature: bool = Field(True, description="CLM06 provider signature on file Y/N")
    related_causes: list[RelatedCause] = Field(
        default_factory=list,
        max_length=2,
        description="CLM11-1/-2 related causes: AA auto accident, EM employment, OA other",
    )
    accident_state: str | None = Field(
        None, pattern=r"^[A-Z]{2}$", description="CLM11-4 state of an auto accident"
    )
    onset_date: date | None = Field(None, description="DTP03 with DTP01 431: onset of illness")
    accident_date: date | None = Field(None, description="DTP03 with DTP01 439: accident")
    admission_date: date | None = Field(
        None, description="DTP03 with DTP01 435: admission (inpatient professional services)"
    )
    discharge_date: date | None = Field(None, description="DTP03 with DTP01 096: discharge")
    diagnoses: list[Code] = Field(
        min_length=1,
        max_length=12,
        description="HI ABK (first, principal) and ABF: ICD-10-CM codes, pointers count from 1",
    )
    supervising_provider: Provider | None = Field(
        None, description="2310D NM1*DQ supervising provider"
    )
    service_lines: list[ProfessionalServiceLine] = Field(
        min_length=1, max_length=50, description="2400 service lines (LX/SV1)"
    )
