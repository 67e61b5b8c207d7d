"""999 and 997 acknowledgments: golden files, the text summary, structure and the corpus."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from edi.inbound.document import Document, write_document
from edi.x12.envelope import TransactionSet, Walker
from edi.x12.findings import Findings
from edi.x12.reader import SegmentReader
from parsers.ack999 import READER_997, READER_999, FunctionalGroupResponse
from tests.conftest import corpus_dir, corpus_files, interchange, transaction_set

DATA = Path(__file__).resolve().parent.parent / "data" / "ack999"


def parse_sets(data: bytes, name: str = "ack.x12") -> tuple[list[dict[str, Any]], Document]:
    """Every transaction set object of the JSON output, and the document (for its findings)."""
    out = io.StringIO()
    doc = Document(io.BytesIO(data), name=name)
    write_document(doc, out.write)
    result = json.loads(out.getvalue())
    sets = [
        ts for ic in result["interchanges"] for g in ic["groups"] for ts in g["transaction_sets"]
    ]
    return sets, doc


def summary(data: bytes) -> list[str]:
    return list(Document(io.BytesIO(data), name="ack.x12").summary())


def ack999(body: list[str], control: str = "0001") -> bytes:
    text = interchange(
        transaction_set("999", control, body, "005010X231A1"),
        functional_id="FA",
        version="005010X231A1",
    )
    return text.encode()


def read_responses(data: bytes) -> list[FunctionalGroupResponse | None]:
    """The model of each 999/997 set, as the ledger gets it."""
    findings = Findings("ack.x12")
    responses = []
    for event in Walker(iter(SegmentReader(io.BytesIO(data), findings, "ack.x12")), findings):
        if isinstance(event, TransactionSet):
            reader = READER_999 if event.variant == "999" else READER_997
            responses.append(reader.read(event, findings))
    return responses


def segment_at(data: bytes, ordinal: int | None) -> list[str]:
    """The elements of segment ``ordinal`` (1-based) of an X12 text with ``~`` terminators."""
    assert ordinal is not None
    return data.decode().split("~")[ordinal - 1].strip().split("*")


@pytest.mark.parametrize("stem", ["999_partial", "997_rejected"])
def test_responses_carry_where_their_ak1_and_ak2_stand(stem: str) -> None:
    data = (DATA / f"{stem}.x12").read_bytes()
    [response] = read_responses(data)
    assert response is not None and response.location is not None
    assert response.location.segment_id == "AK1"
    assert response.location.transaction == segment_at(data, 3)[2]  # ST02
    assert segment_at(data, response.location.segment)[2] == response.group_control_number
    assert response.set_responses
    for answer in response.set_responses:
        where = answer.location
        assert where is not None and (where.segment_id, where.loop) == ("AK2", "2000")
        assert segment_at(data, where.segment)[:3] == ["AK2", "837", answer.set_control_number]
    [ts], _doc = parse_sets(data)
    assert "location" not in ts and all("location" not in r for r in ts["set_responses"])


def test_a_missing_ak1_has_no_location() -> None:
    [response] = read_responses(ack999(["AK2*837*0001*005010X222A1", "IK5*A", "AK9*A*1*1*1"]))
    assert response is not None and response.location is None
    [answer] = response.set_responses
    assert answer.location is not None and answer.location.segment == 4


@pytest.mark.parametrize("stem", ["999_partial", "999_rejected", "997_rejected"])
def test_golden(stem: str) -> None:
    expected = json.loads((DATA / f"{stem}.json").read_text())
    sets, doc = parse_sets((DATA / f"{stem}.x12").read_bytes())
    assert sets == [expected]
    assert not doc.findings.has_errors


def test_accepted_999_reads_one_accepted_set() -> None:
    sets, doc = parse_sets(
        ack999(["AK1*HC*17*005010X222A1", "AK2*837*0001*005010X222A1", "IK5*A", "AK9*A*1*1*1"])
    )
    [ts] = sets
    assert ts["group_status"] == "A"
    assert [
        (r["set_control_number"], r["status"], r["accepted"], r["errors"])
        for r in ts["set_responses"]
    ] == [("0001", "A", True, [])]
    assert list(doc.findings) == []


def test_summary_lists_rejected_sets_first_with_reasons() -> None:
    lines = summary((DATA / "999_partial.x12").read_bytes())
    body = [line.strip() for line in lines[3:]]
    assert body == [
        "999 for group HC 4501 (health care claim (837)), version 005010X222A1",
        "group: P partially accepted, at least one transaction set was rejected — "
        "3 included, 3 received, 2 accepted",
        "REJECTED set 837 0003: R rejected — 5 one or more segments in error",
        "segment NM1 at position 18 in loop 2010BB: 3 required segment missing",
        "segment CLM at position 22 in loop 2300 (claim PCN-3001): "
        "8 segment has data element errors",
        "CLM05-1 (element 1331): 7 invalid code value, value '98'",
        "accepted set 837 0001",
        "accepted set 837 0002 with errors noted",
        "segment PER at position 5 in loop 1000A: 8 segment has data element errors",
        "PER04 (element 364): I12 implementation pattern match failure, value '5551234'",
    ]


def test_997_summary_names_the_group_errors() -> None:
    text = "\n".join(summary((DATA / "997_rejected.x12").read_bytes()))
    assert "997 for group HC 5001" in text
    assert "REJECTED set 837 0001: R rejected — 5 one or more segments in error" in text
    assert "CLM01 (element 1028): 5 data element too long" in text


def test_missing_ik5_is_a_structural_finding() -> None:
    sets, doc = parse_sets(
        ack999(["AK1*HC*17*005010X222A1", "AK2*837*0001*005010X222A1", "AK9*A*1*1*1"])
    )
    structural = [(f.source, f.code, f.location.segment_id) for f in doc.findings]
    # The missing segment is named by its own ID (999 IK301), found missing before AK9.
    assert ("IK304", "3", "IK5") in structural
    assert sets[0]["set_responses"][0]["set_control_number"] == "0001"


def test_codes_are_checked_with_locations() -> None:
    _, doc = parse_sets(
        ack999(
            [
                "AK1*HX*17*005010X222A1",
                "AK2*837*0001*005010X222A1",
                "IK3*CLM*22*2300*Z",
                "IK4*2*782*99",
                "IK5*Q*5",
                "AK9*A*1*1*1",
            ]
        )
    )
    found = {
        (f.location.segment_id, f.location.element, f.location.loop, f.code)
        for f in doc.findings
        if f.source == "IK403"
    }
    assert found == {
        ("AK1", 1, None, "7"),
        ("IK3", 4, "2100", "7"),
        ("IK4", 3, "2110", "7"),
        ("IK5", 1, "2000", "7"),
    }
    ik3 = next(f for f in doc.findings if f.location.segment_id == "IK3")
    assert (ik3.location.position, ik3.location.transaction) == (4, "0001")


def test_ak9_that_contradicts_the_set_responses_is_a_warning() -> None:
    _, doc = parse_sets(ack999(["AK1*HC*17", "AK2*837*0001", "IK5*R*5", "AK9*A*1*1*1"]))
    warnings = [(f.source, f.code, f.location.element) for f in doc.findings if not f.is_error]
    assert ("AK9", "count", 4) in warnings
    assert ("AK9", "status", 1) in warnings


def test_empty_997_names_its_missing_segments() -> None:
    text = interchange(
        transaction_set("997", "0001", [], "005010X230"), functional_id="FA", version="005010X230"
    )
    sets, doc = parse_sets(text.encode())
    missing = {f.location.segment_id for f in doc.findings if f.source == "IK304" and f.code == "3"}
    assert {"AK1", "AK9"} <= missing
    assert sets[0]["set_responses"] == []


# -- the shared corpus --------------------------------------------------------------------------

# Error findings that are genuine problems of the corpus files (file -> (source, code) set).
GENUINE = {
    # AK202 '002' (4 digits at least); CTX*SITUATIONAL TRIGGER*CLM*43**5:3*C023:1325: CTX06-01
    # (725, N0) holds 'C023', and CTX06-02 is not used in 005010X231A1
    "Inteligenz__X12Parser__DHS_Wisconsin_Sample.txt": {
        ("IK403", "4"),
        ("IK403", "6"),
        ("IK403", "I10"),
    },
    # IEA02 != ISA13; GS05 102497 is no time (97 seconds)
    "imsweb__x12-parser__x12_999_accepted.txt": {("TA105", "001"), ("IK403", "9")},
}


@pytest.mark.parametrize("path", corpus_files("999") + corpus_files("997"), ids=lambda p: p.name)
def test_corpus_acknowledgments_read_cleanly(path: Path) -> None:
    sets, doc = parse_sets(path.read_bytes(), path.name)
    assert sets and all("set_responses" in ts for ts in sets)
    errors = {(f.source, f.code) for f in doc.findings if f.is_error}
    assert errors == GENUINE.get(path.name, set())


ENVELOPE = {"ISA", "GS", "GE", "IEA"}


# One finding per element, the first problem found: a value too long for its element is not
# also judged against the code list (AK101), one with a character its type forbids is not also
# measured (AK402). The envelope's own findings (GS04, GS05) belong to the envelope's tests.
@pytest.mark.parametrize(
    "name, expected",
    [
        ("xlate__staedi__invalid997.edi", {("AK1", 1, "5"), ("AK4", 2, "6")}),
        ("xlate__staedi__invalid997_min.edi", {("AK1", 1, "5")}),
    ],
)
def test_corpus_bad_997_element_errors(name: str, expected: set[tuple[str, int, str]]) -> None:
    path = corpus_dir() / "bad" / name
    _, doc = parse_sets(path.read_bytes(), name)
    found = {
        (f.location.segment_id, f.location.element, f.code)
        for f in doc.findings
        if f.source == "IK403" and f.location.segment_id not in ENVELOPE
    }
    assert found == expected


def test_corpus_empty_997_yields_missing_segment_errors() -> None:
    path = corpus_dir() / "bad" / "xlate__staedi__empty997.edi"
    _, doc = parse_sets(path.read_bytes(), path.name)
    missing = {
        f.location.segment_id
        for f in doc.findings
        if f.is_error and f.source == "IK304" and f.code == "3"
    }
    assert {"AK1", "AK9"} <= missing
