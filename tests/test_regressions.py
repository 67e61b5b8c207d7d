"""Every input that once crashed x12flow, through every reading command: handled, never an
internal error.

The inputs live under ``tests/data/regressions/<crash class>/``, one folder per bug (the fuzzer,
``python -m tests.fuzz``, names the class and writes a minimized reproducer for it). Each file
goes through ``validate``, ``parse``, ``parse --format text``, ``ingest`` into a fresh
SQLite ledger and ``simulate`` (the payer simulator reads 837s): the exit code must be 0, 1 or
2, and neither the output nor the error output may say "internal error" or show a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz.clicheck import assert_handled, run_cli

REGRESSIONS = Path(__file__).parent / "data" / "regressions"
NOT_INPUTS = {".md", ".json", ".txt"}  # notes and expected outputs that may sit beside them


def regression_files() -> list[Path]:
    if not REGRESSIONS.is_dir():
        return []
    return sorted(
        p
        for p in REGRESSIONS.rglob("*")
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() not in NOT_INPUTS
    )


FILES = regression_files()
COMMANDS = {
    "validate": ["validate"],
    "parse": ["parse"],
    "text": ["parse", "--format", "text"],
    "ingest": ["ingest"],
    "simulate": ["simulate"],
}


def test_there_are_regression_files() -> None:
    assert len(FILES) >= 10
    assert all(p.stat().st_size < 64_000 for p in FILES), "keep reproducers small"


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(REGRESSIONS)) for p in FILES])
def test_a_former_crash_is_handled(path: Path, command: str, tmp_path: Path) -> None:
    args = [*COMMANDS[command], str(path)]
    if command == "ingest":
        args[1:1] = ["--db", f"sqlite:///{tmp_path / 'ledger.db'}"]
    if command == "simulate":
        args[1:1] = ["--out", str(tmp_path / "replies"), "--seed", "7"]
    assert_handled(run_cli(args), path.read_bytes())
