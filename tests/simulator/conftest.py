"""Helpers for simulator tests: synthetic 837 files, rules, and reading replies back."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from edi.config import Config
from edi.inbound.document import Document, write_document
from edi.outbound.staging import claim_file_settings
from edi.simulator import Rules, SimulationResult, simulate
from edi.x12.findings import Findings
from generators.arrange import arrange
from generators.checking import check_records
from generators.claim_file import ClaimFileWriter
from generators.input import Record
from generators.kinds import KINDS
from generators.replies import Envelope
from generators.sample.claims import institutional_claims, professional_claims
from generators.validation import Pyx12Error, validate_x12
from parsers.era835 import ClaimPayment, RemittanceEnd, read_remittances

TODAY = date(2026, 1, 15)
STALE_CODE_LISTS = ("remark_code", "claim_status", "claim_status_cat")
WHEN = datetime(2026, 1, 16, 10, 0)


def envelope(functional_id: str, version: str) -> Envelope:
    """A reply interchange's envelope (ISA13 123, GS06 45) for the writers' tests."""
    return Envelope("ZZ", "CLEARINGHOUSE", "ZZ", "X12FLOW", 123, 45, functional_id, version, WHEN)


def body(text: str) -> list[str]:
    """The segments between GS and GE."""
    lines = text.strip().split("~\n")
    return lines[2:-2]


def write_837(
    directory: Path,
    kind: str,
    count: int,
    seed: int,
    per_set: int = 5000,
    number: int = 7,
    config: Config | None = None,
) -> Path:
    """Sample claims written as one 837 interchange (ISA13 ``number``) dated 2026-01-15."""
    make = professional_claims if kind == "837p" else institutional_claims
    records = [Record("sample", f"item {i}", c) for i, c in enumerate(make(count, seed))]
    result = check_records(records, KINDS[kind], TODAY)
    assert result.problems == []
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{kind.upper()}-{number:09d}.x12"
    with path.open("w", encoding="utf-8", newline="") as out:
        ClaimFileWriter(
            out,
            KINDS[kind],
            claim_file_settings(config or Config()),
            interchange_number=number,
            group_number=number + 100,
            transaction_numbers=iter(range(1, 1000)),
            when=datetime(2026, 1, 15, 9, 30),
            max_claims_per_transaction=per_set,
        ).write(arrange(result.claims))
    return path


def rules(**sections: dict[str, Any]) -> Rules:
    return Rules.model_validate(sections)


QUIET: dict[str, Any] = {
    "ack999": {"rejected": 0, "accepted_with_errors": 0},
    "claim_ack": {"rejected": 0},
}
"""No rejections before the 835."""


def run(
    inputs: list[Path], out: Path, seed: int = 1, **sections: dict[str, Any]
) -> SimulationResult:
    return simulate(inputs, out, seed, rules(**sections))


def files(result: SimulationResult, kind: str) -> list[Path]:
    return [p for p in result.files if p.name.startswith(kind + "-")]


def pyx12_errors(path: Path) -> list[Pyx12Error]:
    exclude = () if path.name.startswith("999") else STALE_CODE_LISTS
    return validate_x12(path, exclude)


def transaction_sets(path: Path) -> list[dict[str, Any]]:
    """Our own reader's view of a 999 or 277CA file (and no findings)."""
    out = io.StringIO()
    doc = Document(path)
    write_document(doc, out.write)
    assert [str(f) for f in doc.findings] == []
    result = json.loads(out.getvalue())
    return [
        ts for ic in result["interchanges"] for g in ic["groups"] for ts in g["transaction_sets"]
    ]


def payments(path: Path) -> Iterator[ClaimPayment | RemittanceEnd]:
    """Claims and set ends of an 835, read by parsers.era835; no findings of any kind."""
    findings = Findings(str(path))
    for item in read_remittances(path, findings):
        if isinstance(item, (ClaimPayment, RemittanceEnd)):
            yield item
    assert [str(f) for f in findings] == []


def segments(path: Path, segment_id: str) -> list[list[str]]:
    text = path.read_text(encoding="utf-8")
    return [s.strip().split("*") for s in text.split("~") if s.strip().startswith(segment_id + "*")]
