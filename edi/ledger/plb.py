"""Posting PLB provider-level adjustments: to the provider, linked to a claim when named.

PLBs are not part of any claim's balance (a recoupment comes with its own reversal CLP); they
are kept against the provider (PLB01) and, when PLB03-2 names a claim by patient control
number or payer claim control number (current, or the CLP07 of an earlier payment), linked to
it with an event in its history. A reference
that names no claim in the ledger puts the adjustment in the exception queue as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select

from edi.ledger import schema
from edi.ledger.claims_store import ClaimRow, by_control_number, by_ids, by_payer_number
from edi.ledger.money import cents
from edi.ledger.posting import Posting
from edi.ledger.reconcile import plb_references
from edi.x12.location import Location
from parsers.era835 import ProviderAdjustment


def _named_claim(p: Posting, reference: str | None) -> ClaimRow | None:
    candidates = plb_references(reference)
    if not candidates:
        return None
    by_number = by_control_number(p.connection, candidates)
    by_icn = by_payer_number(p.connection, candidates)
    for candidate in candidates:
        if candidate in by_number:
            return by_number[candidate]
        if by_icn.get(candidate):
            return by_icn[candidate][0]
    return _paid_under(p, candidates)


def _paid_under(p: Posting, numbers: Sequence[str]) -> ClaimRow | None:
    """A claim an earlier payment of which carried one of ``numbers`` as CLP07: a payer's
    recoupment names the ICN it paid under, which a correction may since have replaced."""
    cp = schema.claim_payments
    row = p.connection.execute(
        select(cp.c.claim_id)
        .where(cp.c.payer_claim_control_number.in_(list(numbers)))
        .where(cp.c.claim_id.is_not(None))
        .order_by(cp.c.id)
        .limit(1)
    ).first()
    if row is None:
        return None
    return by_ids(p.connection, [int(row.claim_id)]).get(int(row.claim_id))


def post_provider_adjustments(
    p: Posting, remittance_id: int, adjustments: Sequence[ProviderAdjustment], base: Location
) -> None:
    rows: list[dict[str, Any]] = []
    location = base.with_(segment_id="PLB")
    for adjustment in adjustments:
        claim = _named_claim(p, adjustment.reference)
        amount = cents(adjustment.amount)
        rows.append(
            {
                "remittance_id": remittance_id,
                "provider_id": adjustment.provider_id,
                "fiscal_period_date": adjustment.fiscal_period_date,
                "reason_code": adjustment.reason,
                "reference": adjustment.reference,
                "amount": amount,
                "claim_id": claim.id if claim else None,
            }
        )
        description = adjustment.reason_description or adjustment.reason
        if claim is not None:
            p.events.add(
                claim.id,
                "provider adjustment",
                claim.status,
                claim.status,
                str(location),
                f"PLB {adjustment.reason} ({description}) {amount}; "
                f"reference {adjustment.reference}",
            )
        elif adjustment.reference:
            p.unmatched(
                "provider adjustment",
                adjustment.reference,
                f"PLB {adjustment.reason} ({description}) names no claim in the "
                "ledger; kept against the provider",
                location,
                amount=amount,
            )
    if rows:
        p.connection.execute(insert(schema.provider_adjustments), rows)
        p.counts["provider adjustments"] += len(rows)
    p.events.flush(p.connection)
