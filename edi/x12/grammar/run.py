"""One transaction set through the parser: the per-segment loop, error recovery, findings.

Structural problems become IK304 findings and parsing goes on: an out-of-order pair is swapped
(7), a segment that came late is skipped (7), a loop that came after a loop it belongs before is
skipped with its segments (7), missing required segments are assumed (3), an unexpected one is
skipped (2), an unknown one too (1).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from lark.exceptions import VisitError

from edi.x12 import quoting
from edi.x12.findings import Findings, Severity
from edi.x12.grammar.machine import CALL, OPEN, Machine, Op, Reject, replay
from edi.x12.grammar.repair import ASSUME, LATE_LOOP, PULL, SWAP, UNDO, Repair
from edi.x12.grammar.tree import LoopTransformer, loop_id
from edi.x12.location import Location
from edi.x12.segment import Segment

if TYPE_CHECKING:
    from edi.x12.grammar.engine import Grammar

# Trailer segments whose absence the envelope already reports (IK502 2).
_SILENT = frozenset({"SE"})
# Segments recovery reads ahead to judge a repair (see edi.x12.grammar.repair).
LOOKAHEAD = 4
# Configurations of the current loop remembered to tell a late segment; a longer loop keeps its
# first ones (a loop that long is repetitions, which meet the same configurations again).
_HISTORY = 64


def display(token_type: str) -> str:
    """``NM1_85`` -> ``NM1*85`` for messages."""
    return token_type.replace("_", "*", 1)


class ParseOutcome:
    """What one parse produced: the transformer's result and the findings."""

    result: Any
    findings: Findings


class ParseRun(ParseOutcome):
    """One transaction set going through the parser."""

    def __init__(
        self, grammar: Grammar, transformer: Any, findings: Findings | None, base: Location | None
    ) -> None:
        self.grammar = grammar
        self.transformer = transformer
        self.findings = findings if findings is not None else Findings()
        self.base = base or Location(file=self.findings.file)
        self.machine = Machine(grammar.tables, grammar.reductions(transformer))
        # the ordinals of the segments recovery reported out of place, and (ordinal, loop ID)
        # where it reported a segment missing from that loop (a missing segment is reported at
        # the one after it; loop None: any loop, for a segment out of place): see LoopTransformer
        self.displaced: set[int] = set()
        self.noted: set[tuple[int, str | None]] = set()
        if isinstance(transformer, LoopTransformer):
            transformer.positions = grammar.positions
            transformer.displaced = self.displaced
            transformer.noted = self.noted
        self.result: Any = None
        self.complete = False
        # (segment, the segment whose loop to name when it has none, code, message, segment ID,
        # the loop to name whatever the segment's: that of a segment assumed missing)
        self._pending: list[tuple[Segment, Segment | None, str, str, str, str | None]] = []
        self._held: dict[str, int] = {}  # pending problems per IK304 code
        self._loop_start: tuple[int, Segment] | None = None  # (configuration, trigger)
        self._before_loop: int | None = None  # the configuration before that trigger
        # configurations met since that trigger (each run of one counted once)
        self._history: list[int] = [grammar.tables.transitions.start]
        self._ahead: deque[Segment] = deque()  # segments recovery read ahead, not yet fed
        emitted = getattr(transformer, "emitted", None)
        self._emitted: list[Any] | None = emitted if isinstance(emitted, list) else None

    # -- driving -----------------------------------------------------------------------------
    def feed(self, segments: Iterable[Segment]) -> Iterator[Any]:
        """Feed every segment; yield what the transformer emits as it goes; then finish.

        Per segment, the loop below replays the memoised step of the current configuration for
        the segment's token (see :mod:`edi.x12.grammar.transitions`); a token never seen there is
        worked out with the LALR tables once; one that does not fit goes to recovery.
        """
        it = iter(segments)
        machine = self.machine
        transitions = self.grammar.tables.transitions
        rows, step, stacks = transitions.rows, transitions.step, transitions.stacks
        values, marks = machine.values, machine.marks
        calls = machine.calls or []
        triggers = self.grammar.tables.triggers
        refine = self.grammar.refinements.get
        emitted = self._emitted
        config = transitions.configuration(machine.stack)
        history = self._history
        prev: Segment | None = None
        try:
            for seg in it:
                ref = refine(seg.elements[0])
                if ref is not None:
                    seg.type = ref.token(seg)
                t = seg.type
                found = rows[config].get(t)
                if found is None:
                    found = step(config, t)
                    if found is None:
                        machine.stack[:] = stacks[config]
                        prev = self._recover(seg, prev, it)
                        config = transitions.configuration(machine.stack)
                        history = self._history
                        if emitted:
                            yield from emitted
                            emitted.clear()
                        continue
                if t in triggers:  # a loop opens: remember where, to tell late segments
                    if self._repeats_trigger(seg, prev):
                        continue
                    self._loop_start = (found[0], seg)
                    self._before_loop = config
                    history = self._history = [found[0]]
                elif history[-1] != found[0] and len(history) < _HISTORY:
                    history.append(found[0])
                config, ops = found
                if ops:
                    replay(ops, values, marks, calls)
                marks.append(len(values))
                values.append(seg)
                prev = seg
                if emitted:
                    yield from emitted
                    emitted.clear()
            machine.stack[:] = stacks[config]
            self._finish(prev)
            if emitted:
                yield from emitted
                emitted.clear()
        except VisitError as exc:  # an exception inside a lark-style transformer callback
            raise exc.orig_exc from None
        self._resolve()

    # -- recovery ----------------------------------------------------------------------------
    def _expected(self) -> list[str]:
        order = self.grammar.order
        return sorted(self.machine.expected(), key=lambda t: order.get(t, 1 << 30))

    def _recover(self, seg: Segment, prev: Segment | None, it: Iterator[Segment]) -> Segment | None:
        """Recover from ``seg``, which does not fit where the parser stands; then feed the
        segments recovery looked ahead at, recovering from each that does not fit either. A
        loop, not recursion: a run of misfits as long as the file (thousands of bare HL
        segments) costs no call depth. Returns the last segment fed."""
        ahead = self._ahead
        pending: Segment | None = seg
        while pending is not None:
            prev = self._recover_one(pending, prev, it)
            pending = None
            while ahead:
                nxt = ahead.popleft()
                if self._shift(nxt):
                    prev = nxt
                else:
                    pending = nxt
                    break
        return prev

    def _peek(self, it: Iterator[Segment]) -> tuple[str, ...]:
        """The token types of the next segments (read ahead, kept for feeding after)."""
        ahead = self._ahead
        while len(ahead) < LOOKAHEAD:
            nxt = next(it, None)
            if nxt is None:
                break
            ahead.append(self.grammar.tokenize(nxt))
        return tuple(s.type for s in ahead)

    def _shift(self, seg: Segment) -> bool:
        """Feed one segment through the LALR machine; False when it does not fit."""
        self.grammar.tokenize(seg)
        t = seg.type
        number = self.grammar.tables.transitions.configuration
        before = number(self.machine.stack)
        try:
            self.machine.feed(t, seg)
        except Reject:
            return False
        after = number(self.machine.stack)
        if t in self.grammar.tables.triggers:
            self._loop_start = (after, seg)
            self._before_loop = before
            self._history = [after]
        elif len(self._history) < _HISTORY and self._history[-1] != after:
            self._history.append(after)
        return True

    def _recover_one(
        self, seg: Segment, prev: Segment | None, it: Iterator[Segment]
    ) -> Segment | None:
        """One recovery step for ``seg``, as :meth:`Repairs.choose` decides from what follows;
        returns the last segment fed."""
        g = self.grammar
        t = seg.type
        if t not in g.terminals:
            self._unknown(seg, prev)
            return prev
        transitions = g.tables.transitions
        config = transitions.configuration(self.machine.stack)
        ahead = self._peek(it)
        repeated = prev is not None and prev.ordinal > 0 and prev.type == t
        undone = self._undoable(prev, config)
        what, code, missing = g.repairs.choose(
            config,
            t,
            ahead,
            repeated,
            self._late(t, config),
            self._before_loop if self._before_loop is not None else -1,
            undone,
            prev.type if prev is not None and undone >= 0 else "",
            self._loop_complete(config),
        )
        if what == UNDO:
            assert prev is not None
            return self._undo(seg, prev, code, undone)
        if what == SWAP:  # put after the segments ahead it came before
            passed = [self._ahead.popleft() for _ in missing]
            self._note(
                seg,
                prev,
                code,
                f"{g.describe(t)} is not in its proper sequence "
                f"(it belongs after {g.describe(passed[-1].type)})",
            )
            for nxt in passed:
                self._shift(nxt)
            self._shift(seg)
            return seg
        if what == PULL:  # the segment ahead that came late goes first
            late = self._ahead[len(missing) - 1]
            del self._ahead[len(missing) - 1]
            self._note(
                late,
                prev,
                code,
                f"{g.describe(late.type)} is not in its proper sequence "
                f"(it belongs before {g.describe(t)})",
            )
            self._shift(late)
            self._shift(seg)
            return seg
        if what == ASSUME:
            self._assume(seg, prev, code, missing)
            return seg
        if what == LATE_LOOP:
            self._skip_late_loop(seg, prev)
            return prev
        if code == "5":
            message = f"{g.describe(t)} occurs more often than the guide allows here"
        elif code == "7":
            opener = self._loop_start[1] if self._loop_start else None
            where = (
                f" (it belongs earlier in the loop opened by {opener.elements[0]} at "
                f"segment {opener.ordinal})"
                if opener is not None and opener.ordinal
                else ""
            )
            message = f"{g.describe(t)} is not in its proper sequence{where}"
        else:
            expected = ", ".join(display(x) for x in self._expected()[:8])
            message = f"{g.describe(t)} is not expected here" + (
                f" (expected {expected})" if expected else ""
            )
        self._note(seg, prev, code, message)
        return prev

    def _assume(self, seg: Segment, prev: Segment | None, code: str, missing: Repair) -> None:
        """Feed stand-ins for the ``missing`` segments, then ``seg``; each is reported missing
        (IK304 3, at ``seg``) in the loop it is missing from, the one the next segment closes.
        A loop assumed (its trigger and the segment after it, an ``AK2`` and ``IK3`` before a
        lone ``IK4``) is one gap: one finding, naming its trigger. Segments that open no loop
        are reported each (a 999 names every missing segment in its own IK3)."""
        g = self.grammar
        t = seg.type
        whole = len(missing) > 1 and missing[0] in g.tables.triggers
        named = [x for x in missing if x not in _SILENT]
        for n, token in enumerate(missing):
            self._shift(_placeholder(token, seg, g))
            if token not in named or (whole and token != named[0]):
                continue
            following = missing[n + 1] if n + 1 < len(missing) else t
            if whole and len(named) > 1:
                what = " and ".join(g.describe(x) for x in named)
                message = f"required segments {what} are missing before {display(t)}"
            else:
                message = f"required segment {g.describe(token)} is missing before {display(t)}"
            self._note(
                seg,
                prev,
                code,
                message,
                loop_from=seg,
                missing=token,
                loop=self._closing_loop(self.machine.trial(), following),
            )
        self._shift(seg)

    def _repeats_trigger(self, seg: Segment, prev: Segment | None) -> bool:
        """Whether loop trigger ``seg`` repeats, element for element, the segment before it,
        which opened the loop the parser stands in, a loop that must hold more than its trigger
        (:attr:`~edi.x12.grammar.Grammar.needs_more`): it is then a copy, reported (IK304 5) and
        left out. Fed, it would close the first loop with nothing but its trigger, and every
        required segment and loop of that one would be reported missing (a duplicated ``HL``
        the grammar's open counts accept). A copy is told by its content: two segments that
        carry no more than a qualifier are not taken for one. Met only where a loop opens."""
        start = self._loop_start
        if (
            seg.type not in self.grammar.needs_more
            or prev is None
            or start is None
            or start[1] is not prev
            or not prev.ordinal
            or prev.elements != seg.elements
            or sum(1 for e in seg.elements[1:] if e) < 2  # only a qualifier: no evidence
        ):
            return False
        self._note(
            seg,
            prev,
            "5",
            f"{self.grammar.describe(seg.type)} repeats the segment before it, which opens the "
            "same loop",
        )
        return True

    def _loop_complete(self, config: int) -> bool:
        """Whether the loop opened last is complete as it stands: a loop like it could follow
        here (a patient level with no name yet is not; see :meth:`Repairs.choose`)."""
        start = self._loop_start
        return (
            start is None or self.grammar.tables.transitions.fits(config, start[1].type) is not None
        )

    def _undoable(self, prev: Segment | None, config: int) -> int:
        """The configuration before ``prev`` when taking it back is exact: it was read from the
        file, recovery did not move it already (each segment is moved once: two misfits in a row
        do not carry one segment down the file), it is the last value and its step closed no
        loop (a closed loop's value would stand right before it: its callback has run and
        cannot be taken back), so the parser can stand again where it stood to shift it (see
        :meth:`_before_previous`); a loop trigger too, its loop then holding nothing else. -1
        otherwise."""
        m = self.machine
        values = m.values
        if (
            prev is None
            or not prev.ordinal
            or prev.ordinal in self.displaced  # recovery moved it once already
            or not values
            or values[-1] is not prev
            or (len(values) > 1 and type(values[-2]) is not Segment)
            or len(m.stack) < 2
        ):
            return -1
        transitions = self.grammar.tables.transitions
        for before in self._before_previous(prev, config):
            found = transitions.rows[before].get(prev.type) or transitions.step(before, prev.type)
            if found is not None and found[0] == config and _only_opens(found[1]):
                return before
        return -1

    def _before_previous(self, prev: Segment, config: int) -> Iterator[int]:
        """Where the parser may have stood before the segment that led to ``config``: the
        configuration met before it in the loop (exact, when the history has it; for the loop's
        trigger, the configuration before the loop), then the
        stack without its last state (exact unless reductions of one item, which leave no value
        op, changed the state below: the segment's step then began elsewhere)."""
        history = self._history
        if len(history) > 1 and history[-1] == config:
            yield history[-2]
        start = self._loop_start
        if start is not None and start[1] is prev and self._before_loop is not None:
            yield self._before_loop  # ``prev`` opened the loop the parser stands in
        yield self.grammar.tables.transitions.configuration(self.machine.stack[:-1])

    def _undo(self, seg: Segment, prev: Segment, code: str, before: int) -> Segment:
        """Take ``prev`` back, feed ``seg`` where it stood, then ``prev`` after it (``code`` 7:
        ``seg`` came late, as a late segment skipped is reported, but nothing is left out) or
        nothing (2: ``prev`` fits nowhere near, it is left out); ``before``: the configuration
        before ``prev`` (see :meth:`_undoable`). Returns the last segment fed."""
        m = self.machine
        transitions = self.grammar.tables.transitions
        step = transitions.rows[before].get(prev.type) or transitions.step(before, prev.type)
        assert step is not None
        m.stack[:] = transitions.stacks[before]
        m.values.pop()
        del m.marks[-1 - len(step[1]) :]  # its own mark and those of the empty rules it opened
        if self._loop_start is not None and self._loop_start[1] is prev:
            # the loop ``prev`` opened is taken back with it: the one before is not known here
            self._loop_start = self._before_loop = None
            self._history = [self.grammar.tables.transitions.configuration(m.stack)]
        elif len(self._history) > 1:
            self._history.pop()
        g = self.grammar
        self._shift(seg)
        if code == "7":  # both kept, in their order: the one that came late is reported
            self._note(
                seg,
                prev,
                code,
                f"{g.describe(seg.type)} is not in its proper sequence "
                f"(it belongs before {g.describe(prev.type)})",
            )
            self._swapped(seg, prev)
            self._shift(prev)
            return prev
        self._note(prev, None, code, f"{g.describe(prev.type)} is not expected here")
        return seg

    def _swapped(self, seg: Segment, prev: Segment) -> None:
        """Mark ``prev`` out of place as well as ``seg``, which recovery reported late before it:
        of the two, either may be the one moved (a segment that came early fits where it landed,
        and makes the next one late). The occurrence check then takes ``prev`` for the extra copy
        of a segment it repeats (see :func:`edi.x12.occurs.check_segments`), not the copy after
        it that stands where it belongs."""
        if prev.ordinal and (seg.ordinal, None) in self.noted:  # held only while listed
            self.displaced.add(prev.ordinal)
            self.noted.add((prev.ordinal, None))

    def _unknown(self, seg: Segment, prev: Segment | None) -> None:
        """A segment that is no token of this grammar: a segment ID the transaction set does
        not use (IK304 2), or one that is not a segment ID at all (IK304 1)."""
        g = self.grammar
        seg_id = seg.elements[0]
        known = seg_id in g.segment_ids
        if self._only_counted("2" if known else "1"):
            return  # a message no one will read is not made
        if known:
            ref = g.refinements.get(seg_id)
            what = (
                f"{seg_id} with {seg_id}{ref.element:02d} {quoting.code(seg[ref.element])}"
                if ref
                else seg_id
            )
            self._note(seg, prev, "2", f"{what} is not expected in this transaction set")
        else:
            self._note(seg, prev, "1", quoting.unrecognized(seg))

    def _late(self, t: str, config: int) -> bool:
        """Whether ``t`` would have fitted earlier in the loop the parser stands in (after one of
        its segments so far): it is then a segment that came too late, not a sign of a missing
        loop."""
        if t in self.grammar.tables.triggers:
            return False
        fits = self.grammar.tables.transitions.fits
        return any(c != config and fits(c, t) is not None for c in self._history)

    def _trial_at(self, config: int) -> Machine:
        """A trial machine (no values, no callbacks) in configuration ``config``."""
        tables = self.grammar.tables
        return Machine(tables, None, list(tables.transitions.stacks[config]), None)

    def _skip_late_loop(self, seg: Segment, prev: Segment | None) -> None:
        """Report the late loop's trigger (IK304 7) and pass over its segments read ahead: those
        that fit the late loop, and stay in it (see :meth:`Repairs.inside`), but not where the
        parser stands."""
        g = self.grammar
        assert self._loop_start is not None and self._before_loop is not None
        opener = self._loop_start[1]
        transitions = g.tables.transitions
        opened = transitions.fits(self._before_loop, seg.type)
        assert opened is not None
        depth = len(transitions.stacks[opened])
        ahead = self._ahead
        while (
            ahead
            and ahead[0].type in g.terminals
            and not self.machine.accepts([ahead[0].type])
            and (following := g.repairs.inside(opened, ahead[0].type, depth)) is not None
        ):
            ahead.popleft()
            opened = following
        trial = self._trial_at(opened)
        seg.loop = self._closing_loop(trial, ahead[0].type if ahead else None)
        self._note(
            seg,
            prev,
            "7",
            f"{g.describe(seg.type)} is not in its proper sequence: its loop belongs before the "
            f"loop opened by {opener.elements[0]} at segment {opener.ordinal}, and is left out",
        )

    def _closing_loop(self, trial: Machine, nxt: str | None) -> str | None:
        """The loop ``trial`` is in: the first loop rule it closes on the next token."""
        trial.ops = []
        try:
            if nxt is not None and nxt in self.grammar.terminals:
                trial.feed(nxt, None)
            else:
                trial.end()
        except Reject:
            pass
        shapes = self.grammar.tables.shapes
        for code, _, rule in trial.ops:
            if code == CALL and (found := loop_id(shapes[rule][1])) is not None:
                return found
        return None

    def _finish(self, prev: Segment | None) -> None:
        m = self.machine
        g = self.grammar
        for _ in range(12):
            if m.accepts([], end=True):
                self.result = m.end()
                self.complete = True
                return
            expected = self._expected()
            choice = next((x for x in expected if m.accepts([x], end=True)), None)
            if choice is None:
                choice = next((x for x in expected if self._two_step(x)), None)
            if choice is None:
                break
            anchor = prev or _placeholder("SE", None, g)
            if choice not in _SILENT:
                self._note(
                    anchor,
                    prev,
                    "3",
                    f"required segment {g.describe(choice)} is "
                    "missing at the end of the transaction set",
                    missing=choice,
                )
            m.feed(choice, _placeholder(choice, prev, g))
        self._note(
            prev or _placeholder("SE", None, g),
            prev,
            "3",
            "the transaction set ends before its required content is complete",
        )

    def _two_step(self, first: str) -> bool:
        trial = self.machine.trial()
        try:
            trial.feed(first, None)
        except Reject:
            return False
        return any(trial.accepts([x], end=True) for x in trial.expected())

    # -- findings ----------------------------------------------------------------------------
    def _note(
        self,
        seg: Segment,
        prev: Segment | None,
        code: str,
        message: str,
        loop_from: Segment | None = None,
        missing: str | None = None,
        loop: str | None = None,
    ) -> None:
        """Remember a problem; a missing segment is named by its own ID (999 IK301) at the
        position where it was found missing. Past the number of findings of a code that are
        listed, a problem is only counted: nothing is held per bad segment."""
        if self._only_counted(code):
            return
        if seg.ordinal:  # held as the problems are: bounded by the listing limit
            self.noted.add((seg.ordinal, loop if missing else None))
            if missing is None:
                self.displaced.add(seg.ordinal)
        self._held[code] = self._held.get(code, 0) + 1
        seg_id = missing.split("_", 1)[0] if missing else seg.elements[0]
        self._pending.append((seg, loop_from or prev, code, message, seg_id, loop))

    def _only_counted(self, code: str) -> bool:
        """Whether an IK304 ``code`` problem is past those listed: it is then counted here."""
        if self._held.get(code, 0) < self.findings.limit:
            return False
        self.findings.omit(Severity.ERROR, "IK304", code)
        return True

    def _resolve(self) -> None:
        """Turn pending structural problems into findings, now that loops are known."""
        base = self.base
        for seg, anchor, code, message, seg_id, named in self._pending:
            loop = named or seg.loop or (anchor.loop if anchor is not None else None)
            loc = base.at(seg, segment_id=seg_id, loop=loop)
            self.findings.report(Severity.ERROR, "IK304", code, message, loc)
        self._pending.clear()
        self._held.clear()


def _only_opens(ops: tuple[Op, ...]) -> bool:
    """Whether a step's value ops only open empty inlined rules (marks at the end of the values,
    taken back by dropping them); a merge or a loop closed cannot be taken back."""
    return all(op[0] == OPEN for op in ops)


def _placeholder(token_type: str, near: Segment | None, grammar: Grammar) -> Segment:
    """A stand-in for a missing segment, so the parse can go on (ordinal 0 marks it)."""
    seg_id, _, value = token_type.partition("_")
    elements = [seg_id]
    ref = grammar.refinements.get(seg_id)
    delimiters = near.delimiters if near else Segment([seg_id]).delimiters
    if value and ref is not None:
        elements.extend([""] * ref.element)
        if ref.component:
            elements[ref.element] = delimiters.component.join([""] * (ref.component - 1) + [value])
        else:
            elements[ref.element] = value
    seg = Segment(elements, 0, near.offset if near else 0, delimiters)
    seg.type = token_type
    seg.position = near.position if near else 0
    return seg
