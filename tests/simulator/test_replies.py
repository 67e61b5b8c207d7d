"""Reply writers: 999 and 277CA golden text and pyx12 (the 835 is in test_remittance.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from generators.replies import (
    ClaimStatus,
    ElementNote,
    GroupAck,
    LineStatus,
    Name,
    ProviderStatus,
    SegmentNote,
    SetAck,
    SourceStatus,
    StatusCode,
    ack999_body,
    claim_ack_body,
    write_interchange,
)
from generators.validation import validate_x12_text
from tests.simulator.conftest import STALE_CODE_LISTS, WHEN, body, envelope

DAY = date(2025, 12, 1)
V837P = "005010X222A1"


def rejected(control: str, claim: str, code: str = "R") -> SetAck:
    note = SegmentNote("SV1", 26, "2400", "8", claim, (ElementNote(1, "235", "7", 2, "9999X"),))
    return SetAck("837", control, V837P, code, (note,), ("I5",))  # type: ignore[arg-type]


def test_999_golden_with_ctx_ik4_and_partial_acceptance() -> None:
    group = GroupAck(
        "HC",
        "17",
        V837P,
        (
            SetAck("837", "0001", V837P, "A"),
            rejected("0002", "PCN-2"),
            rejected("0003", "PCN-3", "E"),
        ),
    )
    text = write_interchange(envelope("FA", "005010X231A1"), [ack999_body(group, "0001")])
    assert body(text) == [
        "ST*999*0001*005010X231A1",
        "AK1*HC*17*005010X222A1",
        "AK2*837*0001*005010X222A1",
        "IK5*A",
        "AK2*837*0002*005010X222A1",
        "IK3*SV1*26*2400*8",
        "CTX*CLM01:PCN-2",
        "IK4*1:2*235*7*9999X",
        "IK5*R*I5",
        "AK2*837*0003*005010X222A1",
        "IK3*SV1*26*2400*8",
        "CTX*CLM01:PCN-3",
        "IK4*1:2*235*7*9999X",
        "IK5*E*I5",
        "AK9*P*3*3*2",
        "SE*16*0001",
    ]
    assert text.startswith("ISA*00*          *00*          *ZZ*CLEARINGHOUSE  *ZZ*X12FLOW  ")
    assert "GS*FA*CLEARINGHOUSE*X12FLOW*20260116*1000*45*X*005010X231A1~" in text
    assert validate_x12_text(text) == []


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ("AA", "A"),
        ("AE", "E"),
        ("EE", "E"),
        ("AR", "P"),
        ("ER", "P"),
        ("RR", "R"),
        ("R", "R"),
    ],
)
def test_999_group_code_follows_the_sets(codes: str, expected: str) -> None:
    sets = tuple(
        SetAck("837", f"{n:04d}", V837P, "A") if c == "A" else rejected(f"{n:04d}", f"C{n}", c)
        for n, c in enumerate(codes, 1)
    )
    group = GroupAck("HC", "1", V837P, sets)
    assert group.code == expected
    text = write_interchange(envelope("FA", "005010X231A1"), [ack999_body(group, "0001")])
    assert (
        f"AK9*{expected}*{len(codes)}*{len(codes)}*{codes.count('A') + codes.count('E')}~" in text
    )
    assert validate_x12_text(text) == []


def test_999_codes_must_agree_with_errors() -> None:
    with pytest.raises(ValueError, match="accepted set carries no errors"):
        SetAck("837", "0001", V837P, "A", set_codes=("5",))
    with pytest.raises(ValueError, match="needs an error"):
        SetAck("837", "0001", V837P, "R")


def claim_ack_text() -> str:
    patient = Name("DOE", "JANE", "MI", "M123")
    accepted = ClaimStatus(
        "PCN-1",
        Decimal("100.50"),
        StatusCode("A2", "20", "PR"),
        patient,
        (DAY, DAY),
        "ICN1",
        "CH-TRACE",
    )
    line = LineStatus(
        ("HC", "99213", "25"),
        Decimal("50"),
        StatusCode("A7", "454"),
        (DAY, DAY),
        "",
        "1",
        "PCN-2-1",
    )
    refused = ClaimStatus(
        "PCN-2",
        Decimal("50"),
        StatusCode("A3", "21"),
        patient,
        (DAY, date(2025, 12, 3)),
        "",
        "",
        "131",
        (line,),
    )
    source = SourceStatus(
        Name("PLAN", "", "PI", "62308"),
        "R1",
        date(2026, 1, 15),
        date(2026, 1, 16),
        Name("BILLING CO", "", "46", "SUB1"),
        "BATCH1",
        (ProviderStatus(Name("CLINIC", "", "XX", "1234567893"), "P1", (accepted, refused)),),
    )
    return write_interchange(
        envelope("HN", "005010X214"), [claim_ack_body("0001", "REF1", WHEN, [source])]
    )


def test_277ca_golden_hierarchy_counts_and_rejected_line() -> None:
    text = claim_ack_text()
    assert body(text) == [
        "ST*277*0001*005010X214",
        "BHT*0085*08*REF1*20260116*1000*TH",
        "HL*1**20*1",
        "NM1*PR*2*PLAN*****PI*62308",
        "TRN*1*R1",
        "DTP*050*D8*20260115",
        "DTP*009*D8*20260116",
        "HL*2*1*21*1",
        "NM1*41*2*BILLING CO*****46*SUB1",
        "TRN*2*BATCH1",
        "STC*A1:19:PR*20260116*WQ*150.5",
        "QTY*90*1",
        "QTY*AA*1",
        "AMT*YU*100.5",
        "AMT*YY*50",
        "HL*3*2*19*1",
        "NM1*85*2*CLINIC*****XX*1234567893",
        "TRN*1*P1",
        "STC*A1:19:PR**WQ*150.5",
        "QTY*QA*1",
        "QTY*QC*1",
        "AMT*YU*100.5",
        "AMT*YY*50",
        "HL*4*3*PT",
        "NM1*QC*1*DOE*JANE****MI*M123",
        "TRN*2*PCN-1",
        "STC*A2:20:PR*20260116*WQ*100.5",
        "REF*1K*ICN1",
        "REF*D9*CH-TRACE",
        "DTP*472*D8*20251201",
        "HL*5*3*PT",
        "NM1*QC*1*DOE*JANE****MI*M123",
        "TRN*2*PCN-2",
        "STC*A3:21*20260116*U*50",
        "REF*BLT*131",
        "DTP*472*RD8*20251201-20251203",
        "SVC*HC:99213:25*50*****1",
        "STC*A7:454*20260116*U",
        "REF*FJ*PCN-2-1",
        "DTP*472*D8*20251201",
        "SE*41*0001",
    ]
    assert validate_x12_text(text, STALE_CODE_LISTS) == []


def test_277ca_without_sources_is_refused() -> None:
    with pytest.raises(ValueError, match="information source"):
        claim_ack_body("0001", "R", WHEN, [])
