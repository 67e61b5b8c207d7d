"""Recovery without cascades, as a property: one misplaced, missing or extra segment yields its
findings where it happened, and the rest of the file validates as if it were right.

Valid files of the five kinds read back (835, 837P, 837I, 999, 277CA) are mutated one segment at
a time inside a transaction set: a segment is moved, deleted or duplicated (ST and SE and the
envelope around them are never touched). Each mutated file is validated in-process as
``x12flow validate`` validates it, and its structure and element findings (IK3 and IK4 families)
that the unmutated file did not have must

* number at most two, and
* stand at the changed place: the moved or duplicated segment or the one right after it (an
  inserted loop trigger makes its follower the first segment out of place), the position it
  came from, or where the deleted one was (the segments on either side of the gap, and the one
  after those, when the one right after the gap fits somewhere by itself).

Findings that follow from arithmetic are expected and not counted: SE01 (IK5), AK9 and TA1
counts, and 835 balancing (BALANCE). Detection is not weakened for it: a mutation that the
grammar's structure rejects must give at least one finding, and a good share of deletions and
duplications are such mutations.

The valid files are the shared corpus's files that read without structural findings (when the
corpus is beside the project) and files this project makes itself: 837P and 837I from sample
claims, and the simulator's 999, 277CA and 835 replies to them, so the property is tested
without the corpus too. Mutations are drawn with a fixed seed: the same ones on every run.
``X12FLOW_CASCADE_MUTATIONS`` sets how many per kind (default 450: 2,250 in all).

A failure lists each offending mutation with the codes and positions of its findings (never
element values: the messages are not printed).
"""

from __future__ import annotations

import io
import itertools
import os
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest

from edi.api import validate_file
from edi.config import Config
from edi.outbound.staging import claim_file_settings
from edi.simulator import Rules, simulate
from edi.x12.findings import Finding, Findings
from edi.x12.grammar import Grammar, load_grammar
from edi.x12.grammar.machine import Machine, Reject
from edi.x12.reader import SegmentReader
from generators.arrange import arrange
from generators.claim_file import ClaimFileWriter
from generators.kinds import KINDS as CLAIM_KINDS
from generators.sample.claims import institutional_claims, professional_claims
from tests.conftest import corpus_files

KINDS = ("835", "837P", "837I", "999", "277CA")
PER_KIND = int(os.environ.get("X12FLOW_CASCADE_MUTATIONS", "450"))
SEED = 20261130
MAX_FINDINGS = 2
CASCADES_LEFT = 0.045
"""The share of mutations per kind that may still cascade. The property does not hold for every
mutation yet: on 2026-12-08, 1 to 13 of 450 per kind with the corpus (2.9% at most, 837I), up
to 20 of 450 without it (4.4%, 837I), mostly a loop trigger (HL, CLM, SBR, LX, NM1) moved far
from its loop, or landing early and closing a repetition it cannot be taken back from. This
bound keeps recovery from getting worse until the property holds, when it becomes 0."""
# Corpus files longer than this are left out: their mutations are no different, only slower.
MAX_SEGMENTS = 400
OPERATIONS = ("move", "delete", "duplicate")
ENVELOPE = frozenset({"ISA", "IEA", "GS", "GE", "ST", "SE"})

GRAMMARS: dict[str, tuple[str, str]] = {
    "835": ("parsers.era835", "grammar"),
    "837P": ("parsers.claim837", "professional"),
    "837I": ("parsers.claim837", "institutional"),
    "999": ("parsers.ack999", "grammar999"),
    "277CA": ("parsers.status277", "grammar277ca"),
}


# -- the valid files --------------------------------------------------------------------------
@dataclass(frozen=True)
class Source:
    """One valid file as its segments (text without terminators) and where its sets lie."""

    kind: str
    name: str
    segments: tuple[str, ...]
    element: str
    terminator: str

    @classmethod
    def of(cls, kind: str, name: str, text: str) -> Source:
        start = text.index("ISA")
        text = text[start:]
        element, terminator = text[3], text[105]
        segments = tuple(s.strip("\r\n") for s in text.split(terminator))
        return cls(kind, name, tuple(s for s in segments if s.strip()), element, terminator)

    def data(self, segments: list[str] | tuple[str, ...]) -> bytes:
        return (self.terminator + "\n").join(segments).encode("latin-1") + self.terminator.encode()

    def seg_id(self, index: int) -> str:
        return self.segments[index].split(self.element, 1)[0].strip()

    def sets(self) -> Iterator[tuple[int, int]]:
        """(index of ST, index of SE) of each transaction set."""
        start = None
        for n in range(len(self.segments)):
            sid = self.seg_id(n)
            if sid == "ST":
                start = n
            elif sid == "SE" and start is not None:
                yield start, n
                start = None


@dataclass(frozen=True)
class Mutation:
    """One segment moved, deleted or duplicated inside a transaction set.

    ``index`` is the segment changed (its index in the file); ``target`` is where a moved
    segment lands in the mutated file, a duplicate being written right after the original."""

    source: Source
    operation: str
    index: int
    st: int  # the index of the set's ST
    target: int = -1

    def segments(self) -> list[str]:
        out = list(self.source.segments)
        if self.operation == "delete":
            del out[self.index]
        elif self.operation == "duplicate":
            out.insert(self.index + 1, out[self.index])
        else:
            out.insert(self.target, out.pop(self.index))
        return out

    def origins(self) -> list[int | None]:
        """Per segment of the mutated file, its index in the valid file (None for a copy)."""
        out: list[int | None] = list(range(len(self.source.segments)))
        if self.operation == "delete":
            del out[self.index]
        elif self.operation == "duplicate":
            out.insert(self.index + 1, None)
        else:
            out.insert(self.target, out.pop(self.index))
        return out

    def place(self) -> frozenset[int]:
        """The indexes of the mutated file where findings may stand (see the module docstring)."""
        i = self.index
        if self.operation == "delete":
            return frozenset({i - 1, i, i + 1})  # around the gap: its neighbours, one after
        if self.operation == "duplicate":
            return frozenset({i, i + 1, i + 2})  # the original, the copy, the one after
        t = self.target
        gap = {i - 1, i, i + 1} if t > i else {i, i + 1, i + 2}
        return frozenset(gap | {t, t + 1})

    def describe(self) -> str:
        """The mutation in codes and positions only (ST = position 1)."""
        what = f"{self.source.seg_id(self.index)} at position {self.index - self.st + 1}"
        if self.operation == "move":
            return f"{self.source.name}: {what} moved to position {self.target - self.st + 1}"
        return f"{self.source.name}: {what} {self.operation}d"


def _claim_file(kind: str, count: int, seed: int, per_set: int) -> str:
    make = professional_claims if kind == "837p" else institutional_claims
    model = CLAIM_KINDS[kind].model
    claims = arrange([model.model_validate(c) for c in make(count, seed)])
    out = io.StringIO()
    ClaimFileWriter(
        out,
        CLAIM_KINDS[kind],
        claim_file_settings(Config()),
        interchange_number=7,
        group_number=107,
        transaction_numbers=itertools.count(1),
        when=datetime(2026, 1, 15, 9, 30),
        max_claims_per_transaction=per_set,
    ).write(claims)
    return out.getvalue()


def _reply_kind(path: Path) -> str:
    return path.name.split("-", 1)[0]


def generated_sources(folder: Path) -> list[Source]:
    """837P and 837I of sample claims, and the simulator's 999, 277CA and 835s to them: one run
    accepting everything (277CA rejections and 835s), one rejecting sets (999s with IK3/IK4).
    The rejecting run answers files of one claim per set, so that its 999s answer many sets:
    each an AK2 loop with its IK3, CTX and IK4, enough segments for as many distinct deletions
    and duplications as moves."""
    out: list[Source] = []
    inputs = []
    for kind, count, per_set in (("837p", 6, 3), ("837i", 4, 2)):
        text = _claim_file(kind, count, 3, per_set)
        out.append(Source.of(kind.upper(), f"generated {kind.upper()}", text))
        path = folder / f"{kind}.x12"
        path.write_text(text, encoding="utf-8", newline="")
        inputs.append(path)
    single = []
    for kind, count in (("837p", 12), ("837i", 8)):
        path = folder / f"{kind}-single.x12"
        path.write_text(_claim_file(kind, count, 5, 1), encoding="utf-8", newline="")
        single.append(path)
    runs = {
        "accepted": (inputs, {"ack999": {"rejected": 0, "accepted_with_errors": 0}}),
        "rejected": (single, {"ack999": {"rejected": 0.5, "accepted_with_errors": 0.5}}),
    }
    for run, (files, rules) in runs.items():
        result = simulate(files, folder / run, 5, Rules.model_validate(rules))
        for path in sorted(result.files):
            kind = _reply_kind(path)
            if kind in KINDS and (kind == "999") == (run == "rejected"):
                text = path.read_text(encoding="utf-8")
                out.append(Source.of(kind, f"generated {path.name}", text))
    return out


def corpus_sources() -> list[Source]:
    """The shared corpus's files of the five kinds (empty without the corpus)."""
    out = []
    for kind in KINDS:
        for path in corpus_files(kind):
            text = path.read_bytes().decode("latin-1")
            if "ISA" in text:
                source = Source.of(kind, f"corpus {kind}/{path.name}", text)
                if len(source.segments) <= MAX_SEGMENTS:
                    out.append(source)
    return out


# -- what counts ------------------------------------------------------------------------------
def structural(findings: list[Finding]) -> list[Finding]:
    """The structure and element findings (IK3 and IK4 families), errors and warnings."""
    return [f for f in findings if f.source[:3] in ("IK3", "IK4") and f.severity.value != "info"]


def key(f: Finding, origin: int | None) -> tuple[object, ...]:
    loc = f.location
    return (f.source, f.code, origin, loc.segment_id, loc.element, loc.component, loc.repetition)


def index_of(f: Finding, st: int) -> int | None:
    """The index in the file of the segment a finding stands at: its ordinal, or for a segment
    recovery assumed (no ordinal), its position in the set."""
    if f.location.segment is not None:
        return f.location.segment - 1
    if f.location.position is not None:
        return st + f.location.position - 1
    return None


@cache
def baseline(source: Source) -> Counter[tuple[object, ...]]:
    """The structure and element findings of the valid file itself, by segment."""
    found = structural(validate_file(io.BytesIO(source.data(source.segments)), "valid.x12"))
    return Counter(key(f, f.location.segment - 1 if f.location.segment else None) for f in found)


def new_findings(m: Mutation) -> tuple[list[Finding], list[Finding]]:
    """(the structure and element findings the mutation brought, those not at its place)."""
    found = structural(validate_file(io.BytesIO(m.source.data(m.segments())), "mutated.x12"))
    origins = m.origins()
    inherited = Counter(baseline(m.source))
    new, misplaced = [], []
    place = m.place()
    for f in found:
        at = index_of(f, m.st)
        origin = origins[at] if at is not None and 0 <= at < len(origins) else None
        k = key(f, origin)
        if inherited[k] > 0:
            inherited[k] -= 1
            continue
        new.append(f)
        if at is None or at not in place:
            misplaced.append(f)
    return new, misplaced


def show(m: Mutation, findings: list[Finding]) -> str:
    parts = [
        f"{f.source}-{f.code} {f.location.segment_id} at position {f.location.position}"
        + (f" element {f.location.element}" if f.location.element else "")
        for f in findings
    ]
    return f"{m.describe()}: " + ("; ".join(parts) or "no findings")


# -- the grammar's verdict --------------------------------------------------------------------
@cache
def grammar(kind: str) -> Grammar:
    return load_grammar(*GRAMMARS[kind])


def rejected(m: Mutation) -> bool:
    """Whether the mutated set breaks its grammar (a structure the guide does not allow)."""
    g = grammar(m.source.kind)
    segments = list(SegmentReader(io.BytesIO(m.source.data(m.segments())), Findings(), "m.x12"))
    machine = Machine(g.tables, None)
    try:
        for seg in segments[m.st :]:
            machine.feed(g.tokenize(seg).type, None)
            if seg.elements[0] == "SE":
                break
        machine.end()
    except Reject:
        return True
    return False


# -- drawing the mutations --------------------------------------------------------------------
def mutations(sources: list[Source], kind: str, count: int) -> list[Mutation]:
    """``count`` distinct mutations of the files of ``kind``, the three operations in turn,
    each on a segment drawn at random (moves half the time near, half anywhere in the set)."""
    rng = random.Random(f"{SEED}-{kind}")
    places = [
        (s, st, n)
        for s in sources
        if s.kind == kind
        for st, se in s.sets()
        for n in range(st + 1, se)
        if s.seg_id(n) not in ENVELOPE
    ]
    assert places, f"no valid {kind} file to mutate"
    drawn: dict[tuple[str, str, int, int], Mutation] = {}
    for turn in range(count * 20):
        if len(drawn) == count:
            break
        source, st, n = rng.choice(places)
        operation = OPERATIONS[turn % 3]
        target = -1
        if operation == "move":
            se = next(e for s, e in source.sets() if s == st)
            low, high = st + 1, se - 1  # where it may land, once taken out
            if rng.random() < 0.5:
                target = rng.randint(max(low, n - 3), min(high, n + 3))
            else:
                target = rng.randint(low, high)
            if target == n:
                continue
        drawn.setdefault(
            (source.name, operation, n, target), Mutation(source, operation, n, st, target)
        )
    return list(drawn.values())


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> list[Source]:
    made = generated_sources(tmp_path_factory.mktemp("cascade"))
    for source in made:
        found = baseline(source)
        assert not found, f"{source.name} is not valid: {sorted(found)}"
    kinds = {s.kind for s in made}
    assert kinds == set(KINDS), kinds
    valid = [s for s in corpus_sources() if not any(k[0] == "IK304" for k in baseline(s))]
    return made + valid


# -- the property -----------------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
def test_one_changed_segment_gives_at_most_two_findings_at_its_place(
    kind: str, sources: list[Source]
) -> None:
    drawn = mutations(sources, kind, PER_KIND)
    assert len(drawn) == PER_KIND
    failures = []
    operations: Counter[str] = Counter()
    for m in drawn:
        new, misplaced = new_findings(m)
        if len(new) > MAX_FINDINGS or misplaced:
            failures.append(show(m, new))
        operations[m.operation] += 1
    # every operation is well represented (a fifth at least: the generated 999s alone, without
    # the corpus, have fewer distinct segments to delete than places to move one to)
    assert min(operations.values()) >= PER_KIND // 5, operations
    assert len(failures) <= CASCADES_LEFT * len(drawn), (
        f"{len(failures)} of {len(drawn)} {kind} mutations cascade:\n" + "\n".join(failures[:40])
    )


@pytest.mark.parametrize("kind", KINDS)
def test_a_mutation_the_structure_rejects_is_always_reported(
    kind: str, sources: list[Source]
) -> None:
    """Detection is not weakened: every mutation whose set the grammar rejects has a finding,
    and such mutations are plenty (deletions of required segments, duplications past a limit,
    moves out of every place a segment is allowed)."""
    drawn = mutations(sources, kind, PER_KIND)
    silent = []
    broken: Counter[str] = Counter()
    for m in drawn:
        if not rejected(m):
            continue
        broken[m.operation] += 1
        if not structural(validate_file(io.BytesIO(m.source.data(m.segments())), "m.x12")):
            silent.append(show(m, []))
    assert not silent, f"{len(silent)} {kind} mutations break the structure silently:\n" + (
        "\n".join(silent[:40])
    )
    assert all(broken[op] >= PER_KIND // 30 for op in OPERATIONS), broken
