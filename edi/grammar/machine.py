"""The LALR stack machine over compact tables (values kept only when callbacks are given).

:class:`ParseRun` inlines :meth:`Machine.feed` in its per-segment loop; recovery uses trial
machines (no values, no callbacks) to ask what would fit.
"""

from __future__ import annotations

from typing import Any

from edi.grammar.tables import Tables


class Machine:
    """The LALR stack machine over :class:`Tables` (values kept only when callbacks are given)."""

    __slots__ = ("reductions", "stack", "states", "tables", "values")

    def __init__(
        self,
        tables: Tables,
        reductions: list[Any] | None,
        stack: list[int] | None = None,
        values: list[Any] | None = None,
    ) -> None:
        self.tables = tables
        self.states = tables.states
        self.reductions = reductions
        self.stack = stack if stack is not None else [tables.start_state]
        self.values = values if values is not None else []

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
                return self.values[-1] if self.reductions is not None else None

    def _reduce(self, rule: int) -> None:
        stack = self.stack
        if self.reductions is None:
            size, name, _ = self.tables.shapes[rule]
            if size:
                del stack[-size:]
        else:
            size, name, call, _ = self.reductions[rule]
            values = self.values
            if size:
                children = values[-size:]
                del stack[-size:]
                del values[-size:]
            else:
                children = []
            values.append(call(children))
        stack.append(self.states[stack[-1]][name][1])


class Reject(Exception):
    """A token the parser cannot take in its current state."""
