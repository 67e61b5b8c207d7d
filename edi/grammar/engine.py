"""The grammar engine: a lexer adapter over segments, an LALR parser, and error recovery.

* Each segment becomes a token: its ID, refined by a qualifier where the qualifier table says so
  (``NM1`` with NM101 ``85`` becomes ``NM1_85``). The segment object itself is the token.
* The LALR tables are computed once per grammar; every parse gets its own transformer, so typed
  models are built as loops close (no intermediate tree), and a transformer may *emit* finished
  items (an 835's claims) that the caller receives while the file is still being read.
* Structural problems become IK304 findings and parsing goes on: an out-of-order pair is swapped
  (7), a missing required segment is assumed (3), an unexpected one is skipped (2), an unknown
  one too (1).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import lark
from lark import Lark, Token
from lark.exceptions import VisitError
from lark.lexer import Lexer

from edi.errors import X12FlowError
from edi.findings import Findings, Severity
from edi.grammar.inline import Inline
from edi.grammar.tables import Tables
from edi.grammar.tree import LoopTransformer
from edi.location import Location
from edi.segment import Segment

START = "transaction"
_TERMINAL = re.compile(r"\b[A-Z][A-Z0-9_]*\b")
# Trailer segments whose absence the envelope already reports (IK502 2).
_SILENT = frozenset({"SE"})


class _NoLexer(Lexer):
    """Placeholder: segments arrive already tokenized, the parser never lexes text."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, lexer_state: Any, parser_state: Any) -> Iterator[Token]:  # pragma: no cover
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Refinement:
    element: int
    component: int  # 0: the whole element
    tokens: dict[str, str]  # qualifier value -> token type


def display(token_type: str) -> str:
    """``NM1_85`` -> ``NM1*85`` for messages."""
    return token_type.replace("_", "*", 1)


class Grammar:
    """One implementation guide's grammar and qualifier table, compiled once."""

    def __init__(self, name: str, text: str, table: dict[str, Any]) -> None:
        self.name = name
        self.refinements: dict[str, Refinement] = {}
        for seg_id, spec in table.get("refine", {}).items():
            tokens = {str(v): f"{seg_id}_{v}" for v in spec.get("values", [])}
            for value, target in spec.get("aliases", {}).items():
                tokens[str(value)] = f"{seg_id}_{target}"
            self.refinements[seg_id] = Refinement(
                int(spec["element"]), int(spec.get("component", 0)), tokens
            )
        self.names: dict[str, str] = dict(table.get("names", {}))
        body = re.sub(r"//[^\n]*", "", text)
        order: dict[str, int] = {}
        for t in _TERMINAL.findall(body):
            order.setdefault(t, len(order))
        used = set(order)
        self.order = order  # first appearance in the grammar: the guide's order
        self.terminals = frozenset(used)
        self.segment_ids = frozenset(t.split("_", 1)[0] for t in used) | frozenset(self.refinements)
        self.tables = _compile(name, text, sorted(used))
        self._reductions: dict[int, tuple[Any, list[Any]]] = {}
        self._default_transformer = LoopTransformer()

    def tokenize(self, seg: Segment) -> Segment:
        """Set ``seg.type`` from the qualifier table."""
        ref = self.refinements.get(seg.elements[0])
        if ref is not None:
            value = seg[ref.element]
            if ref.component:
                value = value.split(seg.delimiters.component)[ref.component - 1]
            seg.type = ref.tokens.get(value.strip(), seg.elements[0])
        return seg

    def run(
        self,
        transformer: Any | None = None,
        findings: Findings | None = None,
        base: Location | None = None,
    ) -> ParseRun:
        return ParseRun(self, transformer or self._default_transformer, findings, base)

    def parse(
        self,
        segments: Iterable[Segment],
        transformer: Any | None = None,
        findings: Findings | None = None,
        base: Location | None = None,
    ) -> ParseRun:
        """Parse a whole transaction set; ``.result`` holds what the transformer built."""
        run = self.run(transformer, findings, base)
        for _ in run.feed(segments):
            pass
        return run

    def reductions(self, transformer: Any) -> list[Any]:
        """The reduction callbacks for ``transformer``, built once per transformer instance.

        Transformers are reused across transaction sets (they reset their own state between
        parses), since building callbacks costs more than parsing a small transaction set.
        """
        key = id(transformer)
        hit = self._reductions.get(key)
        if hit is None or hit[0] is not transformer:
            hit = (transformer, self.tables.reductions(transformer))
            if len(self._reductions) > 64:
                self._reductions.clear()
            self._reductions[key] = hit
        return hit[1]

    def describe(self, token_type: str) -> str:
        name = self.names.get(token_type) or self.names.get(token_type.split("_", 1)[0])
        shown = display(token_type)
        return f"{shown} ({name})" if name else shown


class ParseOutcome:
    """What one parse produced: the transformer's result and the findings."""

    result: Any
    findings: Findings


class _Machine:
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

    def trial(self) -> _Machine:
        return _Machine(self.tables, None, list(self.stack), None)

    def accepts(self, types: list[str], end: bool = False) -> bool:
        m = self.trial()
        try:
            for t in types:
                m.feed(t, None)
            if end:
                m.end()
        except _Reject:
            return False
        return True

    def expected(self) -> list[str]:
        return [t for t in self.states[self.stack[-1]] if t.isupper() and t != "$END"]

    def feed(self, token_type: str, value: Any) -> None:
        """Shift one token, reducing first as needed; raise _Reject if it does not fit."""
        states, stack = self.states, self.stack
        while True:
            action = states[stack[-1]].get(token_type)
            if action is None:
                raise _Reject(token_type)
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
                raise _Reject("$END")
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


class _Reject(Exception):
    """A token the parser cannot take in its current state."""


class ParseRun(ParseOutcome):
    """One transaction set going through the parser."""

    def __init__(
        self, grammar: Grammar, transformer: Any, findings: Findings | None, base: Location | None
    ) -> None:
        self.grammar = grammar
        self.transformer = transformer
        self.findings = findings if findings is not None else Findings()
        self.base = base or Location(file=self.findings.file)
        self.machine = _Machine(grammar.tables, grammar.reductions(transformer))
        self.result: Any = None
        self.complete = False
        self._pending: list[tuple[Segment, Segment | None, str, str, str]] = []
        self._loop_start: tuple[list[int], Segment] | None = None
        emitted = getattr(transformer, "emitted", None)
        self._emitted: list[Any] | None = emitted if isinstance(emitted, list) else None

    # -- driving -----------------------------------------------------------------------------
    def feed(self, segments: Iterable[Segment]) -> Iterator[Any]:
        """Feed every segment; yield what the transformer emits as it goes; then finish.

        The loop below is :meth:`_Machine.feed` inlined: it runs once per segment.
        """
        it = iter(segments)
        machine = self.machine
        states, stack, values = machine.states, machine.stack, machine.values
        reductions = machine.reductions
        assert reductions is not None
        triggers = self.grammar.tables.triggers
        refine = self.grammar.refinements.get
        emitted = self._emitted
        prev: Segment | None = None
        try:
            for seg in it:
                elements = seg.elements
                ref = refine(elements[0])
                if ref is not None:
                    self.grammar.tokenize(seg)
                t = seg.type
                while True:
                    action = states[stack[-1]].get(t)
                    if action is None:
                        prev = self._recover(seg, prev, it)
                        break
                    if action[0]:
                        stack.append(action[1])
                        values.append(seg)
                        prev = seg
                        if t in triggers:  # a loop opens: remember where, to tell late segments
                            self._loop_start = (stack[:], seg)
                        break
                    size, name, call, kind = reductions[action[1]]
                    if kind == 1:  # APPEND: grow an inlined list in place
                        value = values.pop()
                        if type(value) is Inline:
                            values[-1].extend(value)
                        else:
                            values[-1].append(value)
                        del stack[-2:]
                    elif kind == 2:  # SINGLE: start an inlined list
                        value = values[-1]
                        if type(value) is not Inline:
                            values[-1] = Inline((value,))
                        del stack[-1]
                    elif size:
                        children = values[-size:]
                        del stack[-size:]
                        del values[-size:]
                        values.append(call(children))
                    else:
                        values.append(call([]))
                    stack.append(states[stack[-1]][name][1])
                if emitted:
                    yield from emitted
                    emitted.clear()
            self._finish(prev)
            if emitted:
                yield from emitted
                emitted.clear()
        except VisitError as exc:  # an exception inside a lark-style transformer callback
            raise exc.orig_exc from None
        self._resolve()

    def _feed_one(
        self, seg: Segment, prev: Segment | None, it: Iterator[Segment]
    ) -> Segment | None:
        self.grammar.tokenize(seg)
        try:
            self.machine.feed(seg.type, seg)
            return seg
        except _Reject:
            return self._recover(seg, prev, it)

    # -- recovery ----------------------------------------------------------------------------
    def _expected(self) -> list[str]:
        order = self.grammar.order
        return sorted(self.machine.expected(), key=lambda t: order.get(t, 1 << 30))

    def _recover(self, seg: Segment, prev: Segment | None, it: Iterator[Segment]) -> Segment | None:
        g = self.grammar
        m = self.machine
        t = seg.type
        if t not in g.terminals:
            if seg.elements[0] in g.segment_ids:
                ref = g.refinements.get(seg.elements[0])
                what = (
                    (
                        f"{seg.elements[0]} with {seg.elements[0]}{ref.element:02d} "
                        f"{seg[ref.element]!r}"
                    )
                    if ref
                    else seg.elements[0]
                )
                self._note(seg, prev, "2", f"{what} is not expected in this transaction set")
            else:
                self._note(seg, prev, "1", f"unrecognized segment ID {seg.elements[0]!r}")
            return prev
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
                return seg
        if self._late(t):
            opener = self._loop_start[1] if self._loop_start else None
            where = (
                f" (it belongs earlier in the loop opened by {opener.elements[0]} at "
                f"segment {opener.ordinal})"
                if opener is not None
                else ""
            )
            self._note(seg, prev, "7", f"{g.describe(t)} is not in its proper sequence{where}")
            if nxt is not None:
                return self._feed_one(nxt, prev, it)
            return prev
        repair = self._repair(t)
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
        if nxt is not None:
            return self._feed_one(nxt, prev, it)
        return prev

    def _late(self, t: str) -> bool:
        """Whether ``t`` would have fitted right after the current loop's first segment: it is
        then a segment that came too late, not a sign of a missing loop."""
        if self._loop_start is None or t in self.grammar.tables.triggers:
            return False
        trial = _Machine(self.grammar.tables, None, list(self._loop_start[0]), None)
        return trial.accepts([t])

    def _repair(self, t: str) -> list[str] | None:
        """The shortest run of missing segments (one or two) after which ``t`` fits; segments
        that open a loop are tried last (assuming one can invent a loop where a segment merely
        came late, so a plain segment is the likelier repair)."""
        m = self.machine
        triggers = self.grammar.tables.triggers
        first = sorted(self._expected(), key=lambda x: x in triggers)
        for missing in first:
            if m.accepts([missing, t]):
                return [missing]
        order = self.grammar.order
        for missing in first:
            trial = m.trial()
            try:
                trial.feed(missing, None)
            except _Reject:
                continue
            for second in sorted(trial.expected(), key=lambda x: order.get(x, 1 << 30)):
                if trial.accepts([second, t]):
                    return [missing, second]
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
        except _Reject:
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
        position where it was found missing."""
        seg_id = missing.split("_", 1)[0] if missing else seg.elements[0]
        self._pending.append((seg, loop_from or prev, code, message, seg_id))

    def _resolve(self) -> None:
        """Turn pending structural problems into findings, now that loops are known."""
        base = self.base
        for seg, anchor, code, message, seg_id in self._pending:
            loop = seg.loop or (anchor.loop if anchor is not None else None)
            loc = base.with_(
                segment=seg.ordinal or None,
                position=seg.position or None,
                segment_id=seg_id,
                loop=loop,
                offset=seg.offset if seg.ordinal else None,
            )
            self.findings.report(Severity.ERROR, "IK304", code, message, loc)
        self._pending.clear()


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


_CACHE_FORMAT = "6"


def _cache_dir() -> Path | None:
    root = os.environ.get("X12FLOW_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "x12flow"
    )
    return Path(root) / "grammars" if root else None


# A rule alternative with more optional items than this gets one helper rule per item: fewer
# LALR states, at the price of one (cheap) reduction per optional item.
_MAX_OPTIONAL = 9
_OPTIONAL = re.compile(r"(?<![\w\"])([A-Za-z_][A-Za-z0-9_]*)([?*])")
_RULE_HEAD = re.compile(r"^(\s*[?!]?[_a-z][_a-z0-9]*\s*:)", re.MULTILINE)


def prepare(text: str, terminals: list[str]) -> str:
    """The lark source actually compiled: terminals declared, and in a rule alternative with many
    optional items, every ``X?``/``X*`` turned into a rule of its own (``_opt_x_q: X?``).

    lark expands each optional item of a rule into two alternatives, so a loop with sixteen
    optional segments becomes 65,536 expansions and tens of thousands of LALR states. One
    nullable rule per optional item keeps the parent a single expansion; the helper rules start
    with ``_``, so their content is spliced into the parent as before.
    """
    body = re.sub(r"//[^\n]*", "", text)
    helpers: dict[str, str] = {}

    def swap(match: re.Match[str]) -> str:
        item, mark = match.group(1), match.group(2)
        helper = f"_opt_{item.lower().lstrip('_')}_{'q' if mark == '?' else 's'}"
        helpers[helper] = f"{helper}: {item}{mark}"
        return helper

    lines = []
    for line in body.splitlines():
        head = _RULE_HEAD.match(line)
        start = head.end() if head else 0
        if (head or line.lstrip().startswith("|")) and len(
            _OPTIONAL.findall(line[start:])
        ) > _MAX_OPTIONAL:
            lines.append(line[:start] + _OPTIONAL.sub(swap, line[start:]))
        else:
            lines.append(line)
    return (
        "%declare "
        + " ".join(terminals)
        + "\n"
        + "\n".join(lines)
        + "\n"
        + "\n".join(helpers.values())
        + "\n"
    )


def _compile(name: str, text: str, terminals: list[str]) -> Tables:
    """LALR tables for a grammar: from the cache when this exact grammar was compiled before."""
    source = prepare(text, terminals)
    digest = hashlib.sha256(f"{_CACHE_FORMAT}|{lark.__version__}|{source}".encode()).hexdigest()[
        :24
    ]
    folder = _cache_dir()
    path = folder / f"{digest}.json" if folder else None
    if path is not None and path.is_file():
        try:
            return Tables.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            pass
    try:
        parser = Lark(source, parser="lalr", lexer=_NoLexer, start=START, maybe_placeholders=False)
    except Exception as exc:  # lark.GrammarError and friends
        raise X12FlowError(f"grammar {name} does not compile: {exc}") from exc
    tables = Tables.from_lark(parser, START)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(tables.to_json()), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only home: compile each time
    return tables


def _read_text(package: str, name: str) -> str:
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


@cache
def load_grammar(package: str, stem: str = "grammar") -> Grammar:
    """Load ``<stem>.lark`` and ``<stem>.toml`` shipped as data of ``package``."""
    text = _read_text(package, f"{stem}.lark")
    try:
        table = tomllib.loads(_read_text(package, f"{stem}.toml"))
    except FileNotFoundError:
        table = {}
    return Grammar(f"{package}/{stem}", text, table)
