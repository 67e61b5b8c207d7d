"""Reader: bytes in, segments out — streaming, with delimiters taken from each ISA.

The reader knows delimiters and nothing about transactions. It reads the input in chunks, so a
100 MB file is never held in memory; every segment carries its byte offset and ordinal.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Final

from edi.x12 import quoting
from edi.x12.delimiters import Delimiters
from edi.x12.errors import UnreadableInput
from edi.x12.files import InputFile, Readable
from edi.x12.findings import Findings
from edi.x12.location import Location
from edi.x12.segment import Segment

CHUNK = 1 << 20
_BOM = b"\xef\xbb\xbf"
_WS = b" \t\r\n"
_WS_S = " \t\r\n"
_ISA_LEN = 106

MAX_SEGMENT: Final = 64 * 1024
"""The longest segment the reader takes, in bytes (terminator and surrounding line breaks not
counted). The longest segments of the 5010 guides x12flow reads (an HI with twelve composites,
a CLM or SV2 with all their elements) are a few hundred bytes, and no element is longer than
264 characters, so a real segment stays well under 10 KB. Sixty-four KiB leaves a wide margin
for padding and odd writers while keeping a broken or hostile file from making one segment
the size of the file; it is far below the read chunk (:data:`CHUNK`), so a segment that does
not end within a chunk is refused and skipped without ever being held whole."""


class Header:
    """How the input starts: its delimiters and whether an ISA envelope was found."""

    __slots__ = ("delimiters", "start")

    def __init__(self, delimiters: Delimiters, start: str) -> None:
        self.delimiters = delimiters
        self.start = start  # "ISA", "GS" or "ST"


def isa_delimiters(
    data: bytes, findings: Findings | None = None, offset: int = 0, file: str | None = None
) -> Delimiters:
    """Delimiters from the ISA segment at the start of ``data``.

    The ISA is fixed-width (106 characters); a non-fixed-width ISA is still read by counting
    element separators, with an error finding.
    """
    if len(data) < 4:
        raise UnreadableInput("the ISA segment is truncated", file=file)
    element = chr(data[3])
    seps = [i for i, b in enumerate(data[: _ISA_LEN + 40]) if b == data[3]]
    if len(seps) < 16:
        raise UnreadableInput(
            f"cannot take delimiters from the ISA at byte {offset}: it has "
            f"{len(seps)} of its 16 elements",
            file=file,
        )
    isa16 = seps[15] + 1
    if isa16 + 1 >= len(data):
        raise UnreadableInput(f"the ISA at byte {offset} is truncated", file=file)
    component = chr(data[isa16])
    terminator = chr(data[isa16 + 1])
    if terminator in "\r\n":
        # Newline-terminated segments, or a terminator written at the start of the next line.
        after = data[isa16 + 1 : isa16 + 8].lstrip(_WS)[:1]
        if after and not chr(after[0]).isalnum() and chr(after[0]) != element:
            terminator = chr(after[0])
        elif terminator == "\r" and data[isa16 + 2 : isa16 + 3] != b"\n":
            pass  # CR alone ends each segment
        else:
            terminator = "\n"  # CR LF terminated segments: split on LF, strip the CR
    fields = data[: isa16 + 1].decode("latin-1").split(element)
    version = fields[12] if len(fields) > 12 else ""
    isa11 = fields[11] if len(fields) > 11 else ""
    repetition: str | None = None
    if version >= "00501" and len(isa11) == 1 and isa11 != "U" and not isa11.isalnum():
        repetition = isa11
    if repetition is not None and repetition in (component, terminator):
        repetition = None
        if findings is not None:
            findings.warning(
                "READ",
                "delimiters",
                f"ISA11 repetition separator {isa11!r} repeats another delimiter; "
                "repetitions are not split",
                Location(file=file, segment_id="ISA", offset=offset),
            )
    if findings is not None and isa16 != _ISA_LEN - 2:
        findings.error(
            "TA105",
            "022",
            f"the ISA is not fixed-width ({isa16 + 2} characters, not {_ISA_LEN}); "
            "delimiters were taken by counting elements",
            Location(file=file, segment=None, segment_id="ISA", offset=offset),
        )
    try:
        return Delimiters(element, component, repetition, terminator)
    except ValueError as exc:
        raise UnreadableInput(
            f"the ISA at byte {offset} has unusable delimiters: {exc}", file=file
        ) from None


def _guess_delimiters(data: bytes, file: str | None) -> Delimiters:
    """Delimiters for input that starts at GS or ST (no ISA to take them from)."""
    element = chr(data[2])
    terminator = None
    for b in data[3:400]:
        ch = chr(b)
        if ch == element or ch.isalnum() or ch in " -.":
            continue
        terminator = ch
        break
    if terminator is None or terminator == "\r":
        terminator = "\n"
    component = ":" if ":" not in (element, terminator) else ">"
    repetition = "^" if "^" not in (element, terminator, component) else None
    try:
        return Delimiters(element, component, repetition, terminator)
    except ValueError as exc:
        raise UnreadableInput(f"cannot tell the delimiters: {exc}", file=file) from None


def sniff(head: bytes, file: str | None = None, findings: Findings | None = None) -> Header:
    """Look at the first bytes and tell how to read the rest."""
    data = head.lstrip(_WS)
    if data.startswith(b"ISA") and len(data) > 3 and not chr(data[3]).isalnum():
        return Header(isa_delimiters(data, findings, len(head) - len(data), file), "ISA")
    for tag in ("GS", "ST"):
        if data.startswith(tag.encode()) and len(data) > 2 and not chr(data[2]).isalnum():
            return Header(_guess_delimiters(data, file), tag)
    if not data:
        raise UnreadableInput("the file is empty", file=file)
    if b"\x00" in head[:1024]:
        raise UnreadableInput("binary data, not X12 text", file=file)
    start = quoting.describe_start(data[:4].decode("latin-1"))
    raise UnreadableInput(
        f"not an X12 file: it does not start with ISA, GS or ST (it starts with {start})",
        file=file,
    )


def _plain(text: str, terminator: str, ordinal: int) -> tuple[int, str, str] | None:
    """How to split a chunk of ASCII text with no per-segment checks, or None when it needs
    them: every terminator followed by the same line break (or none), no other whitespace
    around segments, no empty segment, no ISA but the file's first.

    Returns (leading line-break characters, the separator, the text between them and the last
    terminator)."""
    body = text.lstrip("\r\n")
    lead = len(text) - len(body)
    if lead > 2 or not body or body[0] in _WS_S or body[0] == terminator or "\t" in body:
        return None
    if terminator == "\n":
        sep = "\r\n" if "\r" in body else "\n"
    elif terminator == "\r":
        if "\n" in body:
            return None
        sep = "\r"
    elif "\n" in body:
        sep = terminator + ("\r\n" if "\r" in body else "\n")
    elif "\r" in body:
        return None
    else:
        sep = terminator
    if body.endswith(sep):
        body = body[: -len(sep)]
    elif body.endswith(terminator):
        body = body[: -len(terminator)]
    n = body.count(sep)
    if body.count(terminator) != n or body.endswith(terminator) or body.endswith(sep):
        return None
    if ("\n" in sep and body.count("\n") != n) or ("\r" in sep and body.count("\r") != n):
        return None
    if sep + sep in body or sep + " " in body or sep + "ISA" in body or body.endswith(" "):
        return None
    if ordinal and body.startswith("ISA"):
        return None
    return lead, sep, body


def _decode(raw: bytes, offset: int, file: str | None) -> str:
    try:
        return raw.decode("ascii")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableInput(
            f"unreadable bytes at byte {offset + exc.start}: not UTF-8 text", file=file
        ) from None


class SegmentReader:
    """Iterate over the segments of one input, streaming.

    ``findings`` collects what the reader notices (non-fixed-width ISA, bare transaction set).
    """

    def __init__(
        self,
        source: str | Path | BinaryIO,
        findings: Findings | None = None,
        name: str | None = None,
        chunk_size: int = CHUNK,
    ) -> None:
        if isinstance(source, (str, Path)):
            self.name = name or str(source)
            self._path: Path | None = Path(source)
            self._stream: BinaryIO | None = None
        else:
            self.name = name or str(getattr(source, "name", "<stdin>"))
            self._path = None
            self._stream = source
        self.findings = findings if findings is not None else Findings(self.name)
        self.chunk_size = chunk_size
        self.header: Header | None = None
        self.delimiters: Delimiters | None = None

    def __iter__(self) -> Iterator[Segment]:
        return self._segments()

    def _pass_over(
        self, stream: Readable, buf: bytes, base: int, term: bytes, ordinal: int
    ) -> tuple[bytes, int, bool]:
        """Skip a segment that runs on past :data:`MAX_SEGMENT` with no terminator in ``buf``:
        read on to its terminator, keeping nothing of what is passed over. Returns what
        follows the terminator, its file offset, and whether the input has ended."""
        body = buf.lstrip(_WS)
        offset = base + len(buf) - len(body)
        head = body[:4].decode("latin-1")
        size = len(body)
        while True:
            more = stream.read(self.chunk_size)
            if not more:
                self._too_long(head, ordinal, offset, size, False)
                return b"", offset + size, True
            at = more.find(term)
            if at >= 0:
                size += at
                self._too_long(head, ordinal, offset, size, True)
                return more[at + 1 :], offset + size + 1, False
            size += len(more)

    def _too_long(self, head: str, ordinal: int, offset: int, size: int, ended: bool) -> None:
        """Report a refused segment; ``head``, its first characters, names it when they are
        an ID and its element separator."""
        element = self.delimiters.element if self.delimiters is not None else "*"
        seg_id = quoting.leading_id(head, element)
        end = "" if ended else " and runs to the end of the file without a terminator"
        self.findings.error(
            "READ",
            "too-long",
            f"segment {ordinal} is {size:,} bytes long{end}; a segment may have at most "
            f"{MAX_SEGMENT:,}, so it is left out",
            Location(file=self.name, segment=ordinal, segment_id=seg_id, offset=offset),
        )

    def _switch(self, new: Delimiters) -> tuple[Delimiters, bytes, str]:
        self.delimiters = new
        return new, new.segment.encode("latin-1"), new.element

    def _segments(self) -> Iterator[Segment]:
        name = self.name
        stream: Readable
        if self._path is not None:
            stream = InputFile(self._path, name)  # opened at the first segment asked for
        else:
            assert self._stream is not None
            stream = self._stream
        buf = stream.read(self.chunk_size)
        while len(buf) < 512:  # enough to see the whole ISA, whatever the chunk size
            more = stream.read(self.chunk_size)
            if not more:
                break
            buf += more
        base = 0  # file offset of buf[0]
        if buf.startswith(_BOM):
            buf = buf[3:]
            base = 3
        header = sniff(buf, name, self.findings)
        self.header = header
        if header.start != "ISA":
            kind = "transaction set" if header.start == "ST" else "functional group"
            self.findings.warning(
                "READ",
                "bare",
                f"no ISA envelope: the file starts with a bare {kind} ({header.start}); "
                "delimiters were guessed",
                Location(file=name, segment=1, segment_id=header.start),
            )
        delims = header.delimiters
        self.delimiters = delims
        term = delims.segment.encode("latin-1")
        element = delims.element
        ordinal = 0
        eof = False
        while True:
            if not eof and len(buf) < self.chunk_size:
                more = stream.read(self.chunk_size)
                if more:
                    buf += more
                else:
                    eof = True
            last = buf.rfind(term)
            if last < 0:
                if eof:
                    complete, rest = buf, b""
                elif len(buf) > MAX_SEGMENT:
                    ordinal += 1
                    buf, base, eof = self._pass_over(stream, buf, base, term, ordinal)
                    if eof and not buf:
                        return
                    continue
                else:
                    more = stream.read(self.chunk_size)
                    if more:
                        buf += more
                        continue
                    eof = True
                    complete, rest = buf, b""
            elif eof:
                complete, rest = buf, b""
            else:
                complete, rest = buf[: last + 1], buf[last + 1 :]
            restart: int | None = None
            try:
                text = complete.decode("ascii")
            except UnicodeDecodeError:
                text = None
            plain = _plain(text, delims.segment, ordinal) if text is not None else None
            if plain is not None:
                # Fastest path: every segment ends the same way, nothing to strip, no other
                # ISA: one split for the segments, one per segment for its elements.
                lead, sep, body = plain
                offset = base + lead
                step = len(sep)
                for piece in body.split(sep) if body else ():
                    ordinal += 1
                    if len(piece) <= MAX_SEGMENT:
                        yield Segment(piece.split(element), ordinal, offset, delims)
                    else:
                        self._too_long(piece[:4], ordinal, offset, len(piece), True)
                    offset += len(piece) + step
            elif text is not None:
                # Fast path: ASCII, so character offsets are byte offsets.
                pos = 0
                term_s = delims.segment
                for piece in text.split(term_s):
                    start = pos
                    pos += len(piece) + 1
                    if not piece:
                        continue
                    lead = 0
                    if piece[0] in _WS_S:
                        raw = piece.lstrip(_WS_S)
                        if not raw:
                            continue
                        lead = len(piece) - len(raw)
                        piece = raw
                    if piece[-1] in "\r\n":
                        piece = piece.rstrip("\r\n")
                    if len(piece) > MAX_SEGMENT:
                        ordinal += 1
                        self._too_long(piece[:4], ordinal, base + start + lead, len(piece), True)
                        continue
                    if piece[0] == "I" and piece[:3] == "ISA" and ordinal > 0:
                        at = start + lead
                        new = isa_delimiters(complete[at:] + rest, self.findings, base + at, name)
                        if new != delims:
                            delims, term, element = self._switch(new)
                            restart = at
                            break
                    ordinal += 1
                    yield Segment(piece.split(element), ordinal, base + start + lead, delims)
            else:
                pos = 0  # offset within `complete`
                for bpiece in complete.split(term):
                    start = pos
                    pos += len(bpiece) + 1
                    braw = bpiece.lstrip(_WS)
                    if not braw:
                        continue
                    lead = len(bpiece) - len(braw)
                    braw = braw.rstrip(b"\r\n")
                    if len(braw) > MAX_SEGMENT:
                        ordinal += 1
                        head = braw[:4].decode("latin-1")
                        self._too_long(head, ordinal, base + start + lead, len(braw), True)
                        continue
                    if braw[:3] == b"ISA" and ordinal > 0:
                        at = start + lead
                        new = isa_delimiters(complete[at:] + rest, self.findings, base + at, name)
                        if new != delims:
                            delims, term, element = self._switch(new)
                            restart = at
                            break
                    piece = _decode(braw, base + start + lead, name)
                    ordinal += 1
                    yield Segment(piece.split(element), ordinal, base + start + lead, delims)
            if restart is not None:
                buf = complete[restart:] + rest
                base += restart
                continue
            base += len(complete)
            buf = rest
            if eof and not buf:
                return


def read_segments(
    source: str | Path | BinaryIO | bytes, findings: Findings | None = None, name: str | None = None
) -> Iterator[Segment]:
    """Convenience: the segments of a path, a binary stream or bytes."""
    if isinstance(source, bytes):
        return iter(SegmentReader(io.BytesIO(source), findings, name or "<bytes>"))
    return iter(SegmentReader(source, findings, name))
