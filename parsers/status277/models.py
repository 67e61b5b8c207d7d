"""Typed models of a 277 claim status: the 277CA (005010X214) and the 277 response (X212).

Field descriptions name the X12 element; loops are those of the 277CA (the X212 names its claim
loops 2200D under a subscriber and 2200E under a dependent).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, Field

from edi.x12.location import Location


class StatusCode(BaseModel):
    """One health care claim status composite (C043): category, status code, entity."""

    category: str = Field(description="STC01-1 claim status category code (code source 507)")
    category_meaning: str | None = Field(None, description="STC01-1 in words")
    code: str | None = Field(None, description="STC01-2 claim status code (code source 508)")
    code_meaning: str | None = Field(
        None, description="STC01-2 in words; absent for codes x12flow does not list"
    )
    entity: str | None = Field(None, description="STC01-3 entity identifier code (98)")
    entity_meaning: str | None = Field(None, description="STC01-3 in words")
    code_list: str | None = Field(
        None, description="STC01-4 code list qualifier (e.g. RX: NCPDP reject code)"
    )


class Status(StatusCode):
    """One STC segment: its first composite (STC01) with dates, action and amounts."""

    date: dt.date | None = Field(None, description="STC02 status information effective date")
    action: str | None = Field(None, description="STC03 action code: WQ accept, U reject")
    action_meaning: str | None = Field(None, description="STC03 in words")
    charge: Decimal | None = Field(None, description="STC04 total submitted charges")
    payment: Decimal | None = Field(None, description="STC05 claim payment amount (X212)")
    adjudication_date: dt.date | None = Field(None, description="STC06 adjudication date")
    payment_method: str | None = Field(None, description="STC07 payment method code")
    check_date: dt.date | None = Field(None, description="STC08 check issue or EFT date")
    check_number: str | None = Field(None, description="STC09 check or EFT trace number")
    additional: list[StatusCode] = Field(
        default_factory=list, description="STC10 and STC11: further status composites"
    )
    message: str | None = Field(None, description="STC12 free-form message text")
    rejected: bool = Field(description="any composite's category is A3/A4/A6/A7/A8, or STC03 is U")


class Reference(BaseModel):
    """One REF segment."""

    qualifier: str = Field(description="REF01 reference identification qualifier")
    value: str = Field(description="REF02 reference identification")


class Party(BaseModel):
    """The NM1 of a hierarchical level."""

    entity: str = Field(description="NM101 entity identifier code")
    entity_meaning: str | None = Field(None, description="NM101 in words")
    name: str | None = Field(None, description="NM103 last or organization name")
    first_name: str | None = Field(None, description="NM104 first name")
    id_qualifier: str | None = Field(None, description="NM108 identification code qualifier")
    id: str | None = Field(None, description="NM109 identification code")


class HierarchyLevel(BaseModel):
    """One HL level (2000A-E) with its name (2100) and its status loops (2200A-C) merged."""

    hl_id: str = Field(description="HL01 hierarchical ID number")
    parent_id: str | None = Field(None, description="HL02 hierarchical parent ID number")
    level_code: str = Field(description="HL03 hierarchical level code (20, 21, 19, PT, 22, 23)")
    level: str | None = Field(None, description="HL03 in words")
    party: Party | None = Field(None, description="NM1 of the level's 2100 loop")
    trace_type: str | None = Field(None, description="TRN01 trace type code of the 2200 loop")
    trace: str | None = Field(None, description="TRN02 trace number of the 2200 loop")
    receipt_date: dt.date | None = Field(None, description="2200A DTP*050 date received")
    process_date: dt.date | None = Field(None, description="2200A DTP*009 date processed")
    statuses: list[Status] = Field(default_factory=list, description="STC of the 2200 loop")
    accepted_count: int | None = Field(None, description="QTY02 of QTY*90 (2200B) or *QA (2200C)")
    rejected_count: int | None = Field(None, description="QTY02 of QTY*AA (2200B) or *QC (2200C)")
    accepted_amount: Decimal | None = Field(None, description="AMT02 of AMT*YU")
    rejected_amount: Decimal | None = Field(None, description="AMT02 of AMT*YY")
    references: list[Reference] = Field(default_factory=list, description="REF of 2200C")


class ServiceId(BaseModel):
    """SVC01: the procedure of a service line."""

    qualifier: str = Field(description="SVC01-1 product/service ID qualifier (HC, NU, ...)")
    code: str = Field(description="SVC01-2 procedure, revenue or drug code")
    modifiers: list[str] = Field(default_factory=list, description="SVC01-3 to SVC01-6")


class LineStatus(BaseModel):
    """One 2220D service line status (SVC)."""

    service: ServiceId | None = Field(None, description="SVC01 composite medical procedure")
    charge: Decimal | None = Field(None, description="SVC02 line item charge amount")
    payment: Decimal | None = Field(None, description="SVC03 line item provider payment (X212)")
    revenue_code: str | None = Field(None, description="SVC04 national uniform billing code")
    units: Decimal | None = Field(None, description="SVC07 original units of service count")
    line_item_control_number: str | None = Field(
        None, description="REF02 of REF*FJ: the 837 line's REF*6R"
    )
    references: list[Reference] = Field(default_factory=list, description="all REF of the line")
    service_date_from: dt.date | None = Field(None, description="DTP*472 service date (from)")
    service_date_to: dt.date | None = Field(None, description="DTP*472 service date (to)")
    statuses: list[Status] = Field(default_factory=list, description="STC of the line")
    accepted: bool | None = Field(
        None, description="False when an STC rejects the line; True for A1/A2; else unknown"
    )


class ClaimStatus(BaseModel):
    """One claim status loop (2200D; X212 also 2200E) with its line statuses (2220D)."""

    patient_control_number: str = Field(description="TRN02: the claim's CLM01")
    payer_claim_control_number: str | None = Field(
        None, description="REF02 of REF*1K: the payer's claim control number (835 CLP07)"
    )
    clearinghouse_trace: str | None = Field(
        None, description="REF02 of REF*D9: the 837's REF*D9 clearinghouse trace number"
    )
    bill_type: str | None = Field(None, description="REF02 of REF*BLT: institutional bill type")
    references: list[Reference] = Field(default_factory=list, description="all REF of 2200D")
    total_charge: Decimal | None = Field(None, description="STC04 total claim charge amount")
    service_date_from: dt.date | None = Field(None, description="DTP*472 service date (from)")
    service_date_to: dt.date | None = Field(None, description="DTP*472 service date (to)")
    statuses: list[Status] = Field(default_factory=list, description="STC of 2200D")
    lines: list[LineStatus] = Field(default_factory=list, description="2220D service lines")
    accepted: bool | None = Field(
        None,
        description="claim-level STC: False for A3/A4/A6/A7/A8 or STC03 U; True for A1/A2; "
        "None otherwise (forwarded, pending, finalized...)",
    )
    outcome: str = Field(
        description="accepted, rejected, forwarded, pending, finalized, "
        "information requested, response not possible or unknown"
    )
    provider_level: str | None = Field(None, description="HL01 of the provider level (2000C)")
    patient_level: str | None = Field(
        None, description="HL01 of the patient level (2000D; X212 subscriber or dependent)"
    )
    location: Location | None = Field(
        None,
        exclude=True,
        repr=False,
        description="where the claim's TRN stands in the file (none when it is missing), for "
        "the ledger's events and findings; not part of the JSON output",
    )


class StatusHeader(BaseModel):
    """BHT: beginning of hierarchical transaction."""

    structure: str = Field(description="BHT01 hierarchical structure code (0085 or 0010)")
    purpose: str | None = Field(None, description="BHT02 transaction set purpose code (08)")
    reference: str | None = Field(None, description="BHT03 originator application trace")
    date: dt.date | None = Field(None, description="BHT04 transaction set creation date")
    time: str | None = Field(None, description="BHT05 transaction set creation time")
    transaction_type: str | None = Field(None, description="BHT06 TH (277CA) or DG (X212)")


class ClaimStatusReport(BaseModel):
    """A whole 277: header, the HL hierarchy with its statuses, and every claim."""

    header: StatusHeader | None = Field(None, description="BHT")
    levels: list[HierarchyLevel] = Field(default_factory=list, description="HL levels in order")
    claims: list[ClaimStatus] = Field(default_factory=list, description="2200D claim statuses")
