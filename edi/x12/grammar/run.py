"""One transaction set through the parser: the per-segment loop, error recovery, findings.

Structural problems become IK304 findings and parsing goes on: an out-of-order pair is swapped
(7), a segment that came late is skipped (7), a loop that came after a loop it belongs before is
skipped with its segments (7), missing required segments are assumed (3), an unexpected one is
skipped (2), an unknown one too (1).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from lark.exceptions import VisitError

from edi.x12 import quoting
from edi.x12.findings import Findings, Severity
from edi.x12.grammar.machine import CALL, Machine, Reject, replay
from edi.x12.grammar.tree import loop_id
from edi.x12.location import Location
from edi.x12.segment import Segment

if TYPE_CHECKING:
    from edi.x12.grammar.engine import Grammar

# Trailer segments whose absence the envelope already reports (IK502 2).
_SILENT = frozenset({"SE"})


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
        self.result: Any = None
        self.complete = False
        self._pending: list[tuple[Segment, Segment | None, str, str, str]] = []
        self._held: dict[str, int] = {}  # pending problems per IK304 code
        self._loop_start: tuple[int, Segment] | None = None  # (configuration, trigger)
        self._before_loop: int | None = None  # the configuration before that trigger
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
                        if emitted:
                            yield from emitted
                            emitted.clear()
                        continue
                if t in triggers:  # a loop opens: remember where, to tell late segments
                    self._loop_start = (found[0], seg)
                    self._before_loop = config
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

    def _feed_one(self, seg: Segment) -> bool:
        """Feed one segment through the LALR machine; False when it does not fit."""
        self.grammar.tokenize(seg)
        t = seg.type
        number = self.grammar.tables.transitions.configuration
        before = number(self.machine.stack) if t in self.grammar.tables.triggers else None
        try:
            self.machine.feed(t, seg)
        except Reject:
            return False
        if before is not None:
            self._loop_start = (number(self.machine.stack), seg)
            self._before_loop = before
        return True

    # -- recovery ----------------------------------------------------------------------------
    def _expected(self) -> list[str]:
        order = self.grammar.order
        return sorted(self.machine.expected(), key=lambda t: order.get(t, 1 << 30))

    def _recover(self, seg: Segment, prev: Segment | None, it: Iterator[Segment]) -> Segment | None:
        """Recover from ``seg``, which does not fit where the parser stands; then feed the
        segment recovery looked ahead at, recovering from it in turn when it does not fit
        either. A loop, not recursion: a run of misfits as long as the file (thousands of
        bare HL segments) costs no call depth. Returns the last segment fed."""
        pending: Segment | None = seg
        while pending is not None:
            prev, ahead = self._recover_one(pending, prev, it)
            pending = None
            if ahead is not None:
                if self._feed_one(ahead):
                    prev = ahead
                else:
                    pending = ahead
        return prev

    def _recover_one(
        self, seg: Segment, prev: Segment | None, it: Iterator[Segment]
    ) -> tuple[Segment | None, Segment | None]:
        """One recovery step for ``seg``: (the last segment fed, the segment read ahead and not
        yet fed, or None)."""
        g = self.grammar
        m = self.machine
        t = seg.type
        if t not in g.terminals:
            self._unknown(seg, prev)
            return prev, None
        nxt = next(it, None)
        if nxt is not None:
            g.tokenize(nxt)
            if nxt.type in g.terminals and m.accepts([nxt.type, t]):
                self._note(
                    seg,
                    prev,
                    "7",
                    f"{g.describe(t)} is not in its proper sequence "
                    f"(it belongs after {g.describe(nxt.type)})",
                )
                m.feed(nxt.type, nxt)
                m.feed(t, seg)
                return seg, None
        if self._late(t):
            opener = self._loop_start[1] if self._loop_start else None
            where = (
                f" (it belongs earlier in the loop opened by {opener.elements[0]} at "
                f"segment {opener.ordinal})"
                if opener is not None
                else ""
            )
            self._note(seg, prev, "7", f"{g.describe(t)} is not in its proper sequence{where}")
            return prev, nxt
        repair = self._repair(t)
        triggers = g.tables.triggers
        if (repair is None or not triggers.isdisjoint(repair)) and self._late_loop(t):
            return prev, self._skip_late_loop(seg, prev, nxt, it)
        if repair is not None:
            for missing in repair:
                if missing not in _SILENT:
                    self._note(
                        seg,
                        prev,
                        "3",
                        f"required segment {g.describe(missing)} is missing before {display(t)}",
                        loop_from=seg,
                        missing=missing,
                    )
                m.feed(missing, _placeholder(missing, seg, g))
            m.feed(t, seg)
            prev = seg
        else:
            expected = ", ".join(display(x) for x in self._expected()[:8])
            self._note(
                seg,
                prev,
                "2",
                f"{g.describe(t)} is not expected here"
                + (f" (expected {expected})" if expected else ""),
            )
        return prev, nxt

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

    def _late(self, t: str) -> bool:
        """Whether ``t`` would have fitted right after the current loop's first segment: it is
        then a segment that came too late, not a sign of a missing loop."""
        if self._loop_start is None or t in self.grammar.tables.triggers:
            return False
        return self._trial_at(self._loop_start[0]).accepts([t])

    def _late_loop(self, t: str) -> bool:
        """Whether ``t`` opens a loop that would have fitted just before the loop opened last:
        a loop out of order (2310C before 2310B), not a sign that a parent loop is missing."""
        if self._before_loop is None or t not in self.grammar.tables.triggers:
            return False
        return self._trial_at(self._before_loop).accepts([t])

    def _trial_at(self, config: int) -> Machine:
        """A trial machine (no values, no callbacks) in configuration ``config``."""
        tables = self.grammar.tables
        return Machine(tables, None, list(tables.transitions.stacks[config]), None)

    def _skip_late_loop(
        self, seg: Segment, prev: Segment | None, nxt: Segment | None, it: Iterator[Segment]
    ) -> Segment | None:
        """Report the late loop's trigger (IK304 7) and pass over its segments: those that fit
        the late loop but not where the parser stands. Returns the first segment after them
        (read, not yet fed), or None at the end of the input."""
        g = self.grammar
        assert self._loop_start is not None and self._before_loop is not None
        opener = self._loop_start[1]
        trial = self._trial_at(self._before_loop)
        trial.feed(seg.type, None)
        while (
            nxt is not None
            and nxt.type in g.terminals
            and not self.machine.accepts([nxt.type])
            and trial.accepts([nxt.type])
        ):
            trial.feed(nxt.type, None)
            nxt = next(it, None)
            if nxt is not None:
                g.tokenize(nxt)
        seg.loop = self._closing_loop(trial, nxt)
        self._note(
            seg,
            prev,
            "7",
            f"{g.describe(seg.type)} is not in its proper sequence: its loop belongs before the "
            f"loop opened by {opener.elements[0]} at segment {opener.ordinal}, and is left out",
        )
        return nxt

    def _closing_loop(self, trial: Machine, nxt: Segment | None) -> str | None:
        """The loop ``trial`` is in: the first loop rule it closes on the next segment."""
        trial.ops = []
        try:
            if nxt is not None and nxt.type in self.grammar.terminals:
                trial.feed(nxt.type, None)
            else:
                trial.end()
        except Reject:
            pass
        shapes = self.grammar.tables.shapes
        for code, _, rule in trial.ops:
            if code == CALL and (found := loop_id(shapes[rule][1])) is not None:
                return found
        return None

    def _repair(self, t: str) -> tuple[str, ...] | None:
        """The shortest run of missing segments (one or two) after which ``t`` fits where the
        parser stands (see :mod:`edi.x12.grammar.repair`: worked out once per configuration)."""
        config = self.grammar.tables.transitions.configuration(self.machine.stack)
        return self.grammar.repairs.before(config, t)

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
    ) -> None:
        """Remember a problem; a missing segment is named by its own ID (999 IK301) at the
        position where it was found missing. Past the number of findings of a code that are
        listed, a problem is only counted: nothing is held per bad segment."""
        if self._only_counted(code):
            return
        self._held[code] = self._held.get(code, 0) + 1
        seg_id = missing.split("_", 1)[0] if missing else seg.elements[0]
        self._pending.append((seg, loop_from or prev, code, message, seg_id))

    def _only_counted(self, code: str) -> bool:
        """Whether an IK304 ``code`` problem is past those listed: it is then counted here."""
        if self._held.get(code, 0) < self.findings.limit:
            return False
        self.findings.omit(Severity.ERROR, "IK304", code)
        return True

    def _resolve(self) -> None:
        """Turn pending structural problems into findings, now that loops are known."""
        base = self.base
        for seg, anchor, code, message, seg_id in self._pending:
            loop = seg.loop or (anchor.loop if anchor is not None else None)
            loc = base.at(seg, segment_id=seg_id, loop=loop)
            self.findings.report(Severity.ERROR, "IK304", code, message, loc)
        self._pending.clear()
        self._held.clear()


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
