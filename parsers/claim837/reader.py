"""The 837P and 837I transaction readers: claims in the input format, counts, a summary."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cached_property
from typing import Any

from pydantic import BaseModel

from edi.model.claim import InstitutionalClaim, ProfessionalClaim
from edi.x12.elementdefs import guide_elements
from edi.x12.envelope import TransactionSet
from edi.x12.findings import Findings
from edi.x12.grammar import Grammar, Loop, load_grammar
from parsers.claim837 import claims
from parsers.claim837.occurs import OccurrenceTable
from parsers.claim837.transformer import ClaimTransformer, Counts, Header
from parsers.claim837.values import Json

PACKAGE = "parsers.claim837"


class Claim837Reader:
    """Reads one kind of 837: ``stem`` names its grammar, ``model`` its claim input model."""

    def __init__(
        self, kind: str, stem: str, model: type[BaseModel], read_claim: Callable[[Loop], Json]
    ) -> None:
        self.kind = kind
        self.stem = stem
        self.model = model
        self.read_claim = read_claim

    @property
    def grammar(self) -> Grammar:
        return load_grammar(PACKAGE, self.stem)

    @cached_property
    def occurrences(self) -> OccurrenceTable:
        return OccurrenceTable.load(PACKAGE, self.stem, self.grammar)

    @cached_property
    def transformer(self) -> ClaimTransformer:
        return ClaimTransformer(
            self.kind, self.model, self.read_claim, self.occurrences, guide_elements(self.kind)
        )

    def items(self, ts: TransactionSet, findings: Findings) -> Iterator[Any]:
        """A :class:`Header`, then the claims (models, or dicts where a model refuses them)."""
        transformer = self.transformer
        run = self.grammar.run(transformer, findings, ts.location)
        transformer.reset(findings, ts.location, run.machine.values)
        yield from run.feed(ts.segments())

    def fields(self, ts: TransactionSet, findings: Findings) -> Iterator[tuple[str, Any]]:
        """submitter, receiver, claims (streamed), counts."""
        items = self.items(ts, findings)
        first = next(items, None)
        header = first if isinstance(first, Header) else Header({}, {})
        yield "submitter", header.submitter
        yield "receiver", header.receiver
        rest = _claims(
            items if isinstance(first, Header) or first is None else _prepend(first, items)
        )
        yield "claims", rest
        for _ in rest:  # when the consumer did not read them all
            pass
        yield "counts", self.transformer.counts.to_json()

    def counts(self, ts: TransactionSet, findings: Findings) -> Counts:
        for _ in self.items(ts, findings):
            pass
        return self.transformer.counts

    def summary(self, ts: TransactionSet, findings: Findings) -> Iterator[str]:
        c = self.counts(ts, findings)
        yield (
            f"  {c.billing_providers} billing provider(s), {c.subscribers} subscriber(s), "
            f"{c.patients} patient(s), {c.claims} claim(s), {c.lines} service line(s); "
            f"total charges {c.total_charges}"
        )

    def tree(self, ts: TransactionSet, findings: Findings) -> Loop | None:
        """The plain loop tree of ``ts`` (no claims), checked for occurrence limits."""
        run = self.grammar.parse(ts.segments(), findings=findings, base=ts.location)
        tree = run.result if isinstance(run.result, Loop) else None
        if tree is not None:
            self.occurrences.check(tree, findings, ts.location)
        return tree


def _prepend(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest


def _claims(items: Iterator[Any]) -> Iterator[Any]:
    for item in items:
        if not isinstance(item, Header):
            yield item


READER_837P = Claim837Reader("837P", "professional", ProfessionalClaim, claims.professional)
READER_837I = Claim837Reader("837I", "institutional", InstitutionalClaim, claims.institutional)
