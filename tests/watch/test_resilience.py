"""No one file stops the watcher: a file whose processing raises, a file that vanishes, one that
cannot be read, one that cannot be moved; only a ledger that cannot be reached defers a file,
with back-off. The watcher runs with a real observer and a real SQLite ledger throughout."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from edi.inbound.ingest import (
    DUPLICATE,
    FAILED,
    HELD,
    POSTED,
    REJECTED,
    UNREADABLE,
    IngestResult,
    ingest_file,
)
from edi.ledger import Ledger, LedgerError, LedgerUnavailable
from edi.watch import FileOutcome, Inbox, Worker, ingesting
from edi.watch.inbox import WORK
from edi.watch.ingesting import ingest_processor, outcome_of
from edi.watch.timing import next_delay
from edi.x12.readiness import Settling
from tests.watch.scenario import MEMBER_IDS, SAMPLES, deliver, settled_files
from tests.watch.test_watcher import run_in_thread, wait_for

SECRET = "DOE JOHN 19800101"  # what an exception's text could quote from a file


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    with Ledger.open(f"sqlite:///{tmp_path / 'ledger.db'}") as opened:
        yield opened


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def watcher(inbox: Path, process: Any, logs: list[dict[str, Any]], **options: float) -> Worker:
    return Worker(
        Inbox(inbox, "w1", lease_seconds=3.0),
        process,
        logs.append,
        Settling(settle_seconds=0.1, give_up_seconds=30.0),
        poll_seconds=0.05,
        **options,
    )


def stop(worker: Worker, thread: Any) -> None:
    worker.stop()
    thread.join(timeout=10)
    assert not thread.is_alive()


def file_entries(logs: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [e for e in logs if e.get("event") == "file" and e.get("file") == name]


def test_a_file_whose_processing_raises_is_rejected_and_the_watcher_goes_on(
    inbox: Path, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = ingest_file

    def poisoned(ledger: Ledger, path: Path, *args: Any, **kwargs: Any) -> IngestResult:
        if Path(path).name == "poison.x12":
            raise ValueError(f"bad value in {SECRET}")
        return real(ledger, path, *args, **kwargs)

    monkeypatch.setattr(ingesting, "ingest_file", poisoned)
    logs: list[dict[str, Any]] = []
    worker = watcher(inbox, ingest_processor(ledger, inbox), logs)
    thread = run_in_thread(worker)
    deliver(SAMPLES[0], inbox, "poison.x12")
    wait_for(lambda: (inbox / "rejected" / "poison.x12.error.json").exists())
    for sample in SAMPLES[1:]:
        deliver(sample, inbox)
    wait_for(lambda: len(settled_files(inbox)["processed"]) == len(SAMPLES) - 1)
    stop(worker, thread)
    text = (inbox / "rejected" / "poison.x12.error.json").read_text()
    report = json.loads(text)
    assert next(iter(report)) == "message"
    assert report["message"] == (
        "x12flow could not process this file: an internal error occurred (ValueError); "
        "it was not posted"
    )
    assert (report["outcome"], report["worker"], report["file"]) == ("failed", "w1", "poison.x12")
    assert "time" in report and "findings" in report
    for shown in (text, json.dumps(logs)):
        assert SECRET not in shown and not any(m in shown for m in MEMBER_IDS)
    assert [e["outcome"] for e in file_entries(logs, "poison.x12")] == ["rejected"]
    assert worker.tally.processed == len(SAMPLES) - 1


@pytest.mark.parametrize("when", ["before it is read", "after it is read"])
def test_a_file_that_vanishes_is_logged_and_skipped(inbox: Path, ledger: Ledger, when: str) -> None:
    ingest = ingest_processor(ledger, inbox)

    def vanishing(path: Path) -> FileOutcome:
        if path.name == "gone.x12" and when == "before it is read":
            path.unlink()
        outcome = ingest(path)
        if path.name == "gone.x12" and when == "after it is read":
            path.unlink()
        return outcome

    logs: list[dict[str, Any]] = []
    worker = watcher(inbox, vanishing, logs)
    thread = run_in_thread(worker)
    deliver(SAMPLES[3], inbox, "gone.x12")
    wait_for(lambda: bool(file_entries(logs, "gone.x12")))
    deliver(SAMPLES[0], inbox)
    wait_for(lambda: bool(settled_files(inbox)["processed"]))
    stop(worker, thread)
    assert [e["outcome"] for e in file_entries(logs, "gone.x12")] == ["vanished"]
    assert settled_files(inbox) == {"processed": [SAMPLES[0].name], "rejected": []}
    assert not (inbox / WORK / "w1").exists()  # nothing left behind, not even its count
    assert worker.tally.vanished == 1


def test_a_file_that_cannot_be_read_goes_to_rejected(inbox: Path, ledger: Ledger) -> None:
    memory = Path("/proc/self/mem")  # a regular file that no process can read from offset 0
    try:
        with memory.open("rb") as stream:
            stream.read(1)
    except OSError:
        pass
    else:
        pytest.skip("/proc/self/mem is readable here")
    logs: list[dict[str, Any]] = []
    worker = watcher(inbox, ingest_processor(ledger, inbox), logs)
    thread = run_in_thread(worker)
    part = inbox / "unreadable.x12.part"
    part.symlink_to(memory)
    part.rename(inbox / "unreadable.x12")
    wait_for(lambda: (inbox / "rejected" / "unreadable.x12.error.json").exists())
    deliver(SAMPLES[0], inbox)
    wait_for(lambda: bool(settled_files(inbox)["processed"]))
    stop(worker, thread)
    report = json.loads((inbox / "rejected" / "unreadable.x12.error.json").read_text())
    assert report["outcome"] == UNREADABLE and "cannot read" in report["message"]
    assert (inbox / "rejected" / "unreadable.x12").is_symlink()


def test_a_file_that_cannot_be_moved_is_left_and_not_retried(inbox: Path, ledger: Ledger) -> None:
    """rejected/ is replaced by a dangling link: rejecting fails with FileExistsError."""
    calls: list[str] = []
    ingest = ingest_processor(ledger, inbox)

    def counting(path: Path) -> FileOutcome:
        calls.append(path.name)
        return ingest(path)

    logs: list[dict[str, Any]] = []
    worker = watcher(inbox, counting, logs)
    thread = run_in_thread(worker)
    wait_for(lambda: (inbox / "rejected").is_dir())
    (inbox / "rejected").rmdir()
    (inbox / "rejected").symlink_to(inbox.parent / "nowhere")  # rejected/ cannot be made
    (inbox / "stuck.x12").write_text("this is not X12 at all\n")
    wait_for(lambda: bool(file_entries(logs, "stuck.x12")))
    deliver(SAMPLES[0], inbox)
    wait_for(lambda: bool(settled_files(inbox)["processed"]))
    time.sleep(0.3)  # several polls: the stuck file is not tried again
    stop(worker, thread)
    assert calls.count("stuck.x12") == 1
    [entry] = file_entries(logs, "stuck.x12")
    assert entry["outcome"] == "left" and "FileExistsError" in entry["message"]
    assert (inbox / WORK / "w1" / "stuck.x12").exists()  # its folder is kept: it holds a file
    # Once rejected/ can be written again, the worker restarted under its name rejects it.
    (inbox / "rejected").unlink()
    Worker(Inbox(inbox, "w1"), ingest, logs.append, Settling(settle_seconds=0.0)).run_once()
    assert settled_files(inbox)["rejected"] == ["stuck.x12"]
    assert not (inbox / WORK / "w1").exists()


def test_an_unreachable_ledger_defers_the_file_with_backoff(
    inbox: Path, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[float] = []
    real = ingest_file

    def flaky(ledger: Ledger, path: Path, *args: Any, **kwargs: Any) -> IngestResult:
        calls.append(time.monotonic())
        if len(calls) <= 4:
            raise LedgerUnavailable("the ledger cannot be reached: OperationalError: refused")
        return real(ledger, path, *args, **kwargs)

    monkeypatch.setattr(ingesting, "ingest_file", flaky)
    logs: list[dict[str, Any]] = []
    worker = watcher(
        inbox,
        ingest_processor(ledger, inbox),
        logs,
        backoff_seconds=0.05,
        backoff_cap_seconds=0.15,
    )
    thread = run_in_thread(worker)
    deliver(SAMPLES[0], inbox)
    wait_for(lambda: bool(settled_files(inbox)["processed"]))
    stop(worker, thread)
    entries = file_entries(logs, SAMPLES[0].name)
    assert [e["outcome"] for e in entries] == ["deferred"] * 4 + ["processed"]
    delays = [e["retry_in_seconds"] for e in entries[:4]]
    assert delays == [0.05, 0.1, 0.15, 0.15]
    assert all("cannot be reached" in e["message"] for e in entries[:4])
    gaps = [later - earlier for earlier, later in itertools.pairwise(calls)]
    assert all(gap >= delay for gap, delay in zip(gaps, delays, strict=True))
    assert worker.unavailable is None


def test_the_backoff_doubles_from_one_second_up_to_a_minute() -> None:
    delays, delay = [], 0.0
    for _ in range(8):
        delay = next_delay(delay, 1.0, 60.0)
        delays.append(delay)
    assert delays == [1, 2, 4, 8, 16, 32, 60, 60]
    worker = Worker(Inbox(Path("inbox")), lambda p: FileOutcome(ok=True), lambda e: None)
    assert (worker.backoff_seconds, worker.backoff_cap_seconds) == (1.0, 60.0)


def test_any_other_ledger_error_rejects_the_file(
    inbox: Path, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refusing(ledger: Ledger, path: Path, *args: Any, **kwargs: Any) -> IngestResult:
        raise LedgerError(f"ledger error: DataError: invalid input {SECRET!r}")

    monkeypatch.setattr(ingesting, "ingest_file", refusing)
    logs: list[dict[str, Any]] = []
    deliver(SAMPLES[0], inbox)
    tally = watcher(inbox, ingest_processor(ledger, inbox), logs).run_once()
    assert tally.rejected == 1
    text = (inbox / "rejected" / f"{SAMPLES[0].name}.error.json").read_text()
    assert "the ledger refused it (LedgerError)" in json.loads(text)["message"]
    assert SECRET not in text and SECRET not in json.dumps(logs)


@pytest.mark.parametrize(
    ("outcome", "settled"),
    [
        (POSTED, True),
        (DUPLICATE, True),
        (HELD, True),
        (REJECTED, False),
        (FAILED, False),
        (UNREADABLE, False),
    ],
)
def test_settled_outcomes_are_processed_and_every_other_is_rejected(
    outcome: str, settled: bool
) -> None:
    result = IngestResult("inbox/a.x12", outcome, kinds=["835", "835"], counts={"claims": 2})
    seen = outcome_of(result)
    assert (seen.ok, seen.outcome, seen.transactions) == (settled, outcome, ["835", "835"])
    assert bool(seen.message) is not settled
