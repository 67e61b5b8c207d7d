"""A transaction set lent out of the shared segment stream (ST through SE, read once)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import Protocol

from edi.x12.envelope.headers import (
    BOUNDARY,
    Acknowledgment,
    GroupEnd,
    GroupHeader,
    GroupStart,
    InterchangeEnd,
    InterchangeHeader,
    InterchangeStart,
    transaction_kind,
    variant_of,
)
from edi.x12.location import Location
from edi.x12.segment import Segment


class TrailerChecks(Protocol):
    """What a transaction set reports to its walker when it ends."""

    def _missing_trailer(self, ts: TransactionSet, at: Segment | None) -> None: ...

    def _check_trailer(self, ts: TransactionSet, se: Segment) -> None: ...


class SegmentStream:
    """A segment iterator with one-segment pushback."""

    __slots__ = ("_back", "_it")

    def __init__(self, it: Iterator[Segment]) -> None:
        self._it = it
        self._back: Segment | None = None

    def next(self) -> Segment | None:
        if self._back is not None:
            seg, self._back = self._back, None
            return seg
        return next(self._it, None)

    def push(self, seg: Segment) -> None:
        self._back = seg


@dataclass(slots=True)
class TransactionSet:
    """One ST…SE. Iterate over :meth:`segments` (once) to read it."""

    header: Segment  # ST
    interchange: InterchangeHeader | None
    group: GroupHeader | None
    location: Location
    _stream: SegmentStream
    _walker: TrailerChecks
    segment_count: int = 0
    trailer: Segment | None = None
    _started: bool = False
    _done: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def set_id(self) -> str:
        return self.header[1]

    @property
    def control_number(self) -> str:
        return self.header[2]

    @property
    def implementation(self) -> str:
        """ST03, or GS08 when ST03 is absent."""
        return self.header[3] or (self.group.version if self.group else "")

    @property
    def transaction(self) -> str:
        return transaction_kind(self.set_id, self.implementation)

    @property
    def variant(self) -> str:
        """Like :attr:`transaction`, but ``277CA`` for a 005010X214 277."""
        return variant_of(self.set_id, self.implementation)

    def segments(self) -> Iterator[Segment]:
        """ST, the body, and SE (when present), each with its position in the set."""
        if self._started:
            raise RuntimeError("a transaction set's segments can be read once")
        self._started = True
        st = self.header
        st.position = 1
        count = 1
        yield st
        stream = self._stream
        first = stream.next()  # a pushed-back segment, if any
        for seg in chain((first,), stream._it) if first is not None else ():
            sid = seg.elements[0]
            if sid in BOUNDARY:
                stream.push(seg)
                self._no_trailer(count, seg)
                return
            count += 1
            seg.position = count
            yield seg
            if sid == "SE":
                self._trailer(seg, count)
                return
        self._no_trailer(count, None)

    def _no_trailer(self, count: int, at: Segment | None) -> None:
        self.segment_count = count
        self._done = True
        self._walker._missing_trailer(self, at)

    def _trailer(self, se: Segment, count: int) -> None:
        self.segment_count = count
        self.trailer = se
        self._done = True
        self._walker._check_trailer(self, se)

    def drain(self) -> None:
        if not self._started:
            for _ in self.segments():
                pass
        elif not self._done:
            raise RuntimeError("transaction set abandoned half-read")


Event = InterchangeStart | InterchangeEnd | GroupStart | GroupEnd | TransactionSet | Acknowledgment
