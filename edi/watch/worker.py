"""The worker loop: claim one complete file at a time, process it, archive or reject it.

Crash safety comes from the order of steps: the file is claimed by an atomic rename into this
worker's folder; the processing function records the file (hash and interchange control
number) in the same database transaction as its postings; only after that commit is the file
moved to ``processed/``. Killed at any point, a restarted worker finds the file in its folder
(or, for a dead worker, back in the inbox) and processes it again — the ledger then recognises
it as already posted.
"""

from __future__ import annotations

import queue
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from edi.errors import X12FlowError
from edi.watch.inbox import Inbox
from edi.watch.readiness import Settling, ends_with_trailer, is_candidate


@dataclass
class FileOutcome:
    """What processing one file gave. ``ok`` covers a duplicate of a file already posted."""

    ok: bool
    transaction: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    duplicate: bool = False
    message: str = ""
    findings: list[dict[str, Any]] = field(default_factory=list)


class Unavailable(Exception):
    """Processing cannot run now (e.g. the ledger database is down): not the file's fault.

    The file goes back to the inbox untouched and is tried again later."""


Processor = Callable[[Path], FileOutcome]
Logger = Callable[[dict[str, Any]], None]


@dataclass
class Tally:
    processed: int = 0
    duplicates: int = 0
    rejected: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "processed": self.processed,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
        }


class Worker:
    """Processes an inbox with one processing function."""

    def __init__(
        self,
        inbox: Inbox,
        process: Processor,
        log: Logger,
        settling: Settling | None = None,
        poll_seconds: float = 0.5,
        backoff_seconds: float = 10.0,
    ) -> None:
        self.inbox = inbox
        self.process = process
        self.log = log
        self.settling = settling or Settling()
        self.poll_seconds = poll_seconds
        self.backoff_seconds = backoff_seconds
        self.tally = Tally()
        self.unavailable: str | None = None  # why the last file could not be processed
        self._stop = threading.Event()
        self._hints: queue.Queue[tuple[str, Path]] = queue.Queue()
        self._last_beat = 0.0

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

    # -- loops -------------------------------------------------------------------------------
    def run_once(self) -> Tally:
        """Drain the inbox: process what is waiting (once complete) and return."""
        self.inbox.prepare()
        self._resume()
        while not self.stopping:
            waiting = self.inbox.waiting()
            if not waiting:
                break
            ready = [p for p in waiting if self.settling.ready(p)]
            for path in ready:
                if self.stopping:
                    break
                self._handle(path)
                if self.unavailable:
                    return self.tally  # --once: give up now, the files stay in the inbox
            if not ready:
                self._sleep()
        return self.tally

    def run(self) -> Tally:
        """Watch until stopped: events give hints, a periodic scan catches the rest."""
        self.inbox.prepare()
        self._resume()
        while not self.stopping:
            self._heartbeat()
            for path in self._ready_now():
                if self.stopping:
                    break
                self._handle(path)
                if self.unavailable:
                    self._stop.wait(self.backoff_seconds)  # let the database come back
                    break
            self._sleep()
        return self.tally

    # -- steps -------------------------------------------------------------------------------
    def _resume(self) -> None:
        for path in self.inbox.in_progress():
            self._process_claimed(path)
            if self.unavailable:
                return
        self.inbox.recover_orphans()

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
        for path in self.inbox.waiting():
            if path in immediate or self.settling.ready(path):
                self.settling.forget(path)
                yield path

    def _handle(self, path: Path) -> None:
        claimed = self.inbox.claim(path)
        if claimed is not None:
            self._process_claimed(claimed)

    def _process_claimed(self, path: Path) -> None:
        started = time.monotonic()
        try:
            outcome = self.process(path)
        except Unavailable as exc:
            self.inbox.unclaim(path)
            self.unavailable = str(exc)
            self.log(
                {"event": "file", "file": path.name, "outcome": "deferred", "message": str(exc)}
            )
            return
        except X12FlowError as exc:
            outcome = FileOutcome(ok=False, message=exc.message)
        self.unavailable = None
        duration = round((time.monotonic() - started) * 1000)
        if outcome.ok:
            self.inbox.archive(path)
            verdict = "duplicate" if outcome.duplicate else "processed"
            if outcome.duplicate:
                self.tally.duplicates += 1
            else:
                self.tally.processed += 1
        else:
            self.inbox.reject(
                path,
                {
                    "message": outcome.message,
                    "file": path.name,
                    "transaction": outcome.transaction,
                    "findings": outcome.findings,
                },
            )
            verdict = "rejected"
            self.tally.rejected += 1
        self.log(
            {
                "event": "file",
                "file": path.name,
                "transaction": outcome.transaction,
                "counts": outcome.counts,
                "outcome": verdict,
                "duration_ms": duration,
                **({"message": outcome.message} if not outcome.ok else {}),
            }
        )

    def _heartbeat(self) -> None:
        now = time.monotonic()
        if now - self._last_beat >= self.inbox.lease_seconds / 3:
            self.inbox.beat()
            self.inbox.recover_orphans()
            self._last_beat = now

    def _sleep(self) -> None:
        self._stop.wait(self.poll_seconds)
