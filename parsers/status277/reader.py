"""The 277CA (X214) and 277 (X212) transaction readers: grammar → models → JSON and text.

:meth:`StatusReader.items` streams a transaction set: each HL level and each claim status as its
loop closes, then a :class:`ReportEnd`; nothing is kept between claims. ``validate`` and the
ledger read that stream. ``parse`` keeps the one JSON shape (header, levels in file order, then
claims) by writing each item to a temporary spool as it comes and reading it back once the set
is known to be whole, so memory stays flat there too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from edi.x12.envelope import TransactionSet
from edi.x12.findings import Findings
from edi.x12.grammar import Grammar, load_grammar
from parsers.status277.models import ClaimStatus, ClaimStatusReport
from parsers.status277.spool import spooled
from parsers.status277.summary import summarize
from parsers.status277.transformer import LevelRead, ReportEnd, StatusItem, StatusTransformer

PACKAGE = "parsers.status277"


class StatusReader:
    """Reads 277 transaction sets: streamed (:meth:`items`) or whole (:meth:`read`)."""

    def __init__(self, name: str, stem: str) -> None:
        self.name = name  # also the kind of guide data its elements are checked with
        self._stem = stem
        self._idle: list[StatusTransformer] = []

    @property
    def grammar(self) -> Grammar:
        return load_grammar(PACKAGE, self._stem)

    @contextmanager
    def _transformer(self) -> Iterator[StatusTransformer]:
        """A transformer for one transaction set; reused afterwards (callbacks are cached)."""
        transformer = self._idle.pop() if self._idle else StatusTransformer(self.name)
        try:
            yield transformer
        finally:
            transformer.start(None)
            self._idle.append(transformer)

    def items(self, ts: TransactionSet, findings: Findings) -> Iterator[StatusItem]:
        """Each level (:class:`LevelRead`) and claim (:class:`ClaimStatus`) as the parser
        finishes it, then :class:`ReportEnd`; no ReportEnd when the structure could not be
        read at all."""
        with self._transformer() as transformer:
            run = self.grammar.run(transformer, findings, ts.location)
            transformer.start(findings, ts.location, run.machine)
            yield from run.feed(ts.segments())

    def read(self, ts: TransactionSet, findings: Findings) -> ClaimStatusReport | None:
        """The whole 277 as one model; None when its structure could not be read at all."""
        levels: list[LevelRead] = []
        claims: list[ClaimStatus] = []
        end: ReportEnd | None = None
        for item in self.items(ts, findings):
            if isinstance(item, LevelRead):
                levels.append(item)
            elif isinstance(item, ClaimStatus):
                claims.append(item)
            else:
                end = item
        if end is None:
            return None
        levels.sort(key=lambda read: read.ordinal)
        return ClaimStatusReport(
            header=end.header, levels=[read.level for read in levels], claims=claims
        )

    def check(self, ts: TransactionSet, findings: Findings) -> None:
        """Read the set for its findings only, keeping nothing."""
        for _item in self.items(ts, findings):
            pass

    def fields(self, ts: TransactionSet, findings: Findings) -> Iterator[tuple[str, Any]]:
        """header, levels and claims, as :meth:`read` would give them (streamed through a
        spool: levels come first in the output, but the last of them closes at SE)."""
        with spooled() as spool:
            end: ReportEnd | None = None
            for item in self.items(ts, findings):
                if isinstance(item, LevelRead):
                    spool.level(item.ordinal, item.level)
                elif isinstance(item, ClaimStatus):
                    spool.claim(item)
                else:
                    end = item
            if end is None:
                yield "claims", None
                return
            if end.header is not None:
                yield "header", end.header.model_dump(mode="json", exclude_none=True)
            yield "levels", spool.levels()
            yield "claims", spool.claims()

    def summary(self, ts: TransactionSet, findings: Findings) -> Iterator[str]:
        model = self.read(ts, findings)
        if model is None:
            yield "    (the claim status structure could not be read)"
            return
        yield from summarize(model, self.name)


READER_277CA = StatusReader("277CA", "grammar277ca")
READER_277 = StatusReader("277", "grammar277")
