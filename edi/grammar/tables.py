"""Compact LALR tables taken from lark's analysis, and the callbacks our driver runs.

lark computes the LALR(1) tables from the grammar; this module re-packs them into plain dicts and
tuples so that the driver in :mod:`edi.grammar.engine` spends no time hashing rule objects, and
builds each rule's reduction: rules whose name starts with ``_`` (and lark's ``__…_star``
helpers) are inlined into their parent; every other rule calls the transformer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lark import Lark
from lark.parsers.lalr_analysis import Shift

# Per state: token or rule name -> (True, next state) for a shift/goto,
# or (False, rule index) for a reduction.
Action = tuple[bool, int]
States = dict[int, dict[str, Action]]


class Inline(list[Any]):
    """Children of an inlined rule, spliced into the parent's children."""

    __slots__ = ()


class Tables:
    """The parse table of one grammar, ready for a fast driver."""

    states: States
    shapes: list[tuple[int, str, bool]]
    start_state: int
    end_state: int

    @classmethod
    def from_lark(cls, lark: Lark, start: str) -> Tables:
        self = cls.__new__(cls)
        self._pack(lark, start)
        return self

    def to_json(self) -> dict[str, Any]:
        return {"states": {str(k): v for k, v in self.states.items()},
                "shapes": self.shapes, "start": self.start_state, "end": self.end_state}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Tables:
        self = cls.__new__(cls)
        self.states = {int(k): {t: (bool(a[0]), int(a[1])) for t, a in v.items()}
                       for k, v in data["states"].items()}
        self.shapes = [(int(a), str(b), bool(c)) for a, b, c in data["shapes"]]
        self.start_state = int(data["start"])
        self.end_state = int(data["end"])
        return self

    def _pack(self, lark: Lark, start: str) -> None:
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
        self.states = states
        self.start_state: int = table.start_states[start]
        self.end_state: int = table.end_states[start]
        # (size, origin name, inline?) per rule
        self.shapes: list[tuple[int, str, bool]] = [
            (len(r.expansion), r.origin.name, r.origin.name.startswith("_")) for r in rules]

    def reductions(self, transformer: Any) -> list[tuple[int, str, Callable[[list[Any]], Any]]]:
        """Per rule: (size, origin name, callback on the flattened children)."""
        out: list[tuple[int, str, Callable[[list[Any]], Any]]] = []
        default = getattr(transformer, "__default__", None)
        for size, name, inline in self.shapes:
            if inline:
                out.append((size, name, _inline))
                continue
            method = getattr(type(transformer), name, None) if transformer is not None else None
            if method is not None:
                out.append((size, name, _flattening(getattr(transformer, name))))
            elif default is not None:
                out.append((size, name, _flattening(_bind_default(default, name))))
            else:
                out.append((size, name, _flattening(list)))
        return out


def _bind_default(default: Callable[..., Any], name: str) -> Callable[[list[Any]], Any]:
    def call(children: list[Any]) -> Any:
        return default(name, children, None)

    return call


def _inline(children: list[Any]) -> Inline:
    if not children:
        return Inline()
    first = children[0]
    if type(first) is Inline:
        out = first  # left-recursive list helpers: grow the list in place
        rest = children[1:]
    else:
        out = Inline()
        rest = children
    for child in rest:
        if type(child) is Inline:
            out.extend(child)
        else:
            out.append(child)
    return out


def _flattening(call: Callable[[list[Any]], Any]) -> Callable[[list[Any]], Any]:
    def reduce(children: list[Any]) -> Any:
        flat: list[Any] = []
        for child in children:
            if type(child) is Inline:
                flat.extend(child)
            else:
                flat.append(child)
        return call(flat)

    return reduce
