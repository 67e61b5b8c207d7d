"""Where each segment and inner loop stands in its loop, by the guide: read from the grammar text.

The grammar writes every loop's segments and inner loops in the guide's order (groups of
qualified segments that share one position list their members in the guide's order too), so the
order of first appearance inside one ``loop_x`` rule, with its groups and plain rules inlined, is
the guide's order within that loop. A problem about something that is *missing* is reported where
it belonged: at the first segment of the loop that comes after it in this order (see
:mod:`edi.x12.occurs`), as a 999's IK3 names the segment where the missing one was expected.

:func:`loop_positions` is called once per grammar (:class:`~edi.x12.grammar.engine.Grammar`);
nothing here runs per segment.
"""

from __future__ import annotations

import re

# One rule: its name, then its body up to the next line that starts a rule.
_RULE = re.compile(
    r"^[?!]?([a-z_][a-z0-9_]*)\s*:(.*?)(?=^[?!]?[a-z_][a-z0-9_]*\s*:|\Z)", re.M | re.S
)
_SYMBOL = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
ROOT = "transaction"

# Per loop ID (None for the transaction set itself): token type or inner loop ID -> its place.
Positions = dict[str | None, dict[str, int]]


def loop_positions(text: str) -> Positions:
    """Per loop of the grammar ``text`` (comments already removed): the place of each token and
    inner loop ID in it, in the order of the rule (0, 1, 2, …; a symbol met twice keeps its
    first place)."""
    rules = {m[1]: m[2] for m in _RULE.finditer(text)}
    out: Positions = {}
    for name in rules:
        if name == ROOT or name.startswith("loop_"):
            places: dict[str, int] = {}
            _expand(name, rules, places, set())
            out[None if name == ROOT else name[5:].upper()] = places
    return out


def _expand(name: str, rules: dict[str, str], places: dict[str, int], seen: set[str]) -> None:
    """Number the symbols of rule ``name``, inlining every rule that is not a loop."""
    seen.add(name)
    for symbol in _SYMBOL.findall(rules[name]):
        if symbol.startswith("loop_"):
            places.setdefault(symbol[5:].upper(), len(places))
        elif symbol[0].isupper():
            places.setdefault(symbol, len(places))
        elif symbol in rules and symbol not in seen:
            _expand(symbol, rules, places, seen)
    seen.discard(name)
