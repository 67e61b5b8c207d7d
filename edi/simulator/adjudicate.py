"""Adjudication: turn a submitted claim and drawn terms into 835 claim and line payments.

Amounts are Decimal cents. A partially paid line is cut to its allowed amount (CO-45), then the
patient owes any deductible left (PR-1), a copay (PR-3) or coinsurance (PR-2) out of what is
allowed. A denied claim carries its denial's CARC on every line and the RARC in LQ*HE; a
partially paid claim may have one line (never its first) denied the same way, with an allowed
amount of zero, as a payer's line edits (bundling, modifiers, units) do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from edi.model.remittance.claims import (
    Adjustment,
    ClaimPayment,
    EntityName,
    Procedure,
    Remark,
    ServicePayment,
)
from edi.simulator.rules import Denial, RemittanceRules
from edi.simulator.submitted import Member, SubmittedClaim, SubmittedLine
from edi.x12 import values
from generators.replies import balanced_claim

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
    line_denial: tuple[int, Denial] | None = None  # the index of the line denied, and why


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


def draw_line_denial(
    rng: random.Random, rules: RemittanceRules, lines: int
) -> tuple[int, Denial] | None:
    """For a partially paid claim of ``lines`` lines: which line (not the first) is denied and
    why, or None. Drawn from its own generator, so the other draws stay as they were."""
    if lines < 2 or rng.random() >= rules.line_denied:
        return None
    denial = rng.choices(rules.line_denials, weights=[d.weight for d in rules.line_denials])[0]
    return rng.randint(1, lines - 1), denial


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
        return [_cas("PR", reason, amount) for reason, amount in items if amount > 0]


def _cas(group: str, reason: str, amount: Decimal) -> Adjustment:
    return Adjustment(group=group, reason=reason, amount=amount)


def _procedure(parts: tuple[str, ...]) -> Procedure:
    """The 837's SV101/SV202 composite (or NU and the revenue code) as SVC01."""
    modifiers = list(parts[2:6])
    while modifiers and not modifiers[-1]:
        modifiers.pop()
    return Procedure(
        qualifier=parts[0],
        code=parts[1] if len(parts) > 1 and parts[1] else None,
        modifiers=tuple(modifiers),
        description=parts[6] if len(parts) > 6 and parts[6] else None,
    )


def _line(
    line: SubmittedLine, terms: Terms, patient: _Patient, denied: Denial | None
) -> ServicePayment:
    remarks: list[Remark] = []
    allowed: Decimal | None = None
    denial = terms.denial or denied
    if denial is not None:
        adjustments = [_cas(denial.group, denial.carc, line.charge)]
        remarks = [Remark(qualifier="HE", code=denial.rarc)] if denial.rarc else []
        allowed = None if terms.denial is not None else ZERO
    else:
        allowed = min(line.charge, cents(line.charge * terms.allowed))
        adjustments = [_cas("CO", "45", line.charge - allowed)] if allowed < line.charge else []
        adjustments += patient.share(allowed)
    start, end = line.service
    one_day = start == end  # DTM*472, else DTM*150/151
    return ServicePayment(
        procedure=_procedure(line.procedure),
        charge=line.charge,
        service_date=start if one_day else None,
        service_start=None if one_day else start,
        service_end=None if one_day else end,
        adjustments=adjustments,
        revenue_code=line.revenue_code or None,
        units=values.decimal(line.units, values.QUANTITY_DIGITS),
        line_control_number=line.line_control or None,
        allowed=allowed,
        remarks=remarks,
    )


def _name(entity: str, member: Member, member_id: str = "") -> EntityName:
    return EntityName(
        entity=entity,
        entity_type="1",
        name=member.last or None,
        first_name=member.first or None,
        id_qualifier="MI" if member_id else None,
        id=member_id or None,
    )


def _person(claim: SubmittedClaim) -> tuple[EntityName, EntityName | None]:
    """NM1*QC and, for a dependant, NM1*IL (the subscriber with the member ID)."""
    subscriber = claim.subscriber
    if claim.patient is None:
        return _name("QC", subscriber, subscriber.member_id), None
    return _name("QC", claim.patient), _name("IL", subscriber, subscriber.member_id)


def adjudicate(claim: SubmittedClaim, terms: Terms, payer_claim_number: str) -> ClaimPayment:
    """The 835 claim payment for ``claim`` under ``terms``.

    A charge the lines do not account for (CLM02 above the sum of the lines) is adjusted at
    claim level with the same group and reason, so the claim still balances.
    """
    patient = _Patient(terms)
    index, denied = terms.line_denial or (-1, None)
    lines = tuple(
        _line(line, terms, patient, denied if n == index else None)
        for n, line in enumerate(claim.lines)
    )
    rest = claim.charge - sum((line.charge for line in claim.lines), ZERO)
    claim_level: list[Adjustment] = []
    if rest and terms.outcome != "paid_in_full":
        denial = terms.denial
        claim_level = (
            [_cas(denial.group, denial.carc, rest)]
            if denial is not None
            else [_cas("CO", "45", rest)]
        )
    status = "4" if terms.outcome == "denied" else PROCESSED_AS.get(claim.payer_sequence, "1")
    patient_name, insured = _person(claim)
    filing = FILING_INDICATORS.get(claim.filing_indicator, claim.filing_indicator)
    return balanced_claim(
        ClaimPayment(
            patient_control_number=claim.claim_id,
            status_code=status,
            charge=claim.charge,
            filing_indicator=filing or None,
            payer_claim_control_number=payer_claim_number or None,
            facility_type=claim.facility.value or None,
            frequency=claim.frequency or None,
            adjustments=claim_level,
            patient=patient_name,
            insured=insured,
            received=claim.received,
            services=list(lines),
        )
    )
