"""The 837P and 837I transaction readers: claims in the input format, counts, a summary."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cached_property
from typing import Any

from edi.model.claim import Claim, InstitutionalClaim, ProfessionalClaim
from edi.x12.elementdefs import guide_elements
from edi.x12.envelope import TransactionSet
from edi.x12.findings import Findings
from edi.x12.grammar import Grammar, Loop, load_grammar
from edi.x12.occurs import OccurrenceTable
from parsers.claim837 import claims
from parsers.claim837.located import LocatedClaim
from parsers.claim837.transformer import ClaimTransformer, Counts, Header
from parsers.claim837.values import Json

PACKAGE = "parsers.claim837"
Item = Header | LocatedClaim


class Claim837Reader:
    """Reads one kind of 837: ``stem`` names its grammar, ``model`` its claim input model."""

    def __init__(
        self, kind: str, stem: str, model: type[Claim], read_claim: Callable[[Loop], Json]
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

    def items(self, ts: TransactionSet, findings: Findings) -> Iterator[Item]:
        """A :class:`Header`, then the claims as :class:`LocatedClaim` (each a model, or a dict
        where the model refuses it, with the positions of its segments)."""
        transformer = self.transformer
        run = self.grammar.run(transformer, findings, ts.location)
        transformer.reset(findings, ts.location, run.machine.values)
        yield from run.feed(ts.segments())

    def read(self, ts: TransactionSet, findings: Findings) -> tuple[Header, Iterator[LocatedClaim]]:
        """The set's :class:`Header` (read up to loop 1000B) and its claims, streamed: they are
        read as they are taken, so take them before the next transaction set."""
        items = self.items(ts, findings)
        first = next(items, None)
        if isinstance(first, Header):
            return first, _located(items)
        return Header({}, {}), _located(items if first is None else _prepend(first, items))

    def fields(self, ts: TransactionSet, findings: Findings) -> Iterator[tuple[str, Any]]:
        """submitter, receiver, claims (streamed), counts."""
        header, located = self.read(ts, findings)
        yield "submitter", header.submitter
        yield "receiver", header.receiver
        rest = (item.claim for item in located)
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


def _prepend(first: Item, rest: Iterator[Item]) -> Iterator[Item]:
    yield first
    yield from rest


def _located(items: Iterator[Item]) -> Iterator[LocatedClaim]:
    for item in items:
        if isinstance(item, LocatedClaim):
            yield item


READER_837P = Claim837Reader("837P", "professional", ProfessionalClaim, claims.professional)
READER_837I = Claim837Reader("837I", "institutional", InstitutionalClaim, claims.institutional)
