"""835 models for the header and trailer: payment, payer, payee, header numbers, PLB, totals.

Every field names the X12 element it comes from. Money is ``Decimal`` (a string in JSON), dates
are ``datetime.date``. Models are built by the transformer from already-converted values (see
:func:`parsers.era835.values.constructor`), so building them costs no validation.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field


class Model835(BaseModel):
    """Base of the 835 models: immutable once built."""

    model_config = ConfigDict(frozen=True)


class Reference(Model835):
    """One REF segment: an additional identifier."""

    qualifier: str = Field(description="REF01 reference identification qualifier")
    value: str = Field(description="REF02 reference identification")
    description: str | None = Field(None, description="REF03 description")


class Communication(Model835):
    """One qualifier/number pair of a PER segment."""

    qualifier: str = Field(
        description="PER03/PER05/PER07 communication number qualifier "
        "(TE phone, EM email, FX fax, EX extension, UR web address)"
    )
    number: str = Field(description="PER04/PER06/PER08 communication number")


class Contact(Model835):
    """One PER segment."""

    function: str = Field(description="PER01 contact function code (CX, BL, IC)")
    name: str | None = Field(None, description="PER02 contact name")
    numbers: list[Communication] = Field(
        default_factory=list, description="PER03-PER08 communication numbers"
    )


class Address(Model835):
    """N3 and N4 of a party."""

    lines: list[str] = Field(default_factory=list, description="N301, N302 address lines")
    city: str | None = Field(None, description="N401 city name")
    state: str | None = Field(None, description="N402 state or province code")
    postal_code: str | None = Field(None, description="N403 postal code")
    country: str | None = Field(None, description="N404 country code")
    country_subdivision: str | None = Field(None, description="N407 country subdivision code")


class RemittanceDelivery(Model835):
    """RDM: how the payee gets the remittance when it is sent apart from the payment."""

    transmission: str = Field(description="RDM01 report transmission code (BM, EM, FT, OL)")
    name: str | None = Field(None, description="RDM02 name")
    number: str | None = Field(None, description="RDM03 communication number")


class Party(Model835):
    """Loop 1000A (payer, N1*PR) or 1000B (payee, N1*PE)."""

    entity: str = Field(description="N101 entity identifier code (PR payer, PE payee)")
    name: str | None = Field(None, description="N102 name")
    id_qualifier: str | None = Field(
        None, description="N103 identification code qualifier (XV plan id, XX NPI, FI tax id)"
    )
    id: str | None = Field(None, description="N104 identification code")
    address: Address | None = Field(None, description="N3/N4 address")
    references: list[Reference] = Field(
        default_factory=list,
        description="REF additional identifiers (1000A: 2U, EO, HI, NF; 1000B: TJ, PQ, D3, 0B)",
    )
    contacts: list[Contact] = Field(
        default_factory=list,
        description="PER contacts (1000A: CX business, BL technical, IC web site)",
    )
    delivery: RemittanceDelivery | None = Field(
        None, description="RDM remittance delivery method (1000B)"
    )


class Payment(Model835):
    """The header: BPR financial information, TRN trace, CUR, REF*EV/F2, DTM*405."""

    handling_code: str = Field(description="BPR01 transaction handling code")
    handling: str | None = Field(None, description="BPR01 meaning")
    amount: Decimal | None = Field(None, description="BPR02 total actual provider payment amount")
    credit_debit: str | None = Field(None, description="BPR03 credit/debit flag code (C, D)")
    method: str | None = Field(
        None, description="BPR04 payment method code (ACH, BOP, CHK, FWT, NON)"
    )
    format: str | None = Field(None, description="BPR05 payment format code (CCP, CTX)")
    sender_dfi_qualifier: str | None = Field(None, description="BPR06 DFI id number qualifier")
    sender_dfi: str | None = Field(None, description="BPR07 sender DFI identifier")
    sender_account_qualifier: str | None = Field(None, description="BPR08 account number qualifier")
    sender_account: str | None = Field(None, description="BPR09 sender bank account number")
    payer_id: str | None = Field(None, description="BPR10 payer identifier")
    payer_supplemental_code: str | None = Field(
        None, description="BPR11 originating company supplemental code"
    )
    receiver_dfi_qualifier: str | None = Field(None, description="BPR12 DFI id number qualifier")
    receiver_dfi: str | None = Field(None, description="BPR13 receiver or provider bank id")
    receiver_account_qualifier: str | None = Field(
        None, description="BPR14 account number qualifier (DA, SG)"
    )
    receiver_account: str | None = Field(
        None, description="BPR15 receiver or provider account number"
    )
    date: dt.date | None = Field(None, description="BPR16 check issue or EFT effective date")
    trace_type: str | None = Field(None, description="TRN01 trace type code")
    trace_number: str | None = Field(None, description="TRN02 check or EFT trace number")
    originator: str | None = Field(None, description="TRN03 payer identifier (1 + EIN)")
    originator_supplemental_code: str | None = Field(
        None, description="TRN04 originating company supplemental code"
    )
    currency: str | None = Field(None, description="CUR02 currency code")
    references: list[Reference] = Field(
        default_factory=list, description="REF*EV receiver id, REF*F2 version"
    )
    production_date: dt.date | None = Field(None, description="DTM02 of DTM*405 production date")


class ProviderSummary(Model835):
    """TS3: provider summary information of one header number (loop 2000)."""

    provider_id: str | None = Field(None, description="TS301 provider identifier")
    facility_type: str | None = Field(None, description="TS302 facility type code")
    fiscal_period_date: dt.date | None = Field(None, description="TS303 fiscal period date")
    claim_count: int | None = Field(None, description="TS304 total claim count")
    total_charge: Decimal | None = Field(None, description="TS305 total claim charge amount")
    msp_payer_amount: Decimal | None = Field(None, description="TS313 total MSP payer amount")
    non_lab_charge: Decimal | None = Field(None, description="TS315 total non-lab charge amount")
    hcpcs_reported_charge: Decimal | None = Field(
        None, description="TS317 total HCPCS reported charge amount"
    )
    hcpcs_payable: Decimal | None = Field(None, description="TS318 total HCPCS payable amount")
    professional_component: Decimal | None = Field(
        None, description="TS320 total professional component amount"
    )
    msp_patient_liability_met: Decimal | None = Field(
        None, description="TS321 total MSP patient liability met amount"
    )
    patient_reimbursement: Decimal | None = Field(
        None, description="TS322 total patient reimbursement amount"
    )
    pip_claim_count: int | None = Field(None, description="TS323 total PIP claim count")
    pip_adjustment: Decimal | None = Field(None, description="TS324 total PIP adjustment amount")


class ProviderSupplementalSummary(Model835):
    """TS2: provider supplemental summary information (institutional, Medicare Part A)."""

    drg_amount: Decimal | None = Field(None, description="TS201 total DRG amount")
    federal_specific: Decimal | None = Field(
        None, description="TS202 total federal specific amount"
    )
    hospital_specific: Decimal | None = Field(
        None, description="TS203 total hospital specific amount"
    )
    disproportionate_share: Decimal | None = Field(
        None, description="TS204 total disproportionate share amount"
    )
    capital: Decimal | None = Field(None, description="TS205 total capital amount")
    indirect_medical_education: Decimal | None = Field(
        None, description="TS206 total indirect medical education amount"
    )
    outlier_day_count: Decimal | None = Field(None, description="TS207 total outlier day count")
    day_outlier: Decimal | None = Field(None, description="TS208 total day outlier amount")
    cost_outlier: Decimal | None = Field(None, description="TS209 total cost outlier amount")
    average_drg_length_of_stay: Decimal | None = Field(
        None, description="TS210 average DRG length of stay"
    )
    discharge_count: Decimal | None = Field(None, description="TS211 total discharge count")
    cost_report_day_count: Decimal | None = Field(
        None, description="TS212 total cost report day count"
    )
    covered_day_count: Decimal | None = Field(None, description="TS213 total covered day count")
    noncovered_day_count: Decimal | None = Field(
        None, description="TS214 total noncovered day count"
    )
    msp_pass_through: Decimal | None = Field(
        None, description="TS215 total MSP pass-through amount"
    )
    average_drg_weight: Decimal | None = Field(None, description="TS216 average DRG weight")
    pps_capital_fsp_drg: Decimal | None = Field(
        None, description="TS217 total PPS capital FSP DRG amount"
    )
    pps_capital_hsp_drg: Decimal | None = Field(
        None, description="TS218 total PPS capital HSP DRG amount"
    )
    pps_dsh_drg: Decimal | None = Field(None, description="TS219 total PPS DSH DRG amount")


class HeaderNumber(Model835):
    """Loop 2000: LX header number with its TS3/TS2 summaries (claims carry the number)."""

    number: int | None = Field(None, description="LX01 assigned number")
    summary: ProviderSummary | None = Field(None, description="TS3 provider summary")
    supplemental: ProviderSupplementalSummary | None = Field(
        None, description="TS2 provider supplemental summary"
    )


class ProviderAdjustment(Model835):
    """One reason/amount pair of a PLB segment (PLB03/04 … PLB13/14)."""

    provider_id: str | None = Field(None, description="PLB01 provider identifier")
    fiscal_period_date: dt.date | None = Field(None, description="PLB02 fiscal period date")
    reason: str = Field(description="PLB03-1 adjustment reason code (and PLB05-1 … PLB13-1)")
    reason_description: str | None = Field(None, description="PLB03-1 meaning")
    reference: str | None = Field(
        None,
        description="PLB03-2 reference identification "
        "(often the recovered claim's ICN or account number)",
    )
    amount: Decimal | None = Field(
        None,
        description="PLB04 (PLB06 … PLB14) provider adjustment "
        "amount; positive reduces the payment",
    )


class BalanceTotals(Model835):
    """Transaction balancing: sum(CLP04) - sum(PLB amounts) = BPR02."""

    claim_count: int = Field(description="number of CLP segments (loops 2100)")
    total_charge: Decimal = Field(description="sum of CLP03 total claim charge amounts")
    total_paid: Decimal = Field(description="sum of CLP04 claim payment amounts")
    provider_adjustment_total: Decimal = Field(description="sum of PLB04, 06, 08, 10, 12, 14")
    expected_payment: Decimal = Field(description="sum(CLP04) - sum(PLB amounts)")
    payment_amount: Decimal | None = Field(
        None, description="BPR02 total actual provider payment amount"
    )
    difference: Decimal | None = Field(None, description="BPR02 - expected payment")
    balanced: bool = Field(description="whether BPR02 equals the expected payment")


class Remittance(Model835):
    """The head of one 835 transaction set: what is known before its claims stream."""

    interchange_control_number: str | None = Field(None, description="ISA13")
    group_control_number: str | None = Field(None, description="GS06")
    control_number: str | None = Field(None, description="ST02 transaction set control number")
    payment: Payment = Field(description="BPR/TRN header")
    payer: Party | None = Field(None, description="loop 1000A payer identification")
    payee: Party | None = Field(None, description="loop 1000B payee identification")


class RemittanceEnd(Model835):
    """The tail of one 835 transaction set: what is known after its claims."""

    control_number: str | None = Field(None, description="ST02 transaction set control number")
    header_numbers: list[HeaderNumber] = Field(
        default_factory=list, description="loops 2000 (LX, TS3, TS2)"
    )
    provider_adjustments: list[ProviderAdjustment] = Field(
        default_factory=list, description="PLB provider-level adjustments"
    )
    balance: BalanceTotals = Field(
        description="balancing: sum(CLP04) - sum(PLB amounts) against BPR02"
    )
