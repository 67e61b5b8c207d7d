"""The 999 and 997 transaction readers: grammar → models → JSON fields and text summary."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from edi.x12.envelope import TransactionSet
from edi.x12.findings import Findings
from edi.x12.grammar import Grammar, load_grammar
from edi.x12.segment import Segment
from parsers.ack999 import codes
from parsers.ack999.models import FunctionalGroupResponse
from parsers.ack999.summary import summarize
from parsers.ack999.transformer import AckTransformer, Dialect

PACKAGE = "parsers.ack999"

DIALECT_999 = Dialect(
    "999",
    "grammar999",
    "IK4",
    codes.SEGMENT_ERRORS,
    codes.ELEMENT_ERRORS,
    codes.SET_ERRORS,
)
DIALECT_997 = Dialect(
    "997",
    "grammar997",
    "AK4",
    codes.SEGMENT_ERRORS_997,
    codes.ELEMENT_ERRORS_997,
    codes.SET_ERRORS_997,
)


# Segments every acknowledgment must carry: named when a set is too broken to be read at all.
REQUIRED = ("AK1", "AK9")


def _noting(segments: Iterator[Segment], seen: set[str]) -> Iterator[Segment]:
    for seg in segments:
        seen.add(seg.elements[0])
        yield seg


class AckReader:
    """Reads one 999 or 997 transaction set into a :class:`FunctionalGroupResponse`."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._transformer = AckTransformer(dialect)

    @property
    def grammar(self) -> Grammar:
        return load_grammar(PACKAGE, self.dialect.stem)

    def read(self, ts: TransactionSet, findings: Findings) -> FunctionalGroupResponse | None:
        """The acknowledgment's model; None when its structure could not be read at all."""
        self._transformer.start(findings, ts.location)
        seen: set[str] = set()
        try:
            run = self.grammar.parse(
                _noting(ts.segments(), seen), self._transformer, findings, ts.location
            )
        finally:
            self._transformer.start(None)
        if isinstance(run.result, FunctionalGroupResponse):
            return run.result
        for seg_id in REQUIRED:
            if seg_id not in seen:
                findings.error(
                    "IK304",
                    "3",
                    f"required segment {seg_id} "
                    f"({self.grammar.names.get(seg_id, seg_id)}) is missing",
                    ts.location.with_(segment_id=seg_id),
                )
        return None

    def fields(self, ts: TransactionSet, findings: Findings) -> Iterator[tuple[str, Any]]:
        model = self.read(ts, findings)
        if model is None:
            yield "acknowledgment", None
            return
        yield from model.model_dump(mode="json", exclude_none=True).items()

    def summary(self, ts: TransactionSet, findings: Findings) -> Iterator[str]:
        model = self.read(ts, findings)
        if model is None:
            yield "    (the acknowledgment's structure could not be read)"
            return
        yield from summarize(model, self.dialect.name)


READER_999 = AckReader(DIALECT_999)
READER_997 = AckReader(DIALECT_997)
