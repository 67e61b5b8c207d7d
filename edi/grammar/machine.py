"""The LALR stack machine over compact tables, with flat values (see :mod:`.transitions`).

:class:`ParseRun` replays memoised transitions per segment and hands this machine the stack
only for recovery, where trial machines (no values, no callbacks) ask what would fit.
"""

from __future__ import annotations

from typing import Any

from edi.grammar.tables import Reduction, Tables


class Machine:
    """The LALR stack machine over :class:`Tables` (values kept only when callbacks are given).

    ``values`` is flat: segments and finished loop results in file order; ``marks`` holds, per
    stack entry, the index in ``values`` where that entry's values start.
    """

    __slots__ = ("marks", "reductions", "stack", "states", "tables", "values")

    def __init__(
        self,
        tables: Tables,
        reductions: list[Reduction] | None,
        stack: list[int] | None = None,
        values: list[Any] | None = None,
    ) -> None:
        self.tables = tables
        self.states = tables.states
        self.reductions = reductions
        self.stack = stack if stack is not None else [tables.start_state]
        self.values = values if values is not None else []
        self.marks: list[int] = [0]

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
                if self.reductions is not None:
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
                return self.values[-1] if self.reductions is not None and self.values else None

    def _reduce(self, rule: int) -> None:
        stack = self.stack
        size, name, inline = self.tables.shapes[rule]
        if size:
            del stack[-size:]
        if self.reductions is not None:
            marks, values = self.marks, self.values
            if size:
                start = marks[-size]
                del marks[len(marks) - size + 1 :]
            else:
                start = len(values)
                marks.append(start)
            if not inline:
                children = values[start:]
                del values[start:]
                values.append(self.reductions[rule][2](children))
        stack.append(self.states[stack[-1]][name][1])


class Reject(Exception):
    """A token the parser cannot take in its current state."""
