"""Outbound claims: the 837 batch and each claim recorded as submitted.

The outbound pipeline (:mod:`edi.outbound.pipeline`) calls, in one ledger transaction::

    with ledger.atomic() as connection:
        numbers = allocate_control_numbers(connection, {ISA13: 1, GS06: 1, ST02: sets})
        ... write the file under a staging name ...
        batch = record_submission(connection, OutboundBatch(...), claims_in_file_order)
        record_claim_sources(connection, consumed_claim_files, batch.batch_id, now)
    ... rename the file into place ...

so the control-number bump, the batch, its claims and the claim files they came from commit
together or not at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from edi.ledger import schema, states
from edi.ledger.claims_store import ClaimRow, by_control_number, new_event_log
from edi.ledger.money import cents
from edi.model.claim import Claim, InstitutionalClaim
from edi.x12.control_numbers import Block, allocate_many
from edi.x12.values import is_digits


def normal_control_number(value: str | int | None) -> str | None:
    """A control number compared as a number: ``000000042`` and ``42`` are the same."""
    if value is None:
        return None
    text = str(value).strip()
    return (text.lstrip("0") or "0") if is_digits(text) else text


@dataclass(frozen=True, slots=True)
class OutboundBatch:
    """One 837 interchange as written: its envelope numbers and the claims per set."""

    file_name: str
    kind: str  # 837P or 837I
    interchange_control_number: int  # ISA13
    group_control_number: int  # GS06
    transactions: Sequence[tuple[int, int]]  # (ST02, number of claims), in file order
    created_at: datetime
    sha256: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimSource:
    """A claim input file consumed by ``x12flow submit``, known by its sha256."""

    file_name: str
    sha256: str


@dataclass(frozen=True, slots=True)
class SubmissionResult:
    batch_id: int
    new_claims: int
    resubmitted: int


def allocate_control_numbers(connection: Connection, counts: Mapping[str, int]) -> dict[str, Block]:
    """The control-number bump of :mod:`edi.x12.control_numbers`, inside the ledger transaction."""
    return allocate_many(connection, counts)


def claim_source_known(connection: Connection, sha256: str) -> bool:
    """Whether a claim input file with this sha256 was consumed before."""
    t = schema.claim_sources
    return connection.execute(select(t.c.sha256).where(t.c.sha256 == sha256)).first() is not None


def record_claim_sources(
    connection: Connection, sources: Sequence[ClaimSource], batch_id: int | None, at: datetime
) -> None:
    """Record the consumed claim input files, with the batch that carried their claims (the
    run's last one; None when none of their claims was sent)."""
    for source in sources:
        connection.execute(
            insert(schema.claim_sources).values(
                sha256=source.sha256, file_name=source.file_name, batch_id=batch_id, submitted_at=at
            )
        )


def _set_of_each_claim(batch: OutboundBatch, count: int) -> list[str]:
    sets = [str(st02) for st02, claims in batch.transactions for _ in range(claims)]
    if len(sets) != count:
        raise ValueError(f"the batch's sets hold {len(sets)} claims, not {count}")
    return [normal_control_number(s) or s for s in sets]


def _insert_batch(connection: Connection, batch: OutboundBatch, claims: int) -> int:
    values = {
        "direction": "outbound",
        "kind": batch.kind,
        "file_name": batch.file_name,
        "sha256": batch.sha256,
        "interchange_control_number": f"{batch.interchange_control_number:09d}",
        "group_control_number": str(batch.group_control_number),
        "set_count": len(batch.transactions),
        "claim_count": claims,
        "created_at": batch.created_at,
    }
    batch_id: int = connection.execute(
        insert(schema.batches).values(**values).returning(schema.batches.c.id)
    ).scalar_one()
    connection.execute(
        insert(schema.batch_sets),
        [
            {
                "batch_id": batch_id,
                "set_control_number": normal_control_number(st02),
                "claim_count": n,
            }
            for st02, n in batch.transactions
        ],
    )
    return batch_id


def _service_dates(claim: Claim) -> tuple[Any, Any]:
    if isinstance(claim, InstitutionalClaim):
        return claim.statement_from, claim.statement_to
    days = [line.service_date for line in claim.service_lines]
    ends = [line.service_date_end or line.service_date for line in claim.service_lines]
    return min(days), max(ends)


def _claim_values(claim: Claim, kind: str, at: datetime) -> dict[str, Any]:
    start, end = _service_dates(claim)
    return {
        "patient_control_number": claim.patient_control_number,
        "kind": kind,
        "payer_id": claim.payer.payer_id,
        "payer_name": claim.payer.name,
        "charge": cents(claim.total_charge),
        "service_from": start,
        "service_to": end,
        "status": states.SUBMITTED,
        "submitted_at": at,
        "last_submitted_at": at,
        "submission_count": 1,
        "paid": cents(0),
        "adjusted": cents(0),
        "patient_responsibility": cents(0),
        "updated_at": at,
    }


def _line_rows(claim: Claim, claim_id: int, submission_id: int) -> list[dict[str, Any]]:
    lines: list[tuple[str | None, str | None, Decimal, date | None]]
    if isinstance(claim, InstitutionalClaim):
        lines = [
            (x.line_control_number, x.procedure_code or x.revenue_code, x.charge, x.service_date)
            for x in claim.service_lines
        ]
    else:
        lines = [
            (x.line_control_number, x.procedure_code, x.charge, x.service_date)
            for x in claim.service_lines
        ]
    return [
        {
            "claim_id": claim_id,
            "submission_id": submission_id,
            "line_number": number,
            "line_control_number": control,
            "procedure": code,
            "charge": cents(charge),
            "service_date": day,
        }
        for number, (control, code, charge, day) in enumerate(lines, 1)
    ]


def record_submission(
    connection: Connection, batch: OutboundBatch, claims: Sequence[Claim]
) -> SubmissionResult:
    """Record ``batch`` and its claims (in the order the file carries them) as submitted.

    A claim seen before (same patient control number) is resubmitted: a new submission of the
    same claim, back to ``submitted``; its totals from earlier remittances stay.
    """
    sets = _set_of_each_claim(batch, len(claims))
    numbers = [c.patient_control_number for c in claims]
    if len(set(numbers)) != len(numbers):
        raise ValueError("a patient control number appears twice in one batch")
    batch_id = _insert_batch(connection, batch, len(claims))
    existing = by_control_number(connection, [c.patient_control_number for c in claims])
    fresh = [c for c in claims if c.patient_control_number not in existing]
    ids = {
        c.patient_control_number: row.id
        for c, row in (
            (c, existing[c.patient_control_number])
            for c in claims
            if c.patient_control_number in existing
        )
    }
    if fresh:
        inserted = connection.execute(
            insert(schema.claims).returning(
                schema.claims.c.id,
                schema.claims.c.patient_control_number,
                sort_by_parameter_order=True,
            ),
            [_claim_values(c, batch.kind, batch.created_at) for c in fresh],
        )
        ids.update({row.patient_control_number: row.id for row in inserted})
    _resubmit(
        connection,
        [
            existing[c.patient_control_number]
            for c in claims
            if c.patient_control_number in existing
        ],
        claims,
        batch,
    )
    _insert_submissions(connection, batch_id, batch, claims, sets, ids, existing)
    return SubmissionResult(batch_id, len(fresh), len(claims) - len(fresh))


def _sequences(connection: Connection, claim_ids: list[int]) -> dict[int, int]:
    s = schema.submissions
    found: dict[int, int] = {}
    for start in range(0, len(claim_ids), 500):
        part = claim_ids[start : start + 500]
        query = (
            select(s.c.claim_id, func.max(s.c.sequence))
            .where(s.c.claim_id.in_(part))
            .group_by(s.c.claim_id)
        )
        found.update({row[0]: row[1] for row in connection.execute(query)})
    return found


def _insert_submissions(
    connection: Connection,
    batch_id: int,
    batch: OutboundBatch,
    claims: Sequence[Claim],
    sets: list[str],
    ids: dict[str, int],
    existing: Mapping[str, ClaimRow],
) -> None:
    previous = _sequences(
        connection,
        [ids[c.patient_control_number] for c in claims if c.patient_control_number in existing],
    )
    rows = [
        {
            "claim_id": ids[c.patient_control_number],
            "batch_id": batch_id,
            "set_control_number": st02,
            "sequence": previous.get(ids[c.patient_control_number], 0) + 1,
            "frequency_code": c.frequency_code,
            "charge": cents(c.total_charge),
            "submitted_at": batch.created_at,
            "outcome": "pending",
        }
        for c, st02 in zip(claims, sets, strict=True)
    ]
    t = schema.submissions
    inserted = connection.execute(insert(t).returning(t.c.id, sort_by_parameter_order=True), rows)
    lines: list[dict[str, Any]] = []
    log = new_event_log(batch_id, batch.created_at)
    for claim, row, st02 in zip(claims, inserted, sets, strict=True):
        claim_id = ids[claim.patient_control_number]
        lines.extend(_line_rows(claim, claim_id, row.id))
        known = existing.get(claim.patient_control_number)
        log.add(
            claim_id,
            "submitted" if known is None else "resubmitted",
            known.status if known else None,
            states.SUBMITTED,
            f"{batch.file_name}: ST02 {st02}",
            f"ISA13 {batch.interchange_control_number:09d} GS06 "
            f"{batch.group_control_number} charge {cents(claim.total_charge)}",
        )
    if lines:
        connection.execute(insert(schema.claim_lines), lines)
    log.flush(connection)


def _resubmit(
    connection: Connection, rows: Sequence[ClaimRow], claims: Sequence[Claim], batch: OutboundBatch
) -> None:
    by_number = {c.patient_control_number: c for c in claims}
    t = schema.claims
    for row in rows:
        claim = by_number[row.patient_control_number]
        start, end = _service_dates(claim)
        connection.execute(
            update(t)
            .where(t.c.id == row.id)
            .values(
                status=states.SUBMITTED,
                charge=cents(claim.total_charge),
                payer_id=claim.payer.payer_id,
                payer_name=claim.payer.name,
                service_from=start,
                service_to=end,
                last_submitted_at=batch.created_at,
                submission_count=t.c.submission_count + 1,
                updated_at=batch.created_at,
            )
        )
