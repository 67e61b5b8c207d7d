"""The inbox folder layout: claiming files, archiving them, rejecting them, recovering work."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import time
from pathlib import Path
from typing import Any

from edi.watch.readiness import is_candidate

WORK = ".work"
PROCESSED = "processed"
REJECTED = "rejected"
HEARTBEAT = ".heartbeat"


def worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


class Inbox:
    """One inbox folder, seen by one worker."""

    def __init__(self, root: Path, worker: str | None = None, lease_seconds: float = 30.0) -> None:
        self.root = root
        self.worker = worker or worker_id()
        self.lease_seconds = lease_seconds
        self.work = root / WORK / self.worker
        self.processed = root / PROCESSED
        self.rejected = root / REJECTED

    def prepare(self) -> None:
        for folder in (self.root, self.work, self.processed, self.rejected):
            folder.mkdir(parents=True, exist_ok=True)
        self.beat()

    def beat(self) -> None:
        """Renew this worker's lease on its work folder."""
        (self.work / HEARTBEAT).write_text(str(time.time()), encoding="ascii")

    def waiting(self) -> list[Path]:
        """Files dropped into the inbox itself, oldest first."""
        try:
            entries = [p for p in self.root.iterdir() if p.is_file() and is_candidate(p)]
        except FileNotFoundError:
            return []
        return sorted(entries, key=_mtime)

    def claim(self, path: Path) -> Path | None:
        """Move ``path`` into this worker's work folder; None if another worker was first."""
        target = self.work / path.name
        try:
            os.rename(path, target)
        except FileNotFoundError:
            return None
        return target

    def unclaim(self, path: Path) -> Path:
        """Give a claimed file back to the inbox (it could not be processed now)."""
        target = _free_name(self.root, path.name)
        os.replace(path, target)
        return target

    def in_progress(self) -> list[Path]:
        """Files this worker had claimed before (a restart after a crash)."""
        return sorted(p for p in self.work.iterdir() if p.is_file() and p.name != HEARTBEAT)

    def recover_orphans(self) -> list[Path]:
        """Put back into the inbox the files of workers whose lease ran out (they died)."""
        returned: list[Path] = []
        base = self.root / WORK
        if not base.is_dir():
            return returned
        for folder in base.iterdir():
            if folder == self.work or not folder.is_dir() or not self._expired(folder):
                continue
            for path in folder.iterdir():
                if path.name == HEARTBEAT or not path.is_file():
                    continue
                try:
                    os.rename(path, _free_name(self.root, path.name))
                    returned.append(path)
                except FileNotFoundError:
                    continue  # another worker recovered it first
        return returned

    def _expired(self, folder: Path) -> bool:
        beat = folder / HEARTBEAT
        try:
            last = float(beat.read_text(encoding="ascii"))
        except (OSError, ValueError):
            last = _mtime(folder)
        return time.time() - last > self.lease_seconds

    def archive(self, path: Path, day: dt.date | None = None) -> Path:
        folder = self.processed / (day or dt.date.today()).isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        target = _free_name(folder, path.name)
        os.replace(path, target)
        return target

    def reject(self, path: Path, report: dict[str, Any]) -> Path:
        """Move ``path`` to rejected/ and write ``<name>.error.json`` beside it."""
        self.rejected.mkdir(parents=True, exist_ok=True)
        target = _free_name(self.rejected, path.name)
        error = target.with_name(target.name + ".error.json")
        tmp = error.with_name("." + error.name + ".tmp")
        tmp.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, error)
        os.replace(path, target)
        return target


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``folder/stem.N.suffix`` when that exists already."""
    target = folder / name
    n = 1
    while target.exists():
        stem, dot, suffix = name.partition(".")
        target = folder / f"{stem}.{n}{dot}{suffix}"
        n += 1
    return target
