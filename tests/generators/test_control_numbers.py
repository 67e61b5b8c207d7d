"""Control numbers never repeat: across allocations, failed transactions and CLI runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, create_engine, event, select

from edi.x12.control_numbers import (
    GS06,
    ISA13,
    ST02,
    Block,
    ControlNumbersExhausted,
    allocate,
    control_numbers,
    create_table,
    reserve,
    reserve_on,
)
from tests.generators.factories import professional


class FailedRun(Exception):
    pass


def _run_that_may_fail(engine: Engine, run: int) -> dict[str, Block]:
    """A generate run: numbers first (committed), then work that fails for some runs."""
    numbers = reserve_on(engine, {ISA13: 1, GS06: 1, ST02: 1 + run % 3})
    if run % 7 == 0:
        with engine.begin() as connection:  # later work in the same database fails
            allocate(connection, "SCRATCH")
            raise FailedRun
    return numbers


def _fast_engine(path: Path) -> Engine:
    """A file database without fsync: the test is about numbering, not about the disk."""
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _no_sync(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA synchronous=OFF")

    return engine


def test_thousand_runs_with_failures_never_repeat(tmp_path: Path) -> None:
    engine = _fast_engine(tmp_path / "numbers.db")
    interchanges: list[int] = []
    transactions: list[int] = []
    for run in range(1000):
        try:
            numbers = _run_that_may_fail(engine, run)
        except FailedRun:
            continue  # the failed run's numbers stay burnt
        interchanges.append(numbers[ISA13].first)
        transactions.extend(numbers[ST02])
    engine.dispose()
    assert len(interchanges) == 1000 - len(range(0, 1000, 7))
    assert len(set(interchanges)) == len(interchanges)
    assert len(set(transactions)) == len(transactions)
    assert interchanges == sorted(interchanges)
    burnt = {run + 1 for run in range(0, 1000, 7)}
    assert set(interchanges) == set(range(1, 1001)) - burnt


def test_allocation_inside_a_failed_transaction_is_not_reused_by_the_committed_api(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'numbers.db'}")
    with engine.begin() as connection:
        create_table(connection)
    seen: list[int] = []
    for attempt in range(300):
        if attempt % 4 == 0:
            with pytest.raises(FailedRun), engine.begin() as connection:
                allocate(connection, ISA13)
                raise FailedRun  # rolled back: the caller never used the number
        else:
            with engine.begin() as connection:
                seen.append(allocate(connection, ISA13).first)
    assert len(seen) == len(set(seen)) == 225
    with engine.connect() as connection:
        stored = connection.execute(select(control_numbers.c.value)).scalar_one()
    assert stored == max(seen)
    engine.dispose()


def test_blocks_are_contiguous_and_disjoint(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'numbers.db'}"
    first = reserve(url, {ST02: 5})[ST02]
    second = reserve(url, {ST02: 2})[ST02]
    assert list(first) == [1, 2, 3, 4, 5] and list(second) == [6, 7]


def test_exhausted_counter_is_an_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'numbers.db'}"
    reserve(url, {ISA13: 999_999_998})
    reserve(url, {ISA13: 1})
    with pytest.raises(ControlNumbersExhausted):
        reserve(url, {ISA13: 1})


def test_cli_runs_that_fail_halfway_leave_no_trace(
    runner: CliRunner, cli: click.Group, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control-number bump, the file and the ledger records are one transaction: a run that
    fails before its file is published takes nothing, and no published number ever repeats."""
    Path("c.json").write_text(json.dumps(professional()))
    assert runner.invoke(cli, ["generate", "837p", "c.json", "--out", "out"]).exit_code == 0

    def broken_writer(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    Path("d.json").write_text(json.dumps(professional("PCN0002")))  # c.json's claim was sent
    with monkeypatch.context() as patched:
        patched.setattr("generators.claim_file.ClaimFileWriter.write", broken_writer)
        failed = runner.invoke(cli, ["generate", "837p", "d.json", "--out", "out"])
    assert failed.exit_code == 2 and "disk full" in failed.stderr
    # the failed run recorded nothing: its claim is not "sent"
    assert runner.invoke(cli, ["generate", "837p", "d.json", "--out", "out"]).exit_code == 0
    names = sorted(p.name for p in Path("out").iterdir())
    assert names == ["837P-000000001.x12", "837P-000000002.x12"]
    assert not [p for p in Path("out").iterdir() if p.name.startswith(".")]  # no temp left
    from edi.cli import main

    history = runner.invoke(main, ["claims", "--json"])
    assert history.exit_code == 0 and len(json.loads(history.stdout)) == 2
