"""The payer's back office: adjudicate accepted claims and arrange them into 835s.

First cycle: every claim the 277CA accepted is paid, partially paid or denied. Some paid claims
are reversed (CLP02 22, amounts negated) and corrected (a new adjudication under a new payer
claim number) in a later cycle. Each cycle gives one 835 file per payer with one transaction set
per payee. Some transaction sets get interest (PLB L6); one whose claims would pay less than
nothing carries the balance forward (PLB FB) so that BPR02 is never negative.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from edi.simulator.acknowledge import Draws
from edi.simulator.adjudicate import (
    Outcome,
    Terms,
    adjudicate,
    between,
    cents,
    draw_outcome,
    draw_terms,
)
from edi.simulator.rules import PayerDefaults, RemittanceRules
from edi.simulator.submitted import SubmittedClaim
from generators.replies import Address, ClaimPayment, Payee, Payer, ProviderAdjustment, Remittance


@dataclass(frozen=True, slots=True)
class Payment:
    """One CLP to send: the claim it answers and the payment."""

    claim: SubmittedClaim
    payment: ClaimPayment


@dataclass(frozen=True, slots=True)
class Plan:
    """What happens to one accepted claim across the 835 cycles."""

    outcome: Outcome
    first: Payment
    later: tuple[Payment, ...] = ()  # reversal and correction

    @property
    def label(self) -> str:
        return "reversed_and_corrected" if self.later else self.outcome


def plan_claim(
    draws: Draws,
    rules: RemittanceRules,
    claim: SubmittedClaim,
    icn: str,
    new_icn: Callable[[], str],
) -> Plan:
    rng = draws.rng("835", claim.claim_id)
    outcome = draw_outcome(rng, rules)
    terms = draw_terms(rng, rules, outcome)
    first = Payment(claim, adjudicate(claim, terms, icn))
    if outcome == "denied" or rng.random() >= rules.reversed_and_corrected:
        return Plan(outcome, first)
    corrected = _correction_terms(draws, rules, claim, terms)
    correction = Payment(claim, adjudicate(claim, corrected, new_icn()))
    return Plan(outcome, first, (Payment(claim, first.payment.reversed()), correction))


def _correction_terms(
    draws: Draws, rules: RemittanceRules, claim: SubmittedClaim, original: Terms
) -> Terms:
    """A new adjudication: partially paid under other terms than the original's."""
    rng = draws.rng("835-correction", claim.claim_id)
    terms = draw_terms(rng, rules, "partially_paid")
    if terms == original:
        return replace(terms, allowed=min(Decimal(1), terms.allowed + Decimal("0.05")))
    return terms


def tax_id(payer_id: str) -> str:
    """A stable nine-digit TIN for a payer (TRN03 = 1 + TIN); the 837 does not carry one."""
    digest = hashlib.sha256(payer_id.encode()).hexdigest()
    return f"{int(digest, 16) % 900_000_000 + 100_000_000:09d}"


def payer_of(claim: SubmittedClaim, defaults: PayerDefaults) -> Payer:
    payer = claim.payer
    address = payer.address or Address(
        defaults.street, defaults.city, defaults.state, defaults.postal_code
    )
    return Payer(
        payer.last,
        payer.identifier,
        address,
        defaults.contact_name,
        defaults.phone,
        tax_id(payer.identifier),
    )


def payee_of(claim: SubmittedClaim) -> Payee:
    billing = claim.billing
    name = f"{billing.last} {billing.first}".strip()
    return Payee(name, billing.identifier, billing.address, billing.tax_id)


def arrange(payments: Iterable[Payment]) -> list[list[list[Payment]]]:
    """Files (one per payer) of transaction sets (one per payee), in order of appearance."""
    files: dict[str, dict[str, list[Payment]]] = {}
    for item in payments:
        payees = files.setdefault(item.claim.payer.identifier, {})
        payees.setdefault(item.claim.billing.identifier, []).append(item)
    return [list(payees.values()) for payees in files.values()]


def remittance(
    draws: Draws,
    rules: RemittanceRules,
    defaults: PayerDefaults,
    items: Sequence[Payment],
    paid_on: date,
    trace: str,
) -> Remittance:
    first = items[0].claim
    base = Remittance(
        payer_of(first, defaults), payee_of(first), paid_on, trace, tuple(i.payment for i in items)
    )
    adjustments = _interest(draws, rules, base)
    balance = base.claims_paid - sum((a.amount for a in adjustments), Decimal(0))
    if balance < 0:
        reference = next(c.payer_claim_number for c in base.claims if c.paid < 0)
        adjustments.append(_provider(base, paid_on, "FB", balance, reference))
    return replace(base, provider_adjustments=tuple(adjustments))


def _provider(
    base: Remittance, when: date, reason: str, amount: Decimal, reference: str
) -> ProviderAdjustment:
    return ProviderAdjustment(base.payee.npi, date(when.year, 12, 31), reason, amount, reference)


def _interest(draws: Draws, rules: RemittanceRules, base: Remittance) -> list[ProviderAdjustment]:
    rng = draws.rng("interest", base.trace_number)
    paid = [c for c in base.claims if c.paid > 0]
    if not paid or rng.random() >= rules.interest:
        return []
    rate = between(rng, *rules.interest_rate, step=Decimal("0.0001"))
    amount = max(Decimal("0.01"), cents(paid[0].paid * rate))
    return [_provider(base, base.payment_date, "L6", -amount, paid[0].payer_claim_number)]
