"""Input files for the segment reader: closed at the end, on error, or when dropped half-read.

The reader is compiled in the release build (setup.py), and a compiled generator that a caller
abandons half-way is not finalized: it runs no ``finally`` and no ``with`` exit. So the reader
does not own the open file itself; it holds an :class:`InputFile`, whose ``__del__`` (plain
Python) closes the file when the abandoned reader lets go of it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import BinaryIO, Protocol

from edi.x12.errors import UnreadableInput


class Readable(Protocol):
    def read(self, size: int, /) -> bytes: ...


class InputFile:
    """A file opened for reading; it closes itself at end of file and when dropped."""

    __slots__ = ("_file",)

    def __init__(self, path: Path, name: str) -> None:
        try:
            self._file: BinaryIO = open(path, "rb")  # noqa: SIM115
        except OSError as exc:
            raise UnreadableInput(f"cannot open: {exc.strerror}", file=name) from None

    def read(self, size: int, /) -> bytes:
        """Up to ``size`` bytes; b"" at the end, where the file is closed."""
        file = self._file
        if file.closed:
            return b""
        data = file.read(size)
        if not data:
            file.close()
        return data

    def __del__(self) -> None:
        file: BinaryIO | None = getattr(self, "_file", None)
        if file is not None:
            file.close()


def file_sha256(*paths: Path) -> str:
    """The sha256 (hex) of the bytes of ``paths``, one after another, read 1 MiB at a time."""
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()
