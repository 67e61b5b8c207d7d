"""Memoised LALR transitions: what one token does to a whole parser configuration.

The loop grammars have no recursion but their left-recursive repetitions, so the LALR state stack
stays shallow and only a few hundred distinct stacks ever occur. Each distinct stack is numbered
(a *configuration*) the first time it is met, and the effect of a token on it is worked out once
by the LALR machine — the value ops of the reductions on the way (see
:mod:`edi.x12.grammar.machine`) and the configuration after the shift — and then replayed: one
dictionary lookup per segment instead of a table walk.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from edi.x12.errors import X12FlowError
from edi.x12.grammar.machine import Machine, Op, Reject

if TYPE_CHECKING:
    from edi.x12.grammar.tables import Tables

Step = tuple[int, tuple[Op, ...]]  # (configuration after the shift, reductions before it)

# A grammar whose stacks keep growing is recursive; no guide loop structure is.
MAX_CONFIGURATIONS = 100_000


class RecursiveGrammar(X12FlowError):
    """A grammar produced more parser configurations than any loop structure can."""


class Transitions:
    """The configurations of one grammar's tables and the memoised token steps between them."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.stacks: list[tuple[int, ...]] = []
        self.rows: list[dict[str, Step]] = []
        self.misfits: list[set[str]] = []  # per configuration: the tokens found not to fit
        self._index: dict[tuple[int, ...], int] = {}
        self._lock = threading.Lock()
        self.start = self.configuration([tables.start_state])

    def configuration(self, stack: list[int] | tuple[int, ...]) -> int:
        """The number of this exact state stack (numbered on first sight)."""
        key = tuple(stack)
        found = self._index.get(key)
        if found is not None:
            return found
        with self._lock:
            found = self._index.get(key)
            if found is None:
                if len(self.stacks) >= MAX_CONFIGURATIONS:
                    raise RecursiveGrammar(
                        f"the grammar produced over {MAX_CONFIGURATIONS:,} parser "
                        "configurations: a loop rule is recursive"
                    )
                found = len(self.stacks)
                self.stacks.append(key)
                self.rows.append({})
                self.misfits.append(set())
                self._index[key] = found
        return found

    def step(self, configuration: int, token: str) -> Step | None:
        """What ``token`` does in ``configuration`` (remembered), or None when it does not fit."""
        machine = Machine(self.tables, None, list(self.stacks[configuration]))
        machine.ops = []
        try:
            machine.feed(token, None)
        except Reject:
            return None
        found: Step = (self.configuration(machine.stack), tuple(machine.ops))
        self.rows[configuration][token] = found
        return found

    def fits(self, configuration: int, token: str) -> int | None:
        """The configuration after ``token`` (None when it does not fit), remembered either way:
        recovery asks the same questions of the same configurations again and again."""
        found = self.rows[configuration].get(token)
        if found is not None:
            return found[0]
        if token in self.misfits[configuration]:
            return None
        step = self.step(configuration, token)
        if step is None:
            self.misfits[configuration].add(token)
            return None
        return step[0]

    def reach(self, configuration: int, tokens: list[str] | tuple[str, ...]) -> int:
        """How many of ``tokens`` fit in a row from ``configuration``."""
        count = 0
        for token in tokens:
            after = self.fits(configuration, token)
            if after is None:
                break
            configuration = after
            count += 1
        return count

    def expected(self, configuration: int) -> list[str]:
        """The tokens the parser has an action for in ``configuration`` (some may still not
        fit once the reductions before them are made)."""
        actions = self.tables.states[self.stacks[configuration][-1]]
        return [t for t in actions if t.isupper() and t != "$END"]
