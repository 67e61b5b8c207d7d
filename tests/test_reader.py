"""The reader: delimiters from the ISA, layouts, locations, streaming."""

from __future__ import annotations

import gc
import io
import os
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import edi.x12.reader
from edi.x12.errors import UnreadableInput
from edi.x12.findings import Findings
from edi.x12.reader import SegmentReader, read_segments
from tests.conftest import corpus_dir, interchange, transaction_set

BODY = transaction_set("835", "0001", ["BPR*I*100.00*C*CHK", "TRN*1*12345*1512345678"])


def ids(data: bytes, **kw: object) -> list[list[str]]:
    return [s.elements for s in read_segments(data, **kw)]  # type: ignore[arg-type]


def test_delimiters_come_from_the_isa() -> None:
    text = interchange(
        [s.replace("*", "|") for s in BODY],
        element="|",
        component="^",
        repetition="}",
        terminator="!",
    )
    reader = SegmentReader(io.BytesIO(text.encode()))
    segments = list(reader)
    assert reader.delimiters is not None
    assert (
        reader.delimiters.element,
        reader.delimiters.component,
        reader.delimiters.repetition,
        reader.delimiters.segment,
    ) == ("|", "^", "}", "!")
    assert [s.id for s in segments] == ["ISA", "GS", "ST", "BPR", "TRN", "SE", "GE", "IEA"]
    assert segments[3].elements == ["BPR", "I", "100.00", "C", "CHK"]


@pytest.mark.parametrize("terminator", ["~", "~\n", "~\r\n", "\n", "\r\n", "\x1d", "~  \n  "])
def test_layouts_give_the_same_segments(terminator: str) -> None:
    reference = ids(interchange(BODY, terminator="~").encode())
    assert ids(interchange(BODY, terminator=terminator).encode()) == reference


def test_bom_and_leading_whitespace_are_skipped() -> None:
    text = "\ufeff" + "\n  " + interchange(BODY)
    segments = list(read_segments(text.encode("utf-8")))
    assert segments[0].id == "ISA"
    assert segments[0].offset == len("\ufeff\n  ".encode())


def test_isa11_u_means_no_repetition_separator() -> None:
    reader = SegmentReader(io.BytesIO(interchange(BODY, repetition="U").encode()))
    list(reader)
    assert reader.delimiters is not None and reader.delimiters.repetition is None


def test_each_segment_knows_its_ordinal_and_byte_offset() -> None:
    data = interchange(BODY, terminator="~\r\n").encode()
    for seg in read_segments(data):
        raw = data[seg.offset :].split(b"~", 1)[0].decode()
        assert raw == "*".join(seg.elements)
    assert [s.ordinal for s in read_segments(data)] == list(range(1, 9))


def test_small_chunks_read_the_same_as_one_chunk() -> None:
    data = interchange(BODY * 50).encode()
    whole = [(s.elements, s.offset) for s in SegmentReader(io.BytesIO(data))]
    tiny = [(s.elements, s.offset) for s in SegmentReader(io.BytesIO(data), chunk_size=7)]
    assert tiny == whole


@pytest.mark.parametrize(
    "layout",
    ["~", "~\n", "~\r\n", "\n", "\r\n", "~\n\n", "~ ", "~\t", "~~", "\r", "~\n~\n"],
)
@pytest.mark.parametrize("chunk_size", [7, 64, 1 << 20])
def test_every_layout_and_chunk_size_gives_segments_with_true_offsets(
    layout: str, chunk_size: int
) -> None:
    """Whole chunks split in one go when every segment ends alike; any other layout takes the
    careful path. Both give the same segments, ordinals and byte offsets."""
    reference = ids(interchange(BODY * 20).encode())
    data = (interchange(BODY * 20, terminator=layout) + "\n\n").encode()
    segments = list(SegmentReader(io.BytesIO(data), chunk_size=chunk_size))
    assert [s.elements for s in segments] == reference
    assert [s.ordinal for s in segments] == list(range(1, len(reference) + 1))
    for seg in segments:
        assert data[seg.offset :].startswith("*".join(seg.elements).encode())


def test_several_interchanges_with_different_delimiters() -> None:
    first = interchange(BODY, control="000000001")
    second = interchange(
        [s.replace("*", "|") for s in BODY], control="000000002", element="|", terminator="\n"
    )
    segments = list(read_segments((first + second).encode()))
    assert [s.id for s in segments].count("ISA") == 2
    assert segments[-1].elements == ["IEA", "1", "000000002"]
    assert segments[-1].delimiters.element == "|"


def test_bare_transaction_set_is_read_with_a_warning() -> None:
    findings = Findings("bare.835")
    segments = list(read_segments("~\n".join(BODY).encode(), findings))
    assert [s.id for s in segments][:2] == ["ST", "BPR"]
    assert [f.code for f in findings] == ["bare"]
    assert not findings.has_errors


def test_non_fixed_width_isa_is_read_with_an_error() -> None:
    text = interchange(BODY).replace("00*          *00", "00*         *00", 1)
    findings = Findings("x")
    segments = list(read_segments(text.encode(), findings))
    assert segments[2].id == "ST"
    assert any(f.source == "TA105" and f.is_error for f in findings)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"hello world, this is not X12", "not an X12 file"),
        (b"\x00\x01\x02ISA", "binary"),
        (b"ISA*00*", "16 elements"),
    ],
)
def test_unreadable_input_raises_one_clear_error(data: bytes, words: str) -> None:
    with pytest.raises(UnreadableInput, match=words):
        list(read_segments(data, name="in.x12"))


def test_bad_bytes_are_named_by_offset() -> None:
    data = interchange(BODY).encode().replace(b"12345", b"12\xff45")
    with pytest.raises(UnreadableInput, match="byte"):
        list(read_segments(data))


def test_every_corpus_layout_is_read() -> None:
    """The MANIFEST's delimiter and layout variants: every file reads to segments that start
    with an envelope or a bare set, with element IDs that look like segment IDs."""
    corpus = corpus_dir()
    readable = 0
    for path in sorted(corpus.glob("*/*")):
        if path.suffix in (".md", ".tsv") or path.parent.name == "bad":
            continue
        segments = list(read_segments(path))
        assert segments[0].id in ("ISA", "ST", "GS"), path.name
        odd = [s.id for s in segments if not (s.id.isalnum() and len(s.id) <= 3)]
        # One corpus file carries a deliberately broken line; a wrong delimiter would break many.
        assert len(odd) <= 1, (path.name, odd)
        readable += 1
    assert readable > 100


@settings(max_examples=150, deadline=None)
@given(
    endings=st.lists(
        st.sampled_from(["~", "~", "~\n", "~\r\n", "~ ", "~\n\n", "\n~", "~\t"]), min_size=1
    ),
    chunk_size=st.integers(7, 400),
    trailer=st.sampled_from(["", "\n", "\n\n", "  "]),
    second=st.booleans(),
)
def test_whole_chunk_splitting_reads_what_segment_by_segment_reading_does(
    endings: list[str], chunk_size: int, trailer: str, second: bool
) -> None:
    """Random mixes of segment endings, chunk sizes, trailers and a second interchange: the
    whole-chunk path (taken wherever a chunk qualifies) gives exactly the segments, ordinals and
    byte offsets of the careful path alone."""
    segments = interchange(BODY * 3, terminator="\x00").split("\x00")[:-1]
    if second:
        segments += interchange(BODY, control="000000002", terminator="\x00").split("\x00")[:-1]
    text = "".join(seg + endings[i % len(endings)] for i, seg in enumerate(segments)) + trailer
    data = text.encode()

    def read() -> list[tuple[list[str], int, int]]:
        reader = SegmentReader(io.BytesIO(data), Findings("x"), chunk_size=chunk_size)
        return [(s.elements, s.ordinal, s.offset) for s in reader]

    fast = read()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(edi.x12.reader, "_plain", lambda *args: None)
        careful = read()
    assert fast == careful


def _open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc/self/fd")
def test_a_file_is_closed_at_its_end_and_when_reading_stops_half_way(tmp_path: Path) -> None:
    path = tmp_path / "in.835"
    body = transaction_set("835", "0001", [f"REF*EV*{i:06d}" for i in range(200)])
    path.write_text(interchange(body))  # several chunks of 1,024 bytes
    before = _open_files()
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        segments = iter(SegmentReader(path, chunk_size=1024))
        first = next(segments)
        assert first.elements[0] == "ISA"
        assert _open_files() == before + 1
        del segments  # abandoned half-read (the compiled reader is not finalized like Python)
        gc.collect()
        assert _open_files() == before
        segments = iter(SegmentReader(path, chunk_size=1024))
        assert sum(1 for _ in segments) == len(body) + 4  # ISA, GS, GE, IEA
        assert _open_files() == before  # closed at the end, while the iterator still exists
    with pytest.raises(UnreadableInput, match="cannot open"):
        next(iter(SegmentReader(path.with_name("missing.835"))))
