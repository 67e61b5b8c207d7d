"""Crash safety: the watcher killed with SIGKILL at random moments and restarted loses no file
and posts none twice; the ledger ends where one clean run ends."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from edi.cli import main
from tests.watch.scenario import build, copy_ledger

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def ledger_state(db: Path | str) -> tuple[Any, Any]:
    """Every claim's figures and the report totals of the ledger at ``db`` (a URL or a SQLite
    file): what must come out the same after any order of delivery, crash and restart."""
    url = db if isinstance(db, str) else f"sqlite:///{db}"
    claims = json.loads(cli("claims", "--json", "--db", url))
    report = json.loads(cli("report", "--format", "json", "--db", url, "--as-of", "2030-01-01"))
    keyed = sorted(
        (
            c["patient_control_number"],
            c["status"],
            c["paid"],
            c["adjusted"],
            c["patient_responsibility"],
            c["balance"],
        )
        for c in claims
    )
    return keyed, report["totals"]


def start_watcher(inbox: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "edi",
            "watch",
            "--inbox",
            str(inbox),
            "--db",
            f"sqlite:///{db}",
            "--settle",
            "0.1",
            "--worker",
            "w1",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def drop(source: Path, inbox: Path) -> None:
    """Deliver a file the way a well-behaved sender does: temporary name, then rename."""
    part = inbox / (source.name + ".part")
    part.write_bytes(source.read_bytes())
    os.rename(part, inbox / source.name)


def clean_run(database: Path, replies: list[Path], inbox: Path) -> Path:
    """Deliver ``replies`` to a fresh ``inbox`` and ingest them with one ``watch --once``."""
    inbox.mkdir()
    for path in replies:
        drop(path, inbox)
    cli("watch", "--once", "--inbox", str(inbox), "--db", f"sqlite:///{database}", "--settle", "0")
    return database


def wait_until_drained(inbox: Path, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        waiting = [p for p in inbox.iterdir() if p.is_file()]
        working = (
            [p for p in (inbox / ".work").rglob("*") if p.is_file() and p.name != ".heartbeat"]
            if (inbox / ".work").exists()
            else []
        )
        if not waiting and not working:
            return
        time.sleep(0.2)
    raise AssertionError("the inbox did not drain")


def wait_until_busy(inbox: Path, timeout: float = 60.0) -> None:
    """Until the watcher has a file in its work folder (it has started on the burst)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (inbox / ".work").exists() and any((inbox / ".work").rglob("*.x12")):
            return
        time.sleep(0.005)
    raise AssertionError("the watcher never started on the burst")


def test_sigkill_three_times_loses_nothing_and_posts_nothing_twice(tmp_path: Path) -> None:
    database, replies = build(tmp_path / "scenario", batches=100)
    assert len(replies) >= 200
    # One clean run.
    clean_db = clean_run(
        copy_ledger(database, tmp_path / "clean.db"), replies, tmp_path / "clean-inbox"
    )
    expected = ledger_state(clean_db)
    # The same files, delivered in bursts, with the watcher killed three times while busy.
    crash_db = copy_ledger(database, tmp_path / "crash.db")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    rng = random.Random(20261130)
    bursts = [replies[i::4] for i in range(4)]
    mid_file = 0
    watcher = start_watcher(inbox, crash_db)
    try:
        for n, burst in enumerate(bursts):
            for path in burst:
                drop(path, inbox)
            if n < 3:
                wait_until_busy(inbox)
                time.sleep(rng.uniform(0.0, 0.1))  # somewhere inside the burst
                watcher.send_signal(signal.SIGKILL)
                watcher.wait(timeout=10)
                mid_file += bool([p for p in (inbox / ".work").rglob("*.x12")])
                watcher = start_watcher(inbox, crash_db)
        wait_until_drained(inbox)
    finally:
        watcher.send_signal(signal.SIGTERM)
        assert watcher.wait(timeout=30) == 0
    assert mid_file >= 1, "no kill landed while a file was being ingested"
    processed = sorted(p.name for p in (inbox / "processed").rglob("*.x12"))
    assert processed == sorted(p.name for p in replies)
    assert not list((inbox / "rejected").iterdir())
    assert ledger_state(crash_db) == expected


def test_duplicate_drop_is_archived_and_changes_nothing(tmp_path: Path) -> None:
    database, replies = build(tmp_path / "scenario", batches=3)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    url = f"sqlite:///{database}"
    for path in replies:
        drop(path, inbox)
    cli("watch", "--once", "--inbox", str(inbox), "--db", url, "--settle", "0")
    before = ledger_state(database)
    drop(replies[-1], inbox)
    result = CliRunner().invoke(
        main, ["watch", "--once", "--inbox", str(inbox), "--db", url, "--settle", "0"]
    )
    assert result.exit_code == 0
    assert '"outcome":"duplicate"' in result.stderr
    assert ledger_state(database) == before


@pytest.mark.parametrize("content", [b"ISA*00*broken", b"this is not X12 at all\n"])
def test_malformed_files_land_in_rejected_with_a_readable_error(
    tmp_path: Path, content: bytes
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "junk.x12").write_bytes(content)
    result = CliRunner().invoke(
        main,
        [
            "watch",
            "--once",
            "--inbox",
            str(inbox),
            "--db",
            f"sqlite:///{tmp_path / 'l.db'}",
            "--settle",
            "0",
        ],
    )
    assert result.exit_code == 1
    report = json.loads((inbox / "rejected" / "junk.x12.error.json").read_text())
    assert "junk.x12" in report["message"] and "Traceback" not in report["message"]
    assert ".work" not in report["message"]  # named as dropped, not by its work folder


def test_sigterm_finishes_the_current_file_and_exits_cleanly(tmp_path: Path) -> None:
    database, replies = build(tmp_path / "scenario", batches=2)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    watcher = start_watcher(inbox, database)
    time.sleep(1.5)
    for path in replies:
        drop(path, inbox)
    time.sleep(0.3)
    watcher.send_signal(signal.SIGTERM)
    assert watcher.wait(timeout=30) == 0
    leftovers = [p for p in (inbox / ".work").rglob("*.x12")]
    assert leftovers == []  # nothing half-done: each file is waiting or processed
    assert not (inbox / ".work" / "w1").exists()  # a clean stop removes the worker's folder
