"""Reconciliation as pure functions: which claim a remittance item belongs to, and why not.

Nothing here touches the database: callers load the candidates, these functions decide and
return a :class:`Match` (the claim, or ``None`` with the reason it goes to the exception
queue) and the findings worth reporting.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from edi.ledger.money import ZERO, cents
from parsers.era835 import Adjustment, ClaimPayment, Remittance

PATIENT_GROUP = "PR"
ADJUSTMENT_GROUPS = frozenset({"CO", "OA", "PI"})


@dataclass(frozen=True, slots=True)
class ClaimRef:
    """What matching needs to know about a ledger claim."""

    id: int
    patient_control_number: str
    payer_id: str | None
    payer_name: str | None
    payer_claim_control_number: str | None


@dataclass(frozen=True, slots=True)
class PayerIdentity:
    """How an 835 names its payer: N1*PR name, N104, REF*2U, BPR10 and TRN03."""

    name: str | None
    ids: frozenset[str]

    @property
    def key(self) -> str:
        """A stable short name for the natural key of a claim payment."""
        return min(self.ids) if self.ids else (self.name or "").upper()


@dataclass(frozen=True, slots=True)
class Match:
    claim: ClaimRef | None
    reason: str | None = None  # why there is no claim
    by: str | None = None  # CLP01 or CLP07


@dataclass(frozen=True, slots=True)
class PriorPayment:
    id: int
    patient_control_number: str
    payer_claim_control_number: str | None
    paid: Decimal
    kind: str
    reversed_by: int | None


def payer_identity(remittance: Remittance) -> PayerIdentity:
    ids: set[str] = set()
    payer = remittance.payer
    if payer is not None:
        if payer.id:
            ids.add(payer.id)
        ids.update(ref.value for ref in payer.references if ref.qualifier == "2U")
    payment = remittance.payment
    if payment.payer_id:
        ids.add(payment.payer_id)
    if payment.originator:
        ids.add(payment.originator)
        if payment.originator.startswith("1") and len(payment.originator) == 10:
            ids.add(payment.originator[1:])  # TRN03 is "1" + the EIN
    return PayerIdentity(payer.name if payer else None, frozenset(ids))


def _same_name(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return " ".join(a.upper().split()) == " ".join(b.upper().split())


def payer_matches(claim: ClaimRef, payer: PayerIdentity) -> bool:
    """The 835's payer is the claim's payer: one identifier or the name agrees.

    An 835 that names its payer in no way cannot contradict the claim, so it matches.
    """
    if not payer.ids and not payer.name:
        return True
    if claim.payer_id and claim.payer_id in payer.ids:
        return True
    return _same_name(claim.payer_name, payer.name)


def match_claim_payment(
    payment: ClaimPayment,
    by_control_number: ClaimRef | None,
    by_payer_number: Sequence[ClaimRef],
    payer: PayerIdentity,
) -> Match:
    """The claim of a CLP: by CLP01, then by CLP07 (the payer's claim control number)."""
    if by_control_number is not None:
        if payer_matches(by_control_number, payer):
            return Match(by_control_number, by="CLP01")
        mismatch = f"CLP01 {payment.patient_control_number} names a claim sent to another payer"
    else:
        mismatch = None
    for candidate in by_payer_number:
        if payer_matches(candidate, payer):
            return Match(candidate, by="CLP07")
    if mismatch:
        return Match(None, mismatch)
    icn = payment.payer_claim_control_number
    reason = f"no claim with patient control number {payment.patient_control_number}"
    if icn:
        reason += f" or payer claim control number {icn}"
    return Match(None, reason)


def find_reversed(reversal: ClaimPayment, prior: Iterable[PriorPayment]) -> PriorPayment | None:
    """The payment a CLP02 = 22 reverses: same CLP07 (and CLP01), else the same negated CLP04.

    Only payments not reversed yet qualify; the latest one wins.
    """
    open_payments = [p for p in prior if p.reversed_by is None and p.kind != "reversal"]
    icn = reversal.payer_claim_control_number
    if icn:
        same = [p for p in open_payments if p.payer_claim_control_number == icn]
        if same:
            return max(same, key=lambda p: p.id)
    amount = -cents(reversal.paid)
    same_amount = [p for p in open_payments if p.paid == amount]
    return max(same_amount, key=lambda p: p.id) if same_amount else None


def all_adjustments(payment: ClaimPayment) -> list[tuple[int | None, Adjustment]]:
    """Claim-level adjustments (line None) then each service line's, numbered from 1."""
    found: list[tuple[int | None, Adjustment]] = [(None, a) for a in payment.adjustments]
    for number, service in enumerate(payment.services, 1):
        found.extend((number, a) for a in service.adjustments)
    return found


def adjustment_totals(payment: ClaimPayment) -> tuple[Decimal, Decimal]:
    """(CO + OA + PI, PR) over the claim's and its lines' CAS amounts."""
    adjusted = patient = ZERO
    for _line, adjustment in all_adjustments(payment):
        amount = cents(adjustment.amount)
        if adjustment.group == PATIENT_GROUP:
            patient += amount
        elif adjustment.group in ADJUSTMENT_GROUPS:
            adjusted += amount
    return adjusted, patient


def natural_key(payer: PayerIdentity, trace_number: str | None, payment: ClaimPayment) -> str:
    """Payer + TRN02 + CLP01 + CLP07 + CLP02 + CLP03/04/05: the same CLP in any file."""
    parts = (
        payer.key,
        trace_number or "",
        payment.patient_control_number,
        payment.payer_claim_control_number or "",
        payment.status_code,
        str(cents(payment.charge)),
        str(cents(payment.paid)),
        str(cents(payment.patient_responsibility)),
    )
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def plb_references(reference: str | None) -> list[str]:
    """Claim identifiers a PLB03-2 may carry: the whole value, then its words."""
    if not reference:
        return []
    words = reference.replace(":", " ").replace("-", " ").split()
    return list(dict.fromkeys([reference.strip(), *words]))
