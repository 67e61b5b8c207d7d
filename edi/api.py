"""The library's public calls: what ``import edi`` offers (see ``edi.__all__``).

Each call is a thin wrapper over the pipelines the command line uses, so a program gets the same
results as ``x12flow validate``, ``parse``, ``generate`` and ``ingest``:

* :func:`validate_file`: every finding of a file (envelopes, structure, elements, balancing).
* :func:`iter_claims`: the 835 claim payments of a file, one at a time, in constant memory.
* :func:`read_acknowledgments`, :func:`read_claim_status`: the 999/997 and 277CA/277 models.
* :func:`generate_837`: check claim files and write one 837, recorded in the ledger.
* :class:`Ledger` and :func:`ingest_file`: open the ledger; post a reply file to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

from edi.config import Config, load_config
from edi.inbound.document import Document
from edi.inbound.ingest import IngestResult, ingest_file
from edi.ledger import Ledger
from edi.outbound.generate import GenerateResult, generate
from edi.x12.envelope import TransactionSet, Walker
from edi.x12.findings import Finding, Findings
from edi.x12.reader import SegmentReader
from generators.kinds import KINDS
from parsers.ack999 import READER_997, READER_999, FunctionalGroupResponse
from parsers.era835 import iter_claims
from parsers.status277 import READER_277, READER_277CA, ClaimStatusReport

Source = str | Path | BinaryIO

__all__ = [
    "GenerateResult",
    "IngestResult",
    "Ledger",
    "generate_837",
    "ingest_file",
    "iter_claims",
    "read_acknowledgments",
    "read_claim_status",
    "validate_file",
]


def validate_file(source: Source, name: str | None = None) -> list[Finding]:
    """Every finding of ``source``, in file order, as ``x12flow validate`` reports them."""
    return Document(source, name).validate()


def read_acknowledgments(
    source: Source, findings: Findings | None = None
) -> Iterator[FunctionalGroupResponse]:
    """The 999 and 997 acknowledgments of ``source``, one per transaction set; a set whose
    structure cannot be read at all is left out (its findings say why)."""
    found = _findings(source, findings)
    for ts in _sets(source, found, {"999", "997"}):
        reader = READER_999 if ts.variant == "999" else READER_997
        response = reader.read(ts, found)
        if response is not None:
            yield response


def read_claim_status(
    source: Source, findings: Findings | None = None
) -> Iterator[ClaimStatusReport]:
    """The 277CA and 277 claim status reports of ``source``, one per transaction set."""
    found = _findings(source, findings)
    for ts in _sets(source, found, {"277CA", "277"}):
        reader = READER_277CA if ts.variant == "277CA" else READER_277
        report = reader.read(ts, found)
        if report is not None:
            yield report


def generate_837(
    claim_files: Iterable[str | Path],
    kind: str,
    *,
    ledger_url: str,
    out: str | Path,
    config: Config | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    today: date | None = None,
) -> GenerateResult:
    """Check the claims in ``claim_files`` (JSON, JSON Lines or YAML in the ``x12flow schema``
    format) and, unless refused or ``dry_run``, write one ``kind`` (``837p`` or ``837i``) file
    into ``out``, recorded in the ledger at ``ledger_url``: what ``x12flow generate`` does."""
    return generate(
        [str(name) for name in claim_files],
        KINDS[kind.lower()],
        config if config is not None else load_config(),
        url=ledger_url,
        directory=Path(out),
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        today=today,
    )


def _findings(source: Source, findings: Findings | None) -> Findings:
    if findings is not None:
        return findings
    return Findings(str(source) if isinstance(source, (str, Path)) else None)


def _sets(source: Source, findings: Findings, variants: set[str]) -> Iterator[TransactionSet]:
    reader = SegmentReader(source, findings, findings.file)
    for event in Walker(iter(reader), findings):
        if isinstance(event, TransactionSet) and event.variant in variants:
            yield event
