"""Real watchers SIGKILLed while they hold a file.

To catch a watcher in the middle of a file, the test holds the SQLite ledger's write lock: the
watcher claims the file, reads it and waits for the lock inside its ingest — then it is killed.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner, Result

from edi.cli import main
from edi.ledger import Ledger
from edi.watch.inbox import HEARTBEAT, WORK
from tests.watch.scenario import SAMPLES, deliver, settled_files
from tests.watch.test_crash_safety import ROOT


def start_watcher(inbox: Path, db: Path, log: Path, *extra: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "edi", "watch", "--inbox", str(inbox), "--db"]
    command += [f"sqlite:///{db}", "--settle", "0.1", *extra]
    with log.open("ab") as stream:
        return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stream)


def wait_for(condition: Callable[[], object], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting until {what}")


def holders(inbox: Path, name: str) -> list[Path]:
    """Work folders holding ``name``."""
    return [p.parent for p in (inbox / WORK).glob(f"*/{name}")]


def count_of(counter: Path) -> str | None:
    """The attempt count in ``counter``; None while there is none."""
    try:
        return counter.read_text()
    except FileNotFoundError:
        return None


def kill(watcher: subprocess.Popen[bytes]) -> None:
    watcher.send_signal(signal.SIGKILL)
    watcher.wait(timeout=30)


@contextmanager
def ledger_locked(db: Path) -> Iterator[None]:
    """Hold the ledger's write lock: every ingest waits for it."""
    connection = sqlite3.connect(db, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        yield
        connection.execute("ROLLBACK")
    finally:
        connection.close()


def watch_once(inbox: Path, db: Path) -> Result:
    args = ["watch", "--once", "--inbox", str(inbox), "--db", f"sqlite:///{db}", "--settle", "0"]
    return CliRunner().invoke(main, args)


def ready(tmp_path: Path) -> tuple[Path, Path]:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = tmp_path / "ledger.db"
    Ledger.open(f"sqlite:///{db}").engine.dispose()  # migrated before anyone takes the lock
    return inbox, db


def test_watch_once_right_after_a_sigkilled_watcher_finishes_every_file(tmp_path: Path) -> None:
    inbox, db = ready(tmp_path)
    watcher = start_watcher(inbox, db, tmp_path / "watcher.log")
    try:
        wait_for(lambda: list((inbox / WORK).glob(f"*/{HEARTBEAT}")), "the watcher is up")
        with ledger_locked(db):
            first, *rest = SAMPLES
            deliver(first, inbox)
            wait_for(lambda: holders(inbox, first.name), "the watcher holds the first file")
            [dead] = holders(inbox, first.name)
            for sample in rest:
                deliver(sample, inbox)
            kill(watcher)
    finally:
        watcher.kill()
        watcher.wait(timeout=30)
    assert dead.is_dir() and (dead / first.name).exists()  # killed while holding it
    result = watch_once(inbox, db)  # at once: not after the 30 s lease
    assert result.exit_code == 0, result.stderr
    assert settled_files(inbox) == {
        "processed": sorted(p.name for p in SAMPLES),
        "rejected": [],
    }
    assert not dead.exists() and list((inbox / WORK).iterdir()) == []
    takeover = [json.loads(line) for line in result.stderr.splitlines() if "take-over" in line]
    assert [(e["from"], e["files"]) for e in takeover] == [(dead.name, [first.name])]


def test_a_file_that_kills_two_workers_is_quarantined(tmp_path: Path) -> None:
    inbox, db = ready(tmp_path)
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    watchers = {
        name: start_watcher(inbox, db, log, "--worker", name, "--lease", "3")
        for name, log in zip(("a", "b"), logs, strict=True)
    }
    poison = SAMPLES[3]
    try:
        wait_for(
            lambda: all((inbox / WORK / name / HEARTBEAT).exists() for name in watchers),
            "both watchers are up",
        )
        with ledger_locked(db):
            deliver(poison, inbox)
            wait_for(lambda: holders(inbox, poison.name), "a watcher holds the file")
            first = holders(inbox, poison.name)[0].name
            begun = inbox / WORK / first / f".{poison.name}.attempts"
            # killed only once it began the file: a kill between claiming and counting is no start
            wait_for(lambda: count_of(begun) == "1", "the watcher began it")
            kill(watchers[first])
            second = "b" if first == "a" else "a"
            counter = inbox / WORK / second / f".{poison.name}.attempts"
            wait_for(
                lambda: count_of(counter) == "2",
                "the other watcher took the file over and began it",
            )
            kill(watchers[second])
    finally:
        for watcher in watchers.values():
            watcher.kill()
            watcher.wait(timeout=30)
    deliver(SAMPLES[0], inbox)
    result = watch_once(inbox, db)
    assert result.exit_code == 1, result.stderr  # one file rejected
    assert settled_files(inbox) == {"processed": [SAMPLES[0].name], "rejected": [poison.name]}
    report = json.loads((inbox / "rejected" / f"{poison.name}.error.json").read_text())
    assert report["outcome"] == "quarantined"
    assert report["message"].startswith("x12flow set this file aside: it stopped a worker twice")
    assert list((inbox / WORK).iterdir()) == []
