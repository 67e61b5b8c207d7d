"""Adjudication: turn a submitted claim and drawn terms into 835 claim and line payments.

Amounts are Decimal cents. A partially paid line is cut to its allowed amount (CO-45), then the
patient owes any deductible left (PR-1), a copay (PR-3) or coinsurance (PR-2) out of what is
allowed. A denied claim carries its denial's CARC on every line and the RARC in LQ*HE.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from edi.simulator.rules import Denial, RemittanceRules
from edi.simulator.submitted import SubmittedClaim, SubmittedLine
from generators.replies import Adjustment, ClaimPayment, Person, ServicePayment

Outcome = Literal["paid_in_full", "partially_paid", "denied"]
CENT = Decimal("0.01")
ZERO = Decimal(0)

# 837 SBR09 claim filing indicator -> 835 CLP06 (the 835 list has no CI, BL, FI, 11).
FILING_INDICATORS = {"CI": "15", "BL": "12", "FI": "OF", "11": "ZZ"}
PROCESSED_AS = {"P": "1", "S": "2", "T": "3"}


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def between(rng: random.Random, low: Decimal, high: Decimal, step: Decimal = CENT) -> Decimal:
    """A value from low to high (inclusive) in steps of ``step``."""
    steps = int((high - low) / step)
    return low + step * rng.randint(0, steps)


@dataclass(frozen=True, slots=True)
class Terms:
    """What the payer applies to one claim."""

    outcome: Outcome
    allowed: Decimal = Decimal(1)  # allowed share of each line's charge
    deductible: Decimal = ZERO  # claim deductible, taken line by line
    copay: Decimal = ZERO  # claim copay, taken from the first lines
    coinsurance: Decimal = ZERO  # share of the allowed amount after deductible
    denial: Denial | None = None


def draw_outcome(rng: random.Random, rules: RemittanceRules) -> Outcome:
    roll = rng.random()
    if roll < rules.paid_in_full:
        return "paid_in_full"
    if roll < rules.paid_in_full + rules.partially_paid:
        return "partially_paid"
    return "denied"


def draw_terms(rng: random.Random, rules: RemittanceRules, outcome: Outcome) -> Terms:
    if outcome == "paid_in_full":
        return Terms(outcome)
    if outcome == "denied":
        denial = rng.choices(rules.denials, weights=[d.weight for d in rules.denials])[0]
        return Terms(outcome, allowed=ZERO, denial=denial)
    allowed = between(rng, *rules.allowed, step=Decimal("0.001"))
    deductible = between(rng, *rules.deductible_amount) if rng.random() < rules.deductible else ZERO
    if rng.random() < rules.copay:
        return Terms(outcome, allowed, deductible, copay=between(rng, *rules.copay_amount))
    return Terms(outcome, allowed, deductible, coinsurance=rules.coinsurance_rate)


class _Patient:
    """The patient's share still to take on this claim (deductible, copay)."""

    def __init__(self, terms: Terms) -> None:
        self.deductible = terms.deductible
        self.copay = terms.copay
        self.coinsurance = terms.coinsurance

    def share(self, allowed: Decimal) -> list[Adjustment]:
        deductible = min(self.deductible, allowed)
        self.deductible -= deductible
        copay = min(self.copay, allowed - deductible)
        self.copay -= copay
        coinsurance = cents((allowed - deductible - copay) * self.coinsurance)
        items = [("1", deductible), ("3", copay), ("2", coinsurance)]
        return [Adjustment("PR", reason, amount) for reason, amount in items if amount > 0]


def _line(line: SubmittedLine, terms: Terms, patient: _Patient) -> ServicePayment:
    remarks: tuple[str, ...] = ()
    allowed: Decimal | None = None
    if terms.denial is not None:
        denial = terms.denial
        adjustments = [Adjustment(denial.group, denial.carc, line.charge)]
        remarks = (denial.rarc,) if denial.rarc else ()
    else:
        allowed = min(line.charge, cents(line.charge * terms.allowed))
        adjustments = (
            [Adjustment("CO", "45", line.charge - allowed)] if allowed < line.charge else []
        )
        adjustments += patient.share(allowed)
    return ServicePayment(
        procedure=line.procedure,
        charge=line.charge,
        service=line.service,
        adjustments=tuple(adjustments),
        revenue_code=line.revenue_code,
        units=line.units,
        line_control=line.line_control,
        allowed=allowed,
        remarks=remarks,
    )


def _person(claim: SubmittedClaim) -> tuple[Person, Person | None]:
    """NM1*QC and, for a dependant, NM1*IL (the subscriber with the member ID)."""
    subscriber = claim.subscriber
    insured = Person(subscriber.last, subscriber.first, subscriber.member_id)
    if claim.patient is None:
        return insured, None
    return Person(claim.patient.last, claim.patient.first), insured


def adjudicate(claim: SubmittedClaim, terms: Terms, payer_claim_number: str) -> ClaimPayment:
    """The 835 claim payment for ``claim`` under ``terms``.

    A charge the lines do not account for (CLM02 above the sum of the lines) is adjusted at
    claim level with the same group and reason, so the claim still balances.
    """
    patient = _Patient(terms)
    lines = tuple(_line(line, terms, patient) for line in claim.lines)
    rest = claim.charge - sum((line.charge for line in claim.lines), ZERO)
    claim_level: tuple[Adjustment, ...] = ()
    if rest and terms.outcome != "paid_in_full":
        denial = terms.denial
        claim_level = (
            (Adjustment(denial.group, denial.carc, rest),)
            if denial is not None
            else (Adjustment("CO", "45", rest),)
        )
    status = "4" if terms.outcome == "denied" else PROCESSED_AS.get(claim.payer_sequence, "1")
    patient_name, insured = _person(claim)
    return ClaimPayment(
        claim_id=claim.claim_id,
        status=status,
        charge=claim.charge,
        filing_indicator=FILING_INDICATORS.get(claim.filing_indicator, claim.filing_indicator),
        payer_claim_number=payer_claim_number,
        patient=patient_name,
        lines=lines,
        adjustments=claim_level,
        insured=insured,
        facility_code=claim.facility.value,
        frequency=claim.frequency,
        received=claim.received,
    )
