"""Work folders of dead workers: taken over at once when the worker ran on this host and its
process is gone, after the lease otherwise; a file that stopped two workers is set aside."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from edi.watch import Inbox, Worker, lease
from edi.watch.inbox import HEARTBEAT, WORK
from edi.x12 import clock
from edi.x12.readiness import Settling
from tests.watch.scenario import settled_files
from tests.watch.test_watcher import X12, Recorder


@pytest.fixture
def dead_pid() -> int:
    """The id of a process that ran on this host and is gone (exited and reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(timeout=30)
    return child.pid


@pytest.fixture
def live_pid() -> Iterator[int]:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield child.pid
    child.kill()
    child.wait(timeout=30)


def held_by(inbox: Path, worker: str, heartbeat: dict[str, Any], *names: str) -> Path:
    folder = inbox / WORK / worker
    folder.mkdir(parents=True)
    for name in names:
        (folder / name).write_text(X12)
    (folder / HEARTBEAT).write_text(json.dumps(heartbeat))
    return folder


def run_once(inbox: Path, recorder: Recorder, logs: list[dict[str, Any]] | None = None) -> Any:
    log = logs.append if logs is not None else (lambda _: None)
    return Worker(Inbox(inbox, "w1", 30.0), recorder, log, Settling(settle_seconds=0.0)).run_once()


def test_a_dead_process_on_this_host_loses_its_files_at_once(tmp_path: Path, dead_pid: int) -> None:
    inbox = tmp_path / "inbox"
    fresh = {"host": lease.this_host(), "pid": dead_pid, "at": clock.wall()}
    dead = held_by(inbox, "killed", fresh, "orphan.x12")
    recorder = Recorder()
    logs: list[dict[str, Any]] = []
    run_once(inbox, recorder, logs)
    assert "orphan.x12" in recorder.seen
    assert not dead.exists()  # the dead worker's folder is removed
    assert not (inbox / WORK / "w1").exists()  # and so is this worker's, on a clean stop
    assert {"event": "take-over", "from": "killed", "files": ["orphan.x12"]}.items() <= (
        next(e for e in logs if e["event"] == "take-over").items()
    )


def test_a_live_process_or_another_host_keeps_its_files_until_the_lease_runs_out(
    tmp_path: Path, dead_pid: int, live_pid: int
) -> None:
    inbox = tmp_path / "inbox"
    now = clock.wall()
    alive = held_by(
        inbox, "alive", {"host": lease.this_host(), "pid": live_pid, "at": now}, "a.x12"
    )
    away = held_by(inbox, "away", {"host": "another-host", "pid": dead_pid, "at": now}, "b.x12")
    stale = {"host": "another-host", "pid": dead_pid, "at": now - 3600}
    expired = held_by(inbox, "expired", stale, "c.x12")
    recorder = Recorder()
    run_once(inbox, recorder)
    assert sorted(recorder.seen) == ["c.x12"]
    assert (alive / "a.x12").exists() and (away / "b.x12").exists() and not expired.exists()


def test_a_process_that_runs_as_another_user_counts_as_alive(
    dead_pid: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert lease.process_gone(dead_pid)

    def refused(pid: int, signal: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "kill", refused)
    assert not lease.process_gone(dead_pid)


def test_a_killed_process_not_yet_reaped_counts_as_gone() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    stat = Path(f"/proc/{child.pid}/stat")
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                state = stat.read_text().rpartition(")")[2].split()[0]
            except OSError:
                pytest.skip("no /proc here to tell a zombie")
            if state == "Z":
                break
            time.sleep(0.02)
        assert lease.process_gone(child.pid)
    finally:
        child.wait(timeout=30)


@pytest.mark.parametrize("own", [False, True], ids=["taken over", "resumed"])
def test_a_file_that_stopped_two_workers_is_set_aside(
    tmp_path: Path, dead_pid: int, own: bool
) -> None:
    inbox = tmp_path / "inbox"
    heartbeat = {"host": lease.this_host(), "pid": dead_pid, "at": clock.wall()}
    folder = held_by(inbox, "w1" if own else "killed", heartbeat, "poison.x12", "fine.x12")
    (folder / ".poison.x12.attempts").write_text("2")
    (folder / ".fine.x12.attempts").write_text("1")  # stopped one worker: tried once more
    recorder = Recorder()
    logs: list[dict[str, Any]] = []
    tally = run_once(inbox, recorder, logs)
    assert sorted(recorder.seen) == ["fine.x12"]  # the poison file is not processed again
    assert settled_files(inbox) == {"processed": ["fine.x12"], "rejected": ["poison.x12"]}
    report = json.loads((inbox / "rejected" / "poison.x12.error.json").read_text())
    assert next(iter(report)) == "message" and "stopped a worker twice" in report["message"]
    assert (report["outcome"], report["worker"]) == ("quarantined", "w1")
    assert [e["outcome"] for e in logs if e.get("file") == "poison.x12"] == ["quarantined"]
    assert tally.rejected == 1
    assert not (inbox / WORK).exists() or not list((inbox / WORK).iterdir())


def test_a_clean_stop_removes_the_worker_folder(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.x12").write_text(X12)
    run_once(inbox, Recorder())
    assert list((inbox / WORK).iterdir()) == []


def test_taking_over_when_this_workers_own_folder_is_gone_still_processes_the_file(
    tmp_path: Path, dead_pid: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This worker's folder was removed (say it was itself taken over after a missed
    heartbeat): the take-over makes it again and the dead worker's file is processed."""
    inbox = tmp_path / "inbox"
    heartbeat = {"host": lease.this_host(), "pid": dead_pid, "at": clock.wall()}
    dead = held_by(inbox, "killed", heartbeat, "once.x12")
    (dead / ".once.x12.attempts").write_text("1")
    own = Inbox(inbox, "w1", 30.0)
    own.prepare()
    monkeypatch.setattr(own, "prepare", lambda: None)  # the folder is not made at start ...
    shutil.rmtree(own.work)  # ... and is gone when the take-over begins
    recorder = Recorder()
    logs: list[dict[str, Any]] = []
    tally = Worker(own, recorder, logs.append, Settling(settle_seconds=0.0)).run_once()
    assert sorted(recorder.seen) == ["once.x12"] and tally.processed == 1
    assert settled_files(inbox) == {"processed": ["once.x12"], "rejected": []}
    assert [e["from"] for e in logs if e["event"] == "take-over"] == ["killed"]


def test_a_take_over_that_fails_is_logged_and_the_worker_goes_on(
    tmp_path: Path, dead_pid: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "inbox"
    heartbeat = {"host": lease.this_host(), "pid": dead_pid, "at": clock.wall()}
    held_by(inbox, "killed", heartbeat, "stuck.x12")
    (inbox / "new.x12").write_text(X12)
    own = Inbox(inbox, "w1", 30.0)

    def full(folder: Path) -> list[Path]:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(own, "take_over", full)
    recorder = Recorder()
    logs: list[dict[str, Any]] = []
    tally = Worker(own, recorder, logs.append, Settling(settle_seconds=0.0)).run_once()
    assert sorted(recorder.seen) == ["new.x12"] and tally.processed == 1
    [failed] = [e for e in logs if e["event"] == "take-over"]
    assert "killed" in failed["message"] and "OSError" in failed["message"]


def test_a_count_that_cannot_be_dropped_is_logged_and_the_worker_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "gone.x12").write_text(X12)
    (inbox / "next.x12").write_text(X12)
    own = Inbox(inbox, "w1", 30.0)

    def read_only(path: Path) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(own, "forget", read_only)
    recorder = Recorder()

    def vanishing(path: Path) -> Any:
        if path.name == "gone.x12":
            path.unlink()
            raise FileNotFoundError(errno.ENOENT, "No such file", str(path))
        return recorder(path)

    logs: list[dict[str, Any]] = []
    tally = Worker(own, vanishing, logs.append, Settling(settle_seconds=0.0)).run_once()
    assert (tally.vanished, tally.processed) == (1, 1) and sorted(recorder.seen) == ["next.x12"]
    assert [e["file"] for e in logs if e["event"] == "error"] == ["gone.x12"]
