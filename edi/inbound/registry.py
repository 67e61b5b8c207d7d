"""Transaction readers: how each kind of transaction set is turned into output.

A reader yields the fields of one transaction set as ``(name, value)`` pairs; a value may be an
iterator (a streamed list), so a large 835 is written out claim by claim. Readers are looked up
lazily by transaction kind, so reading an 835 never imports the 837 machinery.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any, Protocol

from edi.x12.envelope import TransactionSet
from edi.x12.findings import Findings
from edi.x12.grammar import Grammar, Loop, load_grammar

# transaction variant -> "module:attribute" of its reader
READERS: dict[str, str] = {
    "835": "parsers.era835:READER",
    "999": "parsers.ack999:READER_999",
    "997": "parsers.ack999:READER_997",
    "277CA": "parsers.status277:READER_277CA",
    "277": "parsers.status277:READER_277",
    "837P": "parsers.claim837:READER_837P",
    "837I": "parsers.claim837:READER_837I",
}


class TransactionReader(Protocol):
    grammar: Grammar

    def fields(self, ts: TransactionSet, findings: Findings) -> Iterator[tuple[str, Any]]:
        """The transaction set's content as (name, value) pairs, in output order."""
        ...

    def summary(self, ts: TransactionSet, findings: Findings) -> Iterator[str]:
        """Readable lines for ``--format text``."""
        ...


class LoopTreeReader:
    """The generic reader: the grammar's loop tree, for kinds without typed models."""

    def __init__(self, package: str, stem: str = "grammar") -> None:
        self._package = package
        self._stem = stem

    @property
    def grammar(self) -> Grammar:
        return load_grammar(self._package, self._stem)

    def tree(self, ts: TransactionSet, findings: Findings) -> Loop | None:
        run = self.grammar.parse(ts.segments(), findings=findings, base=ts.location)
        return run.result if isinstance(run.result, Loop) else None

    def fields(self, ts: TransactionSet, findings: Findings) -> Iterator[tuple[str, Any]]:
        tree = self.tree(ts, findings)
        yield "content", tree.to_json() if tree is not None else None

    def summary(self, ts: TransactionSet, findings: Findings) -> Iterator[str]:
        tree = self.tree(ts, findings)
        if tree is None:
            yield "  (structure could not be read)"
            return
        counts: dict[str, int] = {}
        stack = [tree]
        while stack:
            loop = stack.pop()
            for inner in loop.loops():
                counts[inner.id] = counts.get(inner.id, 0) + 1
                stack.append(inner)
        loops = ", ".join(f"{k}×{v}" for k, v in sorted(counts.items()))
        yield f"  {ts.segment_count} segments; loops: {loops or 'none'}"


_cache: dict[str, TransactionReader] = {}


def reader_for(variant: str) -> TransactionReader | None:
    """The reader for a transaction variant (835, 999, 997, 277CA, 277, 837P, 837I), or None."""
    spec = READERS.get(variant)
    if spec is None:
        return None
    if spec not in _cache:
        module_name, _, attr = spec.partition(":")
        module = importlib.import_module(module_name)
        _cache[spec] = getattr(module, attr)
    return _cache[spec]
