"""Recovery's guesses: missing segments, and which repair of a misfit lets the parse go on.

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

Which repair recovery makes (:meth:`Repairs.choose`) is judged by what follows: each candidate
(skip the segment, swap it with the next, assume missing segments, pass over a loop that came
late) is scored by how many of the next few segments fit after it, and the best score wins. A
repair that only looks right where it is made (assume a service line so that a claim's late
date fits) is then not taken when the segments after it do not fit, so one misplaced segment
gives one finding and the rest of the set reads as it would have. Ties go to the repair that
invents least: a repeated segment skipped, then the previous segment taken back and put after
the misfit, a late segment skipped, a swap, an assumed segment.

Taking the previous segment back (UNDO) answers a segment that fitted where it landed, so that
the next, rightly placed one no longer fits (a REF moved between N3 and N4): skipping N4 as late
would leave a required segment out of the loop, reported a second time as missing. When the
previous segment was shifted without closing a loop, the parser can stand where it stood before
it, take the misfit there and put the previous segment after it: both are kept and the late one
is reported (IK304 7), as a late segment skipped would be; when the previous segment fits nowhere
near, it is left out (IK304 2 at it), unless it opens a loop: a trigger is put back after the
misfit or left where it was, never left out. A previous segment whose namesake follows in the
same loop came early, ahead of the copy that stands where it belongs: it is left out before the
misfit is skipped as late.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from edi.x12.grammar.machine import CALL, MERGE, Machine, Reject

if TYPE_CHECKING:
    from edi.x12.grammar.tables import Tables

Repair = tuple[str, ...]  # the missing tokens, in the order they are assumed

# What recovery does with a segment that does not fit: (what, IK304 code, tokens assumed, or
# for a swap the tokens ahead it is put after, for a pull those ahead up to the one pulled).
Action = tuple[str, str, Repair]
SKIP, SWAP, ASSUME, LATE_LOOP, UNDO, PULL = "skip", "swap", "assume", "late loop", "undo", "pull"

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
        self._chosen: dict[
            tuple[int, str, tuple[str, ...], bool, bool, int, int, str, bool], Action
        ] = {}

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

    # -- choosing a repair ---------------------------------------------------------------------
    def choose(
        self,
        configuration: int,
        token: str,
        ahead: tuple[str, ...],
        repeated: bool,
        late: bool,
        before_loop: int,
        undone: int = -1,
        previous: str = "",
        complete: bool = True,
    ) -> Action:
        """What to do with ``token``, which does not fit in ``configuration``, followed by the
        tokens ``ahead``: the candidate after which most of ``ahead`` fits (see the module
        docstring). ``repeated``: the token repeats the segment before it; ``late``: it fits
        earlier in the loop it stands in; ``before_loop``: the configuration before the loop
        opened last (-1 for none); ``undone``: the configuration before the previous segment
        (``previous``, its token) when it can be taken back (-1 otherwise); ``complete``: the
        loop opened last could be followed by another like it (it lacks nothing required): a
        loop that came late is passed over to stay in it before anything is assumed, while one
        still incomplete is more likely missing what the misfit belongs after. Remembered: the
        same misfit in the same place is one lookup.
        """
        key = (configuration, token, ahead, repeated, late, before_loop, undone, previous, complete)
        found = self._chosen.get(key)
        if found is None:
            found = self._best(
                configuration, token, ahead, repeated, late, before_loop, undone, previous, complete
            )
            if len(self._chosen) >= _REMEMBERED:
                self._chosen.clear()
            self._chosen[key] = found
        return found

    def _best(
        self,
        configuration: int,
        token: str,
        ahead: tuple[str, ...],
        repeated: bool,
        late: bool,
        before_loop: int,
        undone: int,
        previous: str,
        complete: bool,
    ) -> Action:
        steps = self.tables.transitions
        triggers = self.tables.triggers
        skipped = steps.reach(configuration, ahead)
        # (score, rank, action): the highest score wins, then the lowest rank
        options: list[tuple[int, int, Action]] = []
        if token != "SE":  # the trailer is never passed over while something may fit before it
            if repeated:
                options.append((skipped, 0, (SKIP, "5", ())))
            if late:
                options.append((skipped, 2, (SKIP, "7", ())))
            options.append((skipped, 50, (SKIP, "2", ())))
        if undone >= 0:
            options.extend(self._undo(undone, token, previous, ahead))
        options.extend(self._early(configuration, token, ahead, skipped))
        options.extend(self._pulled(configuration, token, ahead, skipped))
        singles = sorted(
            sorted(steps.expected(configuration), key=self._rank), key=lambda x: x in triggers
        )
        for rank, missing in enumerate(singles):
            after = steps.fits(configuration, missing)
            fitted = steps.fits(after, token) if after is not None else None
            if fitted is not None:
                # a segment assumed goes before a skip; a loop invented, after it
                order = 60 + rank if missing in triggers else 10 + min(rank, 29)
                options.append((steps.reach(fitted, ahead), order, (ASSUME, "3", (missing,))))
        pair = self.before(configuration, token)
        if pair is not None and len(pair) == 2:
            after = steps.fits(configuration, pair[0])
            second = steps.fits(after, pair[1]) if after is not None else None
            fitted = steps.fits(second, token) if second is not None else None
            if fitted is not None:
                options.append((steps.reach(fitted, ahead), 39, (ASSUME, "3", pair)))
        if before_loop >= 0 and token in triggers:
            opened = steps.fits(before_loop, token)
            if opened is not None:
                depth = len(steps.stacks[opened])
                passed = 0
                for item in ahead:
                    if steps.fits(configuration, item) is not None:
                        break
                    following = self.inside(opened, item, depth)
                    if following is None:
                        break
                    opened = following
                    passed += 1
                score = passed + steps.reach(configuration, ahead[passed:])
                options.append((score, 40 if complete else 200, (LATE_LOOP, "7", ())))
        if not options:
            return (SKIP, "2", ())
        best = max(options, key=lambda o: (o[0], -o[1]))
        return best[2]

    def inside(self, configuration: int, token: str, depth: int) -> int | None:
        """The configuration after ``token`` when it stays inside the loop whose trigger was
        shifted at stack height ``depth`` (None when it does not fit, or closes that loop: a
        reduction of a rule that is not inlined pops the trigger's entry). A loop that came late
        is passed over with its own segments and inner loops, not with the next loop's trigger
        (an ``HL`` after a late ``NM1*40``, which would go with it)."""
        steps = self.tables.transitions
        found = steps.fits(configuration, token)
        if found is None:
            return None
        height = len(steps.stacks[configuration])
        for code, count, _ in steps.rows[configuration][token][1]:
            size = count if code == CALL else count + 1 if code == MERGE else 0
            if code == CALL and height - size < depth:
                return None
            height += 1 - size
        return found

    def _early(
        self, configuration: int, token: str, ahead: tuple[str, ...], skipped: int
    ) -> list[tuple[int, int, Action]]:
        """``token`` came early: it fits after one or more of the segments ahead (which fit
        where the parser stands), and is put there; the tokens passed over are the action's
        third member. One passed over is a swap of neighbours. More is a segment moved up past
        a few others (an ``N4`` before its loop's ``NM1`` and ``N3``), which assuming the
        segments it came before would turn into an invented loop and a second copy of the real
        one; it is a candidate only when what follows reads better than with the segment left
        out (``skipped``: how many of ``ahead`` fit then), as is a swap past a loop trigger (a
        ``CTX`` carried into the next ``IK3``'s loop, beside that loop's own). When leaving it
        out reads as well, the segment belongs to none of the loops ahead (a segment of the
        loop before, moved past the next loop's trigger), and carrying it down would put it
        beside its namesake there."""
        steps = self.tables.transitions
        options: list[tuple[int, int, Action]] = []
        config: int | None = configuration
        for passed in range(1, len(ahead) + 1):
            config = steps.fits(config, ahead[passed - 1]) if config is not None else None
            if config is None:
                break
            placed = steps.fits(config, token)
            if placed is not None:
                score = passed + steps.reach(placed, ahead[passed:])
                crossed = passed > 1 or ahead[0] in self.tables.triggers
                if crossed and score <= skipped and token != "SE":
                    continue
                rank = 2 if passed == 1 else 4 + passed  # nearer first; before an assumed one
                options.append((score, rank, (SWAP, "7", ahead[:passed])))
        return options

    def _pulled(
        self, configuration: int, token: str, ahead: tuple[str, ...], skipped: int
    ) -> list[tuple[int, int, Action]]:
        """A segment a little way ahead came late: it belongs where the parser stands, before
        ``token`` (a ``TRN`` moved below its loop's ``STC`` and ``REF``). Taken first, it lets
        ``token`` and the rest fit; assuming it instead would report it missing here and then
        read the real one as the start of another loop. A candidate only when what follows
        reads better than with ``token`` left out (``skipped``), as for :meth:`_early`. Only a
        loop trigger is pulled from past another trigger (what follows a trigger belongs to its
        loop; a trigger that came late, an ``HL`` below its level's name and status loops, takes
        them back into its loop); a trigger pulled up loses ties to every other repair; the
        neighbour right ahead is a swap, not a pull."""
        steps = self.tables.transitions
        options: list[tuple[int, int, Action]] = []
        triggers = self.tables.triggers
        crossed = False  # a loop trigger stands between ``token`` and the one pulled
        for k in range(1, len(ahead)):
            crossed = crossed or ahead[k - 1] in triggers
            if crossed and ahead[k] not in triggers:
                continue  # what stands past a loop trigger belongs to that loop
            first = steps.fits(configuration, ahead[k])
            placed = steps.fits(first, token) if first is not None else None
            if placed is None:
                continue
            score = 1 + steps.reach(placed, ahead[:k] + ahead[k + 1 :])
            if score > skipped:
                # a loop trigger pulled up takes what follows into its loop: only when that
                # reads better than a loop assumed (the next loop's trigger is as likely)
                rank = 100 + k if ahead[k] in triggers else 4 + k
                options.append((score, rank, (PULL, "7", ahead[: k + 1])))
        return options

    def _undo(
        self, undone: int, token: str, previous: str, ahead: tuple[str, ...]
    ) -> list[tuple[int, int, Action]]:
        """The previous segment taken back: ``token`` in ``undone``, then the previous segment
        after it (when what follows fits as well that way) or left out; a loop trigger is never
        left out (its loop would go with it)."""
        steps = self.tables.transitions
        fitted = steps.fits(undone, token)
        if fitted is None:
            return []
        score = steps.reach(fitted, ahead)
        placed = steps.fits(fitted, previous)
        if placed is not None and steps.reach(placed, ahead) >= score:
            return [(score, 1, (UNDO, "7", ()))]
        if previous in self.tables.triggers:
            return []  # a loop's trigger is not left out: its loop would go with it
        # left out: after a late segment skipped, unless its namesake follows in the same loop
        return [(score, 1 if self._repeated_ahead(previous, ahead) else 3, (UNDO, "2", ()))]

    def _repeated_ahead(self, token: str, ahead: tuple[str, ...]) -> bool:
        """Whether ``token`` comes again in ``ahead`` before the next loop opens: the one taken
        back then came early, ahead of its namesake that stands where it belongs (a ``REF``
        moved up before its loop's ``DTP``). Leaving it out keeps the loop whole; skipping the
        segment it displaced as late would report that one missing and the namesake extra."""
        for item in ahead:
            if item == token:
                return True
            if item in self.tables.triggers:
                return False
        return False


_REMEMBERED = 1 << 14  # choices remembered per grammar, at most
