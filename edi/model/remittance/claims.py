"""835 models for claims (loop 2100) and service lines (loop 2110)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import Field

from edi.model.remittance.header import Contact, Model835, Reference
from edi.x12.location import Location

ClaimKind = Literal["original", "reversal", "correction"]


class Adjustment(Model835):
    """One group/reason/amount/quantity triplet of a CAS segment."""

    group: str = Field(description="CAS01 claim adjustment group code (CO, OA, PI, PR)")
    reason: str = Field(
        description="CAS02 (CAS05, 08, 11, 14, 17) claim adjustment reason code (CARC)"
    )
    amount: Decimal | None = Field(
        None,
        description="CAS03 (CAS06, 09, 12, 15, 18) adjustment amount; positive reduces the payment",
    )
    quantity: Decimal | None = Field(
        None, description="CAS04 (CAS07, 10, 13, 16, 19) adjustment quantity"
    )
    reason_description: str | None = Field(
        None, description="CARC text, when the operator loaded a descriptions file"
    )


class Remark(Model835):
    """A remark code: LQ at the line, MIA/MOA remark codes at the claim."""

    qualifier: str | None = Field(
        None,
        description="LQ01 code list qualifier (HE RARC, RX "
        "NCPDP reject code); none for MIA/MOA remarks (RARC)",
    )
    code: str = Field(description="LQ02 remark code, or MIA05/MIA20-23/MOA03-07")
    description: str | None = Field(
        None, description="RARC text, when the operator loaded a descriptions file"
    )


class Amount(Model835):
    """One AMT segment."""

    qualifier: str = Field(description="AMT01 amount qualifier code")
    amount: Decimal | None = Field(None, description="AMT02 monetary amount")


class Quantity(Model835):
    """One QTY segment."""

    qualifier: str = Field(description="QTY01 quantity qualifier")
    quantity: Decimal | None = Field(None, description="QTY02 quantity")


class DatedQualifier(Model835):
    """A DTM segment whose qualifier has no field of its own."""

    qualifier: str = Field(description="DTM01 date/time qualifier")
    date: dt.date | None = Field(None, description="DTM02 date")


class EntityName(Model835):
    """One NM1 of loop 2100: patient, insured, corrected name, provider or other payer."""

    entity: str = Field(description="NM101 entity identifier code (QC, IL, 74, 82, TT, PR, GB)")
    entity_type: str | None = Field(
        None, description="NM102 entity type qualifier (1 person, 2 non-person)"
    )
    name: str | None = Field(None, description="NM103 last or organization name")
    first_name: str | None = Field(None, description="NM104 first name")
    middle_name: str | None = Field(None, description="NM105 middle name or initial")
    suffix: str | None = Field(None, description="NM107 name suffix")
    id_qualifier: str | None = Field(None, description="NM108 identification code qualifier")
    id: str | None = Field(None, description="NM109 identification code")


class InpatientAdjudication(Model835):
    """MIA inpatient adjudication information."""

    covered_days: Decimal | None = Field(None, description="MIA01 covered days or visits count")
    pps_operating_outlier: Decimal | None = Field(
        None, description="MIA02 PPS operating outlier amount"
    )
    lifetime_psychiatric_days: Decimal | None = Field(
        None, description="MIA03 lifetime psychiatric days count"
    )
    drg_amount: Decimal | None = Field(None, description="MIA04 claim DRG amount")
    disproportionate_share: Decimal | None = Field(
        None, description="MIA06 claim disproportionate share amount"
    )
    msp_pass_through: Decimal | None = Field(
        None, description="MIA07 claim MSP pass-through amount"
    )
    pps_capital: Decimal | None = Field(None, description="MIA08 claim PPS capital amount")
    pps_capital_fsp_drg: Decimal | None = Field(
        None, description="MIA09 PPS-capital FSP DRG amount"
    )
    pps_capital_hsp_drg: Decimal | None = Field(
        None, description="MIA10 PPS-capital HSP DRG amount"
    )
    pps_capital_dsh_drg: Decimal | None = Field(
        None, description="MIA11 PPS-capital DSH DRG amount"
    )
    old_capital: Decimal | None = Field(None, description="MIA12 old capital amount")
    pps_capital_ime: Decimal | None = Field(None, description="MIA13 PPS-capital IME amount")
    pps_operating_hospital_specific_drg: Decimal | None = Field(
        None, description="MIA14 PPS-operating hospital specific DRG amount"
    )
    cost_report_days: Decimal | None = Field(None, description="MIA15 cost report day count")
    pps_operating_federal_specific_drg: Decimal | None = Field(
        None, description="MIA16 PPS-operating federal specific DRG amount"
    )
    pps_capital_outlier: Decimal | None = Field(
        None, description="MIA17 claim PPS capital outlier amount"
    )
    indirect_teaching: Decimal | None = Field(
        None, description="MIA18 claim indirect teaching amount"
    )
    nonpayable_professional_component: Decimal | None = Field(
        None, description="MIA19 nonpayable professional component amount"
    )
    pps_capital_exception: Decimal | None = Field(
        None, description="MIA24 PPS-capital exception amount"
    )
    remarks: list[Remark] = Field(
        default_factory=list, description="MIA05, MIA20-MIA23 claim payment remark codes (RARC)"
    )


class OutpatientAdjudication(Model835):
    """MOA outpatient adjudication information."""

    reimbursement_rate: Decimal | None = Field(None, description="MOA01 reimbursement rate")
    hcpcs_payable: Decimal | None = Field(None, description="MOA02 claim HCPCS payable amount")
    esrd_payment: Decimal | None = Field(None, description="MOA08 claim ESRD payment amount")
    nonpayable_professional_component: Decimal | None = Field(
        None, description="MOA09 nonpayable professional component amount"
    )
    remarks: list[Remark] = Field(
        default_factory=list, description="MOA03-MOA07 claim payment remark codes (RARC)"
    )


class Procedure(Model835):
    """A composite medical procedure identifier (SVC01 adjudicated, SVC06 submitted)."""

    qualifier: str = Field(description="SVC01-1 product/service id qualifier (HC, NU, AD, ...)")
    code: str | None = Field(None, description="SVC01-2 procedure, revenue or NDC code")
    modifiers: tuple[str, ...] = Field(
        default=(), description="SVC01-3 to SVC01-6 procedure modifiers"
    )
    description: str | None = Field(None, description="SVC01-7 description")


class ServicePayment(Model835):
    """Loop 2110: one service line's payment."""

    procedure: Procedure = Field(description="SVC01 adjudicated procedure")
    charge: Decimal | None = Field(None, description="SVC02 line item charge amount")
    paid: Decimal | None = Field(None, description="SVC03 line item provider payment amount")
    revenue_code: str | None = Field(None, description="SVC04 NUBC revenue code")
    units: Decimal | None = Field(None, description="SVC05 units of service paid count")
    original_procedure: Procedure | None = Field(
        None, description="SVC06 submitted procedure, when it differs from SVC01"
    )
    original_units: Decimal | None = Field(None, description="SVC07 original units of service")
    service_date: dt.date | None = Field(None, description="DTM02 of DTM*472 service date")
    service_start: dt.date | None = Field(None, description="DTM02 of DTM*150 service period start")
    service_end: dt.date | None = Field(None, description="DTM02 of DTM*151 service period end")
    adjustments: list[Adjustment] = Field(
        default_factory=list, description="CAS service adjustments"
    )
    line_control_number: str | None = Field(
        None, description="REF02 of REF*6R line item control number (the 837's REF*6R)"
    )
    references: list[Reference] = Field(
        default_factory=list,
        description="other REF identifiers (1S, APC, BB, E9, G1, G3, LU, RB, 0B, HPI, SY, 0K, ...)",
    )
    allowed: Decimal | None = Field(None, description="AMT02 of AMT*B6 allowed amount")
    amounts: list[Amount] = Field(
        default_factory=list,
        description="other AMT service supplemental amounts (KH, T, T2, ZK-ZO)",
    )
    quantities: list[Quantity] = Field(
        default_factory=list, description="QTY service supplemental quantities"
    )
    remarks: list[Remark] = Field(default_factory=list, description="LQ health care remark codes")
    other_dates: list[DatedQualifier] = Field(
        default_factory=list, description="DTM with a qualifier other than 472, 150, 151"
    )


class ClaimPayment(Model835):
    """Loop 2100: one claim's payment (CLP and what follows it)."""

    patient_control_number: str = Field(description="CLP01 patient control number (the 837 CLM01)")
    status_code: str = Field(description="CLP02 claim status code")
    status: str | None = Field(None, description="CLP02 meaning")
    kind: ClaimKind = Field(
        "original",
        description="reversal (CLP02 = 22), correction (a "
        "claim reported again after its reversal in the same 835) or "
        "original",
    )
    charge: Decimal | None = Field(None, description="CLP03 total claim charge amount")
    paid: Decimal | None = Field(None, description="CLP04 claim payment amount")
    patient_responsibility: Decimal | None = Field(
        None, description="CLP05 patient responsibility amount"
    )
    filing_indicator: str | None = Field(None, description="CLP06 claim filing indicator code")
    filing_indicator_description: str | None = Field(None, description="CLP06 meaning")
    payer_claim_control_number: str | None = Field(
        None, description="CLP07 payer claim control number (ICN)"
    )
    facility_type: str | None = Field(
        None, description="CLP08 facility type code or place of service"
    )
    frequency: str | None = Field(None, description="CLP09 claim frequency code")
    drg_code: str | None = Field(None, description="CLP11 diagnosis related group code")
    drg_weight: Decimal | None = Field(None, description="CLP12 DRG weight")
    discharge_fraction: Decimal | None = Field(None, description="CLP13 discharge fraction")
    condition_response: str | None = Field(
        None, description="CLP14 yes/no condition or response code"
    )
    header_number: int | None = Field(None, description="LX01 of the loop 2000 the claim is in")
    adjustments: list[Adjustment] = Field(default_factory=list, description="CAS claim adjustments")
    patient: EntityName | None = Field(None, description="NM1*QC patient name")
    insured: EntityName | None = Field(None, description="NM1*IL insured name")
    corrected_patient: EntityName | None = Field(
        None, description="NM1*74 corrected patient or insured name"
    )
    rendering_provider: EntityName | None = Field(None, description="NM1*82 service provider name")
    crossover_carrier: EntityName | None = Field(None, description="NM1*TT crossover carrier name")
    corrected_payer: EntityName | None = Field(
        None, description="NM1*PR corrected priority payer name"
    )
    other_subscriber: EntityName | None = Field(None, description="NM1*GB other subscriber name")
    inpatient: InpatientAdjudication | None = Field(None, description="MIA inpatient adjudication")
    outpatient: OutpatientAdjudication | None = Field(
        None, description="MOA outpatient adjudication"
    )
    references: list[Reference] = Field(
        default_factory=list, description="REF other claim ids and rendering provider ids"
    )
    statement_from: dt.date | None = Field(None, description="DTM02 of DTM*232 statement from")
    statement_to: dt.date | None = Field(None, description="DTM02 of DTM*233 statement to")
    coverage_expiration: dt.date | None = Field(
        None, description="DTM02 of DTM*036 coverage expiration"
    )
    received: dt.date | None = Field(None, description="DTM02 of DTM*050 claim received")
    other_dates: list[DatedQualifier] = Field(
        default_factory=list, description="DTM with another qualifier"
    )
    contacts: list[Contact] = Field(default_factory=list, description="PER*CX claim contacts")
    amounts: list[Amount] = Field(
        default_factory=list,
        description="AMT claim supplemental amounts (AU, D8, DY, F5, I, NL, T, T2, ZK-ZO)",
    )
    quantities: list[Quantity] = Field(
        default_factory=list, description="QTY claim supplemental quantities"
    )
    services: list[ServicePayment] = Field(
        default_factory=list, description="loops 2110 service payments"
    )
    location: Location | None = Field(
        None,
        exclude=True,
        repr=False,
        description="where the CLP segment stands in the file (none when it is missing), for "
        "the ledger's events and findings; not part of the JSON output",
    )
