"""The people and organisations on a claim: providers, subscriber, patient, payer."""

from __future__ import annotations

from datetime import date

from pydantic import Field, model_validator

from edi.model.claim.types import (
    City,
    ClaimFilingIndicator,
    Identifier,
    InputModel,
    Name,
    Npi,
    PatientRelationship,
    PayerId,
    PayerResponsibility,
    PostalCode,
    Sex,
    ShortName,
    StateCode,
    Street,
    Suffix,
    TaxIdQualifier,
    Taxonomy,
)


class Address(InputModel):
    line1: Street = Field(description="N301 address line")
    line2: Street | None = Field(None, description="N302 second address line")
    city: City = Field(description="N401 city")
    state: StateCode = Field(description="N402 state or province code")
    postal_code: PostalCode = Field(description="N403 ZIP code (9 digits for a billing provider)")


class EntityName(InputModel):
    """An organisation (``organization_name``) or a person (``last_name`` + ``first_name``)."""

    organization_name: Name | None = Field(None, description="NM103 organisation name")
    last_name: Name | None = Field(None, description="NM103 last name of a person")
    first_name: ShortName | None = Field(None, description="NM104 first name of a person")
    middle_name: ShortName | None = Field(None, description="NM105 middle name or initial")
    suffix: Suffix | None = Field(None, description="NM107 name suffix (JR, III)")

    @model_validator(mode="after")
    def _one_kind(self) -> EntityName:
        person = self.last_name is not None or self.first_name is not None
        if self.organization_name is not None and person:
            raise ValueError("give organization_name or last_name/first_name, not both")
        if self.organization_name is None and self.last_name is None:
            raise ValueError("a name is required: organization_name or last_name")
        return self

    @property
    def is_person(self) -> bool:
        """NM102: 1 person, 2 non-person entity."""
        return self.organization_name is None


class BillingProvider(EntityName):
    npi: Npi = Field(description="2010AA NM109 (NM108 XX)")
    tax_id: str = Field(pattern=r"^\d{9}$", description="2010AA REF02 EIN or SSN, 9 digits")
    tax_id_qualifier: TaxIdQualifier = Field("EI", description="2010AA REF01: EI EIN, SY SSN")
    taxonomy: Taxonomy | None = Field(None, description="2000A PRV03 (PRV01 BI, PRV02 PXC)")
    address: Address = Field(description="2010AA N3/N4: street address, 9-digit ZIP")
    contact_name: ShortName | None = Field(None, description="2010AA PER02 contact name")
    phone: str | None = Field(None, pattern=r"^\d{10,20}$", description="2010AA PER04 (TE)")


class Provider(EntityName):
    """A rendering, referring, supervising, attending or operating provider."""

    npi: Npi = Field(description="NM109 (NM108 XX)")
    taxonomy: Taxonomy | None = Field(None, description="PRV03 provider taxonomy code")


class ServiceFacility(InputModel):
    name: Name = Field(description="2310C (837P) / 2310E (837I) NM103 facility name")
    npi: Npi | None = Field(None, description="NM109 facility NPI (NM108 XX)")
    address: Address = Field(description="N3/N4 facility address")


class Subscriber(InputModel):
    member_id: Identifier = Field(description="2010BA NM109 member id (NM108 MI)")
    last_name: Name = Field(description="2010BA NM103")
    first_name: ShortName | None = Field(None, description="2010BA NM104")
    middle_name: ShortName | None = Field(None, description="2010BA NM105")
    suffix: Suffix | None = Field(None, description="2010BA NM107")
    birth_date: date | None = Field(None, description="2010BA DMG02 (required when patient)")
    sex: Sex | None = Field(None, description="2010BA DMG03 (required when patient)")
    address: Address | None = Field(None, description="2010BA N3/N4 (required when patient)")
    group_number: Identifier | None = Field(None, description="SBR03 group or policy number")
    group_name: Name | None = Field(None, description="SBR04 group name")
    claim_filing_indicator: ClaimFilingIndicator = Field(description="SBR09 (CI, MB, MC, BL...)")
    payer_responsibility: PayerResponsibility = Field(
        "P", description="SBR01 payer responsibility sequence: P primary, S secondary, T tertiary"
    )
    insurance_type: str | None = Field(
        None,
        pattern=r"^(12|13|14|15|16|41|42|43|47)$",
        description="SBR05 Medicare secondary insurance type (837P only)",
    )


class Patient(InputModel):
    """The patient when not the subscriber (loop 2000C/2010CA)."""

    relationship: PatientRelationship = Field(description="PAT01 relationship to the subscriber")
    last_name: Name = Field(description="2010CA NM103")
    first_name: ShortName = Field(description="2010CA NM104")
    middle_name: ShortName | None = Field(None, description="2010CA NM105")
    suffix: Suffix | None = Field(None, description="2010CA NM107")
    birth_date: date = Field(description="2010CA DMG02")
    sex: Sex = Field(description="2010CA DMG03")
    address: Address = Field(description="2010CA N3/N4")


class Payer(InputModel):
    name: Name = Field(description="2010BB NM103 payer name")
    payer_id: PayerId = Field(description="2010BB NM109 payer id (NM108 PI)")
    address: Address | None = Field(None, description="2010BB N3/N4")


__all__ = [
    "Address",
    "BillingProvider",
    "EntityName",
    "Patient",
    "Payer",
    "Provider",
    "ServiceFacility",
    "Subscriber",
]
