"""Reading stays within bounds whatever the input: call depth, findings kept, segment size, and
the memory a file without terminators takes."""

from __future__ import annotations

import io
import json
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import BinaryIO, cast

import pytest
from click.testing import CliRunner
from lark import Lark

from edi.cli import main
from edi.inbound.document import Document
from edi.x12.findings import Finding, Findings, Severity
from edi.x12.grammar import load_grammar
from edi.x12.grammar.compile import START, _NoLexer, prepare
from edi.x12.location import Location
from edi.x12.reader import MAX_SEGMENT, SegmentReader
from tests.conftest import interchange, isa, transaction_set

REGRESSIONS = Path(__file__).resolve().parent / "data" / "regressions" / "recursion"

HEADER = [
    "BHT*0019*00*1*20261130*1200*CH",
    "NM1*41*2*SUBMITTER*****46*S1",
    "PER*IC*EDI*TE*8005550100",
    "NM1*40*2*RECEIVER*****46*R1",
    "HL*1**20*1",
    "NM1*85*2*CLINIC*****XX*1234567893",
]


def professional(body: list[str]) -> bytes:
    return interchange(
        transaction_set("837", "0001", HEADER + body, "005010X222A1"),
        functional_id="HC",
        version="005010X222A1",
    ).encode()


def bare_subscribers(count: int) -> bytes:
    """``count`` subscriber levels with nothing in them (``HL*n*1*22*0``)."""
    return professional([f"HL*{n}*1*22*0" for n in range(2, count + 2)])


def nested_levels(depth: int) -> bytes:
    """Each level the child of the one before: a subscriber, then patients ``depth`` deep."""
    body = ["HL*2*1*22*1", "SBR*P*18*******CI", "NM1*IL*1*DOE*PAT****MI*M1"]
    body += [f"HL*{n}*{n - 1}*23*1\nPAT*19\nNM1*QC*1*DOE*KID" for n in range(3, depth + 3)]
    return professional("\n".join(body).split("\n"))


def open_envelopes(count: int) -> bytes:
    """Interchanges, groups and sets opened one inside the other, never closed."""
    opening = [
        isa(control=f"{n:09d}")
        + "~GS*HC*S*R*20261130*1200*"
        + f"{n}*X*005010X222A1~ST*837*{n:04d}*005010X222A1~BHT*0019*00*1*20261130*1200*CH~"
        for n in range(1, count + 1)
    ]
    return "".join(opening).encode()


def depth() -> int:
    frame, count = sys._getframe(), 0
    while frame is not None:
        frame, count = frame.f_back, count + 1  # type: ignore[assignment]
    return count


@contextmanager
def call_depth_at_most(extra: int) -> Iterator[None]:
    """Fail with RecursionError if the code inside goes ``extra`` frames deeper than here."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(depth() + extra)
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


# The deepest a clean parse goes below the test (reader, envelope, grammar, transformer,
# pydantic), with room to spare; the old recursive recovery went three frames deeper per
# bare HL segment.
FRAMES = 150


def test_a_clean_file_reads_within_the_frame_budget() -> None:
    data = professional(["HL*2*1*22*0", "SBR*P*18*******CI", "NM1*IL*1*DOE*PAT****MI*M1"])
    with call_depth_at_most(FRAMES):
        Document(io.BytesIO(data), "clean.x12").validate()


def test_the_recorded_run_of_bare_subscriber_levels_reads() -> None:
    """Regression: 325 bare HL*22 segments raised RecursionError in recovery."""
    found = Document(REGRESSIONS / "bare_subscriber_levels.x12").validate()
    # each HL*22 repeating the one before is a segment repeated (IK304 5), skipped
    repeated = [f for f in found if f.source == "IK304" and f.code == "5"]
    assert len(repeated) == 100  # the first hundred listed ...
    assert found[-1].source == "READ" and found[-1].code == "unlisted"
    assert found[-1].details == {"IK304-5": 299}  # ... the rest counted


@pytest.mark.parametrize(
    "make, size",
    [(bare_subscribers, 5000), (nested_levels, 3000), (open_envelopes, 2000)],
    ids=["bare subscriber levels", "nested patient levels", "envelopes never closed"],
)
def test_no_input_makes_the_call_depth_grow(make: Callable[[int], bytes], size: int) -> None:
    data = make(size)
    with call_depth_at_most(FRAMES):
        doc = Document(io.BytesIO(data), "deep.x12")
        found = doc.validate()
    assert doc.findings.has_errors
    assert len(found) <= 20 * doc.findings.limit
    assert doc.findings.total >= size


def test_findings_past_the_limit_of_their_code_are_counted_in_one_closing_finding() -> None:
    findings = Findings("f.x12", limit=3)
    for n in range(12_348):
        findings.error("IK304", "2", f"segment {n} is not expected", Location(segment=n))
    for _ in range(5):
        findings.warning("IK403", "7", "not a code")
    listed = list(findings)
    assert [(f.source, f.code) for f in listed] == [("IK304", "2")] * 3 + [("IK403", "7")] * 3 + [
        ("READ", "unlisted")
    ]
    closing = listed[-1]
    assert closing.severity is Severity.ERROR
    assert closing.message == (
        "… and 12,345 more IK304-2 and 2 more IK403-7 findings not listed "
        "(the first 3 of each code are)"
    )
    assert closing.details == {"IK304-2": 12_345, "IK403-7": 2}
    assert findings.total == 12_353 and findings.unlisted == 12_347
    assert len(findings) == 7


def test_has_errors_counts_the_errors_that_are_not_listed() -> None:
    findings = Findings(limit=1)
    findings.warning("IK304", "2", "first")
    assert not findings.has_errors
    findings.error("IK304", "2", "second, not listed")
    assert findings.has_errors
    assert [f.severity for f in findings] == [Severity.WARNING, Severity.ERROR]


def test_only_warnings_unlisted_make_a_warning() -> None:
    findings = Findings(limit=1)
    findings.extend([Finding(Severity.WARNING, "READ", "bare", "w")] * 3)
    assert not findings.has_errors
    closing = findings.closing()
    assert closing is not None and closing.severity is Severity.WARNING
    assert Findings().closing() is None


def test_validate_text_and_json_show_the_closing_finding(tmp_path: Path) -> None:
    path = tmp_path / "many.x12"
    path.write_bytes(bare_subscribers(3000))
    runner = CliRunner()
    text = runner.invoke(main, ["validate", str(path)])
    assert text.exit_code == 1
    lines = text.stdout.splitlines()
    assert len(lines) < 120
    assert lines[-1] == (
        f"{path}: error READ-unlisted: … and 2,899 more IK304-5 findings not listed "
        "(the first 100 of each code are)"
    )
    assert text.stderr.endswith("3005 error(s) (1 transaction set(s), 3,005 finding(s))\n")
    as_json = runner.invoke(main, ["validate", "--json", str(path)])
    last = json.loads(as_json.stdout.splitlines()[-1])
    assert (last["source"], last["code"], last["details"]) == (
        "READ",
        "unlisted",
        {"IK304-5": 2899},
    )
    parsed = json.loads(runner.invoke(main, ["parse", str(path)]).stdout)
    (ts,) = parsed["interchanges"][0]["groups"][0]["transaction_sets"]
    assert len(ts["findings"]) <= 110
    assert parsed["findings"][-1]["code"] == "unlisted"


# -- segments longer than the reader takes -------------------------------------------------------
def body_with(segment: str) -> bytes:
    return interchange(
        transaction_set("835", "0001", ["BPR*I*1*C*ACH", segment, "TRN*1*X*1"])
    ).encode()


@pytest.mark.parametrize("chunk_size", [7, 4096, 1 << 20])
@pytest.mark.parametrize("text", ["A", "É"], ids=["ascii", "utf-8"])
def test_a_segment_past_the_bound_is_left_out_and_reading_goes_on(
    chunk_size: int, text: str
) -> None:
    data = body_with("NTE*ADD*" + text * 70_000)
    findings = Findings("f")
    segments = list(SegmentReader(io.BytesIO(data), findings, "f", chunk_size=chunk_size))
    assert [(s.elements[0], s.ordinal) for s in segments] == [
        ("ISA", 1),
        ("GS", 2),
        ("ST", 3),
        ("BPR", 4),
        ("TRN", 6),
        ("SE", 7),
        ("GE", 8),
        ("IEA", 9),
    ]
    assert data[segments[4].offset :].startswith(b"TRN*1*X*1~")
    (refused,) = findings
    size = len(("NTE*ADD*" + text * 70_000).encode())
    assert (refused.source, refused.code) == ("READ", "too-long")
    loc = refused.location
    assert (loc.segment, loc.segment_id) == (5, "NTE")
    assert loc.offset is not None and data[loc.offset :].startswith(b"NTE*ADD*")
    assert refused.message == (
        f"segment 5 is {size:,} bytes long; a segment may have at most 65,536, so it is left out"
    )


def test_a_segment_at_the_bound_is_read() -> None:
    segment = "NTE*ADD*" + "A" * (MAX_SEGMENT - 8)
    findings = Findings("f")
    segments = list(SegmentReader(io.BytesIO(body_with(segment)), findings))
    assert [s.elements[0] for s in segments][3:6] == ["BPR", "NTE", "TRN"]
    assert list(findings) == []


class Endless:
    """A stream: an ISA, then ``size`` bytes of text with no segment terminator, then ``tail``."""

    name = "endless.x12"

    def __init__(self, size: int, tail: bytes = b"") -> None:
        self.head = (isa() + "~\nNM1*IL*1*").encode()
        self.left = size
        self.tail = tail

    def read(self, size: int, /) -> bytes:
        if self.head:
            head, self.head = self.head, b""
            return head
        if self.left > 0:
            n = min(size, self.left)
            self.left -= n
            return b"X" * n
        tail, self.tail = self.tail, b""
        return tail


def test_a_file_without_terminators_is_never_held_whole() -> None:
    findings = Findings("endless.x12")
    tracemalloc.start()
    try:
        segments = [
            s.elements[0] for s in SegmentReader(cast(BinaryIO, Endless(48 << 20)), findings)
        ]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert segments == ["ISA"]
    assert peak < 12 << 20  # a few read chunks, not the 48 MB
    (refused,) = findings
    assert refused.message == (
        f"segment 2 is {(48 << 20) + 9:,} bytes long and runs to the end of the file without "
        "a terminator; a segment may have at most 65,536, so it is left out"
    )


def test_reading_resumes_after_the_terminator_that_ends_a_huge_segment() -> None:
    tail = b"~GS*HP*S*R*20261130*1200*1*X*005010X221A1~GE*0*1~"
    stream = cast(BinaryIO, Endless(5 << 20, tail))
    findings = Findings("f")
    segments = list(SegmentReader(stream, findings, chunk_size=1 << 16))
    assert [(s.elements[0], s.ordinal) for s in segments] == [("ISA", 1), ("GS", 3), ("GE", 4)]
    head = len(isa()) + 2
    assert segments[1].offset == head + len(b"NM1*IL*1*") + (5 << 20) + 1
    assert [f.code for f in findings] == ["too-long"]


# -- the loop tree's depth is the grammar's, never the input's ---------------------------------
GRAMMARS = [
    ("parsers.era835", "grammar"),
    ("parsers.status277", "grammar277"),
    ("parsers.status277", "grammar277ca"),
    ("parsers.claim837", "professional"),
    ("parsers.claim837", "institutional"),
    ("parsers.ack999", "grammar999"),
    ("parsers.ack999", "grammar997"),
]


def nesting(package: str, stem: str) -> dict[str, set[str]]:
    """Per rule of a shipped grammar, the rules it holds; a repetition's hold on itself (how
    lark writes ``X*``, inlined: it nests nothing) left out."""
    grammar = load_grammar(package, stem)
    text = resources.files(package).joinpath(f"{stem}.lark").read_text(encoding="utf-8")
    source = prepare(text, sorted(grammar.terminals))
    lark = Lark(source, parser="lalr", lexer=_NoLexer, start=START, maybe_placeholders=False)
    inner: dict[str, set[str]] = {}
    for rule in lark.rules:
        name = str(rule.origin.name)
        held = inner.setdefault(name, set())
        held.update(str(s.name) for s in rule.expansion if not s.is_term)
        if name.startswith("_"):
            held.discard(name)
    return inner


def deepest(inner: dict[str, set[str]], rule: str, path: tuple[str, ...] = ()) -> int:
    """How many loop rules (not inlined) nest from ``rule`` down; fails on a cycle."""
    assert rule not in path, f"rule {rule} holds itself: {' > '.join((*path, rule))}"
    below = max((deepest(inner, r, (*path, rule)) for r in inner.get(rule, ())), default=0)
    return below + (0 if rule.startswith("_") else 1)


@pytest.mark.parametrize("package, stem", GRAMMARS)
def test_no_loop_holds_itself_so_the_tree_depth_is_the_grammars(package: str, stem: str) -> None:
    """Loop.walk, Loop.to_json and the 837 hierarchy check recurse over the loop tree: their
    depth is bounded by the grammar only while no loop rule holds itself."""
    assert 2 <= deepest(nesting(package, stem), START) <= 12
