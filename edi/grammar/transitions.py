"""Memoised LALR transitions: what one token does to a whole parser configuration.

The loop grammars have no recursion but their left-recursive repetitions, so the LALR state stack
stays shallow and only a few hundred distinct stacks ever occur. Each distinct stack is numbered
(a *configuration*) the first time it is met, and the effect of a token on it is computed once
with the LALR tables — the reductions on the way and the configuration after the shift — and
then replayed: one dictionary lookup per segment instead of a table walk.

Values are kept flat: a transaction set's segments and the results of finished loop rules in one
list, with a *mark* per stack entry saying where that entry's values start. Reducing an inlined
rule (a repetition, an optional run) then moves no values at all; reducing a loop rule hands the
callback the flat slice of its children.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from edi.errors import X12FlowError

if TYPE_CHECKING:
    from edi.grammar.tables import Tables

# One replayed reduction: (code, count, rule index).
#   OPEN   an empty inlined rule: a new mark at the end of the values;
#   MERGE  an inlined rule of `count` + 1 items: its marks merge into the first;
#   CALL   a loop rule of `count` items: its values go to the callback (count 0: no values).
OPEN, MERGE, CALL = 0, 1, 2
Op = tuple[int, int, int]
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
                self._index[key] = found
        return found

    def step(self, configuration: int, token: str) -> Step | None:
        """What ``token`` does in ``configuration`` (remembered), or None when it does not fit."""
        states = self.tables.states
        shapes = self.tables.shapes
        stack = list(self.stacks[configuration])
        ops: list[Op] = []
        while True:
            action = states[stack[-1]].get(token)
            if action is None:
                return None
            if action[0]:
                stack.append(action[1])
                break
            rule = action[1]
            size, name, inline = shapes[rule]
            if size:
                del stack[-size:]
            goto = states[stack[-1]].get(name)
            if goto is None:  # pragma: no cover - lark's tables always have the goto
                return None
            stack.append(goto[1])
            if not inline:
                ops.append((CALL, size, rule))
            elif size == 0:
                ops.append((OPEN, 0, rule))
            elif size > 1:
                ops.append((MERGE, size - 1, rule))
        found: Step = (self.configuration(stack), tuple(ops))
        self.rows[configuration][token] = found
        return found
