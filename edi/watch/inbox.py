"""The inbox folder layout: claiming files, archiving them, rejecting them, taking over work.

Beside a claimed file, ``.<name>.attempts`` counts how many times processing of it began and
never finished: a worker writes it before it starts and removes it once the file has moved on.
A file that comes to a worker with a count of two stopped two workers; it is set aside
(see :mod:`edi.watch.worker`) instead of being tried for ever.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
from pathlib import Path
from typing import Any

from edi import clock
from edi.watch import lease
from edi.watch.readiness import is_candidate

WORK = ".work"
PROCESSED = "processed"
REJECTED = "rejected"
HEARTBEAT = lease.HEARTBEAT
ATTEMPTS = ".attempts"


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
        """Renew this worker's lease on its work folder (made again if it was removed)."""
        self.work.mkdir(parents=True, exist_ok=True)
        lease.beat(self.work)

    def release(self) -> None:
        """Remove this worker's folder when it holds no file (a clean stop)."""
        _remove_folder(self.work)

    def waiting(self) -> list[Path]:
        """Files dropped into the inbox itself, oldest first."""
        try:
            entries = [p for p in self.root.iterdir() if p.is_file() and is_candidate(p)]
        except OSError:
            return []
        return sorted(entries, key=_mtime)

    def claim(self, path: Path) -> Path | None:
        """Move ``path`` into this worker's work folder; None if another worker was first."""
        target = _free_name(self.work, path.name)  # never over a file left here
        _counter(target).unlink(missing_ok=True)  # a stale count must not follow a new file
        try:
            os.rename(path, target)
        except FileNotFoundError:
            if not path.exists():
                return None
            self.beat()  # the folder itself was missing
            try:
                os.rename(path, target)
            except FileNotFoundError:
                return None
        return target

    def unclaim(self, path: Path) -> Path:
        """Give a claimed file back to the inbox (it could not be processed now)."""
        target = _free_name(self.root, path.name)
        os.replace(path, target)
        self.forget(path)
        return target

    def in_progress(self) -> list[Path]:
        """Files this worker had claimed before (a restart after a crash)."""
        return _claimed_files(self.work)

    def gone_workers(self) -> list[Path]:
        """Work folders of other workers that died or whose lease ran out."""
        base = self.root / WORK
        try:
            folders = [f for f in base.iterdir() if f != self.work and f.is_dir()]
        except OSError:
            return []
        return [f for f in folders if lease.is_gone(f, self.lease_seconds)]

    def take_over(self, folder: Path) -> list[Path]:
        """Move the files of a gone worker's ``folder`` into this worker's folder, with their
        attempt counts, and remove that folder. Returns the files now held here."""
        taken: list[Path] = []
        for path in _claimed_files(folder):
            target = _free_name(self.work, path.name)
            count = _read_count(_counter(path))
            if count:
                _counter(target).write_text(str(count), encoding="ascii")
            try:
                os.rename(path, target)
            except OSError:  # another worker took it first
                _counter(target).unlink(missing_ok=True)
                continue
            taken.append(target)
        _remove_folder(folder)
        return taken

    def attempts(self, path: Path) -> int:
        """How many times processing of the claimed ``path`` began and never finished."""
        return _read_count(_counter(path))

    def begin(self, path: Path) -> None:
        """Count one more start of processing ``path`` (before the processing runs)."""
        counter = _counter(path)
        tmp = counter.with_name(counter.name + ".tmp")
        tmp.write_text(str(_read_count(counter) + 1), encoding="ascii")
        os.replace(tmp, counter)

    def forget(self, path: Path) -> None:
        """``path`` has left the work folder: drop its attempt count."""
        _counter(path).unlink(missing_ok=True)

    def archive(self, path: Path, day: dt.date | None = None) -> Path:
        folder = self.processed / (day or clock.today()).isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        target = _free_name(folder, path.name)
        os.replace(path, target)
        self.forget(path)
        return target

    def reject(self, path: Path, report: dict[str, Any]) -> Path:
        """Move ``path`` to rejected/ and write ``<name>.error.json`` beside it (the report is
        written first, so a rejected file never lacks one; it is removed if the move fails)."""
        self.rejected.mkdir(parents=True, exist_ok=True)
        target = _free_name(self.rejected, path.name)
        error = target.with_name(target.name + ".error.json")
        tmp = error.with_name("." + error.name + ".tmp")
        tmp.write_text(
            json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
        )
        os.replace(tmp, error)
        try:
            os.replace(path, target)
        except OSError:
            error.unlink(missing_ok=True)
            raise
        self.forget(path)
        return target


def _claimed_files(folder: Path) -> list[Path]:
    """The claimed files in a work folder (dotfiles are the folder's own bookkeeping)."""
    try:
        return sorted(p for p in folder.iterdir() if not p.name.startswith(".") and p.is_file())
    except OSError:
        return []


def _remove_folder(folder: Path) -> None:
    """Remove a work folder's bookkeeping and the folder, unless it still holds a file."""
    if _claimed_files(folder):
        return
    try:
        for entry in folder.iterdir():
            if entry.name.startswith("."):
                entry.unlink(missing_ok=True)
        folder.rmdir()
    except OSError:
        return  # not empty after all, or another worker removed it first


def _counter(path: Path) -> Path:
    return path.with_name(f".{path.name}{ATTEMPTS}")


def _read_count(counter: Path) -> int:
    try:
        return int(counter.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return 0


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
