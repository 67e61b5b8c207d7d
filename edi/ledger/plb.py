"""Posting PLB provider-level adjustments: to the provider, linked to a claim when named.

PLBs are not part of any claim's balance (a recoupment comes with its own reversal CLP); they
are kept against the provider (PLB01) and, when PLB03-2 names a claim by patient control
number or payer claim control number, linked to it with an event in its history. A reference
that names no claim in the ledger puts the adjustment in the exception queue as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert

from edi.ledger import schema
from edi.ledger.claims_store import ClaimRow, by_control_number, by_payer_number
from edi.ledger.money import cents
from edi.ledger.posting import Posting
from edi.ledger.reconcile import plb_references
from edi.location import Location
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
    return None


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
