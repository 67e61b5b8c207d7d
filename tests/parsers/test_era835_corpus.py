"""Every 835 of the shared corpus reads into typed JSON; the 835 parser's error findings are
exactly the genuine problems of each file (envelope findings belong to other tests)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from edi.inbound.document import Document, write_document
from tests.conftest import corpus_files

FILES = corpus_files("835")
OWN = {"BALANCE", "IK304", "IK403"}
# file -> the parser's error findings, with why they are right.
GENUINE: dict[str, set[str]] = {
    # De-identified by masking amounts with 9s: claims, lines and the payment stop adding up.
    "Inteligenz__X12Parser__835_WithMultipleInterchanges.txt": {
        "BALANCE-claim",
        "BALANCE-service-line",
        "BALANCE-transaction",
    },
    "Inteligenz__X12Parser__ExampleFromNth.txt": {
        "BALANCE-claim",
        "BALANCE-service-line",
        "BALANCE-transaction",
    },
    # Ends with a bare "CLP*090909*22" (no NM1*QC); PLB CV -1.27 is not reflected in BPR02.
    "Inteligenz__X12Parser__Example1.txt": {"IK304-3", "BALANCE-transaction"},
    # BPR16 is 20002316 (month 23).
    "LinuxForHealth__x12__managed-care.835": {"IK403-8"},
    # SVC*HC*24599.00*1766.50*187.50: the procedure code sits in its own element, shifting
    # the amounts, so SVC02 - CAS != SVC03.
    "LinuxForHealth__x12__tertiary-payment.835": {"BALANCE-service-line"},
    # A remark code in MIA24 (an amount); PLB 5 not taken from BPR02.
    "affect-therapeutics__edi-835-parser__sample_835.txt": {"IK403-6", "BALANCE-transaction"},
    # As above, plus a garbage segment "resnCode>adjID>5***" after the PLB.
    "affect-therapeutics__edi-835-parser__sample_835_with_interests.txt": {
        "IK403-6",
        "BALANCE-transaction",
        "IK304-1",
    },
}


def read(path: Path) -> tuple[dict[str, Any], Document]:
    out = io.StringIO()
    doc = Document(io.BytesIO(path.read_bytes()), path.name)
    write_document(doc, out.write)
    return json.loads(out.getvalue()), doc


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_corpus_835_reads_with_only_genuine_errors(path: Path) -> None:
    result, doc = read(path)
    sets = [
        ts for ic in result["interchanges"] for g in ic["groups"] for ts in g["transaction_sets"]
    ]
    assert sets and all(ts["transaction"] == "835" for ts in sets)
    for ts in sets:
        assert ts["payment"]["handling_code"]
        assert ts["balance"]["claim_count"] == len(ts["claims"])
        for claim in ts["claims"]:
            assert claim["patient_control_number"] and claim["status_code"]
            assert isinstance(claim["services"], list)
    own = {f"{f.source}-{f.code}" for f in doc.findings if f.is_error and f.source in OWN}
    assert own == GENUINE.get(path.name, set())


def test_corpus_files_are_known() -> None:
    names = {p.name for p in FILES}
    if not names:
        pytest.skip("shared corpus not found (expected ../shared/corpus)")
    assert set(GENUINE) <= names
