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

from edi.model.remittance.claims import ClaimPayment
from edi.model.remittance.header import (
    Address,
    Communication,
    Contact,
    Party,
    ProviderAdjustment,
    Reference,
)
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
from generators.replies import (
    RemittanceAdvice,
    claim_paid,
    claims_paid,
    remittance_advice,
    reversal,
)


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
    return Plan(outcome, first, (Payment(claim, reversal(first.payment)), correction))


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


def payer_of(claim: SubmittedClaim, defaults: PayerDefaults) -> Party:
    """1000A: the 837's payer (2010BB), with the rules' address when the 837 has none, the
    payer ID in REF*2U and the rules' technical contact (PER*BL)."""
    payer = claim.payer
    address = payer.address or Address(
        lines=[defaults.street],
        city=defaults.city,
        state=defaults.state,
        postal_code=defaults.postal_code,
    )
    contact = Contact(
        function="BL",
        name=defaults.contact_name,
        numbers=[Communication(qualifier="TE", number=defaults.phone)],
    )
    return Party(
        entity="PR",
        name=payer.last,
        address=address,
        references=[Reference(qualifier="2U", value=payer.identifier)],
        contacts=[contact],
    )


def payee_of(claim: SubmittedClaim) -> Party:
    """1000B: the 837's billing provider (2010AA), its NPI and tax ID (REF*TJ)."""
    billing = claim.billing
    name = f"{billing.last} {billing.first}".strip()
    tax = [Reference(qualifier="TJ", value=billing.tax_id)] if billing.tax_id else []
    return Party(
        entity="PE",
        name=name,
        id_qualifier="XX",
        id=billing.identifier,
        address=billing.address,
        references=tax,
    )


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
) -> RemittanceAdvice:
    """One transaction set: the payments of ``items`` (one payer, one payee), with interest
    drawn for it and a PLB FB that keeps BPR02 from going below zero."""
    first = items[0].claim
    claims = [i.payment for i in items]
    npi = first.billing.identifier
    adjustments = _interest(draws, rules, trace, paid_on, npi, claims)
    balance = claims_paid(claims) - sum((_amount(a) for a in adjustments), Decimal(0))
    if balance < 0:
        reference = next(_icn(c) for c in claims if claim_paid(c) < 0)
        adjustments.append(_provider(npi, paid_on, "FB", balance, reference))
    originator = "1" + tax_id(first.payer.identifier)
    return remittance_advice(
        payer_of(first, defaults),
        payee_of(first),
        paid_on,
        trace,
        originator,
        claims,
        adjustments,
    )


def _amount(item: ProviderAdjustment) -> Decimal:
    return item.amount if item.amount is not None else Decimal(0)


def _icn(claim: ClaimPayment) -> str:
    return claim.payer_claim_control_number or ""


def _provider(
    npi: str, when: date, reason: str, amount: Decimal, reference: str
) -> ProviderAdjustment:
    return ProviderAdjustment(
        provider_id=npi,
        fiscal_period_date=date(when.year, 12, 31),
        reason=reason,
        amount=amount,
        reference=reference or None,
    )


def _interest(
    draws: Draws,
    rules: RemittanceRules,
    trace: str,
    paid_on: date,
    npi: str,
    claims: Sequence[ClaimPayment],
) -> list[ProviderAdjustment]:
    rng = draws.rng("interest", trace)
    paid = [(c, claim_paid(c)) for c in claims if claim_paid(c) > 0]
    if not paid or rng.random() >= rules.interest:
        return []
    claim, amount_paid = paid[0]
    rate = between(rng, *rules.interest_rate, step=Decimal("0.0001"))
    amount = max(Decimal("0.01"), cents(amount_paid * rate))
    return [_provider(npi, paid_on, "L6", -amount, _icn(claim))]
