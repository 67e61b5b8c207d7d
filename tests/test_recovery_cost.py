"""Recovery from a misplaced segment costs a small constant per segment, whichever the segment
and however often a file repeats it.

Regression: in an 837I, every ``AMT*F3`` after the last service line sent recovery looking for
the missing segments after which it would fit, through about a thousand trial parses of token
pairs; 3,000 of them took 8.5 s. The answer depends only on where the parser stands and on the
token, so it is now worked out once (:mod:`edi.x12.grammar.repair`) and the search skips the trials
that cannot succeed.

Work is counted, never timed: the trial parses (``Machine.accepts`` and ``Machine.feed`` calls)
and the repair searches not answered from memory. In the compiled build the machine and the
driver are C code, so only the calls the search makes (it is Python) are seen there.
"""

from __future__ import annotations

import io
import itertools
import random
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edi.config import Config
from edi.inbound.document import Document
from edi.outbound.staging import claim_file_settings
from edi.x12.grammar import Grammar, load_grammar
from edi.x12.grammar.machine import Machine, Reject
from edi.x12.grammar.repair import Repair, Repairs
from edi.x12.segment import Segment
from generators.arrange import arrange
from generators.claim_file import ClaimFileWriter
from generators.kinds import KINDS
from generators.sample.claims import institutional_claims, professional_claims
from tests.conftest import interchange, transaction_set
from tests.test_grammars import GRAMMARS
from tests.test_transitions import walk

SAMPLES = {"837p": professional_claims, "837i": institutional_claims}
STEMS = {"837p": "professional", "837i": "institutional"}
VERSIONS = {"837p": "005010X222A1", "837i": "005010X223A2"}

# Trial-parse calls per misplaced segment, at most. Recovery tries a handful (is it out of
# order with the next segment? did it come late in its loop?) and then feeds the assumed
# segments; the search for them is remembered.
PER_SEGMENT = 20


@cache
def claim_body(kind: str) -> tuple[str, ...]:
    """The segments between ST and SE of a generated, clean 837 of three claims."""
    model = KINDS[kind].model
    claims = arrange([model.model_validate(c) for c in SAMPLES[kind](3, 1)])
    out = io.StringIO()
    ClaimFileWriter(
        out,
        KINDS[kind],
        claim_file_settings(Config()),
        interchange_number=1,
        group_number=1,
        transaction_numbers=itertools.count(1),
        when=datetime(2026, 11, 30, 12, 0),
    ).write(claims)
    segments = [s.strip() for s in out.getvalue().split("~")]
    start = next(n for n, s in enumerate(segments) if s.startswith("ST*"))
    end = next(n for n, s in enumerate(segments) if s.startswith("SE*"))
    return tuple(segments[start + 1 : end])


def misplaced(kind: str, segment: str, copies: int) -> bytes:
    """The clean 837 with ``copies`` of ``segment`` just before its SE."""
    body = [*claim_body(kind), *[segment] * copies]
    return interchange(
        transaction_set("837", "0001", body, VERSIONS[kind]),
        functional_id="HC",
        version=VERSIONS[kind],
    ).encode()


class Work:
    """Calls counted while recovery runs."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()

    @property
    def trials(self) -> int:
        return self.calls["Machine.accepts"] + self.calls["Machine.feed"]

    @property
    def searches(self) -> int:
        return self.calls["Repairs.search"]


@contextmanager
def counting() -> Iterator[tuple[Work, pytest.MonkeyPatch]]:
    """Count the calls made inside; patches made with the monkeypatch given end with it."""
    work = Work()
    monkeypatch = pytest.MonkeyPatch()

    def counted(owner: type, name: str) -> None:
        original: Callable[..., Any] = getattr(owner, name)
        key = f"{owner.__name__}.{name}"

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            work.calls[key] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, wrapper)

    counted(Machine, "accepts")
    counted(Machine, "feed")
    counted(Repairs, "search")
    try:
        yield work, monkeypatch
    finally:
        monkeypatch.undo()


def validate(kind: str, segment: str, copies: int) -> Work:
    """Validate the file with nothing remembered from earlier parses; the work it took."""
    grammar = load_grammar("parsers.claim837", STEMS[kind])
    fresh = Repairs(grammar.tables, grammar.order)
    data = misplaced(kind, segment, copies)
    with counting() as (work, monkeypatch):
        monkeypatch.setattr(grammar, "repairs", fresh)
        doc = Document(io.BytesIO(data), "misplaced.x12")
        doc.validate()
    assert doc.findings.total >= copies  # every copy was reported (listed or counted)
    return work


@pytest.mark.parametrize(
    "kind, segment",
    [
        # (trial parses each copy cost before: Machine.accepts calls alone)
        ("837i", "AMT*F3*1"),  # the fuzzer's case: 1,014
        ("837i", "CRC*ZZ*Y*A1"),  # 409
        ("837i", "AMT*D*4"),  # 208
        ("837p", "AMT*F5*2"),  # 31
        ("837p", "CTP****1*UN"),  # 17
    ],
)
def test_a_repeated_misplaced_segment_costs_a_small_constant_each(kind: str, segment: str) -> None:
    few = validate(kind, segment, 100)
    many = validate(kind, segment, 1000)
    # the search runs once per place a copy lands in, not once per copy
    assert 1 <= few.searches <= 4
    assert many.searches == few.searches
    assert (many.trials - few.trials) / 900 <= PER_SEGMENT
    assert many.trials / 1000 <= PER_SEGMENT


def test_the_repair_is_remembered_per_configuration_and_token() -> None:
    grammar = load_grammar("parsers.claim837", "institutional")
    repairs = Repairs(grammar.tables, grammar.order)
    machine = Machine(grammar.tables, None)
    for text in ["ST*837*0001*005010X223A2", *claim_body("837i")]:
        machine.feed(grammar.tokenize(Segment(text.split("*"))).type, None)
    assert not machine.accepts(["AMT_F3"])  # after the last service line
    config = grammar.tables.transitions.configuration(machine.stack)
    with counting() as (work, _):
        first = repairs.before(config, "AMT_F3")
        searched = work.calls.copy()
        again = [repairs.before(config, "AMT_F3") for _ in range(50)]
    assert first == reference(grammar, machine, "AMT_F3") == ("CLM", "CL1")  # a new claim
    assert again == [first] * 50
    assert searched["Repairs.search"] == 1
    assert work.calls == searched  # the 50 later answers made no trial at all


# -- the search skips only trials that fail: it finds what the full search finds -----------------
def reference(grammar: Grammar, machine: Machine, token: str) -> Repair | None:
    """Recovery's search as it was before any trial was skipped: every expected token, then
    every pair of them, loop openers last, in the guide's order."""
    order = grammar.order
    expected = sorted(machine.expected(), key=lambda x: order.get(x, 1 << 30))
    first = sorted(expected, key=lambda x: x in grammar.tables.triggers)
    for missing in first:
        if machine.accepts([missing, token]):
            return (missing,)
    for missing in first:
        trial = machine.trial()
        try:
            trial.feed(missing, None)
        except Reject:
            continue
        for second in sorted(trial.expected(), key=lambda x: order.get(x, 1 << 30)):
            if trial.accepts([second, token]):
                return (missing, second)
    return None


@pytest.mark.parametrize(("package", "stem"), GRAMMARS)
@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_the_search_finds_what_the_full_search_finds(package: str, stem: str, seed: int) -> None:
    grammar = load_grammar(package, stem)
    rng = random.Random(seed)
    tokens = walk(grammar, seed)
    machine = Machine(grammar.tables, None)
    for token in tokens[: rng.randrange(len(tokens) + 1)]:
        machine.feed(token, None)
    config = grammar.tables.transitions.configuration(machine.stack)
    repairs = Repairs(grammar.tables, grammar.order)
    misfits = [t for t in sorted(grammar.terminals) if not machine.accepts([t])]
    assert misfits
    for token in misfits:
        assert repairs.search(config, token) == reference(grammar, machine, token), token


def test_follows_hold_every_token_that_fits_after_another() -> None:
    """What the search relies on, checked directly: after any token of a walk, the next token
    is among those :attr:`Repairs.follows` names for it."""
    for package, stem in GRAMMARS:
        grammar = load_grammar(package, stem)
        follows = Repairs(grammar.tables, grammar.order).follows
        for seed in range(5):
            tokens = walk(grammar, seed)
            pairs = list(itertools.pairwise(tokens))
            assert pairs and all(b in follows[a] for a, b in pairs), stem
