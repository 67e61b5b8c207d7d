"""The 837P and 837I transaction readers: parse, check occurrences, describe."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Any

from edi.envelope import TransactionSet
from edi.findings import Findings
from edi.grammar import Grammar, Loop, load_grammar
from parsers.claim837.occurs import OccurrenceTable

PACKAGE = "parsers.claim837"


@dataclass(frozen=True, slots=True)
class Counts:
    """What one 837 transaction set holds."""

    billing_providers: int
    subscribers: int
    patients: int
    claims: int
    lines: int
    total_charges: Decimal  # sum of CLM02

    def to_json(self) -> dict[str, Any]:
        return {
            "billing_providers": self.billing_providers,
            "subscribers": self.subscribers,
            "patients": self.patients,
            "claims": self.claims,
            "lines": self.lines,
            "total_charges": str(self.total_charges),
        }


def count(tree: Loop) -> Counts:
    loops: dict[str, int] = {}
    total = Decimal(0)
    stack = [tree]
    while stack:
        loop = stack.pop()
        for inner in loop.loops():
            loops[inner.id] = loops.get(inner.id, 0) + 1
            stack.append(inner)
            if inner.id == "2300":
                total += _amount(inner.first("CLM"), 2)
    return Counts(
        loops.get("2000A", 0),
        loops.get("2000B", 0),
        loops.get("2000C", 0),
        loops.get("2300", 0),
        loops.get("2400", 0),
        total,
    )


def _amount(seg: Any, index: int) -> Decimal:
    try:
        return Decimal(seg[index]) if seg is not None and seg[index] else Decimal(0)
    except InvalidOperation:
        return Decimal(0)  # a malformed amount is an element error, reported elsewhere


class Claim837Reader:
    """Reads one kind of 837 (``professional`` or ``institutional`` grammar)."""

    def __init__(self, stem: str) -> None:
        self.stem = stem

    @property
    def grammar(self) -> Grammar:
        return load_grammar(PACKAGE, self.stem)

    @cached_property
    def occurrences(self) -> OccurrenceTable:
        return OccurrenceTable.load(PACKAGE, self.stem, self.grammar)

    def tree(self, ts: TransactionSet, findings: Findings) -> Loop | None:
        """The loop tree of ``ts``, with structural and occurrence problems in ``findings``."""
        run = self.grammar.parse(ts.segments(), findings=findings, base=ts.location)
        tree = run.result if isinstance(run.result, Loop) else None
        if tree is not None:
            self.occurrences.check(tree, findings, ts.location)
        return tree

    def fields(self, ts: TransactionSet, findings: Findings) -> Iterator[tuple[str, Any]]:
        tree = self.tree(ts, findings)
        yield "counts", count(tree).to_json() if tree is not None else None
        yield "content", tree.to_json() if tree is not None else None

    def summary(self, ts: TransactionSet, findings: Findings) -> Iterator[str]:
        tree = self.tree(ts, findings)
        if tree is None:
            yield "  (structure could not be read)"
            return
        c = count(tree)
        yield (
            f"  {c.billing_providers} billing provider(s), {c.subscribers} subscriber(s), "
            f"{c.patients} patient(s), {c.claims} claim(s), {c.lines} service line(s); "
            f"total charges {c.total_charges}"
        )
