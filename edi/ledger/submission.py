"""Outbound claims: the 837 batch and each claim recorded as submitted.

The outbound pipeline (:mod:`edi.outbound.pipeline`) calls, in one ledger transaction::

    with ledger.atomic() as connection:
        numbers = allocate_control_numbers(connection, {ISA13: 1, GS06: 1, ST02: sets})
        ... write the file under a staging name ...
        batch = record_submission(connection, OutboundBatch(...), claims_in_file_order)
        record_claim_sources(connection, consumed_claim_files, batch.batch_id, now)
    ... rename the file into place ...

so the control-number bump, the batch, its claims and the claim files they came from commit
together or not at all. The claims come as models or as the few facts the ledger keeps of each
(:class:`SubmittedClaim`), from any iterable, and are written a chunk at a time
(:mod:`edi.ledger.bulk`), so a batch of any size is recorded in the memory of one chunk.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import islice
from typing import Any, NamedTuple

from sqlalchemy import Connection, func, insert, select, update

from edi.ledger import schema, states
from edi.ledger.bulk import insert_rows, reserve_ids
from edi.ledger.claims_store import CHUNK, ClaimRow, by_control_number, new_event_log
from edi.ledger.money import cents
from edi.ledger.worklist_resubmit import mark_resubmitted
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


def _set_of_each_claim(batch: OutboundBatch) -> Iterator[str]:
    """ST02 of each claim in file order, as the claims table keeps it."""
    for st02, claims in batch.transactions:
        number = normal_control_number(str(st02)) or str(st02)
        for _ in range(claims):
            yield number


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


class SubmittedLine(NamedTuple):
    """A service line as the ledger records it."""

    line_control_number: str | None  # REF*6R
    procedure: str | None  # the procedure code, or an 837I line's revenue code
    charge: Decimal
    service_date: date | None


class SubmittedClaim(NamedTuple):
    """What the ledger records of a claim it sends: a few facts, not the claim, so that the
    outbound pipeline can set them aside for every claim of a batch of any size."""

    patient_control_number: str
    frequency_code: str
    payer_id: str
    payer_name: str
    total_charge: Decimal
    service_from: date
    service_to: date
    lines: tuple[SubmittedLine, ...]
    # who the claim is for, kept for ``x12flow find`` only (the ledger is the system of
    # record): the patient, or the subscriber when the patient is the subscriber
    patient_last_name: str | None = None
    patient_first_name: str | None = None
    member_id: str | None = None
    patient_birth_date: date | None = None

    @classmethod
    def of(cls, claim: Claim) -> SubmittedClaim:
        if isinstance(claim, InstitutionalClaim):
            start, end = claim.statement_from, claim.statement_to
            lines = tuple(
                [
                    SubmittedLine(
                        x.line_control_number,
                        x.procedure_code or x.revenue_code,
                        x.charge,
                        x.service_date,
                    )
                    for x in claim.service_lines
                ]
            )
        else:
            start = min([line.service_date for line in claim.service_lines])
            end = max([line.service_date_end or line.service_date for line in claim.service_lines])
            lines = tuple(
                [
                    SubmittedLine(x.line_control_number, x.procedure_code, x.charge, x.service_date)
                    for x in claim.service_lines
                ]
            )
        payer = claim.payer
        person = claim.patient or claim.subscriber
        return cls(
            claim.patient_control_number,
            claim.frequency_code,
            payer.payer_id,
            payer.name,
            claim.total_charge,
            start,
            end,
            lines,
            person.last_name,
            person.first_name,
            claim.subscriber.member_id,
            person.birth_date,
        )


CLAIM_COLUMNS = (
    "id",
    "patient_control_number",
    "kind",
    "payer_id",
    "payer_name",
    "charge",
    "service_from",
    "service_to",
    "status",
    "submitted_at",
    "last_submitted_at",
    "submission_count",
    "paid",
    "adjusted",
    "patient_responsibility",
    "updated_at",
    "patient_last_name",
    "patient_first_name",
    "member_id",
    "patient_birth_date",
)
SUBMISSION_COLUMNS = (
    "id",
    "claim_id",
    "batch_id",
    "set_control_number",
    "sequence",
    "frequency_code",
    "charge",
    "submitted_at",
    "outcome",
)
LINE_COLUMNS = (
    "claim_id",
    "submission_id",
    "line_number",
    "line_control_number",
    "procedure",
    "charge",
    "service_date",
)


def _claim_row(claim_id: int, claim: SubmittedClaim, kind: str, at: datetime) -> tuple[Any, ...]:
    nothing = cents(0)
    return (
        claim_id,
        claim.patient_control_number,
        kind,
        claim.payer_id,
        claim.payer_name,
        cents(claim.total_charge),
        claim.service_from,
        claim.service_to,
        states.SUBMITTED,
        at,
        at,
        1,
        nothing,
        nothing,
        nothing,
        at,
        claim.patient_last_name,
        claim.patient_first_name,
        claim.member_id,
        claim.patient_birth_date,
    )


def _line_rows(claim: SubmittedClaim, claim_id: int, submission_id: int) -> list[tuple[Any, ...]]:
    return [
        (
            claim_id,
            submission_id,
            number,
            line.line_control_number,
            line.procedure,
            cents(line.charge),
            line.service_date,
        )
        for number, line in enumerate(claim.lines, 1)
    ]


def record_submission(
    connection: Connection, batch: OutboundBatch, claims: Iterable[Claim | SubmittedClaim]
) -> SubmissionResult:
    """Record ``batch`` and its claims (in the order the file carries them) as submitted, a
    chunk of claims at a time: a batch of any size takes the memory of one chunk.

    A claim seen before (same patient control number) is resubmitted: a new submission of the
    same claim, back to ``submitted``; its totals from earlier remittances stay, and a worklist
    item waiting for its correction becomes ``resubmitted`` (:mod:`edi.ledger.worklist_resubmit`).
    """
    count = sum(n for _, n in batch.transactions)
    sets = _set_of_each_claim(batch)
    batch_id = _insert_batch(connection, batch, count)
    numbers: set[str] = set()
    recorded = fresh = 0
    for part in _chunks(claims):
        facts = [c if isinstance(c, SubmittedClaim) else SubmittedClaim.of(c) for c in part]
        for claim in facts:
            if claim.patient_control_number in numbers:
                raise ValueError("a patient control number appears twice in one batch")
            numbers.add(claim.patient_control_number)
        recorded += len(facts)
        part_sets = list(islice(sets, len(facts)))
        if len(part_sets) != len(facts):
            raise ValueError(f"the batch's sets hold {count} claims, not {recorded} or more")
        fresh += _record_claims(connection, batch_id, batch, facts, part_sets)
    if recorded != count:
        raise ValueError(f"the batch's sets hold {count} claims, not {recorded}")
    return SubmissionResult(batch_id, fresh, recorded - fresh)


def _chunks(claims: Iterable[Claim | SubmittedClaim]) -> Iterator[list[Claim | SubmittedClaim]]:
    claims = iter(claims)
    while part := list(islice(claims, CHUNK)):
        yield part


def _record_claims(
    connection: Connection,
    batch_id: int,
    batch: OutboundBatch,
    claims: Sequence[SubmittedClaim],
    sets: list[str],
) -> int:
    """Record one chunk of the batch's claims; how many were new to the ledger."""
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
        new_ids = reserve_ids(connection, schema.claims, len(fresh))
        insert_rows(
            connection,
            schema.claims,
            CLAIM_COLUMNS,
            [
                _claim_row(i, c, batch.kind, batch.created_at)
                for i, c in zip(new_ids, fresh, strict=True)
            ],
        )
        ids.update(zip((c.patient_control_number for c in fresh), new_ids, strict=True))
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
    mark_resubmitted(
        connection,
        {
            existing[c.patient_control_number].id: c.frequency_code
            for c in claims
            if c.patient_control_number in existing
        },
        batch_id,
        batch.file_name,
        batch.created_at,
    )
    return len(fresh)


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
    claims: Sequence[SubmittedClaim],
    sets: list[str],
    ids: dict[str, int],
    existing: Mapping[str, ClaimRow],
) -> None:
    previous = _sequences(
        connection,
        [ids[c.patient_control_number] for c in claims if c.patient_control_number in existing],
    )
    submission_ids = reserve_ids(connection, schema.submissions, len(claims))
    rows = [
        (
            submission_id,
            ids[c.patient_control_number],
            batch_id,
            st02,
            previous.get(ids[c.patient_control_number], 0) + 1,
            c.frequency_code,
            cents(c.total_charge),
            batch.created_at,
            "pending",
        )
        for submission_id, c, st02 in zip(submission_ids, claims, sets, strict=True)
    ]
    insert_rows(connection, schema.submissions, SUBMISSION_COLUMNS, rows)
    lines: list[tuple[Any, ...]] = []
    log = new_event_log(batch_id, batch.created_at)
    for claim, submission_id, st02 in zip(claims, submission_ids, sets, strict=True):
        claim_id = ids[claim.patient_control_number]
        lines.extend(_line_rows(claim, claim_id, submission_id))
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
    insert_rows(connection, schema.claim_lines, LINE_COLUMNS, lines)
    log.flush(connection)


def _resubmit(
    connection: Connection,
    rows: Sequence[ClaimRow],
    claims: Sequence[SubmittedClaim],
    batch: OutboundBatch,
) -> None:
    by_number = {c.patient_control_number: c for c in claims}
    t = schema.claims
    for row in rows:
        claim = by_number[row.patient_control_number]
        connection.execute(
            update(t)
            .where(t.c.id == row.id)
            .values(
                status=states.SUBMITTED,
                charge=cents(claim.total_charge),
                payer_id=claim.payer_id,
                payer_name=claim.payer_name,
                service_from=claim.service_from,
                service_to=claim.service_to,
                patient_last_name=claim.patient_last_name,
                patient_first_name=claim.patient_first_name,
                member_id=claim.member_id,
                patient_birth_date=claim.patient_birth_date,
                last_submitted_at=batch.created_at,
                submission_count=t.c.submission_count + 1,
                updated_at=batch.created_at,
            )
        )
