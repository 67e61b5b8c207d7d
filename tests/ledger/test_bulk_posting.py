"""Posting an 835 set-based: a bounded number of statements per chunk of claims, no more than a
chunk held at once, and the same rows as posting claim by claim, row by row."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Table, event, insert, select, update
from sqlalchemy.exc import DataError, IntegrityError

from benchmarks import gen835, synth835
from edi.inbound.ingest import ingest_file
from edi.ledger import Ledger, bulk, remit, schema
from edi.ledger.backend import is_retryable

NOW = datetime(2026, 11, 30, 12, 0)
BENCH_PAYER = "BENCH HEALTH PLAN"  # the payer of benchmarks.synth835's files
OPENED = datetime(2026, 11, 1, 9, 0)


def _open_claims(db_url: str, numbers: Sequence[str], payer_id: str, payer: str) -> None:
    """Submitted claims ``numbers`` of ``payer``, with a pending submission each."""
    with Ledger.open(db_url) as ledger, ledger.atomic() as connection:
        batch = connection.execute(
            insert(schema.batches)
            .values(
                direction="outbound",
                kind="837P",
                file_name=f"{payer_id}.837",
                created_at=OPENED,
                interchange_control_number="000000001",
                group_control_number="1",
                set_count=1,
                claim_count=len(numbers),
            )
            .returning(schema.batches.c.id)
        ).scalar_one()
        ids = connection.execute(
            insert(schema.claims).returning(schema.claims.c.id, sort_by_parameter_order=True),
            [
                {
                    "patient_control_number": number,
                    "kind": "837P",
                    "payer_id": payer_id,
                    "payer_name": payer,
                    "charge": Decimal("330.00"),
                    "status": "accepted",
                    "submitted_at": OPENED,
                    "last_submitted_at": OPENED,
                    "submission_count": 1,
                    "paid": Decimal(0),
                    "adjusted": Decimal(0),
                    "patient_responsibility": Decimal(0),
                    "updated_at": OPENED,
                }
                for number in numbers
            ],
        ).scalars()
        connection.execute(
            insert(schema.submissions),
            [
                {
                    "claim_id": claim_id,
                    "batch_id": batch,
                    "set_control_number": "1",
                    "sequence": 1,
                    "charge": Decimal("330.00"),
                    "submitted_at": OPENED,
                    "outcome": "pending",
                }
                for claim_id in ids
            ],
        )


def _synthetic(tmp_path: Path, claims: int) -> Path:
    path = tmp_path / f"synth-{claims}.835"
    synth835.write_835(path, claims * sum(len(s) + 2 for s in synth835.CLAIM))
    return path


@contextmanager
def _statements(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every statement the ledger sends while the block runs, its COPYs included."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    copy = bulk._copy

    def counted_copy(connection: Connection, statement: str, rows: Sequence[Any]) -> None:
        seen.append(statement)
        copy(connection, statement, rows)

    with monkeypatch.context() as patch:
        patch.setattr(bulk, "_copy", counted_copy)
        event.listen(ledger.engine, "before_cursor_execute", note)
        try:
            yield seen
        finally:
            event.remove(ledger.engine, "before_cursor_execute", note)


def test_the_statements_per_chunk_stay_bounded(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(remit, "CHUNK", 100)
    counts = {}
    for claims in (100, 300, 600):
        _reset(db_url)
        _open_claims(db_url, [f"B{n:08d}" for n in range(claims)], "BENCH1", BENCH_PAYER)
        with Ledger.open(db_url) as ledger, _statements(ledger, monkeypatch) as seen:
            result = ingest_file(ledger, _synthetic(tmp_path, claims), now=NOW)
        assert result.outcome == "posted"
        assert result.counts["claim payments posted"] == claims
        counts[claims] = len(seen)
    # per chunk of 100 claims (200 service lines, 400 adjustments): the natural keys, the
    # claims, the payments' ids, the payments, lines, adjustments and events, one UPDATE of
    # the claims and one of their submissions; the same for every chunk
    assert counts[600] - counts[300] == 3 * 9
    assert counts[300] - counts[100] == 2 * 9
    assert counts[100] <= 25  # the file's batch, envelope and remittance, and one chunk


def test_no_more_than_a_chunk_of_claims_is_held(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(remit, "CHUNK", 50)
    sizes: list[int] = []
    post = remit.RemittancePoster._post

    def noted(self: remit.RemittancePoster, items: list[remit.Item]) -> None:
        sizes.append(len(items))
        post(self, items)

    monkeypatch.setattr(remit.RemittancePoster, "_post", noted)
    _open_claims(db_url, [f"B{n:08d}" for n in range(420)], "BENCH1", BENCH_PAYER)
    with Ledger.open(db_url) as ledger:
        result = ingest_file(ledger, _synthetic(tmp_path, 420), now=NOW)
    assert result.counts["claim payments posted"] == 420
    assert sizes == [50] * 8 + [20]


# -- the same rows as a row-by-row posting --------------------------------------------------


def _row_by_row_insert(
    connection: Connection, table: Table, columns: tuple[str, ...], rows: Sequence[Any]
) -> None:
    for row in rows:
        connection.execute(insert(table).values(dict(zip(columns, row, strict=True))))


def _row_by_row_update(
    connection: Connection,
    table: Table,
    key: str,
    columns: tuple[str, ...],
    rows: Sequence[Any],
) -> None:
    for row in rows:
        values = dict(zip(columns, row[1:], strict=True))
        connection.execute(update(table).where(table.c[key] == row[0]).values(values))


def _reset(db_url: str) -> None:
    """Drop every ledger table: the next open starts a fresh ledger (ids from 1)."""
    with Ledger.open(db_url) as ledger, ledger.atomic() as connection:
        schema.metadata.drop_all(connection)


def _ledger_rows(db_url: str) -> dict[str, list[tuple[Any, ...]]]:
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with Ledger.open(db_url) as ledger, ledger.atomic() as connection:
        for table in schema.metadata.sorted_tables:
            if table is schema.migrations:
                continue
            order = list(table.primary_key.columns) or list(table.c)
            rows[table.name] = [
                tuple(row) for row in connection.execute(select(table).order_by(*order))
            ]
    return rows


def _post_files(db_url: str, files: Sequence[Path]) -> list[dict[str, Any]]:
    _open_claims(
        db_url,
        [f"PCN{n:07d}" for n in range(160) if n % 5 != 4],  # a fifth match nothing
        "GENPLAN01",
        "GENERATED HEALTH PLAN",
    )
    with Ledger.open(db_url) as ledger:
        results = [ingest_file(ledger, path, now=NOW).to_json() for path in files]
    for result in results:
        result.pop("batch_id")
    return results


def test_the_rows_posted_are_those_of_a_row_by_row_posting(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "first.835", tmp_path / "second.835"
    gen835.write_835(first, 60_000)  # paid, denied, reversed and corrected claims; PLBs
    gen835.write_835(second, 25_000)  # the same CLPs again, in another file: duplicates
    files = [first, second, first]  # and the first file again: a duplicate file
    with monkeypatch.context() as reference:
        reference.setattr(remit, "CHUNK", 1)
        reference.setattr(remit, "insert_rows", _row_by_row_insert)
        reference.setattr("edi.ledger.claims_store.insert_rows", _row_by_row_insert)
        reference.setattr("edi.ledger.claims_store.update_rows", _row_by_row_update)
        reference.setattr("edi.ledger.posting.insert_rows", _row_by_row_insert)
        expected_results = _post_files(db_url, files)
    expected = _ledger_rows(db_url)
    assert len(expected["claim_payments"]) > 100
    assert expected["unmatched"] and expected["provider_adjustments"]
    assert any(row.count("reversal") for row in expected["claim_payments"])
    for chunk in (7, remit.CHUNK):
        _reset(db_url)
        monkeypatch.setattr(remit, "CHUNK", chunk)
        assert _post_files(db_url, files) == expected_results
        assert _ledger_rows(db_url) == expected


# -- what PostgreSQL refuses in a COPY is refused as from any statement ----------------------


def test_a_copy_refused_by_postgresql_raises_sqlalchemys_error(postgres_schema_url: str) -> None:
    with Ledger.open(postgres_schema_url) as ledger:
        with pytest.raises(DataError) as too_long, ledger.atomic() as connection:
            bulk.insert_rows(
                connection,
                schema.remarks,
                ("claim_payment_id", "line_number", "qualifier", "code"),
                [(1, None, "HE", "N" * 31)],  # code is VARCHAR(30)
            )
        assert getattr(too_long.value.orig, "sqlstate", None) == "22001"
        payment = (1, "B1", "1", "original", *[Decimal("1.00")] * 5, None)
        columns = (
            "remittance_id",
            "patient_control_number",
            "status_code",
            "kind",
            "charge",
            "paid",
            "patient_responsibility",
            "adjusted",
            "pr_adjusted",
            "natural_key",
        )
        with pytest.raises(IntegrityError) as twice, ledger.atomic() as connection:
            rows = [(*payment[:-1], "same key"), (*payment[:-1], "same key")]
            bulk.insert_rows(connection, schema.claim_payments, columns, rows)
        assert getattr(twice.value.orig, "sqlstate", None) == "23505"
        assert is_retryable(twice.value)  # a key another worker took first: run the file again
