"""Leases on work folders: which process holds a folder, and whether that process is gone.

A worker writes ``.heartbeat`` in its work folder every third of its lease: a JSON record of
its host, its process id and the wall-clock time. Another worker takes the folder over when

* the heartbeat is older than the lease (whatever host the holder ran on), or
* the holder ran on this host and its process no longer runs (it was killed): at once.

"This host" is the host name plus, where the system tells it, the process-id namespace, so two
containers that share a host name never judge each other's process ids.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from edi.x12 import clock

HEARTBEAT = ".heartbeat"


@dataclass(frozen=True)
class Holder:
    """Who beat last in a work folder, and when (epoch seconds)."""

    at: float
    host: str | None = None
    pid: int | None = None


def this_host() -> str:
    try:
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        return socket.gethostname()
    return f"{socket.gethostname()}/{namespace}"


def beat(folder: Path) -> None:
    """Write this process's heartbeat into ``folder`` (atomically: readers never see half)."""
    record = {"host": this_host(), "pid": os.getpid(), "at": clock.wall()}
    tmp = folder / f"{HEARTBEAT}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(record), encoding="utf-8")
    os.replace(tmp, folder / HEARTBEAT)


def holder(folder: Path) -> Holder | None:
    """The last heartbeat in ``folder``; None when there is none or it cannot be read.

    A bare number (the format of earlier versions) is a time with no host or process."""
    try:
        data = json.loads((folder / HEARTBEAT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(data, int | float):
        return Holder(float(data))
    if not isinstance(data, dict) or not isinstance(data.get("at"), int | float):
        return None
    host, pid = data.get("host"), data.get("pid")
    return Holder(
        float(data["at"]),
        host if isinstance(host, str) else None,
        pid if isinstance(pid, int) else None,
    )


def is_gone(folder: Path, lease_seconds: float) -> bool:
    """Whether the worker of ``folder`` stopped beating for a lease, or died on this host."""
    last = holder(folder)
    at = last.at if last is not None else _mtime(folder)
    if clock.wall() - at > lease_seconds:
        return True
    if last is None or last.pid is None or last.host != this_host():
        return False
    return process_gone(last.pid)


def process_gone(pid: int) -> bool:
    """Whether no process ``pid`` runs on this host (a zombie, killed but not reaped, is gone)."""
    if pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # PermissionError: it runs, as another user
        return False
    return _zombie(pid)


def _zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    fields = stat.rpartition(")")[2].split()
    return bool(fields) and fields[0] == "Z"


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
