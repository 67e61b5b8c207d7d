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

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from lark import Lark, Token
from lark.exceptions import UnexpectedToken, VisitError
from lark.lexer import Lexer
from lark.parsers.lalr_parser_state import ParseConf, ParserState

from edi.errors import X12FlowError
from edi.findings import Findings, Severity
from edi.grammar.tree import LoopTransformer
from edi.location import Location
from edi.segment import Segment

START = "transaction"
_TERMINAL = re.compile(r"\b[A-Z][A-Z0-9_]*\b")
_END = Token("$END", "")
# Trailer segments whose absence the envelope already reports (IK502 2).
_SILENT = frozenset({"SE"})


class _NoLexer(Lexer):
    """Placeholder: segments arrive already tokenized, the parser never lexes text."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: Any) -> Iterator[Token]:  # pragma: no cover - never called
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
                int(spec["element"]), int(spec.get("component", 0)), tokens)
        self.names: dict[str, str] = dict(table.get("names", {}))
        body = re.sub(r"//[^\n]*", "", text)
        order: dict[str, int] = {}
        for t in _TERMINAL.findall(body):
            order.setdefault(t, len(order))
        used = set(order)
        self.order = order  # first appearance in the grammar: the guide's order
        self.terminals = frozenset(used)
        self.segment_ids = frozenset(t.split("_", 1)[0] for t in used) | frozenset(self.refinements)
        declare = "%declare " + " ".join(sorted(used)) + "\n"
        try:
            self.lark = Lark(declare + text, parser="lalr", lexer=_NoLexer, start=START,
                             maybe_placeholders=False)
        except Exception as exc:  # lark.GrammarError and friends
            raise X12FlowError(f"grammar {name} does not compile: {exc}") from exc
        self._parse_table = self.lark.parser.parser._parse_table  # type: ignore[attr-defined]
        self._builder = self.lark._parse_tree_builder
        self._trial_conf: ParseConf[Any] = ParseConf(self._parse_table, {}, START)

    def tokenize(self, seg: Segment) -> Segment:
        """Set ``seg.type`` from the qualifier table."""
        ref = self.refinements.get(seg.elements[0])
        if ref is not None:
            value = seg[ref.element]
            if ref.component:
                value = value.split(seg.delimiters.component)[ref.component - 1]
            seg.type = ref.tokens.get(value.strip(), seg.elements[0])
        return seg

    def run(self, transformer: Any | None = None, findings: Findings | None = None,
            base: Location | None = None) -> ParseRun:
        return ParseRun(self, transformer or LoopTransformer(), findings, base)

    def parse(self, segments: Iterable[Segment], transformer: Any | None = None,
              findings: Findings | None = None, base: Location | None = None) -> ParseRun:
        """Parse a whole transaction set; ``.result`` holds what the transformer built."""
        run = self.run(transformer, findings, base)
        for _ in run.feed(segments):
            pass
        return run

    def callbacks(self, transformer: Any) -> dict[Any, Any]:
        return self._builder.create_callback(transformer)  # type: ignore[no-any-return]

    def describe(self, token_type: str) -> str:
        name = self.names.get(token_type) or self.names.get(token_type.split("_", 1)[0])
        shown = display(token_type)
        return f"{shown} ({name})" if name else shown


class ParseOutcome:
    """What one parse produced: the transformer's result and the findings."""

    result: Any
    findings: Findings


class ParseRun(ParseOutcome):
    """One transaction set going through the parser."""

    def __init__(self, grammar: Grammar, transformer: Any, findings: Findings | None,
                 base: Location | None) -> None:
        self.grammar = grammar
        self.transformer = transformer
        self.findings = findings if findings is not None else Findings()
        self.base = base or Location(file=self.findings.file)
        conf: ParseConf[Any] = ParseConf(grammar._parse_table, grammar.callbacks(transformer),
                                         START)
        self.state: ParserState[Any] = ParserState(conf, None)  # type: ignore[arg-type]
        self.result: Any = None
        self.complete = False
        self._pending: list[tuple[Segment, Segment | None, str, str]] = []
        emitted = getattr(transformer, "emitted", None)
        self._emitted: list[Any] | None = emitted if isinstance(emitted, list) else None

    # -- driving -----------------------------------------------------------------------------
    def feed(self, segments: Iterable[Segment]) -> Iterator[Any]:
        """Feed every segment; yield what the transformer emits as it goes; then finish."""
        it = iter(segments)
        feed = self.state.feed_token
        tokenize = self.grammar.tokenize
        emitted = self._emitted
        prev: Segment | None = None
        try:
            for seg in it:
                tokenize(seg)
                try:
                    feed(seg)
                    prev = seg
                except UnexpectedToken:
                    prev = self._recover(seg, prev, it)
                if emitted:
                    yield from emitted
                    emitted.clear()
            self._finish(prev)
            if emitted:
                yield from emitted
                emitted.clear()
        except VisitError as exc:  # an exception inside a transformer callback
            raise exc.orig_exc from None
        self._resolve()

    def _feed_one(self, seg: Segment, prev: Segment | None, it: Iterator[Segment]) -> Segment | None:
        self.grammar.tokenize(seg)
        try:
            self.state.feed_token(seg)
            return seg
        except UnexpectedToken:
            return self._recover(seg, prev, it)

    # -- recovery ----------------------------------------------------------------------------
    def _expected(self) -> list[str]:
        states = self._parse_table.states
        found = [t for t in states[self.state.state_stack[-1]] if t.isupper() and t != "$END"]
        order = self.grammar.order
        return sorted(found, key=lambda t: order.get(t, 1 << 30))

    @property
    def _parse_table(self) -> Any:
        return self.grammar._parse_table

    def _accepts(self, types: list[str], end: bool = False) -> bool:
        trial: ParserState[Any] = ParserState(
            self.grammar._trial_conf, None,  # type: ignore[arg-type]
            list(self.state.state_stack), [None] * len(self.state.value_stack))
        try:
            for t in types:
                trial.feed_token(Token(t, ""))
            if end:
                trial.feed_token(_END, True)
        except (UnexpectedToken, AssertionError, KeyError):
            return False
        return True

    def _recover(self, seg: Segment, prev: Segment | None, it: Iterator[Segment]) -> Segment | None:
        g = self.grammar
        t = seg.type
        if t not in g.terminals:
            if seg.elements[0] in g.segment_ids:
                ref = g.refinements.get(seg.elements[0])
                what = (f"{seg.elements[0]} with {seg.elements[0]}{ref.element:02d} "
                        f"{seg[ref.element]!r}") if ref else seg.elements[0]
                self._note(seg, prev, "2", f"{what} is not expected in this transaction set")
            else:
                self._note(seg, prev, "1", f"unrecognized segment ID {seg.elements[0]!r}")
            return prev
        nxt = next(it, None)
        if nxt is not None:
            g.tokenize(nxt)
            if nxt.type in g.terminals and self._accepts([nxt.type, t]):
                self._note(seg, prev, "7", f"{g.describe(t)} is not in its proper sequence "
                           f"(it belongs after {g.describe(nxt.type)})")
                self.state.feed_token(nxt)
                self.state.feed_token(seg)
                return seg
        for missing in self._expected():
            if self._accepts([missing, t]):
                if missing not in _SILENT:
                    self._note(seg, prev, "3", f"required segment {g.describe(missing)} is missing "
                               f"before {display(t)}", loop_from=seg)
                self.state.feed_token(_placeholder(missing, seg, g))
                self.state.feed_token(seg)
                prev = seg
                break
        else:
            expected = ", ".join(display(x) for x in sorted(self._expected())[:8])
            self._note(seg, prev, "2", f"{g.describe(t)} is not expected here"
                       + (f" (expected {expected})" if expected else ""))
        if nxt is not None:
            return self._feed_one(nxt, prev, it)
        return prev

    def _finish(self, prev: Segment | None) -> None:
        state = self.state
        for _ in range(12):
            if self._accepts([], end=True):
                self.result = state.feed_token(_END, True)
                self.complete = True
                return
            choice = next((m for m in self._expected() if self._accepts([m], end=True)), None)
            if choice is None:
                choice = next((m for m in self._expected()
                               if any(self._accepts([m, m2], end=True) for m2 in
                                      self._trial_expected(m))), None)
            if choice is None:
                break
            anchor = prev or _placeholder("SE", None, self.grammar)
            if choice not in _SILENT:
                self._note(anchor, prev, "3",
                           f"required segment {self.grammar.describe(choice)} is missing "
                           "at the end of the transaction set")
            state.feed_token(_placeholder(choice, prev, self.grammar))
        self._note(prev or _placeholder("SE", None, self.grammar), prev, "3",
                   "the transaction set ends before its required content is complete")

    def _trial_expected(self, first: str) -> list[str]:
        trial: ParserState[Any] = ParserState(
            self.grammar._trial_conf, None,  # type: ignore[arg-type]
            list(self.state.state_stack), [None] * len(self.state.value_stack))
        try:
            trial.feed_token(Token(first, ""))
        except UnexpectedToken:
            return []
        states = self._parse_table.states
        return [t for t in states[trial.state_stack[-1]] if t.isupper() and t != "$END"]

    # -- findings ----------------------------------------------------------------------------
    def _note(self, seg: Segment, prev: Segment | None, code: str, message: str,
              loop_from: Segment | None = None) -> None:
        self._pending.append((seg, loop_from or prev, code, message))

    def _resolve(self) -> None:
        """Turn pending structural problems into findings, now that loops are known."""
        base = self.base
        for seg, anchor, code, message in self._pending:
            loop = seg.loop or (anchor.loop if anchor is not None else None)
            loc = base.with_(segment=seg.ordinal or None, position=seg.position or None,
                             segment_id=seg.elements[0], loop=loop,
                             offset=seg.offset if seg.ordinal else None)
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
