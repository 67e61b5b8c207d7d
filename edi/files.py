"""Opening input files for the segment reader.

A generator that owns an open file must stay interpreted Python: when a caller stops iterating
early, CPython finalizes the abandoned generator, which closes the file. The reader itself is
compiled in the release build (setup.py), and compiled generators are not finalized that way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, TypeVar

from edi.errors import UnreadableInput

T = TypeVar("T")


def read_path(path: Path, name: str, read: Callable[[BinaryIO], Iterator[T]]) -> Iterator[T]:
    """``read(stream)`` over the file at ``path``, closed when iteration ends or is abandoned."""
    try:
        stream: BinaryIO = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise UnreadableInput(f"cannot open: {exc.strerror}", file=name) from None
    with stream:
        yield from read(stream)
