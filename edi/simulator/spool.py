"""Records kept on disk while the simulator works, so memory does not grow with the claims.

A :class:`Spool` pickles records to an unnamed temporary file (gone when closed, or when the
process ends) and reads them back by position or in order. :class:`ClaimSpool` numbers the
submitted claims in reading order; :class:`SpooledClaims` is the claims of one transaction set
as a sequence read from the spool, one claim at a time.
"""

from __future__ import annotations

import pickle
import tempfile
from array import array
from collections.abc import Iterator, Sequence
from typing import Generic, TypeVar, cast, overload

from edi.simulator.submitted import SubmittedClaim

T = TypeVar("T")


class Spool(Generic[T]):
    """Records in a temporary file: :meth:`add` gives each one's position."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self._end = 0

    def add(self, record: T) -> int:
        data = pickle.dumps(record, pickle.HIGHEST_PROTOCOL)
        self._file.seek(self._end)
        self._file.write(data)
        at, self._end = self._end, self._end + len(data)
        return at

    def load(self, at: int) -> T:
        self._file.seek(at)
        return cast(T, pickle.load(self._file))

    def between(self, start: int, stop: int | None = None) -> Iterator[T]:
        """The records from position ``start`` to ``stop`` (the end), in order."""
        stop = self._end if stop is None else stop
        at = start
        while at < stop:
            self._file.seek(at)  # a load elsewhere may have moved the file in between
            record = cast(T, pickle.load(self._file))
            at = self._file.tell()
            yield record

    def __iter__(self) -> Iterator[T]:
        return self.between(0)

    def clear(self) -> None:
        """Forget every record (the file is reused)."""
        self._file.seek(0)
        self._file.truncate()
        self._end = 0

    def close(self) -> None:
        self._file.close()


class ClaimSpool:
    """The submitted claims of a run, numbered from 0 in reading order."""

    def __init__(self) -> None:
        self._spool: Spool[SubmittedClaim] = Spool()
        self._at = array("q")

    def add(self, claim: SubmittedClaim) -> None:
        self._at.append(self._spool.add(claim))

    def __len__(self) -> int:
        return len(self._at)

    def __getitem__(self, number: int) -> SubmittedClaim:
        return self._spool.load(self._at[number])

    def between(self, start: int, stop: int) -> Iterator[SubmittedClaim]:
        """Claims ``start`` to ``stop`` (excluded), in order."""
        if start >= stop:
            return iter(())
        end = self._at[stop] if stop < len(self._at) else None
        return self._spool.between(self._at[start], end)

    def __iter__(self) -> Iterator[SubmittedClaim]:
        return self._spool.between(0)

    def view(self, start: int, stop: int) -> SpooledClaims:
        return SpooledClaims(self, start, stop)

    def close(self) -> None:
        self._spool.close()


class SpooledClaims(Sequence[SubmittedClaim]):
    """Claims ``start`` to ``stop`` of a spool as a sequence; each is read when asked for."""

    def __init__(self, spool: ClaimSpool, start: int, stop: int) -> None:
        self.spool = spool
        self.start = start
        self.stop = stop

    def __len__(self) -> int:
        return self.stop - self.start

    @overload
    def __getitem__(self, index: int) -> SubmittedClaim: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[SubmittedClaim]: ...

    def __getitem__(self, index: int | slice) -> SubmittedClaim | Sequence[SubmittedClaim]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if not -len(self) <= index < len(self):
            raise IndexError("claim index out of range")
        return self.spool[self.start + index % len(self)]

    def __iter__(self) -> Iterator[SubmittedClaim]:
        return self.spool.between(self.start, self.stop)
