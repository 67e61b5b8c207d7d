"""A temporary file holding a 277's levels and claims as JSON text until the set is read.

The JSON of a 277 lists the levels in file order before the claims, but levels close after
their children and the last one at SE. Each finished level or claim is written here as one line
of JSON, exactly as the output writer would write it, and read back line by line once the set is
known to be whole. Memory holds two numbers per level (its HL ordinal and where its line starts).
"""

from __future__ import annotations

import json
import tempfile
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any

from pydantic import BaseModel

from edi.x12.jsonout import dumps


@contextmanager
def spooled() -> Iterator[Spool]:
    """A spool whose files are gone when the block ends."""
    with tempfile.TemporaryFile() as levels, tempfile.TemporaryFile() as claims:
        yield Spool(levels, claims)


class Spool:
    """Levels and claims on disk (see :func:`spooled`)."""

    def __init__(self, levels: IO[bytes], claims: IO[bytes]) -> None:
        self._levels = levels
        self._claims = claims
        self._ordinals = array("q")
        self._offsets = array("q")

    def level(self, ordinal: int, level: BaseModel) -> None:
        self._ordinals.append(ordinal)
        self._offsets.append(self._levels.tell())
        self._levels.write(_line(level))

    def claim(self, claim: BaseModel) -> None:
        self._claims.write(_line(claim))

    def levels(self) -> Iterator[dict[str, Any]]:
        """The levels in file order (by HL ordinal; stand-ins for missing HLs, ordinal 0,
        first, in the order they closed)."""
        ordinals, offsets, file = self._ordinals, self._offsets, self._levels
        file.flush()
        in_order: Sequence[int] = range(len(ordinals))
        if any(ordinals[i] > ordinals[i + 1] for i in range(len(ordinals) - 1)):
            in_order = sorted(in_order, key=ordinals.__getitem__)
        for index in in_order:
            file.seek(offsets[index])
            yield json.loads(file.readline())

    def claims(self) -> Iterator[dict[str, Any]]:
        """The claims in the order they were read."""
        file = self._claims
        file.flush()
        file.seek(0)
        for line in file:
            yield json.loads(line)


def _line(model: BaseModel) -> bytes:
    return (dumps(model) + "\n").encode("utf-8")
