"""The grammar engine: a lexer adapter over segments, an LALR parser, and error recovery.

* Each segment becomes a token: its ID, refined by a qualifier where the qualifier table says so
  (``NM1`` with NM101 ``85`` becomes ``NM1_85``). The segment object itself is the token.
* The LALR tables are computed once per grammar; every parse gets its own transformer, so typed
  models are built as loops close (no intermediate tree), and a transformer may *emit* finished
  items (an 835's claims) that the caller receives while the file is still being read.
* Structural problems become IK304 findings and parsing goes on.

This module holds :class:`Grammar` and its loader; the parse loop and recovery are in
:mod:`edi.x12.grammar.run`, the memoised per-token steps it replays in
:mod:`edi.x12.grammar.transitions`, the stack machine (used for recovery) in
:mod:`edi.x12.grammar.machine`, recovery's remembered guesses at missing segments in
:mod:`edi.x12.grammar.repair`, and the way from grammar text to cached LALR
tables in :mod:`edi.x12.grammar.compile`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

from edi.x12.findings import Findings
from edi.x12.grammar.compile import START, compile_tables, prepare
from edi.x12.grammar.positions import Positions, loop_positions
from edi.x12.grammar.repair import Repairs
from edi.x12.grammar.run import ParseOutcome, ParseRun, display
from edi.x12.grammar.tokens import Refinement
from edi.x12.grammar.tree import LoopTransformer
from edi.x12.location import Location
from edi.x12.segment import Segment

__all__ = [
    "START",
    "Grammar",
    "ParseOutcome",
    "ParseRun",
    "Refinement",
    "display",
    "load_grammar",
    "prepare",
]

_TERMINAL = re.compile(r"\b[A-Z][A-Z0-9_]*\b")


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
        # per loop, the guide's order of its segments and inner loops (where a missing one goes)
        self.positions: Positions = loop_positions(body)
        self.terminals = frozenset(used)
        self.segment_ids = frozenset(t.split("_", 1)[0] for t in used) | frozenset(self.refinements)
        # loop triggers whose loop must hold more than its trigger: a copy of one right after
        # it is a duplicate, not a loop left empty (see ParseRun._repeats_trigger)
        self.needs_more = _needs_more(body, table.get("occurs", {}))
        self.tables = compile_tables(name, text, sorted(used))
        self.repairs = Repairs(self.tables, order)  # recovery's missing-segment guesses
        self._reductions: dict[int, tuple[Any, list[Any]]] = {}
        self._default_transformer = LoopTransformer()

    def tokenize(self, seg: Segment) -> Segment:
        """Set ``seg.type`` from the qualifier table."""
        ref = self.refinements.get(seg.elements[0])
        if ref is not None:
            seg.type = ref.token(seg)
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


_LOOP_RULE = re.compile(r"^loop_(\w+)\s*:\s*([A-Z][A-Z0-9_]*)", re.MULTILINE)


def _needs_more(body: str, occurs: dict[str, dict[str, str]]) -> frozenset[str]:
    """The trigger tokens of the loops whose ``[occurs]`` limits require some segment or inner
    loop (a low bound above 0): a loop of that kind with only its trigger is incomplete."""
    required = {
        loop.upper()
        for loop, limits in occurs.items()
        if any(not str(v).strip().startswith("0..") for v in limits.values())
    }
    return frozenset(m[2] for m in _LOOP_RULE.finditer(body) if m[1].upper() in required)


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
