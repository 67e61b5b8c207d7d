"""``x12flow parse --format text`` for an 835: payer, payment, trace and a table of claims.

Under each claim's row, a line gives its codes in words (issue 18): CLP02, each CAS group with
its CARCs (their texts only when the operator loaded them), and, when something was denied or
reduced, the denial category and next action. Patient names and member ids are not shown;
claims are named by CLP01 and CLP07.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from edi.model.denials import categorize_claim_payment
from edi.model.money import display
from edi.model.remittance.claims import Adjustment, ClaimPayment
from edi.model.remittance.header import Party, Remittance, RemittanceEnd
from parsers.codes.tables import adjustment_group

_ROW = "    {:<20} {:<4} {:<13} {:>12} {:>12} {:>12}  {}"


def _party(label: str, party: Party | None) -> str:
    if party is None:
        return f"  {label}: (missing)"
    ident = f" ({party.id_qualifier} {party.id})" if party.id else ""
    return f"  {label}: {party.name or '(no name)'}{ident}"


def _head(head: Remittance) -> Iterator[str]:
    pay = head.payment
    yield _party("payer", head.payer)
    yield _party("payee", head.payee)
    method = f" by {pay.method}" if pay.method else ""
    when = f" on {pay.date.isoformat()}" if pay.date else ""
    yield f"  payment: {display(pay.amount)}{method}{when}, trace number {pay.trace_number or '-'}"
    if pay.handling:
        yield f"  handling: {pay.handling_code} ({pay.handling})"
    yield _ROW.format("claim (CLP01)", "LX", "status", "charge", "paid", "patient", "payer ICN")


def _claim(claim: ClaimPayment) -> Iterator[str]:
    status = claim.status_code + ("" if claim.kind == "original" else f" {claim.kind}")
    yield _ROW.format(
        claim.patient_control_number[:20],
        "" if claim.header_number is None else claim.header_number,
        status,
        display(claim.charge),
        display(claim.paid),
        display(claim.patient_responsibility),
        claim.payer_claim_control_number or "",
    )
    yield f"      {_words(claim)}"


def _words(claim: ClaimPayment) -> str:
    """The claim's codes in words: CLP02; CAS groups with their CARCs; category and action."""
    parts = [f"CLP02 {claim.status_code} {claim.status or ''}".rstrip()]
    groups: dict[str, list[str]] = {}
    for adjustment in _adjustments(claim):
        reasons = groups.setdefault(adjustment.group, [])
        reason = adjustment.reason + (
            f" ({adjustment.reason_description})" if adjustment.reason_description else ""
        )
        if reason not in reasons:
            reasons.append(reason)
    for group, reasons in groups.items():
        words = adjustment_group(group)
        parts.append(f"{group}{f' {words}' if words else ''}: {', '.join(reasons)}")
    verdict = categorize_claim_payment(claim)
    if verdict is not None:
        parts.append(
            f"denial category {verdict.category.description}, "
            f"next action {verdict.action.description}"
        )
    return "; ".join(parts)


def _adjustments(claim: ClaimPayment) -> Iterator[Adjustment]:
    yield from claim.adjustments
    for line in claim.services:
        yield from line.adjustments


def _end(end: RemittanceEnd) -> Iterator[str]:
    for adj in end.provider_adjustments:
        ref = f" {adj.reference}" if adj.reference else ""
        meaning = f" ({adj.reason_description})" if adj.reason_description else ""
        yield f"  provider adjustment {adj.reason}{meaning}{ref}: {display(adj.amount)}"
    b = end.balance
    verdict = "balanced" if b.balanced else f"does not balance (difference {display(b.difference)})"
    yield (
        f"  {b.claim_count} claim(s), paid {display(b.total_paid)}, provider adjustments "
        f"{display(b.provider_adjustment_total)}, payment {display(b.payment_amount)}: {verdict}"
    )


def summary_lines(items: Iterable[Any]) -> Iterator[str]:
    """Readable lines, one per claim, produced as the claims stream in."""
    for item in items:
        if isinstance(item, ClaimPayment):
            yield from _claim(item)
        elif isinstance(item, Remittance):
            yield from _head(item)
        elif isinstance(item, RemittanceEnd):
            yield from _end(item)
