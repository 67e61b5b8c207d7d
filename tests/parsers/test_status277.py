"""277CA (X214) and 277 (X212) claim status: golden files, verdicts, checks, summary, corpus."""

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
from parsers.status277 import READER_277, READER_277CA
from parsers.status277.models import ClaimStatus, Status
from parsers.status277.outcome import verdict
from tests.conftest import corpus_files, interchange, transaction_set

DATA = Path(__file__).resolve().parent.parent / "data" / "status277"


def parse_sets(data: bytes, name: str = "277.x12") -> tuple[list[dict[str, Any]], Document]:
    out = io.StringIO()
    doc = Document(io.BytesIO(data), name=name)
    write_document(doc, out.write)
    result = json.loads(out.getvalue())
    sets = [
        ts for ic in result["interchanges"] for g in ic["groups"] for ts in g["transaction_sets"]
    ]
    return sets, doc


def ca277(claim: list[str]) -> bytes:
    """A one-claim 277CA: fixed source, receiver, provider and patient levels around ``claim``."""
    body = [
        "BHT*0085*08*B1*20261201*0900*TH",
        "HL*1**20*1",
        "NM1*PR*2*PLAN*****PI*PLAN01",
        "TRN*1*R1",
        "DTP*050*D8*20261201",
        "DTP*009*D8*20261201",
        "HL*2*1*21*1",
        "NM1*41*2*CLINIC*****46*S1",
        "TRN*2*B1",
        "STC*A1:19:PR*20261201*WQ*10",
        "HL*3*2*19*1",
        "NM1*85*2*GROUP*****XX*1234567893",
        "HL*4*3*PT",
        "NM1*QC*1*PATIENT*ONE****MI*M1",
        *claim,
    ]
    text = interchange(
        transaction_set("277", "0001", body, "005010X214"), functional_id="HN", version="005010X214"
    )
    return text.encode()


@pytest.mark.parametrize("stem", ["277ca_mixed", "277_x212"])
def test_golden(stem: str) -> None:
    expected = json.loads((DATA / f"{stem}.json").read_text())
    sets, doc = parse_sets((DATA / f"{stem}.x12").read_bytes())
    assert sets == [expected]
    assert list(doc.findings) == []


def _status(category: str, action: str | None = None, more: str | None = None) -> Status:
    extra = [{"category": more}] if more else []
    return Status.model_validate(
        {"category": category, "action": action, "additional": extra, "rejected": False}
    )


@pytest.mark.parametrize(("stem", "loop"), [("277ca_mixed", "2200D"), ("277_x212", "2200E")])
def test_claim_statuses_carry_where_their_trn_stands(stem: str, loop: str) -> None:
    data = (DATA / f"{stem}.x12").read_bytes()
    findings = Findings("277.x12")
    claims: list[ClaimStatus] = []
    for event in Walker(iter(SegmentReader(io.BytesIO(data), findings, "277.x12")), findings):
        if isinstance(event, TransactionSet):
            reader = READER_277CA if event.variant == "277CA" else READER_277
            claims += [c for c in reader.items(event, findings) if isinstance(c, ClaimStatus)]
    segments = data.decode().split("~")
    assert claims
    for claim in claims:
        where = claim.location
        assert where is not None and (where.segment_id, where.loop) == ("TRN", loop)
        assert where.segment is not None
        trn = segments[where.segment - 1].strip().split("*")
        assert trn == ["TRN", "2", claim.patient_control_number]
    [ts], _doc = parse_sets(data)
    assert all("location" not in claim for claim in ts["claims"])


@pytest.mark.parametrize(
    "statuses, expected",
    [
        ([("A1", "WQ", None)], (True, "accepted")),
        ([("A2", "WQ", None)], (True, "accepted")),
        ([("A0", None, None)], (None, "forwarded")),
        ([("P1", None, None)], (None, "pending")),
        ([("F2", None, None)], (None, "finalized")),
        ([("A2", "WQ", None), ("A2", "U", None)], (False, "rejected")),
    ],
)
def test_verdict_by_category_and_action(
    statuses: list[tuple[str, str | None, str | None]], expected: tuple[bool | None, str]
) -> None:
    models = [_status(c, a, m) for c, a, m in statuses]
    for model in models:
        model.rejected = model.action == "U"
    assert verdict(models) == expected


@pytest.mark.parametrize("category", ["A3", "A4", "A6", "A7", "A8"])
def test_rejecting_categories_reject_the_claim_even_with_wq(category: str) -> None:
    sets, _ = parse_sets(
        ca277(["TRN*2*PCN-1", f"STC*{category}:21*20261201*WQ*10", "DTP*472*D8*20261115"])
    )
    [claim] = sets[0]["claims"]
    assert (claim["accepted"], claim["outcome"]) == (False, "rejected")


def test_rejecting_category_in_a_second_composite_rejects() -> None:
    sets, _ = parse_sets(
        ca277(["TRN*2*PCN-1", "STC*A2:20*20261201*WQ*10******A7:562:85", "DTP*472*D8*20261115"])
    )
    assert sets[0]["claims"][0]["accepted"] is False


def test_unknown_status_and_entity_codes_are_shown_alone_without_findings() -> None:
    sets, doc = parse_sets(
        ca277(["TRN*2*PCN-1", "STC*A2:9999:ZZZ*20261201*WQ*10", "DTP*472*D8*20261115"])
    )
    [status] = sets[0]["claims"][0]["statuses"]
    assert (status["code"], status["entity"]) == ("9999", "ZZZ")
    assert "code_meaning" not in status and "entity_meaning" not in status
    assert list(doc.findings) == []


def test_invalid_category_date_and_action_are_ik403_findings_with_locations() -> None:
    _, doc = parse_sets(
        ca277(["TRN*2*PCN-1", "STC*Q9:21*20261399*XX*10", "DTP*472*RD8*20261101-2026110"])
    )
    found = {
        (f.location.segment_id, f.location.element, f.location.component, f.location.loop, f.code)
        for f in doc.findings
    }
    assert found == {
        ("STC", 1, 1, "2200D", "7"),
        ("STC", 2, None, "2200D", "8"),
        ("STC", 3, None, "2200D", "7"),
        ("DTP", 3, None, "2200D", "8"),
    }
    stc = next(f for f in doc.findings if f.location.segment_id == "STC")
    assert stc.location.position == 17
    assert "PATIENT" not in " ".join(f.message for f in doc.findings)


def test_missing_claim_status_is_a_structural_finding() -> None:
    _, doc = parse_sets(ca277(["TRN*2*PCN-1", "DTP*472*D8*20261115"]))
    assert [(f.source, f.code) for f in doc.findings] == [("IK304", "3")]
    assert "STC" in next(iter(doc.findings)).message


def test_summary_lists_rejected_claims_first_without_patient_names() -> None:
    lines = [
        line.strip()
        for line in Document(io.BytesIO((DATA / "277ca_mixed.x12").read_bytes()), "x").summary()
    ]
    claims = [line for line in lines if "claim PCN" in line]
    assert claims == [
        "REJECTED claim PCN-1002 (charge 150.00, service 2026-11-10 to 2026-11-12)",
        "REJECTED claim PCN-1003 (charge 100.00, service 2026-11-18)",
        "accepted claim PCN-1001 (payer claim ICN-555001, charge 200.00, service 2026-11-15)",
    ]
    text = "\n".join(lines)
    assert "277CA from ACME HEALTH PLAN: 3 claim(s): 1 accepted, 2 rejected" in text
    assert (
        "A7 acknowledgement/rejected for invalid information; 562 entity's National "
        "Provider Identifier (NPI); entity 85 billing provider | A6 "
        "acknowledgement/rejected for missing information; 128 entity's tax id; "
        "entity 85 billing provider [U reject]"
    ) in text
    assert "line HC:99213 line item LINE-31: REJECTED" in text
    assert (
        "information receiver HL 2 (trace BATCH-77) — accepted 1 / 200.00; rejected 2 / 250.00"
    ) in text
    assert "PATIENT" not in text and "M0001" not in text


# -- the shared corpus --------------------------------------------------------------------------

GENUINE = {
    # de-identified: categories masked as X9, BHT01 9999, BHT05 9999; provider NPIs masked (no
    # valid check digit)
    "Inteligenz__X12Parser__277_Deidentified_from_nth.txt": {
        ("IK403", "7"),
        ("IK403", "9"),
        ("IK403", "I12"),
    },
    # 2200C has a TRN and no STC (X214: STC is required in 2200C); NM109 XX 123456789 is 9 digits
    "Inteligenz__X12Parser__FromAlexbrodsky.txt": {("IK304", "3"), ("IK403", "I12")},
    # truncated after the receiver HL: no SE, GE, IEA
    "Inteligenz__X12Parser__FromBogeyone.txt": {
        ("IK502", "2"),
        ("IK304", "3"),
        ("AK905", "3"),
        ("TA105", "023"),
    },
    # garbage test values: ISA09/ISA13, dates, BHT, STC03 'yh', IEA02; 2200A DTP 040 and 006
    # where X214 takes only DTP*050 and DTP*009 (both required, so both missing); an 11-digit NPI
    "Inteligenz__X12Parser__FromLatitude81uk.txt": {
        ("TA105", "017"),  # ISA12 is 6 digits
        ("TA105", "018"),
        ("TA105", "014"),
        ("TA105", "001"),
        ("IK304", "3"),
        ("IK403", "4"),
        ("IK403", "5"),
        ("IK403", "7"),
        ("IK403", "8"),
        ("IK403", "9"),
        ("IK403", "I12"),
    },
    # 2200C with a TRN and no STC; NM109 XX 1234567890 fails the NPI check digit
    "imsweb__x12-parser__x12_277CA_accepted.txt": {("IK304", "3"), ("IK403", "I12")},
    # sample NPIs (1666666661, 6166666666 and the like) without a valid check digit
    "LinuxForHealth__x12__claim-level-status-ncpdp.277": {("IK403", "I12")},
    "LinuxForHealth__x12__provider-level-status.277": {("IK403", "I12")},
    # IEA02 != ISA13; sample NPIs; a 277CA's STC03 (WQ) and STC12 (message text) in an X212 277,
    # where both are not used
    "imsweb__x12-parser__x12_277_x212.txt": {
        ("TA105", "001"),
        ("IK403", "I12"),
        ("IK403", "I10"),
    },
}


@pytest.mark.parametrize("path", corpus_files("277CA") + corpus_files("277"), ids=lambda p: p.name)
def test_corpus_claim_statuses_read(path: Path) -> None:
    sets, doc = parse_sets(path.read_bytes(), path.name)
    assert sets and all("claims" in ts for ts in sets)
    errors = {(f.source, f.code) for f in doc.findings if f.is_error}
    assert errors == GENUINE.get(path.name, set())
