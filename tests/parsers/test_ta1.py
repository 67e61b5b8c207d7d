"""TA1 interchange acknowledgments: accepted and rejected, element checks, summary, corpus."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from edi.inbound.document import Document, write_document
from edi.x12.envelope import Acknowledgment, Walker
from edi.x12.findings import Findings
from edi.x12.location import Location
from edi.x12.reader import SegmentReader
from parsers.ta1 import READER
from tests.conftest import corpus_files, isa


def ta1_file(ta1: str, control: str = "000000001") -> bytes:
    return f"{isa(control=control)}~\n{ta1}~\nIEA*0*{control}~\n".encode()


def read(data: bytes, name: str = "ta1.x12") -> tuple[list[dict[str, Any]], Document]:
    out = io.StringIO()
    doc = Document(io.BytesIO(data), name=name)
    write_document(doc, out.write)
    result = json.loads(out.getvalue())
    return [a for ic in result["interchanges"] for a in ic.get("acknowledgments", [])], doc


def test_accepted_ta1() -> None:
    acks, doc = read(ta1_file("TA1*000000123*261130*1200*A*000"))
    assert acks == [
        {
            "transaction": "TA1",
            "implementation": "00501",
            "control_number": "000000123",
            "date": "2026-11-30",
            "time": "1200",
            "status": "A",
            "status_meaning": "accepted",
            "status_description": "accepted",
            "accepted": True,
            "note_code": "000",
            "note": "no error",
            "note_code_description": "no error",
            "findings": [],
        }
    ]
    assert list(doc.findings) == []


def test_the_model_carries_where_its_ta1_stands_but_does_not_show_it() -> None:
    data = ta1_file("TA1*000000123*261130*1200*A*000~\nTA1*000000124*261130*1205*R*006")
    findings = Findings("ta1.x12")
    models = [
        READER.model(event, findings)
        for event in Walker(iter(SegmentReader(io.BytesIO(data), findings, "ta1.x12")), findings)
        if isinstance(event, Acknowledgment)
    ]
    first, second = data.index(b"TA1*000000123"), data.index(b"TA1*000000124")
    assert [(m.control_number, m.location) for m in models] == [
        ("000000123", Location(file="ta1.x12", segment=2, segment_id="TA1", offset=first)),
        ("000000124", Location(file="ta1.x12", segment=3, segment_id="TA1", offset=second)),
    ]
    acks, _doc = read(data)
    assert len(acks) == 2 and all("location" not in ack for ack in acks)


def test_rejected_ta1() -> None:
    acks, doc = read(ta1_file("TA1*000000124*261130*1205*R*006"))
    assert acks == [
        {
            "transaction": "TA1",
            "implementation": "00501",
            "control_number": "000000124",
            "date": "2026-11-30",
            "time": "1205",
            "status": "R",
            "status_meaning": "rejected",
            "status_description": "rejected",
            "accepted": False,
            "note_code": "006",
            "note": "invalid interchange sender ID",
            "note_code_description": "invalid interchange sender ID",
            "findings": [],
        }
    ]
    assert list(doc.findings) == []
    lines = list(Document(io.BytesIO(ta1_file("TA1*000000124*261130*1205*R*006")), "x").summary())
    assert lines[-1] == (
        "  TA1 for interchange 000000124: rejected — 006 invalid interchange sender ID"
    )


def test_ccyymmdd_date_is_read_with_a_warning() -> None:
    acks, doc = read(ta1_file("TA1*000000125*20261130*1200*A*000"))
    assert acks[0]["date"] == "2026-11-30"
    [finding] = doc.findings
    assert (
        finding.is_error,
        finding.source,
        finding.location.segment_id,
        finding.location.element,
    ) == (False, "IK403", "TA1", 2)


@pytest.mark.parametrize(
    "ta1, element, code",
    [
        ("TA1*123*261130*1200*A*000", 1, "4"),
        ("TA1*000000123*261340*1200*A*000", 2, "8"),
        ("TA1*000000123*261130*2561*A*000", 3, "9"),
        ("TA1*000000123*261130*1200*Q*000", 4, "7"),
        ("TA1*000000123*261130*1200*A*099", 5, "7"),
        ("TA1*000000123*261130*1200*A", 5, "1"),
    ],
)
def test_element_problems_are_ik403_errors(ta1: str, element: int, code: str) -> None:
    _, doc = read(ta1_file(ta1))
    assert [
        (f.source, f.code, f.location.element, f.location.segment)
        for f in doc.findings
        if f.is_error
    ] == [("IK403", code, element, 2)]


# IEA01 should count functional groups (0 with only a TA1); the ISA of one file is not
# fixed-width; one file's TA1s carry 4-digit TA101 values and no TA105.
GENUINE = {
    # ISA02/04/06/08 are not padded to their fixed widths (TA105 011, 013, 006, 008)
    "UHIN__x12-parser-library__TA1.edi": {
        ("TA105", "022"),
        ("TA105", "021"),
        ("TA105", "011"),
        ("TA105", "013"),
        ("TA105", "006"),
        ("TA105", "008"),
    },
    "xlate__staedi__x12_interchange_ack.txt": {("TA105", "021")},
    "Inteligenz__X12Parser__TechnicalAcknowledgment_Sample1.txt": {("IK403", "4"), ("IK403", "1")},
}


@pytest.mark.parametrize("path", corpus_files("TA1"), ids=lambda p: p.name)
def test_corpus_ta1(path: Path) -> None:
    acks, doc = read(path.read_bytes(), path.name)
    assert acks and all(a["status"] in ("A", "E", "R") for a in acks)
    assert {(f.source, f.code) for f in doc.findings if f.is_error} == GENUINE[path.name]
