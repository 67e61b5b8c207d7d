"""The inbox folder layout: claiming files, archiving them, rejecting them, taking over work.

Beside a claimed file, ``.<name>.attempts`` counts how many times processing of it began and
never finished: a worker writes it before it starts and removes it once the file has moved on.
A file that comes to a worker with a count of two stopped two workers; it is set aside
(see :mod:`edi.watch.worker`) instead of being tried for ever.

Several workers share ``processed/``, ``rejected/`` and the inbox itself, so a file moved there
claims its name atomically (a hard link that fails when the name is taken, then the old name is
removed): two files of the same name, settled at the same instant, both keep their content under
``name``, ``name.1`` …, and a rejected file's ``.error.json`` carries the name of its own file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import secrets
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from edi.watch import lease
from edi.x12 import clock
from edi.x12.readiness import is_candidate

WORK = ".work"
PROCESSED = "processed"
REJECTED = "rejected"
HEARTBEAT = lease.HEARTBEAT
ATTEMPTS = ".attempts"
ERROR = ".error.json"
# link() is not supported here: claim the name with an empty file, then rename over it
_NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EMLINK}


def worker_id() -> str:
    """``host-pid-xxxxxx``: the random suffix keeps apart two containers that share a host name
    and both run the watcher as process 1."""
    return f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"


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
        target = _move_free(path, self.root)
        _forget_quietly(path)
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
        attempt counts, and remove that folder. Returns the files now held here.

        This worker's own folder is made again first (it may have been removed, say after a
        missed heartbeat); a file whose count cannot be carried over stays where it is."""
        self.beat()
        taken: list[Path] = []
        for path in _claimed_files(folder):
            target = _free_name(self.work, path.name)
            count = _read_count(_counter(path))
            try:
                if count:
                    _counter(target).write_text(str(count), encoding="ascii")
                else:
                    _counter(target).unlink(missing_ok=True)  # a stale count of another file
            except OSError:
                continue  # the count would be lost: leave the file to the next look
            try:
                os.rename(path, target)
            except OSError:  # another worker took it first
                _forget_quietly(target)
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
        target = _move_free(path, folder)
        _forget_quietly(path)
        return target

    def reject(self, path: Path, report: dict[str, Any]) -> Path:
        """Move ``path`` to rejected/ and put ``<name>.error.json`` beside it under the name the
        file gets. The report is placed first, so a rejected file never lacks one; it is removed
        if the move fails. Neither ever replaces a file already there."""
        self.rejected.mkdir(parents=True, exist_ok=True)
        text = json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n"
        handle, name = tempfile.mkstemp(prefix=".", suffix=ERROR + ".tmp", dir=self.rejected)
        tmp = Path(name)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            for target in _names(self.rejected, path.name):
                error = target.with_name(target.name + ERROR)
                try:
                    _place(tmp, error)
                except FileExistsError:
                    continue
                try:
                    _place(path, target)
                except FileExistsError:
                    os.replace(error, tmp)  # that name is taken after all: try the next
                    continue
                except OSError:
                    error.unlink(missing_ok=True)
                    raise
                _forget_quietly(path)
                return target
        finally:
            tmp.unlink(missing_ok=True)
        raise AssertionError("unreachable: _names never ends")  # pragma: no cover


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


def _forget_quietly(path: Path) -> None:
    """Drop the attempt count of a file that has moved on (a count left behind is harmless:
    a claim or a take-over clears it before a file of that name uses it)."""
    with contextlib.suppress(OSError):
        _counter(path).unlink(missing_ok=True)


def _names(folder: Path, name: str) -> Iterator[Path]:
    """``folder/name``, then ``folder/stem.1.suffix``, ``folder/stem.2.suffix`` …"""
    yield folder / name
    stem, dot, suffix = name.partition(".")
    n = 1
    while True:
        yield folder / f"{stem}.{n}{dot}{suffix}"
        n += 1


def _free_name(folder: Path, name: str) -> Path:
    """The first of :func:`_names` that does not exist (only for this worker's own folder,
    where no one else creates files)."""
    return next(target for target in _names(folder, name) if not target.exists())


def _move_free(path: Path, folder: Path) -> Path:
    """Move ``path`` into ``folder`` under the first free name of :func:`_names`, claimed
    atomically: a file already there, or placed there meanwhile by another worker, is never
    replaced."""
    for target in _names(folder, path.name):
        try:
            _place(path, target)
        except FileExistsError:
            continue
        return target
    raise AssertionError("unreachable: _names never ends")  # pragma: no cover


def _place(path: Path, target: Path) -> None:
    """Move ``path`` to ``target`` on the same file system; FileExistsError, with nothing
    moved, when ``target`` exists. A hard link claims the name, then the old name goes; where
    links are not supported, an empty file made with O_EXCL claims it and the file is renamed
    over that placeholder."""
    try:
        os.link(path, target)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        try:
            os.replace(path, target)
        except OSError:
            target.unlink(missing_ok=True)
            raise
        return
    try:
        os.unlink(path)
    except OSError:
        target.unlink(missing_ok=True)  # keep one copy: the file stays where it was
        raise
