"""Coordination of benefits: other payers of the claim (loops 2320, 2330A, 2330B)."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from edi.model.claim.parties import Address
from edi.model.claim.types import (
    AdjustmentGroup,
    BenefitsAssignment,
    ClaimFilingIndicator,
    Identifier,
    IndividualRelationship,
    InputModel,
    Money,
    Name,
    OtherPayerResponsibility,
    PayerId,
    ReleaseOfInformation,
    ShortName,
    Suffix,
)


class Adjustment(InputModel):
    """One claim adjustment the other payer made (a CAS reason, amount and quantity)."""

    group_code: AdjustmentGroup = Field(description="2320 CAS01 group: CO, OA, PI, PR (CR)")
    reason_code: str = Field(
        pattern=r"^[A-Z0-9]{1,5}$", description="2320 CAS02/05/08... claim adjustment reason code"
    )
    amount: Money = Field(description="2320 CAS03/06/09... adjustment amount")


class OtherSubscriber(InputModel):
    """The subscriber of the other payer's coverage (loop 2330A)."""

    member_id: Identifier = Field(description="2330A NM109 member id (NM108 MI)")
    last_name: Name = Field(description="2330A NM103")
    first_name: ShortName | None = Field(None, description="2330A NM104")
    middle_name: ShortName | None = Field(None, description="2330A NM105")
    suffix: Suffix | None = Field(None, description="2330A NM107")


class OtherPayerName(InputModel):
    name: Name = Field(description="2330B NM103 other payer name")
    payer_id: PayerId = Field(description="2330B NM109 other payer id (NM108 PI)")
    address: Address | None = Field(None, description="2330B N3/N4")


class OtherPayer(InputModel):
    """A payer that adjudicated the claim before (or will after) the destination payer."""

    payer_responsibility: OtherPayerResponsibility = Field(
        description="2320 SBR01 this payer's responsibility sequence (P for the primary)"
    )
    relationship: IndividualRelationship = Field(
        "18", description="2320 SBR02 patient's relationship to the other subscriber (18 self)"
    )
    group_number: Identifier | None = Field(None, description="2320 SBR03 group number")
    group_name: Name | None = Field(None, description="2320 SBR04 group name")
    claim_filing_indicator: ClaimFilingIndicator = Field(description="2320 SBR09")
    adjustments: list[Adjustment] = Field(
        default_factory=list, max_length=30, description="2320 CAS claim-level adjustments"
    )
    paid_amount: Money | None = Field(
        None, description="2320 AMT02 with AMT01 D: what this payer paid (when it adjudicated)"
    )
    remaining_patient_liability: Money | None = Field(None, description="2320 AMT02 with AMT01 EAF")
    non_covered_amount: Money | None = Field(None, description="2320 AMT02 with AMT01 A8")
    benefits_assignment: BenefitsAssignment = Field("Y", description="2320 OI03")
    release_of_information: ReleaseOfInformation = Field("Y", description="2320 OI06")
    subscriber: OtherSubscriber = Field(description="2330A other subscriber")
    payer: OtherPayerName = Field(description="2330B other payer")
    adjudication_date: date | None = Field(
        None, description="2330B DTP03 with DTP01 573: claim check or remittance date"
    )
    payer_claim_number: Identifier | None = Field(
        None, description="2330B REF02 with REF01 F8: the other payer's claim control number"
    )
