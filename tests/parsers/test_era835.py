"""835 golden files: X12 written for each scenario, expected JSON written by hand from the
implementation guide (005010X221A1), compared with what ``x12flow parse`` writes."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from edi.inbound.document import Document, write_document

DATA = Path(__file__).resolve().parent.parent / "data" / "era835"
SCENARIOS = sorted(p.stem for p in DATA.glob("*.x12"))


def parse_sets(data: bytes, name: str = "835.x12") -> tuple[list[dict[str, Any]], Document]:
    out = io.StringIO()
    doc = Document(io.BytesIO(data), name=name)
    write_document(doc, out.write)
    result = json.loads(out.getvalue())
    sets = [
        ts for ic in result["interchanges"] for g in ic["groups"] for ts in g["transaction_sets"]
    ]
    return sets, doc


def test_every_scenario_has_its_expected_json() -> None:
    assert len(SCENARIOS) >= 5
    assert all((DATA / f"{stem}.json").is_file() for stem in SCENARIOS)


@pytest.mark.parametrize("stem", SCENARIOS)
def test_golden(stem: str) -> None:
    expected = json.loads((DATA / f"{stem}.json").read_text())
    sets, doc = parse_sets((DATA / f"{stem}.x12").read_bytes(), f"{stem}.x12")
    assert sets == (expected if isinstance(expected, list) else [expected])
    assert [str(f) for f in doc.findings] == []
