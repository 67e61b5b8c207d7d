"""Compact LALR tables taken from lark's analysis, and the callbacks our driver runs.

lark computes the LALR(1) tables from the grammar; this module re-packs them into plain dicts and
tuples so that the driver spends no time hashing rule objects, and builds each rule's reduction:
rules whose name starts with ``_`` (and lark's ``__…_star`` helpers) are inlined into their
parent; every other rule calls the transformer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lark import Lark
from lark.parsers.lalr_analysis import Shift

from edi.x12.grammar.transitions import Transitions

# Per state: token or rule name -> (True, next state) for a shift/goto,
# or (False, rule index) for a reduction.
Action = tuple[bool, int]
States = dict[int, dict[str, Action]]


# Per rule: (size, origin name, callback on the flat children, inlined?).
Reduction = tuple[int, str, Callable[[list[Any]], Any], bool]


class Tables:
    """The parse table of one grammar, ready for a fast driver."""

    def __init__(
        self,
        states: States,
        shapes: list[tuple[int, str, bool]],
        start_state: int,
        end_state: int,
        triggers: list[str],
    ) -> None:
        self.states = states
        self.triggers = frozenset(triggers)  # tokens that open a loop
        self.shapes = shapes  # per rule: (size, origin name, inlined?)
        self.start_state = start_state
        self.end_state = end_state
        self._transitions: Transitions | None = None

    @property
    def transitions(self) -> Transitions:
        """The memoised configuration steps of these tables (made on first use)."""
        if self._transitions is None:
            self._transitions = Transitions(self)
        return self._transitions

    @classmethod
    def from_lark(cls, lark: Lark, start: str) -> Tables:
        table = lark.parser.parser._parse_table
        rules: list[Any] = []
        index: dict[Any, int] = {}
        states: States = {}
        for state, actions in table.states.items():
            packed: dict[str, Action] = {}
            for symbol, (action, arg) in actions.items():
                if action is Shift:
                    packed[symbol] = (True, arg)
                else:
                    if arg not in index:
                        index[arg] = len(rules)
                        rules.append(arg)
                    packed[symbol] = (False, index[arg])
            states[state] = packed
        shapes = [
            (len(r.expansion), str(r.origin.name), str(r.origin.name).startswith("_"))
            for r in rules
        ]
        triggers = sorted(
            {
                r.expansion[0].name
                for r in lark.rules
                if str(r.origin.name).startswith("loop_") and r.expansion and r.expansion[0].is_term
            }
        )
        return cls(states, shapes, table.start_states[start], table.end_states[start], triggers)

    def to_json(self) -> dict[str, Any]:
        return {
            "states": {str(k): v for k, v in self.states.items()},
            "shapes": self.shapes,
            "start": self.start_state,
            "end": self.end_state,
            "triggers": sorted(self.triggers),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Tables:
        states = {
            int(k): {t: (bool(a[0]), int(a[1])) for t, a in v.items()}
            for k, v in data["states"].items()
        }
        shapes = [(int(a), str(b), bool(c)) for a, b, c in data["shapes"]]
        return cls(
            states,
            shapes,
            int(data["start"]),
            int(data["end"]),
            [str(t) for t in data["triggers"]],
        )

    def reductions(self, transformer: Any) -> list[Reduction]:
        """Per rule: (size, origin name, callback on the rule's flat children, inlined?).

        Inlined rules (``_x``, lark's ``__…`` helpers) have no callback: their children stay in
        the parent's. Every other rule calls the transformer method of its name, or the
        transformer's ``__default__``, or makes a plain list.
        """
        out: list[Reduction] = []
        default = getattr(transformer, "__default__", None)
        for size, name, inline in self.shapes:
            if inline:
                out.append((size, name, list, True))
            elif transformer is not None and getattr(type(transformer), name, None) is not None:
                out.append((size, name, getattr(transformer, name), False))
            elif default is not None:
                out.append((size, name, _bind_default(default, name), False))
            else:
                out.append((size, name, list, False))
        return out


def _bind_default(default: Callable[..., Any], name: str) -> Callable[[list[Any]], Any]:
    def call(children: list[Any]) -> Any:
        return default(name, children, None)

    return call
