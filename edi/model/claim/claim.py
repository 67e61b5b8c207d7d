"""What professional and institutional claims have in common (837 loops 2000A to 2330)."""

from __future__ import annotations

from pydantic import Field

from edi.model.claim.coordination import OtherPayer
from edi.model.claim.parties import (
    Address,
    BillingProvider,
    Patient,
    Payer,
    Provider,
    ServiceFacility,
    Subscriber,
)
from edi.model.claim.types import (
    AssignmentCode,
    BenefitsAssignment,
    ClaimId,
    FrequencyCode,
    Identifier,
    InputModel,
    Money,
    ReleaseOfInformation,
)


class ClaimBase(InputModel):
    """Fields shared by :class:`ProfessionalClaim` and :class:`InstitutionalClaim`."""

    patient_control_number: ClaimId = Field(
        description="CLM01 patient control number: your claim id, unique, at most 20 characters",
    )
    total_charge: Money = Field(description="CLM02 total claim charge: the sum of the lines")
    frequency_code: FrequencyCode = Field(
        "1", description="CLM05-3 claim frequency: 1 original, 7 replacement, 8 void"
    )
    payer_claim_number: Identifier | None = Field(
        None, description="2300 REF02 with REF01 F8: payer claim control number (needed for 7/8)"
    )
    assignment: AssignmentCode = Field(
        "A", description="CLM07 assignment or plan participation: A assigned, B lab only, C not"
    )
    benefits_assignment: BenefitsAssignment = Field(
        "Y", description="CLM08 benefits assignment certification: Y, N, W"
    )
    release_of_information: ReleaseOfInformation = Field(
        "Y", description="CLM09 release of information: Y signed statement, I informed consent"
    )
    prior_authorization: Identifier | None = Field(
        None, description="2300 REF02 with REF01 G1: prior authorization number"
    )
    referral_number: Identifier | None = Field(
        None, description="2300 REF02 with REF01 9F: referral number"
    )
    medical_record_number: Identifier | None = Field(
        None, description="2300 REF02 with REF01 EA: medical record number"
    )
    billing_provider: BillingProvider = Field(description="2000A/2010AA billing provider")
    pay_to_address: Address | None = Field(
        None, description="2010AB N3/N4: pay-to address when it differs from the billing address"
    )
    subscriber: Subscriber = Field(description="2000B SBR and 2010BA subscriber")
    patient: Patient | None = Field(
        None, description="2000C/2010CA patient, only when the patient is not the subscriber"
    )
    payer: Payer = Field(description="2010BB payer the claim is sent to")
    other_payers: list[OtherPayer] = Field(
        default_factory=list, max_length=10, description="2320/2330 other payers (COB)"
    )
    rendering_provider: Provider | None = Field(
        None, description="2310B (837P) / 2310D (837I) NM1*82 rendering provider"
    )
    referring_provider: Provider | None = Field(
        None, description="2310A (837P) / 2310F (837I) NM1*DN referring provider"
    )
    service_facility: ServiceFacility | None = Field(
        None, description="2310C (837P) / 2310E (837I) NM1*77 service facility location"
    )

    @property
    def claim_id(self) -> str:
        return self.patient_control_number
