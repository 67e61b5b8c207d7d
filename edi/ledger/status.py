"""Posting 277CA claim acknowledgments (and 277 status responses) claim by claim.

The claim is found by its patient control number (2200D TRN02 = our CLM01); the payer's claim
control number (REF*1K) is kept on the claim for matching the 835 later. A1/A2 acceptance moves
the claim to ``acknowledged``, an A3/A4/A6/A7/A8 (or STC03 U) rejection to ``rejected``; line
statuses (2220D, REF*FJ = our REF*6R) are recorded as acknowledgments of the line.

Claim statuses are posted as the reader streams them, a chunk at a time; the file walk posts
each set in a savepoint of the file's one transaction, so a set whose structure turns out
unreadable at its end posts nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, func, insert, select, update

from edi.ledger import schema, states
from edi.ledger.claims_store import ClaimRow, by_control_number, save_claims
from edi.ledger.posting import Posted, Posting, located
from edi.x12.location import Location
from parsers.status277 import ClaimStatus, Status
from parsers.status277.transformer import ReportEnd, StatusItem

CHUNK = 1000  # claim statuses looked up and saved together


def _codes(statuses: list[Status]) -> str:
    parts = []
    for status in statuses:
        text = ":".join(x for x in (status.category, status.code, status.entity) if x)
        meaning = "; ".join(m for m in (status.category_meaning, status.code_meaning) if m)
        parts.append(
            f"STC {text}"
            + (f" ({meaning})" if meaning else "")
            + (f" {status.action}" if status.action else "")
        )
    return ", ".join(parts)


def post_status_report(
    p: Posting, items: Iterable[StatusItem], kind: str, base: Location
) -> Posted:
    """Post the claim statuses of one 277 set (``base``) as they come; not whole when the set
    could not be read to its end (the walk then rolls it back)."""
    read_whole = False
    chunk: list[ClaimStatus] = []
    for item in items:
        if isinstance(item, ClaimStatus):
            chunk.append(item)
            if len(chunk) >= CHUNK:
                _post_chunk(p, chunk, kind, base)
                chunk = []
        elif isinstance(item, ReportEnd):
            read_whole = True
    _post_chunk(p, chunk, kind, base)
    return Posted(read_whole)


def _post_chunk(p: Posting, statuses: list[ClaimStatus], kind: str, base: Location) -> None:
    claims = by_control_number(p.connection, [c.patient_control_number for c in statuses])
    for status in statuses:
        location = located(status.location, base, "TRN")
        claim = claims.get(status.patient_control_number)
        if claim is None:
            p.unmatched(
                f"{kind} claim status",
                status.patient_control_number,
                f"no claim with patient control number {status.patient_control_number}",
                location,
                amount=status.total_charge,
                payer_number=status.payer_claim_control_number,
            )
            continue
        _post_claim_status(p, claim, status, kind, location)
    save_claims(p.connection, claims.values(), p.now)
    p.events.flush(p.connection)


def _post_claim_status(
    p: Posting, claim: ClaimRow, status: ClaimStatus, kind: str, location: Location
) -> None:
    detail = _codes(status.statuses)
    head = status.statuses[0].category if status.statuses else None
    rows = [
        {
            "batch_id": p.batch_id,
            "kind": kind,
            "level": "claim",
            "claim_id": claim.id,
            "reference": status.patient_control_number,
            "status": head,
            "accepted": status.accepted,
            "detail": detail,
            "location": str(location),
        }
    ]
    for line in status.lines:
        rows.append(
            {
                "batch_id": p.batch_id,
                "kind": kind,
                "level": "line",
                "claim_id": claim.id,
                "reference": line.line_item_control_number,
                "status": line.statuses[0].category if line.statuses else None,
                "accepted": line.accepted,
                "detail": _codes(line.statuses),
                "location": str(location),
            }
        )
    p.connection.execute(insert(schema.acknowledgments), rows)
    p.counts["acknowledgments"] += len(rows)
    if status.payer_claim_control_number:
        claim.payer_claim_control_number = status.payer_claim_control_number
    if status.accepted is not None:
        _submission_outcome(p.connection, claim.id, status.accepted)
    before = claim.status
    claim.status = states.on_claim_acknowledged(before, status.accepted)
    p.events.add(claim.id, f"{kind} {status.outcome}", before, claim.status, str(location), detail)
    p.counts["claim statuses"] += 1


def _submission_outcome(connection: Connection, claim_id: int, accepted: bool) -> None:
    """The latest submission's outcome; a rejection is final for that submission."""
    sub = schema.submissions
    latest = select(func.max(sub.c.id)).where(sub.c.claim_id == claim_id).scalar_subquery()
    query = update(sub).where(sub.c.id == latest, sub.c.outcome != "rejected")
    connection.execute(query.values(outcome="accepted" if accepted else "rejected"))
