"""The 277CA (X214) and 277 (X212) transaction readers: grammar → models → JSON and text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from edi.envelope import TransactionSet
from edi.findings import Findings
from edi.grammar import Grammar, load_grammar
from parsers.ack999.elements import ElementChecker, SegmentTable
from parsers.status277.models import ClaimStatusReport
from parsers.status277.summary import summarize
from parsers.status277.tables import TABLE_277, TABLE_277CA
from parsers.status277.transformer import StatusTransformer

PACKAGE = "parsers.status277"


class StatusReader:
    """Reads one 277 transaction set into a :class:`ClaimStatusReport`."""

    def __init__(self, name: str, stem: str, table: SegmentTable) -> None:
        self.name = name
        self._stem = stem
        self._table = table
        self._transformer = StatusTransformer()

    @property
    def grammar(self) -> Grammar:
        return load_grammar(PACKAGE, self._stem)

    def read(self, ts: TransactionSet, findings: Findings) -> ClaimStatusReport | None:
        """The 277's model; None when its structure could not be read at all."""
        self._transformer.start(ElementChecker(self._table, findings, ts.location))
        try:
            run = self.grammar.parse(ts.segments(), self._transformer, findings, ts.location)
        finally:
            self._transformer.start(None)
        return run.result if isinstance(run.result, ClaimStatusReport) else None

    def fields(self, ts: TransactionSet, findings: Findings) -> Iterator[tuple[str, Any]]:
        model = self.read(ts, findings)
        if model is None:
            yield "claims", None
            return
        yield from model.model_dump(mode="json", exclude_none=True).items()

    def summary(self, ts: TransactionSet, findings: Findings) -> Iterator[str]:
        model = self.read(ts, findings)
        if model is None:
            yield "    (the claim status structure could not be read)"
            return
        yield from summarize(model, self.name)


READER_277CA = StatusReader("277CA", "grammar277ca", TABLE_277CA)
READER_277 = StatusReader("277", "grammar277", TABLE_277)
