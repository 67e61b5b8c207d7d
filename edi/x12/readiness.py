"""When is a dropped file complete? Moved into place, or unchanged for a while and whole.

The inbox watcher waits for replies with these, and the outbound pipeline skips the same
temporary names in its claims drop folder; both sit above this module, which reads only files
and the X12 core (an interchange is whole when it ends on its IEA trailer).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from edi.x12 import clock
from edi.x12.errors import X12FlowError
from edi.x12.reader import sniff

IGNORED_SUFFIXES = (".part", ".tmp", ".partial", ".crdownload", ".swp")


def is_temporary(path: Path) -> bool:
    """A name still being written or hidden: ``*.part``, ``*.tmp``, dotfiles, ``~`` files."""
    name = path.name
    return name.startswith((".", "~")) or name.endswith(IGNORED_SUFFIXES)


def is_candidate(path: Path) -> bool:
    """A name the inbox watcher may pick up: not temporary, and not JSON (error reports, the
    simulator's decision record)."""
    return not is_temporary(path) and not path.name.endswith(".json")


def looks_like_x12(path: Path) -> bool:
    """Whether the file starts like X12; anything else need not wait to be complete."""
    try:
        with path.open("rb") as stream:
            sniff(stream.read(512))
    except (OSError, X12FlowError):
        return False
    return True


def ends_with_trailer(path: Path) -> bool:
    """Whether the file ends with a whole, terminated IEA segment (SE for a bare set).

    A file still being written almost never ends exactly on its trailer segment."""
    try:
        with path.open("rb") as stream:
            head = stream.read(512)
            size = stream.seek(0, os.SEEK_END)
            stream.seek(max(0, size - 256))
            tail = stream.read()
    except OSError:
        return False
    try:
        header = sniff(head)
    except X12FlowError:
        return False
    d = header.delimiters
    term = d.segment.encode("latin-1")
    body = tail.rstrip(b" \t\r\n\x00") if d.segment not in "\r\n" else tail.rstrip(b" \t\r")
    if not body.endswith(term):
        return False
    last = body[: -len(term)].rsplit(term, 1)[-1].strip(b" \t\r\n").decode("latin-1")
    elements = last.split(d.element)
    if header.start == "ISA":
        return elements[0] == "IEA" and len(elements) >= 3 and len(elements[2].strip()) == 9
    return elements[0] in ("SE", "IEA") and len(elements) >= 3


@dataclass
class Settling:
    """Tracks sizes over time to decide that a file stopped changing."""

    settle_seconds: float = 2.0
    give_up_seconds: float = 60.0

    def __post_init__(self) -> None:
        self._seen: dict[Path, tuple[int, float, float]] = {}

    def ready(self, path: Path, now: float | None = None) -> bool:
        """True once ``path`` kept its size and mtime for ``settle_seconds`` and looks whole
        (or stayed unchanged for ``give_up_seconds``, whole or not: then it is processed and
        rejected with its findings rather than left waiting for ever)."""
        now = time.monotonic() if now is None else now
        try:
            stat = path.stat()
        except OSError:
            self._seen.pop(path, None)
            return False
        key = (stat.st_size, stat.st_mtime_ns)
        seen = self._seen.get(path)
        if seen is None or (seen[0], seen[1]) != key:
            self._seen[path] = (key[0], key[1], now)
            return False
        # Unchanged since this watcher first saw it, or since it was last written, if longer
        # (a file that sat in the inbox before a `watch --once` run has long settled).
        quiet = max(now - seen[2], clock.wall() - stat.st_mtime)
        if quiet < self.settle_seconds:
            return False
        if quiet >= self.give_up_seconds or ends_with_trailer(path) or not looks_like_x12(path):
            self._seen.pop(path, None)
            return True
        return False

    def forget(self, path: Path) -> None:
        self._seen.pop(path, None)
