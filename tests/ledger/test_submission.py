"""Recording outbound claims: one transaction with the control-number bump, or no trace."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, create_engine, func, select

from edi.ledger import (
    Ledger,
    OutboundBatch,
    allocate_control_numbers,
    record_submission,
    schema,
)
from edi.outbound import staging
from edi.x12.control_numbers import GS06, ISA13, ST02, control_numbers, reserve_on
from generators.sample.claims import professional_claims
from tests.ledger.scenario import PAYER, sample_claims, submit_claims
from tests.sending import send

WHEN = datetime(2026, 11, 2, 9, 30)


def _count(ledger: Ledger, table: Table) -> int:
    with ledger.atomic() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def _numbers(ledger: Ledger) -> dict[str, int]:
    with ledger.atomic() as connection:
        return {row.name: row.value for row in connection.execute(select(control_numbers))}


def test_claims_batch_sets_and_lines_are_recorded(db_url: str, tmp_path: Path) -> None:
    claims = sample_claims(5, seed=41)
    summary = submit_claims(db_url, claims, WHEN, tmp_path, per_set=2)
    with Ledger.open(db_url) as ledger, ledger.atomic() as connection:
        batch = connection.execute(select(schema.batches)).one()
        assert (batch.direction, batch.kind, batch.claim_count, batch.set_count) == (
            "outbound",
            "837P",
            5,
            3,
        )
        assert batch.interchange_control_number == f"{summary.interchange:09d}"
        sets = connection.execute(
            select(
                schema.batch_sets.c.set_control_number, schema.batch_sets.c.claim_count
            ).order_by(schema.batch_sets.c.id)
        ).all()
        assert [(int(s), n) for s, n in sets] == summary.transactions
        lines = connection.execute(select(func.count()).select_from(schema.claim_lines))
        assert lines.scalar_one() == sum(len(c.service_lines) for c in claims)
        rows = {r.patient_control_number: r for r in connection.execute(select(schema.claims))}
        numbers = {row.name: row.value for row in connection.execute(select(control_numbers))}
    for claim in claims:
        row = rows[claim.patient_control_number]
        assert (row.status, row.charge, row.payer_id) == (
            "submitted",
            claim.total_charge,
            claim.payer.payer_id,
        )
    assert numbers == {ISA13: 1, GS06: 1, ST02: 3}


def test_a_failed_run_leaves_no_trace(memory_ledger: Ledger) -> None:
    claims = sample_claims(2, seed=42)
    with pytest.raises(RuntimeError), memory_ledger.atomic() as connection:
        numbers = allocate_control_numbers(connection, {ISA13: 1, GS06: 1, ST02: 1})
        record_submission(
            connection,
            OutboundBatch(
                "x.x12",
                "837P",
                numbers[ISA13].first,
                numbers[GS06].first,
                [(numbers[ST02].first, 2)],
                WHEN,
            ),
            claims,
        )
        raise RuntimeError("the file could not be renamed into place")
    for table in (
        schema.batches,
        schema.claims,
        schema.submissions,
        schema.events,
        schema.claim_lines,
    ):
        assert _count(memory_ledger, table) == 0
    assert _numbers(memory_ledger) == {}


def test_burnt_control_numbers_are_never_reused(tmp_path: Path) -> None:
    """Numbers reserved on their own (committed) before the ledger existed stay burnt."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    engine = create_engine(url)
    burnt = reserve_on(engine, {ISA13: 1, GS06: 1, ST02: 4})
    engine.dispose()
    summary = submit_claims(url, sample_claims(1, seed=43), WHEN, tmp_path)
    assert summary.interchange == burnt[ISA13].last + 1
    assert summary.transactions[0][0] == burnt[ST02].last + 1


def test_resubmission_is_a_new_submission_of_the_same_claim(memory_ledger: Ledger) -> None:
    claims = sample_claims(1, seed=44)
    for number, when in enumerate((WHEN, datetime(2026, 11, 9)), 1):
        with memory_ledger.atomic() as connection:
            result = record_submission(
                connection,
                OutboundBatch("x.x12", "837P", number, number, [(number, 1)], when),
                claims,
            )
        assert (result.new_claims, result.resubmitted) == ((1, 0) if number == 1 else (0, 1))
    with memory_ledger.atomic() as connection:
        claim = connection.execute(select(schema.claims)).one()
        kinds = connection.execute(select(schema.events.c.kind).order_by(schema.events.c.id))
        assert [k for (k,) in kinds] == ["submitted", "resubmitted"]
    assert (claim.submission_count, claim.submitted_at, claim.last_submitted_at) == (
        2,
        WHEN,
        datetime(2026, 11, 9),
    )
    assert _count(memory_ledger, schema.submissions) == 2


@pytest.mark.parametrize("sets", [[(1, 1)], [(1, 3)]])
def test_sets_must_hold_the_claims(memory_ledger: Ledger, sets: list[tuple[int, int]]) -> None:
    claims = sample_claims(2, seed=45)
    with pytest.raises(ValueError, match="sets hold"), memory_ledger.atomic() as connection:
        record_submission(connection, OutboundBatch("x", "837P", 1, 1, sets, WHEN), claims)


def test_a_claim_twice_in_one_batch_is_refused(memory_ledger: Ledger) -> None:
    claim = sample_claims(1, seed=46)[0]
    with pytest.raises(ValueError, match="twice"), memory_ledger.atomic() as connection:
        record_submission(
            connection, OutboundBatch("x", "837P", 1, 1, [(1, 2)], WHEN), [claim, claim]
        )


def test_migrations_are_recorded_and_run_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    from edi.ledger.migrations import STEPS, migrate

    with Ledger.open(url) as ledger:
        assert migrate(ledger.engine) == []
        with ledger.atomic() as connection:
            names = connection.execute(select(schema.migrations.c.name)).scalars().all()
    assert names == [name for name, _step in STEPS]


def claim_input(count: int, seed: int, **changes: str) -> list[dict[str, Any]]:
    """The claim input of :func:`sample_claims`, changed by ``changes``."""
    return [{**data, "payer": PAYER, **changes} for data in professional_claims(count, seed)]


def test_the_pipeline_writes_and_records_in_one_transaction(db_url: str, tmp_path: Path) -> None:
    claims = claim_input(3, seed=47)
    out = tmp_path / "outbox"
    with Ledger.open(db_url) as ledger:
        sent = send(ledger, claims, out, when=WHEN, max_claims_per_transaction=2)
        [written] = sent.files
        assert written.not_renamed is None and sent.claims == 3
        assert written.path == out / f"837P-{written.summary.interchange:09d}.x12"
        assert sorted(p.name for p in out.iterdir()) == [written.path.name]
        with ledger.atomic() as connection:
            batch = connection.execute(select(schema.batches)).one()
            statuses = connection.execute(select(schema.claims.c.status)).scalars().all()
    assert batch.id == written.staged.batch_id
    assert batch.sha256 == hashlib.sha256(written.path.read_bytes()).hexdigest()
    assert (batch.file_name, batch.set_count, batch.claim_count) == (written.path.name, 2, 3)
    assert statuses == ["submitted"] * 3
    text = written.path.read_text(encoding="ascii")
    assert all(f"CLM*{c['patient_control_number']}*" in text for c in claims)


def test_a_failure_to_record_leaves_no_file_and_no_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "outbox"
    claims = claim_input(2, seed=48)

    def broken(*_args: object) -> None:
        raise RuntimeError("disk full while recording")

    with Ledger.open(f"sqlite:///{tmp_path / 'l.db'}") as ledger:
        monkeypatch.setattr(staging, "record_submission", broken)
        with pytest.raises(RuntimeError):
            send(ledger, claims, out)
        monkeypatch.undo()
        assert list(out.iterdir()) == []
        assert _count(ledger, schema.batches) == 0
        assert _numbers(ledger) == {}
        [written] = send(ledger, claims, out).files
    assert written.summary.interchange == 1


def test_a_thousand_runs_with_failures_halfway_never_publish_a_number_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1,000 consecutive generate runs through the real write path, every seventh failing after
    its control numbers were taken and its file half-written: every published interchange has
    its own ISA13 and GS06, in increasing order, and the failed runs leave nothing behind.
    The claim is a replacement (7): an original is sent once."""
    from generators.claim_file import ClaimFileWriter

    claims = claim_input(1, seed=49, frequency_code="7", payer_claim_number="ICN49")
    out = tmp_path / "outbox"
    real_write = ClaimFileWriter.write
    published: list[tuple[int, int]] = []
    with Ledger.open(f"sqlite:///{tmp_path / 'l.db'}") as ledger:
        for run in range(1000):
            if run % 7 == 3:

                def half(self: ClaimFileWriter, *args: object, **kwargs: object) -> None:
                    real_write(self, *args, **kwargs)  # type: ignore[arg-type]
                    raise OSError("killed halfway")

                with monkeypatch.context() as patched:
                    patched.setattr(ClaimFileWriter, "write", half)
                    with pytest.raises(staging.OutputError, match="killed halfway"):
                        send(ledger, claims, out)
                continue
            [written] = send(ledger, claims, out).files
            published.append((written.summary.interchange, written.summary.group))
        batches = _count(ledger, schema.batches)
    interchanges = [i for i, _ in published]
    assert len(published) == 1000 - len(range(3, 1000, 7)) == batches
    assert interchanges == sorted(set(interchanges))  # unique and increasing
    assert len({g for _, g in published}) == len(published)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"837P-{i:09d}.x12" for i in interchanges
    )
