"""The 835 transaction reader: typed models for ``x12flow parse`` and a streaming library API.

:func:`read_remittances` yields, for every 835 transaction set of a file, a :class:`Remittance`
(payment, payer, payee), then its claims one by one, then a :class:`RemittanceEnd`; nothing is
kept between claims, so memory stays flat on a file of any size. :func:`iter_claims` yields
only the claims.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from edi.model.remittance.claims import ClaimPayment
from edi.model.remittance.header import Remittance, RemittanceEnd
from edi.x12.envelope import TransactionSet, Walker
from edi.x12.findings import Findings
from edi.x12.grammar import Grammar, load_grammar
from edi.x12.reader import SegmentReader
from parsers.era835.summary import summary_lines
from parsers.era835.transformer import Era835Transformer

Item = Remittance | ClaimPayment | RemittanceEnd


class Era835Reader:
    """Reads 835 transaction sets into :mod:`parsers.era835` models."""

    def __init__(self, package: str = "parsers.era835", stem: str = "grammar") -> None:
        self._package = package
        self._stem = stem
        self._idle: list[Era835Transformer] = []

    @property
    def grammar(self) -> Grammar:
        return load_grammar(self._package, self._stem)

    @contextmanager
    def _transformer(self) -> Iterator[Era835Transformer]:
        """A transformer for one transaction set; reused afterwards (callbacks are cached)."""
        transformer = self._idle.pop() if self._idle else Era835Transformer()
        try:
            yield transformer
        finally:
            transformer.emitted.clear()
            self._idle.append(transformer)

    def items(self, ts: TransactionSet, findings: Findings, check: bool = True) -> Iterator[Item]:
        """Remittance, each ClaimPayment, RemittanceEnd — as the parser reaches them; without
        the element and segment-count checks when ``check`` is False (nobody reads their
        findings)."""
        with self._transformer() as transformer:
            transformer.reset(
                findings,
                ts.location,
                ts.interchange.control_number if ts.interchange else None,
                ts.group.control_number if ts.group else None,
                check,
            )
            run = self.grammar.run(transformer, findings, ts.location)
            yield from run.feed(ts.segments())

    def fields(self, ts: TransactionSet, findings: Findings) -> Iterator[tuple[str, Any]]:
        """payment, payer, payee, claims (streamed), header_numbers, provider_adjustments,
        balance."""
        items = self.items(ts, findings)
        first = next(items, None)
        head = first if isinstance(first, Remittance) else None
        ends: list[RemittanceEnd] = []
        yield "payment", head.payment if head else None
        yield "payer", head.payer if head else None
        yield "payee", head.payee if head else None
        claims = _claims(items if head or first is None else _prepend(first, items), ends)
        yield "claims", claims
        for _ in claims:  # when the consumer did not read them all
            pass
        end = ends[0] if ends else None
        yield "header_numbers", end.header_numbers if end else []
        yield "provider_adjustments", end.provider_adjustments if end else []
        yield "balance", end.balance if end else None

    def summary(self, ts: TransactionSet, findings: Findings) -> Iterator[str]:
        yield from summary_lines(self.items(ts, findings))


def _prepend(first: Item, rest: Iterator[Item]) -> Iterator[Item]:
    yield first
    yield from rest


def _claims(items: Iterator[Item], ends: list[RemittanceEnd]) -> Iterator[ClaimPayment]:
    for item in items:
        if isinstance(item, ClaimPayment):
            yield item
        elif isinstance(item, RemittanceEnd):
            ends.append(item)


READER = Era835Reader()


def read_remittances(
    source: str | Path | BinaryIO, findings: Findings | None = None
) -> Iterator[Item]:
    """Every 835 transaction set of ``source``: Remittance, its claims, RemittanceEnd.

    Findings (envelope, structure, elements, balancing) go to ``findings`` when given. Without
    it they would be dropped, so the element and segment-count checks, which only make
    findings, are not run (the models are the same either way). Transaction sets of other
    kinds are skipped.
    """
    name = str(source) if isinstance(source, (str, Path)) else getattr(source, "name", None)
    found = findings if findings is not None else Findings(name)
    reader = SegmentReader(source, found, name)
    for event in Walker(iter(reader), found):
        if isinstance(event, TransactionSet) and event.variant == "835":
            yield from READER.items(event, found, check=findings is not None)


def iter_claims(
    source: str | Path | BinaryIO, findings: Findings | None = None
) -> Iterator[ClaimPayment]:
    """The claims of every 835 transaction set of ``source``, one at a time."""
    for item in read_remittances(source, findings):
        if isinstance(item, ClaimPayment):
            yield item
