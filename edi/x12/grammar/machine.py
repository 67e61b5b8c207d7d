"""The LALR stack machine over compact tables, with flat values.

Values are kept flat: a transaction set's segments and the results of finished loop rules in one
list, with a *mark* per stack entry saying where that entry's values start. Reducing an inlined
rule (a repetition, an optional run) then moves no values at all; reducing a loop rule hands the
callback the flat slice of its children. Each reduction's effect on the values is an :data:`Op`,
which :func:`replay` applies; :mod:`edi.x12.grammar.transitions` records the ops a token causes so
that :class:`ParseRun` can replay them per segment without walking the tables. Recovery uses
trial machines (no values, no callbacks) to ask what would fit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from edi.x12.grammar.tables import Reduction, Tables

# One reduction's effect on the values: (code, count, rule index).
#   OPEN   an empty inlined rule: a new mark at the end of the values;
#   MERGE  an inlined rule of `count` + 1 items: its marks merge into the first;
#   CALL   a loop rule of `count` items: its values go to the callback (count 0: no values).
OPEN, MERGE, CALL = 0, 1, 2
Op = tuple[int, int, int]
Calls = list[Callable[[list[Any]], Any]]


def op_for(rule: int, size: int, inline: bool) -> Op | None:
    """What reducing ``rule`` (``size`` items) does to the values; None when nothing."""
    if not inline:
        return (CALL, size, rule)
    if size == 0:
        return (OPEN, 0, rule)
    if size > 1:
        return (MERGE, size - 1, rule)
    return None  # an inlined rule of one item: its mark stays as it is


def replay(ops: Iterable[Op], values: list[Any], marks: list[int], calls: Calls) -> None:
    """Apply reductions to flat values and their marks (see the module docstring)."""
    for code, count, rule in ops:
        if code == CALL:
            if count:
                start = marks[-count]
                if count > 1:
                    del marks[1 - count :]
                children = values[start:]
                del values[start:]
            else:
                marks.append(len(values))
                children = []
            values.append(calls[rule](children))
        elif code == MERGE:
            del marks[-count:]
        else:
            marks.append(len(values))


class Machine:
    """The LALR stack machine over :class:`Tables` (values kept only when callbacks are given).

    ``ops``, when a list, records the value ops of every reduction made (see :func:`replay`).
    """

    __slots__ = ("calls", "marks", "ops", "stack", "states", "tables", "values")

    def __init__(
        self,
        tables: Tables,
        reductions: list[Reduction] | None,
        stack: list[int] | None = None,
        values: list[Any] | None = None,
    ) -> None:
        self.tables = tables
        self.states = tables.states
        self.calls: Calls | None = [r[2] for r in reductions] if reductions is not None else None
        self.stack = stack if stack is not None else [tables.start_state]
        self.values = values if values is not None else []
        self.marks: list[int] = [0]
        self.ops: list[Op] | None = None

    def trial(self) -> Machine:
        return Machine(self.tables, None, list(self.stack), None)

    def accepts(self, types: list[str], end: bool = False) -> bool:
        m = self.trial()
        try:
            for t in types:
                m.feed(t, None)
            if end:
                m.end()
        except Reject:
            return False
        return True

    def expected(self) -> list[str]:
        return [t for t in self.states[self.stack[-1]] if t.isupper() and t != "$END"]

    def feed(self, token_type: str, value: Any) -> None:
        """Shift one token, reducing first as needed; raise Reject if it does not fit."""
        states, stack = self.states, self.stack
        while True:
            action = states[stack[-1]].get(token_type)
            if action is None:
                raise Reject(token_type)
            if action[0]:
                stack.append(action[1])
                if self.calls is not None:
                    self.marks.append(len(self.values))
                    self.values.append(value)
                return
            self._reduce(action[1])

    def end(self) -> Any:
        states, stack = self.states, self.stack
        end_state = self.tables.end_state
        while True:
            action = states[stack[-1]].get("$END")
            if action is None or action[0]:
                raise Reject("$END")
            self._reduce(action[1])
            if stack[-1] == end_state:
                return self.values[-1] if self.calls is not None and self.values else None

    def _reduce(self, rule: int) -> None:
        stack = self.stack
        size, name, inline = self.tables.shapes[rule]
        if size:
            del stack[-size:]
        stack.append(self.states[stack[-1]][name][1])
        op = op_for(rule, size, inline)
        if op is None:
            return
        if self.ops is not None:
            self.ops.append(op)
        if self.calls is not None:
            replay((op,), self.values, self.marks, self.calls)


class Reject(Exception):
    """A token the parser cannot take in its current state."""
