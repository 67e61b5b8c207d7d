"""The payer's back office: adjudicate accepted claims and arrange them into 835s.

First cycle: every claim the 277CA accepted is paid, partially paid or denied. Some paid claims
are reversed (CLP02 22, amounts negated) and corrected (a new adjudication under a new payer
claim number) in a later cycle. Each cycle gives one 835 file per payer with one transaction set
per payee. Some transaction sets get interest (PLB L6); one whose claims would pay less than
nothing carries the balance forward (PLB FB) so that BPR02 is never negative.

A :class:`Cycle` keeps only the claims' numbers and running totals per transaction set
(:class:`RemittanceSet`), so the sets' heads can be written before their claims, which the
caller reads back one at a time.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
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
    Remittance,
    RemittanceEnd,
)
from edi.simulator.acknowledge import Draws
from edi.simulator.adjudicate import (
    Outcome,
    Terms,
    adjudicate,
    between,
    cents,
    draw_line_denial,
    draw_outcome,
    draw_terms,
)
from edi.simulator.rules import PayerDefaults, RemittanceRules
from edi.simulator.submitted import SubmittedClaim
from generators.replies import ClaimTotals, claim_paid, remittance_parts, reversal


@dataclass(frozen=True, slots=True)
class Plan:
    """What happens to one accepted claim across the 835 cycles: its CLPs."""

    outcome: Outcome
    first: ClaimPayment
    later: tuple[ClaimPayment, ...] = ()  # reversal and correction

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
    if outcome == "partially_paid":
        line_rng = draws.rng("835-line", claim.claim_id)
        terms = replace(terms, line_denial=draw_line_denial(line_rng, rules, len(claim.lines)))
    first = adjudicate(claim, terms, icn)
    if outcome == "denied" or rng.random() >= rules.reversed_and_corrected:
        return Plan(outcome, first)
    corrected = _correction_terms(draws, rules, claim, terms)
    correction = adjudicate(claim, corrected, new_icn())
    return Plan(outcome, first, (reversal(first), correction))


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


@dataclass(slots=True)
class RemittanceSet:
    """One 835 transaction set in the making: one payer's claims for one payee in one cycle
    (their numbers in reading order) and what they add up to."""

    payer: Party  # 1000A, from the set's first claim
    payee: Party  # 1000B, from the set's first claim
    originator: str  # TRN03
    claims: array[int] = field(default_factory=lambda: array("q"))
    totals: ClaimTotals = field(default_factory=ClaimTotals)
    first_paid: tuple[str, Decimal] | None = None  # ICN and CLP04 of the first claim paid > 0
    first_negative: str = ""  # ICN of the first claim paying less than nothing
    file: str = ""  # where it was written, and its ST02
    control: str = ""

    def add(self, number: int, payments: tuple[ClaimPayment, ...]) -> None:
        self.claims.append(number)
        for payment in payments:
            self.totals.add(payment)
            paid = claim_paid(payment)
            if paid > 0 and self.first_paid is None:
                self.first_paid = (_icn(payment), paid)
            if paid < 0 and not self.first_negative:
                self.first_negative = _icn(payment)

    @property
    def npi(self) -> str:
        return self.payee.id or ""

    def parts(
        self, draws: Draws, rules: RemittanceRules, paid_on: date, trace: str
    ) -> tuple[Remittance, RemittanceEnd]:
        """Head and end of the set paid on ``paid_on`` under check ``trace``, with interest
        drawn for it and a PLB FB that keeps BPR02 from going below zero."""
        adjustments = _interest(draws, rules, trace, paid_on, self.npi, self.first_paid)
        balance = self.totals.paid - sum((_amount(a) for a in adjustments), Decimal(0))
        if balance < 0:
            adjustments.append(_provider(self.npi, paid_on, "FB", balance, self.first_negative))
        return remittance_parts(
            self.payer, self.payee, paid_on, trace, self.originator, self.totals, adjustments
        )


class Cycle:
    """One payment cycle: files (one per payer) of transaction sets (one per payee), in order
    of appearance; ``sets`` numbers every set of the run, across cycles."""

    def __init__(self, defaults: PayerDefaults, sets: list[RemittanceSet]) -> None:
        self.defaults = defaults
        self.sets = sets
        self._files: dict[str, dict[str, int]] = {}  # payer ID -> payee NPI -> set number

    def add(self, number: int, claim: SubmittedClaim, payments: tuple[ClaimPayment, ...]) -> int:
        """Put claim ``number``'s payments in its payer's set for its payee; the set number."""
        payees = self._files.setdefault(claim.payer.identifier, {})
        found = payees.get(claim.billing.identifier)
        if found is None:
            found = payees[claim.billing.identifier] = len(self.sets)
            originator = "1" + tax_id(claim.payer.identifier)
            self.sets.append(
                RemittanceSet(payer_of(claim, self.defaults), payee_of(claim), originator)
            )
        self.sets[found].add(number, payments)
        return found

    def files(self) -> Iterator[tuple[str, list[RemittanceSet]]]:
        """Each payer's ID and sets."""
        for payer_id, payees in self._files.items():
            yield payer_id, [self.sets[n] for n in payees.values()]


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
    first_paid: tuple[str, Decimal] | None,
) -> list[ProviderAdjustment]:
    """PLB L6 on the first claim paid more than nothing, for some sets."""
    rng = draws.rng("interest", trace)
    if first_paid is None or rng.random() >= rules.interest:
        return []
    icn, amount_paid = first_paid
    rate = between(rng, *rules.interest_rate, step=Decimal("0.0001"))
    amount = max(Decimal("0.01"), cents(amount_paid * rate))
    return [_provider(npi, paid_on, "L6", -amount, icn)]
