"""The watcher with a real watchdog observer and a separate writer process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from edi.watch import FileOutcome, Inbox, Worker
from edi.watch.inbox import HEARTBEAT, WORK
from edi.watch.observer import watch
from edi.x12 import clock
from edi.x12.readiness import Settling, ends_with_trailer, is_candidate
from tests.conftest import interchange, transaction_set

X12 = interchange(transaction_set("835", "0001", ["BPR*I*0*C*NON", "TRN*1*X*1"] * 40))

WRITER = """
import sys, time
data = open(sys.argv[1], 'rb').read()
pause = float(sys.argv[3])
step = max(1, len(data) // 6)
for i in range(0, len(data), step):
    with open(sys.argv[2], 'ab') as out:   # open, write a piece, close: again and again
        out.write(data[i:i + step])
    time.sleep(pause)
"""


class Recorder:
    def __init__(self, outcome: FileOutcome | None = None) -> None:
        self.seen: dict[str, bytes] = {}
        self.outcome = outcome or FileOutcome(
            ok=True, outcome="posted", transactions=["835"], counts={"claims": 0}
        )
        self.lock = threading.Lock()

    def __call__(self, path: Path) -> FileOutcome:
        with self.lock:
            self.seen[path.name] = path.read_bytes()
        return self.outcome


def worker(
    root: Path,
    process: Any,
    logs: list[dict[str, Any]] | None = None,
    settle: float = 0.3,
    worker_name: str = "w1",
) -> Worker:
    log = logs.append if logs is not None else (lambda _: None)
    return Worker(
        Inbox(root, worker_name, lease_seconds=2.0),
        process,
        log,
        Settling(settle_seconds=settle, give_up_seconds=30.0),
        poll_seconds=0.05,
    )


def run_in_thread(w: Worker) -> threading.Thread:
    thread = threading.Thread(target=watch, args=(w,), daemon=True)
    thread.start()
    return thread


def wait_for(condition: Any, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def test_slow_partial_writes_are_never_read_early(tmp_path: Path) -> None:
    source = tmp_path / "source.835"
    source.write_text(X12)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    recorder = Recorder()
    w = worker(inbox, recorder, settle=0.3)
    thread = run_in_thread(w)
    # Pauses between pieces longer than the settle time: only the trailer check holds it back.
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(source), str(inbox / "slow.835"), "0.5"]
    )
    writer.wait(timeout=30)
    wait_for(lambda: "slow.835" in recorder.seen)
    w.stop()
    thread.join(timeout=10)
    assert recorder.seen["slow.835"] == X12.encode()
    assert list((inbox / "processed").rglob("slow.835"))


def test_temporary_names_wait_until_moved_into_place(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    recorder = Recorder()
    w = worker(inbox, recorder, settle=0.2)
    thread = run_in_thread(w)
    part = inbox / "remit.835.part"
    part.write_text(X12)
    (inbox / ".hidden.835").write_text(X12)
    time.sleep(0.8)
    assert recorder.seen == {}
    os.rename(part, inbox / "remit.835")
    wait_for(lambda: "remit.835" in recorder.seen)
    w.stop()
    thread.join(timeout=10)
    assert (inbox / ".hidden.835").exists()


def test_files_already_waiting_are_processed_and_dated(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(3):
        (inbox / f"f{i}.835").write_text(X12)
    logs: list[dict[str, Any]] = []
    tally = worker(inbox, Recorder(), logs, settle=0.1).run_once()
    assert tally.processed == 3
    day_folders = list((inbox / "processed").iterdir())
    assert len(day_folders) == 1 and len(list(day_folders[0].iterdir())) == 3
    assert [entry["outcome"] for entry in logs] == ["processed"] * 3
    assert set(logs[0]) >= {"time", "worker", "file", "transactions", "counts", "outcome"}
    assert logs[0]["worker"] == "w1" and logs[0]["transactions"] == ["835"]


def test_failures_go_to_rejected_with_an_error_file(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "bad.835").write_text("not x12")
    outcome = FileOutcome(
        ok=False,
        message="bad.835: not an X12 file",
        findings=[{"severity": "error", "message": "x"}],
    )
    tally = worker(inbox, Recorder(outcome), settle=0.1).run_once()
    assert tally.rejected == 1
    report = json.loads((inbox / "rejected" / "bad.835.error.json").read_text())
    assert next(iter(report)) == "message"
    assert report["message"] == "bad.835: not an X12 file"
    assert (inbox / "rejected" / "bad.835").read_text() == "not x12"


def test_duplicates_are_archived_not_rejected(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "again.835").write_text(X12)
    tally = worker(inbox, Recorder(FileOutcome(ok=True, duplicate=True)), settle=0.1).run_once()
    assert (tally.duplicates, tally.processed) == (1, 0)


def test_a_restarted_worker_finishes_what_it_had_claimed(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    own = inbox / WORK / "w1"
    own.mkdir(parents=True)
    (own / "claimed.835").write_text(X12)
    recorder = Recorder()
    worker(inbox, recorder, settle=0.1).run_once()
    assert "claimed.835" in recorder.seen
    assert not (own / "claimed.835").exists()


def test_files_of_a_dead_worker_are_picked_up_again(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    dead = inbox / WORK / "gone-1"
    dead.mkdir(parents=True)
    (dead / "orphan.835").write_text(X12)
    (dead / HEARTBEAT).write_text(str(clock.wall() - 3600))
    live = inbox / WORK / "alive-2"
    live.mkdir(parents=True)
    (live / "busy.835").write_text(X12)
    (live / HEARTBEAT).write_text(str(clock.wall()))
    recorder = Recorder()
    worker(inbox, recorder, settle=0.1).run_once()
    assert "orphan.835" in recorder.seen and not dead.exists()
    assert "busy.835" not in recorder.seen and (live / "busy.835").exists()


def test_only_one_worker_claims_a_file(tmp_path: Path) -> None:
    inbox_path = tmp_path / "inbox"
    inbox_path.mkdir()
    (inbox_path / "one.835").write_text(X12)
    first, second = Inbox(inbox_path, "a"), Inbox(inbox_path, "b")
    first.prepare()
    second.prepare()
    assert first.claim(inbox_path / "one.835") is not None
    assert second.claim(inbox_path / "one.835") is None


def test_candidates_and_trailers(tmp_path: Path) -> None:
    assert is_candidate(Path("a.835")) and not is_candidate(Path("a.835.part"))
    assert not is_candidate(Path(".a.835")) and not is_candidate(Path("a.tmp"))
    assert not is_candidate(Path("simulation-1.json"))
    whole = tmp_path / "whole.x12"
    whole.write_text(X12)
    assert ends_with_trailer(whole)
    half = tmp_path / "half.x12"
    half.write_text(X12[: len(X12) // 2])
    assert not ends_with_trailer(half)


def test_a_file_without_its_trailer_waits_unless_it_sat_long_enough(tmp_path: Path) -> None:
    fresh, old = tmp_path / "fresh.x12", tmp_path / "old.x12"
    for path in (fresh, old):
        path.write_text(X12[:-40])  # cut short: no IEA at the end
    an_hour_ago = clock.wall() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    settling = Settling(settle_seconds=0.0, give_up_seconds=30.0)
    assert not settling.ready(fresh, now=100.0) and not settling.ready(old, now=100.0)
    # Seen again a second later: the fresh one may still be arriving, the old one has settled.
    assert not settling.ready(fresh, now=101.0)
    assert settling.ready(old, now=101.0)
    assert settling.ready(fresh, now=131.0)  # unchanged for give_up_seconds: read anyway
