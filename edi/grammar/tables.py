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

from edi.grammar.inline import Inline

# Per state: token or rule name -> (True, next state) for a shift/goto,
# or (False, rule index) for a reduction.
Action = tuple[bool, int]
States = dict[int, dict[str, Action]]


# Reduction kinds. APPEND: an inlined left-recursive list rule ``__x: __x item`` — add the item
# to the list in place. SINGLE: an inlined one-child rule — wrap the child. GENERAL: call.
GENERAL, APPEND, SINGLE = 0, 1, 2
Reduction = tuple[int, str, Callable[[list[Any]], Any], int]


class Tables:
    """The parse table of one grammar, ready for a fast driver."""

    def __init__(
        self,
        states: States,
        shapes: list[tuple[int, str, bool]],
        lefts: list[bool],
        start_state: int,
        end_state: int,
        triggers: list[str],
    ) -> None:
        self.states = states
        self.triggers = frozenset(triggers)  # tokens that open a loop
        self.shapes = shapes  # per rule: (size, origin name, inlined?)
        self.lefts = lefts  # per rule: left-recursive (``__x: __x item``)?
        self.start_state = start_state
        self.end_state = end_state

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
        lefts = [bool(r.expansion) and r.expansion[0] == r.origin for r in rules]
        triggers = sorted(
            {
                r.expansion[0].name
                for r in lark.rules
                if str(r.origin.name).startswith("loop_") and r.expansion and r.expansion[0].is_term
            }
        )
        return cls(
            states, shapes, lefts, table.start_states[start], table.end_states[start], triggers
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "states": {str(k): v for k, v in self.states.items()},
            "shapes": self.shapes,
            "lefts": self.lefts,
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
            [bool(x) for x in data["lefts"]],
            int(data["start"]),
            int(data["end"]),
            [str(t) for t in data["triggers"]],
        )

    def reductions(self, transformer: Any) -> list[Reduction]:
        """Per rule: (size, origin name, callback on the flattened children)."""
        out: list[Reduction] = []
        default = getattr(transformer, "__default__", None)
        for (size, name, inline), kind in zip(self.shapes, self.kinds, strict=True):
            if inline:
                out.append((size, name, _inline, kind))
                continue
            method = getattr(type(transformer), name, None) if transformer is not None else None
            if method is not None:
                out.append((size, name, _flattening(getattr(transformer, name)), GENERAL))
            elif default is not None:
                out.append((size, name, _flattening(_bind_default(default, name)), GENERAL))
            else:
                out.append((size, name, _flattening(list), GENERAL))
        return out

    @property
    def kinds(self) -> list[int]:
        """How the driver may reduce each rule without a call (see :data:`GENERAL`)."""
        return [
            (APPEND if size == 2 and self.lefts[i] else SINGLE if size == 1 else GENERAL)
            if inline
            else GENERAL
            for i, (size, _, inline) in enumerate(self.shapes)
        ]


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
