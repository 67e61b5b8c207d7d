"""Recovery's guess at missing segments, worked out once per configuration and token.

When a token does not fit where the parser stands, recovery looks for the shortest run of
missing segments (one or two) after which it fits (:meth:`Repairs.before`). The search tries
pairs of expected tokens with trial machines, which in a large grammar (the 837I) can take a
thousand trials. Two things keep it cheap:

* the answer depends only on the parser configuration (see :mod:`edi.x12.grammar.transitions`) and
  the token, so it is remembered: the same misplaced segment met again in the same place costs
  one dictionary lookup, however many times a file repeats it. What is remembered is bounded as
  the memoised steps are: by the configurations met, not by the length of the input;
* a trial that cannot succeed is not made. A token that fits right after ``x`` is fed must be in
  the actions of the state shifting ``x`` leads to, and every state shifting ``x`` can lead to is
  known from the tables: :attr:`Repairs.follows`. This only leaves out trials that would fail,
  so the search finds what the full search finds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from edi.x12.grammar.machine import Machine, Reject

if TYPE_CHECKING:
    from edi.x12.grammar.tables import Tables

Repair = tuple[str, ...]  # the missing tokens, in the order they are assumed

_NOTHING: frozenset[str] = frozenset()
_LAST = 1 << 30  # the rank of a token the grammar text does not name


class Repairs:
    """The missing segments recovery assumes, per (configuration, token), for one grammar."""

    def __init__(self, tables: Tables, order: dict[str, int]) -> None:
        self.tables = tables
        self.order = order  # the guide's order: ties between repairs go to the earlier segment
        self._known: dict[tuple[int, str], Repair | None] = {}
        self._follows: dict[str, frozenset[str]] | None = None
        self._precedes: dict[str, frozenset[str]] = {}

    def before(self, configuration: int, token: str) -> Repair | None:
        """The shortest run of missing tokens (one or two) after which ``token`` fits in
        ``configuration``, or None; worked out on first use, then remembered."""
        key = (configuration, token)
        try:
            return self._known[key]
        except KeyError:
            pass
        found = self.search(configuration, token)
        self._known[key] = found
        return found

    def search(self, configuration: int, token: str) -> Repair | None:
        """The repair :meth:`before` remembers. Expected tokens that open a loop are tried last
        (one can invent a loop where a segment merely came late, so a plain segment is the
        likelier repair); otherwise, and among the second tokens of a pair, the guide's order
        decides."""
        machine = Machine(self.tables, None, list(self.tables.transitions.stacks[configuration]))
        triggers = self.tables.triggers
        follows = self.follows
        first = sorted(sorted(machine.expected(), key=self._rank), key=lambda x: x in triggers)
        for missing in first:
            if token in follows.get(missing, _NOTHING) and machine.accepts([missing, token]):
                return (missing,)
        precedes = self.precedes(token)
        for missing in first:
            if precedes.isdisjoint(follows.get(missing, _NOTHING)):
                continue  # no second token after it can be followed by ``token``
            trial = machine.trial()
            try:
                trial.feed(missing, None)
            except Reject:
                continue
            for second in sorted(trial.expected(), key=self._rank):
                if second in precedes and trial.accepts([second, token]):
                    return (missing, second)
        return None

    def _rank(self, token: str) -> int:
        return self.order.get(token, _LAST)

    @property
    def follows(self) -> dict[str, frozenset[str]]:
        """Per token: every symbol the parser may take in a state that shifting the token leads
        to. What may fit right after the token is among them."""
        if self._follows is None:
            states = self.tables.states
            found: dict[str, set[str]] = {}
            for actions in states.values():
                for symbol, (shift, target) in actions.items():
                    if shift:
                        found.setdefault(symbol, set()).update(states[target])
            self._follows = {symbol: frozenset(after) for symbol, after in found.items()}
        return self._follows

    def precedes(self, token: str) -> frozenset[str]:
        """The symbols ``token`` may follow (those whose :attr:`follows` hold it)."""
        found = self._precedes.get(token)
        if found is None:
            found = frozenset(x for x, after in self.follows.items() if token in after)
            self._precedes[token] = found
        return found
