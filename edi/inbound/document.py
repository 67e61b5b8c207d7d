"""Reading a whole file: reader → envelope → the transaction's grammar and models.

:class:`Document` yields the file's structure as nested ``(name, value)`` pairs that the
streaming JSON writer can write as they are produced; :meth:`Document.validate` only collects
the findings. Both read the file once, front to back, in constant memory; each transaction set
(and TA1) is read by its kind's reader in :mod:`edi.inbound.registry`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, cast

from edi.inbound.registry import TA1, reader_for
from edi.x12.envelope import (
    Acknowledgment,
    GroupEnd,
    GroupStart,
    InterchangeEnd,
    InterchangeStart,
    TransactionSet,
    Walker,
)
from edi.x12.errors import X12FlowError
from edi.x12.files import InputFile, Readable
from edi.x12.findings import Finding, Findings
from edi.x12.reader import SegmentReader

Source = str | Path | BinaryIO


class Document:
    """One input file being read: iterate :meth:`pairs` for output; ``findings`` fill as it goes.

    ``progress`` is called with the number of bytes each time the reader reads more."""

    def __init__(
        self,
        source: Source,
        name: str | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.name = name or (
            str(source) if isinstance(source, (str, Path)) else getattr(source, "name", "<stdin>")
        )
        self.findings = Findings(self.name)
        if progress is not None:
            source = counted(source, self.name or "<stdin>", progress)
        self._reader = SegmentReader(source, self.findings, self.name)
        self.transaction_sets = 0
        self._checking = False  # validate: a reader with a ``check`` reads for findings only

    def pairs(self) -> Iterator[tuple[str, Any]]:
        """``file``, ``interchanges`` (streamed) and ``findings`` (file and envelope level)."""
        yield "file", self.name
        set_findings: set[int] = set()
        yield "interchanges", self._interchanges(set_findings)
        yield (
            "findings",
            [f.to_json() for i, f in enumerate(self.findings) if i not in set_findings],
        )

    def _interchanges(self, owned: set[int]) -> Iterator[Any]:
        events = iter(Walker(iter(self._reader), self.findings))
        for event in events:
            if isinstance(event, InterchangeStart):
                header = event.header.to_json() if event.header else {"control_number": None}
                yield _Streamed(self._interchange(header, events, owned))
            elif isinstance(event, (GroupStart, TransactionSet, Acknowledgment)):
                # Bare GS/ST input: an interchange without an ISA.
                yield _Streamed(
                    self._interchange({"control_number": None}, events, owned, first=event)
                )

    def _interchange(
        self, header: dict[str, Any], events: Iterator[Any], owned: set[int], first: Any = None
    ) -> Iterator[tuple[str, Any]]:
        yield from header.items()
        acks: list[Any] = []
        yield "groups", self._groups(events, owned, acks, first)
        if acks:
            yield "acknowledgments", iter(acks)

    def _groups(
        self, events: Iterator[Any], owned: set[int], acks: list[Any], first: Any
    ) -> Iterator[Any]:
        pending = [first] if first is not None else []
        while True:
            event = pending.pop() if pending else next(events, None)
            if event is None or isinstance(event, InterchangeEnd):
                return
            if isinstance(event, Acknowledgment):
                acks.append(_Streamed(self._set_pairs_ta1(event, owned)))
            elif isinstance(event, GroupStart):
                header = event.header.to_json() if event.header else {"control_number": None}
                yield _Streamed(self._group(header, events, owned, None))
            elif isinstance(event, TransactionSet):
                yield _Streamed(self._group({"control_number": None}, events, owned, event))

    def _group(
        self,
        header: dict[str, Any],
        events: Iterator[Any],
        owned: set[int],
        first: TransactionSet | None,
    ) -> Iterator[tuple[str, Any]]:
        yield from header.items()
        yield "transaction_sets", self._sets(events, owned, first)

    def _sets(
        self, events: Iterator[Any], owned: set[int], first: TransactionSet | None
    ) -> Iterator[Any]:
        if first is not None:
            yield _Streamed(self._set_pairs(first, owned))
        for event in events:
            if isinstance(event, (GroupEnd, InterchangeEnd)):
                return
            if isinstance(event, TransactionSet):
                yield _Streamed(self._set_pairs(event, owned))

    def _set_pairs(self, ts: TransactionSet, owned: set[int]) -> Iterator[tuple[str, Any]]:
        self.transaction_sets += 1
        start = self.findings.mark()
        yield "transaction", ts.transaction
        yield "implementation", ts.implementation
        yield "control_number", ts.control_number
        reader = reader_for(ts.variant)
        check = getattr(reader, "check", None) if self._checking else None
        if check is not None:
            check(ts, self.findings)
        elif reader is not None:
            yield from self._described(ts.variant, reader.fields(ts, self.findings))
        ts.drain()  # what the reader did not read (or all of an unsupported set)
        yield "findings", self._owned(start, owned)

    def _set_pairs_ta1(self, ack: Acknowledgment, owned: set[int]) -> Iterator[tuple[str, Any]]:
        start = self.findings.mark()
        self.transaction_sets += 1
        yield "transaction", "TA1"
        yield "implementation", ack.interchange.version if ack.interchange else ""
        yield "control_number", ack.segment[1]
        yield from self._described("TA1", TA1.reader().fields(ack, self.findings))
        yield "findings", self._owned(start, owned)

    def _described(self, kind: str, pairs: Iterator[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
        """The reader's pairs with the codes' ``..._description`` keys for ``parse``; as they
        are when only validating (nobody reads them)."""
        if self._checking:
            return pairs
        from parsers.codes.described import described_fields  # with the reader, when needed

        return described_fields(kind, pairs)

    def _owned(self, start: int, owned: set[int]) -> list[dict[str, Any]]:
        """The findings listed since ``start``, as JSON; they are then written with their set,
        not again at file level."""
        found = self.findings.since(start)
        owned.update(range(start, start + len(found)))
        return [f.to_json() for f in found]

    # -- text and validation ---------------------------------------------------------------
    def summary(self) -> Iterator[str]:
        """Readable lines describing the file, for ``--format text``."""
        for event in Walker(iter(self._reader), self.findings):
            if isinstance(event, InterchangeStart) and event.header:
                h = event.header
                yield (
                    f"interchange {h.control_number}: {h.sender_id} → {h.receiver_id}, "
                    f"{h.date} {h.time}, {'production' if h.usage == 'P' else 'test'}"
                )
            elif isinstance(event, GroupStart) and event.header:
                yield (
                    f" group {event.header.control_number} ({event.header.functional_id}, "
                    f"{event.header.version})"
                )
            elif isinstance(event, Acknowledgment):
                self.transaction_sets += 1
                yield from TA1.reader().summary(event, self.findings)
            elif isinstance(event, TransactionSet):
                self.transaction_sets += 1
                yield f"  {event.transaction} {event.implementation} set {event.control_number}"
                reader = reader_for(event.variant)
                if reader is not None:
                    yield from reader.summary(event, self.findings)
                event.drain()

    def validate(self) -> list[Finding]:
        """Read everything, keep nothing but the findings (streams like :meth:`pairs`)."""
        self._checking = True
        _exhaust(self.pairs())
        return list(self.findings)


def _exhaust(value: Any) -> None:
    if isinstance(value, _Streamed):
        value = value.pairs
    if isinstance(value, Iterator):
        for item in value:
            if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):
                _exhaust(item[1])
            else:
                _exhaust(item)


class _Streamed:
    """Marks an iterator of pairs that the JSON writer should write as an object."""

    __slots__ = ("pairs",)

    def __init__(self, pairs: Iterator[tuple[str, Any]]) -> None:
        self.pairs = pairs


class _Counted:
    """A source read through, telling ``progress`` how many bytes each read gave. A path is
    opened at the first read, as :class:`SegmentReader` opens one."""

    __slots__ = ("_name", "_progress", "_source", "_stream")

    def __init__(self, source: Source, name: str, progress: Callable[[int], None]) -> None:
        self._source = source
        self._name = name
        self._progress = progress
        self._stream: Readable | None = None

    def read(self, size: int, /) -> bytes:
        if self._stream is None:
            source = self._source
            self._stream = (
                InputFile(Path(source), self._name) if isinstance(source, (str, Path)) else source
            )
        data = self._stream.read(size)
        self._progress(len(data))
        return data


def counted(source: Source, name: str, progress: Callable[[int], None]) -> BinaryIO:
    """``source`` as a stream that reports the bytes read to ``progress`` (for a progress bar)."""
    return cast(BinaryIO, _Counted(source, name, progress))


def write_document(doc: Document, write: Any) -> None:
    """Write ``doc`` as one compact JSON document, streaming."""
    from edi.x12.jsonout import StreamWriter

    class _Writer(StreamWriter):
        def value(self, value: Any) -> None:
            if isinstance(value, _Streamed):
                self.object(value.pairs)
            else:
                super().value(value)

    writer = _Writer(write)
    try:
        writer.object(doc.pairs())
    except X12FlowError as exc:
        writer.abort(exc.message)  # the output stays valid JSON, the caller still learns why
        raise
