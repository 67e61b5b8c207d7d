"""Models for the 835 writer. Paid amounts are never given: they follow from the charges and
adjustments, so every 835 written from these models balances by construction.

* line: ``SVC03 = SVC02 - sum(line CAS)``
* claim: ``CLP04 = CLP03 - sum(claim CAS) - sum(line CAS)``
* transaction: ``BPR02 = sum(CLP04) - sum(PLB)``
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Literal

GroupCode = Literal["CO", "OA", "PI", "PR"]
ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Adjustment:
    """One CAS triplet. A positive amount reduces the payment."""

    group: GroupCode  # CAS01
    reason: str  # CAS02 (CARC)
    amount: Decimal  # CAS03

    def negated(self) -> Adjustment:
        return replace(self, amount=-self.amount)


def total(adjustments: Iterable[Adjustment]) -> Decimal:
    return sum((a.amount for a in adjustments), ZERO)


def patient_share(adjustments: Iterable[Adjustment]) -> Decimal:
    return sum((a.amount for a in adjustments if a.group == "PR"), ZERO)


@dataclass(frozen=True, slots=True)
class ServicePayment:
    """2110: one service line."""

    procedure: tuple[str, ...]  # SVC01: qualifier, code, modifiers
    charge: Decimal  # SVC02
    service: tuple[date, date]  # DTM*472 (one day) or DTM*150/151
    adjustments: tuple[Adjustment, ...] = ()
    revenue_code: str = ""  # SVC04
    units: str = ""  # SVC05 units paid
    line_control: str = ""  # REF*6R
    allowed: Decimal | None = None  # AMT*B6
    remarks: tuple[str, ...] = ()  # LQ*HE

    @property
    def paid(self) -> Decimal:
        """SVC03."""
        return self.charge - total(self.adjustments)

    def reversed(self) -> ServicePayment:
        allowed = -self.allowed if self.allowed is not None else None
        return replace(
            self,
            charge=-self.charge,
            allowed=allowed,
            remarks=(),
            adjustments=tuple(a.negated() for a in self.adjustments),
        )


@dataclass(frozen=True, slots=True)
class Person:
    """An NM1 person in loop 2100 (patient NM1*QC, insured NM1*IL)."""

    last: str
    first: str = ""
    member_id: str = ""  # NM109 with NM108 MI


@dataclass(frozen=True, slots=True)
class ClaimPayment:
    """2100: one claim."""

    claim_id: str  # CLP01 = the 837's CLM01
    status: str  # CLP02: 1/2/3 processed, 4 denied, 22 reversal
    charge: Decimal  # CLP03
    filing_indicator: str  # CLP06
    payer_claim_number: str  # CLP07
    patient: Person  # NM1*QC
    lines: tuple[ServicePayment, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()  # claim-level CAS
    insured: Person | None = None  # NM1*IL when the patient is not the subscriber
    facility_code: str = ""  # CLP08
    frequency: str = ""  # CLP09
    received: date | None = None  # DTM*050

    def all_adjustments(self) -> tuple[Adjustment, ...]:
        return self.adjustments + tuple(a for line in self.lines for a in line.adjustments)

    @property
    def paid(self) -> Decimal:
        """CLP04."""
        return self.charge - total(self.all_adjustments())

    @property
    def patient_responsibility(self) -> Decimal:
        """CLP05."""
        return patient_share(self.all_adjustments())

    def reversed(self) -> ClaimPayment:
        """The reversal of this payment: status 22, every amount negated (TR3 1.10.2.8)."""
        return replace(
            self,
            status="22",
            charge=-self.charge,
            adjustments=tuple(a.negated() for a in self.adjustments),
            lines=tuple(line.reversed() for line in self.lines),
        )


@dataclass(frozen=True, slots=True)
class ProviderAdjustment:
    """One PLB adjustment. A negative amount (interest, L6) increases the payment."""

    provider_id: str  # PLB01
    fiscal_period_end: date  # PLB02
    reason: str  # PLB03-1
    amount: Decimal  # PLB04
    reference: str = ""  # PLB03-2


@dataclass(frozen=True, slots=True)
class Address:
    street: str  # N301
    city: str  # N401
    state: str  # N402
    postal_code: str  # N403


@dataclass(frozen=True, slots=True)
class Payer:
    """1000A."""

    name: str  # N102
    payer_id: str  # REF*2U
    address: Address  # N3/N4
    contact_name: str  # PER*BL
    phone: str  # PER*BL TE
    tax_id: str  # TRN03 = 1 + the payer's 9-digit TIN


@dataclass(frozen=True, slots=True)
class Payee:
    """1000B."""

    name: str  # N102
    npi: str  # N104 with N103 XX
    address: Address | None = None
    tax_id: str = ""  # REF*TJ


@dataclass(frozen=True, slots=True)
class Remittance:
    """One 835 transaction set: one payer pays one payee."""

    payer: Payer
    payee: Payee
    payment_date: date  # BPR16, DTM*405
    trace_number: str  # TRN02
    claims: tuple[ClaimPayment, ...]
    provider_adjustments: tuple[ProviderAdjustment, ...] = ()

    @property
    def claims_paid(self) -> Decimal:
        return sum((c.paid for c in self.claims), ZERO)

    @property
    def payment(self) -> Decimal:
        """BPR02."""
        return self.claims_paid - sum((p.amount for p in self.provider_adjustments), ZERO)
