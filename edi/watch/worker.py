"""The worker loop: claim one complete file at a time, process it, archive or reject it.

Crash safety comes from the order of steps: the file is claimed by an atomic rename into this
worker's folder; the processing function records the file (hash and interchange control
number) in the same database transaction as its postings; only after that commit is the file
moved to ``processed/``. Killed at any point, a restarted worker finds the file in its folder,
or another worker takes the dead worker's folder over, and processes it again — the ledger then
recognises it as already posted.

No one file stops the worker:

* whatever processing one file raises makes it a failure of that file: it goes to
  ``rejected/`` beside ``<name>.error.json`` (the exception is named by its type only);
* only :class:`Unavailable` (the ledger cannot be reached) defers the file: it goes back to the
  inbox and is tried again after a back-off of 1, 2, 4 … seconds, at most 60;
* a file that disappears while it is processed is logged and skipped; a file that cannot be
  moved is logged and left where it is, and this worker does not try it again until it changes;
* a file that stopped two workers (each died while processing it) is set aside in
  ``rejected/`` without being processed a third time;
* a file-system error in the worker's own bookkeeping (taking over a gone worker's folder,
  dropping an attempt count, handling one file) is logged and the worker goes on.

While a worker runs, a thread renews its lease (:mod:`edi.watch.lease`), so a long file keeps
it; the loop takes over the folders of gone workers at start and every few seconds.
"""

from __future__ import annotations

import contextlib
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from edi.watch.inbox import WORK, Inbox
from edi.watch.outcome import (
    QUARANTINE_AFTER,
    QUARANTINED,
    FileOutcome,
    Tally,
    Unavailable,
    internal_error,
    quarantined,
    refused,
)
from edi.watch.timing import log_time, next_delay
from edi.x12 import clock
from edi.x12.errors import X12FlowError
from edi.x12.readiness import Settling, ends_with_trailer, is_candidate

Processor = Callable[[Path], FileOutcome]
Logger = Callable[[dict[str, Any]], None]
BEAT_AT_MOST_EVERY = 5.0  # seconds; also how often a watcher looks for gone workers


class Worker:
    """Processes an inbox with one processing function.

    ``backoff_seconds`` is the first wait after the ledger could not be reached; each further
    failure doubles it, up to ``backoff_cap_seconds``."""

    def __init__(
        self,
        inbox: Inbox,
        process: Processor,
        log: Logger,
        settling: Settling | None = None,
        poll_seconds: float = 0.5,
        backoff_seconds: float = 1.0,
        backoff_cap_seconds: float = 60.0,
    ) -> None:
        self.inbox = inbox
        self.process = process
        self.log = log
        self.settling = settling or Settling()
        self.poll_seconds = poll_seconds
        self.backoff_seconds = backoff_seconds
        self.backoff_cap_seconds = backoff_cap_seconds
        self.tally = Tally()
        self.unavailable: str | None = None  # why the last file could not be processed
        self._watching = False
        self._backing_off = False
        self._delay = 0.0
        self._left: dict[Path, tuple[int, int] | None] = {}
        self._stop = threading.Event()
        self._hints: queue.Queue[tuple[str, Path]] = queue.Queue()
        self._last_look = 0.0

    # -- control -----------------------------------------------------------------------------
    def stop(self) -> None:
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def install_signal_handlers(self) -> None:
        """SIGINT/SIGTERM: finish the current file, then stop."""

        def handler(signum: int, frame: FrameType | None) -> None:
            self.stop()

        signal.signal(signal.SIGINT, handler)
        signal.signal(signal.SIGTERM, handler)

    def hint(self, kind: str, path: Path) -> None:
        """A file-system event: ``moved`` (complete), ``closed`` or ``changed`` (maybe not)."""
        self._hints.put((kind, path))

    def emit(self, event: str, fields: dict[str, Any]) -> None:
        """One log entry, stamped with the time (:func:`log_time`) and this worker's id. A
        ``file`` entry names the file's transactions as a list (``["835"]``; empty when the file
        was not read: deferred, vanished or left)."""
        entry = {
            "event": event,
            "time": log_time(),
            "worker": self.inbox.worker,
            **fields,
        }
        if event == "file":
            entry.setdefault("transactions", [])
        with contextlib.suppress(OSError, ValueError):  # the log stream is gone: go on
            self.log(entry)

    # -- loops -------------------------------------------------------------------------------
    def run_once(self) -> Tally:
        """Drain the inbox: process what is waiting (once complete) and return. When the ledger
        cannot be reached, stop at once: the file goes back to the inbox for the next run."""
        with self._lease():
            self._take_over()
            self._drain_own()
            while self._may_go_on():
                waiting = self._waiting()
                if not waiting:
                    break
                ready = [p for p in waiting if self.settling.ready(p)]
                for path in ready:
                    if not self._may_go_on():
                        break
                    self._guarded(self._handle, path)
                if not ready:
                    self._sleep()
        return self.tally

    def run(self) -> Tally:
        """Watch until stopped: events give hints, a periodic scan catches the rest."""
        self._watching = True
        with self._lease():
            while not self.stopping:
                self._look_for_gone_workers()
                self._drain_own()
                for path in self._ready_now():
                    if not self._may_go_on():
                        break
                    self._guarded(self._handle, path)
                if self._backing_off:
                    self._stop.wait(self._delay)  # let the database come back
                    self._backing_off = False
                self._sleep()
        return self.tally

    @contextlib.contextmanager
    def _lease(self) -> Iterator[None]:
        """Hold this worker's folder: a thread renews the heartbeat while the loop runs (a
        long file keeps its lease); a clean stop removes the folder."""
        self.inbox.prepare()
        done = threading.Event()
        beating = threading.Thread(target=self._keep_beating, args=(done,), daemon=True)
        beating.start()
        try:
            yield
        finally:
            done.set()
            beating.join()
        self.inbox.release()

    def _keep_beating(self, done: threading.Event) -> None:
        while not done.wait(self._interval()):
            try:
                self.inbox.beat()
            except OSError as exc:
                self.emit("lease", {"message": f"cannot renew the lease ({type(exc).__name__})"})

    def _interval(self) -> float:
        return min(self.inbox.lease_seconds / 3, BEAT_AT_MOST_EVERY)

    # -- finding work ------------------------------------------------------------------------
    def _may_go_on(self) -> bool:
        return not self.stopping and not self._backing_off

    def _take_over(self) -> None:
        """Move the files of dead workers into this worker's folder (processed next)."""
        for folder in self.inbox.gone_workers():
            try:
                taken = self.inbox.take_over(folder)
            except OSError as exc:
                self._trouble("take-over", f"cannot take over {folder.name}", exc)
                continue
            if taken:
                self.emit("take-over", {"from": folder.name, "files": [p.name for p in taken]})

    def _drain_own(self) -> None:
        """Process the files in this worker's own folder: resumed or taken over."""
        for path in self.inbox.in_progress():
            if not self._may_go_on():
                return
            if not self._is_left(path):
                self._guarded(self._process_claimed, path)

    def _waiting(self) -> list[Path]:
        return [p for p in self.inbox.waiting() if not self._is_left(p)]

    def _ready_now(self) -> Iterator[Path]:
        immediate: set[Path] = set()
        while True:
            try:
                kind, path = self._hints.get_nowait()
            except queue.Empty:
                break
            if (
                path.parent == self.inbox.root
                and is_candidate(path)
                and (kind == "moved" or (kind == "closed" and ends_with_trailer(path)))
            ):
                immediate.add(path)
        for path in self._waiting():
            if path in immediate or self.settling.ready(path):
                self.settling.forget(path)
                yield path

    def _is_left(self, path: Path) -> bool:
        """A file this worker could not move: skipped until it changes."""
        if path not in self._left:
            return False
        if self._left[path] == _signature(path):
            return True
        del self._left[path]
        return False

    # -- one file ----------------------------------------------------------------------------
    def _guarded(self, step: Callable[[Path], None], path: Path) -> None:
        """One file's step; a file-system error it did not expect is logged, the loop goes on."""
        try:
            step(path)
        except OSError as exc:
            self._trouble("error", "the file could not be handled now", exc, path)

    def _trouble(self, event: str, what: str, exc: OSError, path: Path | None = None) -> None:
        entry: dict[str, Any] = {"message": f"{what} ({type(exc).__name__}: {exc.strerror})"}
        if path is not None:
            entry["file"] = path.name
        self.emit(event, entry)

    def _forget(self, path: Path) -> None:
        try:
            self.inbox.forget(path)
        except OSError as exc:
            self._trouble("error", "cannot drop the attempt count", exc, path)

    def _handle(self, path: Path) -> None:
        try:
            claimed = self.inbox.claim(path)
        except OSError as exc:
            self._leave(path, exc)
            return
        if claimed is not None:
            self._process_claimed(claimed)

    def _process_claimed(self, path: Path) -> None:
        started = time.monotonic()
        attempts = self.inbox.attempts(path)
        if attempts >= QUARANTINE_AFTER:
            self._settle(path, quarantined(attempts), started)
            return
        outcome = self._run(path)
        if outcome is not None:
            self._settle(path, outcome, started)

    def _run(self, path: Path) -> FileOutcome | None:
        """Process ``path``; None when it was deferred or disappeared."""
        with contextlib.suppress(OSError):  # counting is a safeguard; process the file anyway
            self.inbox.begin(path)
        try:
            return self.process(path)
        except Unavailable as exc:
            self._defer(path, str(exc))
        except X12FlowError as exc:
            return refused(f"x12flow could not process this file: {exc.message}; not posted")
        except Exception as exc:
            if isinstance(exc, FileNotFoundError) and not path.exists():
                self._vanished(path)
            else:
                return internal_error(exc)
        return None

    def _settle(self, path: Path, outcome: FileOutcome, started: float) -> None:
        """Move ``path`` where ``outcome`` sends it, and log it."""
        try:
            if outcome.ok:
                self.inbox.archive(path)
            else:
                self.inbox.reject(path, self._report(path, outcome))
        except OSError as exc:
            if isinstance(exc, FileNotFoundError) and not path.exists():
                self._vanished(path)
            else:
                self._leave(path, exc)
            return
        self.unavailable = None
        self._delay = 0.0
        if outcome.ok:
            verdict = "duplicate" if outcome.duplicate else "processed"
            if outcome.duplicate:
                self.tally.duplicates += 1
            else:
                self.tally.processed += 1
        else:
            verdict = "quarantined" if outcome.outcome == QUARANTINED else "rejected"
            self.tally.rejected += 1
        entry: dict[str, Any] = {
            "file": path.name,
            "transactions": outcome.transactions,
            "counts": outcome.counts,
            "outcome": verdict,
            "result": outcome.outcome or verdict,
            "duration_ms": round((time.monotonic() - started) * 1000),
        }
        if not outcome.ok:
            entry["message"] = outcome.message
        self.emit("file", entry)

    def _report(self, path: Path, outcome: FileOutcome) -> dict[str, Any]:
        """The ``.error.json`` of a rejected file: a plain message first, then the details."""
        return {
            "message": outcome.message,
            "file": path.name,
            "outcome": outcome.outcome or "rejected",
            "transactions": outcome.transactions,
            "counts": outcome.counts,
            "findings": outcome.findings,
            "worker": self.inbox.worker,
            "time": clock.now().isoformat(timespec="seconds"),
        }

    def _defer(self, path: Path, reason: str) -> None:
        """The ledger cannot be reached: the file goes back to the inbox; back off."""
        self.unavailable = reason
        self._backing_off = True
        self._delay = next_delay(self._delay, self.backoff_seconds, self.backoff_cap_seconds)
        try:
            self.inbox.unclaim(path)
        except OSError:
            self._forget(path)  # still in this worker's folder: tried again from there
        entry: dict[str, Any] = {"file": path.name, "outcome": "deferred"}
        if self._watching:
            entry["retry_in_seconds"] = self._delay
            entry["message"] = f"{reason}; the file is tried again in {self._delay:g} s"
        else:
            entry["message"] = f"{reason}; the file is left in the inbox for the next run"
        self.emit("file", entry)

    def _vanished(self, path: Path) -> None:
        self._forget(path)
        self.tally.vanished += 1
        self.emit(
            "file",
            {
                "file": path.name,
                "outcome": "vanished",
                "message": "the file disappeared while it was processed; skipped",
            },
        )

    def _leave(self, path: Path, exc: OSError) -> None:
        self._left[path] = _signature(path)
        self.tally.left += 1
        where = "the inbox" if path.parent == self.inbox.root else f"{WORK}/{self.inbox.worker}"
        self.emit(
            "file",
            {
                "file": path.name,
                "outcome": "left",
                "message": f"the file cannot be moved ({type(exc).__name__}: {exc.strerror}); "
                f"it stays in {where} until it changes or the watcher restarts",
            },
        )

    # -- timing ------------------------------------------------------------------------------
    def _look_for_gone_workers(self) -> None:
        now = time.monotonic()
        if now - self._last_look >= self._interval():
            self._last_look = now
            self._take_over()

    def _sleep(self) -> None:
        self._stop.wait(self.poll_seconds)


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns
