"""The memoised driver parses exactly as the plain LALR machine does.

Random walks over each shipped grammar's tables give token sequences that the grammar accepts;
random edits of them give sequences it may not. The fast path (replayed configuration steps with
flat values) must build the same loop tree as the LALR machine stepping through its tables, and
must send a token to recovery exactly when the machine rejects it.
"""

from __future__ import annotations

import random
from collections import deque
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edi.x12.findings import Findings
from edi.x12.grammar import Grammar, Loop, LoopTransformer, load_grammar
from edi.x12.grammar.machine import Machine, Reject
from edi.x12.grammar.run import _placeholder
from edi.x12.segment import Segment
from tests.test_grammars import GRAMMARS


def walk(grammar: Grammar, seed: int, limit: int = 120) -> list[str]:
    """A token sequence the grammar accepts: random expected tokens, then the shortest way out."""
    rng = random.Random(seed)
    machine = Machine(grammar.tables, None)
    tokens: list[str] = []
    for _ in range(limit):
        # LALR tables may reduce on a token that then fails: keep only tokens that shift.
        choices = [t for t in sorted(machine.expected()) if machine.accepts([t])]
        if not choices or (machine.accepts([], end=True) and rng.random() < 0.05):
            break
        token = rng.choice(choices)
        machine.feed(token, None)
        tokens.append(token)
    return tokens + shortest_ending(machine)


def shortest_ending(machine: Machine) -> list[str]:
    """The shortest token sequence after which the set may end (breadth-first over stacks)."""
    queue: deque[tuple[Machine, list[str]]] = deque([(machine, [])])
    seen = {tuple(machine.stack)}
    while queue:
        current, path = queue.popleft()
        if current.accepts([], end=True):
            return path
        for token in sorted(current.expected()):
            trial = current.trial()
            try:
                trial.feed(token, None)
            except Reject:
                continue
            key = tuple(trial.stack)
            if key not in seen:
                seen.add(key)
                queue.append((trial, [*path, token]))
    raise AssertionError("no way to end the walk")


def segments_for(grammar: Grammar, tokens: list[str]) -> list[Segment]:
    out = []
    for n, token in enumerate(tokens, start=1):
        seg = _placeholder(token, None, grammar)
        seg.ordinal = n
        seg.position = n
        out.append(seg)
    return out


def shape(value: Any) -> Any:
    """A loop tree as nested tuples of rule names and segment ordinals."""
    if isinstance(value, Loop):
        return (value.rule, tuple(shape(child) for child in value.children))
    if isinstance(value, Segment):
        return value.ordinal
    return value


def reference_tree(grammar: Grammar, tokens: list[str]) -> Any:
    """The tree the plain machine builds, stepping through the LALR tables token by token."""
    transformer = LoopTransformer()
    machine = Machine(grammar.tables, grammar.tables.reductions(transformer))
    for seg in segments_for(grammar, tokens):
        machine.feed(seg.type, seg)
    return shape(machine.end())


@pytest.mark.parametrize(("package", "stem"), GRAMMARS)
@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_replayed_steps_build_the_machines_tree(package: str, stem: str, seed: int) -> None:
    grammar = load_grammar(package, stem)
    tokens = walk(grammar, seed)
    findings = Findings("walk")
    run = grammar.parse(segments_for(grammar, tokens), LoopTransformer(), findings)
    assert run.complete
    assert not list(findings), [str(f) for f in findings]
    assert shape(run.result) == reference_tree(grammar, tokens)


@pytest.mark.parametrize(("package", "stem"), GRAMMARS)
@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), data=st.data())
def test_a_step_is_missing_exactly_when_the_machine_rejects(
    package: str, stem: str, seed: int, data: st.DataObject
) -> None:
    grammar = load_grammar(package, stem)
    tokens = walk(grammar, seed)
    terminals = sorted(grammar.terminals)
    edits = data.draw(st.lists(st.tuples(st.integers(0, len(tokens)), st.sampled_from(terminals))))
    for at, token in edits:
        tokens.insert(min(at, len(tokens)), token)
    transitions = grammar.tables.transitions
    machine = Machine(grammar.tables, None)
    config = transitions.start
    for token in tokens:
        step = transitions.step(config, token)
        try:
            machine.feed(token, None)
        except Reject:
            assert step is None
            break
        assert step is not None
        config = step[0]
        assert transitions.stacks[config] == tuple(machine.stack)
