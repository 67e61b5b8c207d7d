"""Reply writers: golden text, pyx12, our parsers, 835 balancing by construction."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edi.x12.findings import Findings
from generators.replies import (
    Address,
    Adjustment,
    ClaimPayment,
    ClaimStatus,
    ElementNote,
    Envelope,
    GroupAck,
    LineStatus,
    Name,
    Payee,
    Payer,
    Person,
    ProviderAdjustment,
    ProviderStatus,
    Remittance,
    SegmentNote,
    ServicePayment,
    SetAck,
    SourceStatus,
    StatusCode,
    ack999_body,
    claim_ack_body,
    remittance_body,
    write_interchange,
)
from generators.replies.remittance import cas_segments
from generators.validation import validate_x12_text
from parsers.era835 import ClaimPayment as ParsedClaim
from parsers.era835 import RemittanceEnd, read_remittances
from tests.simulator.conftest import STALE_CODE_LISTS

WHEN = datetime(2026, 1, 16, 10, 0)
DAY = date(2025, 12, 1)
V837P = "005010X222A1"


def envelope(functional_id: str, version: str) -> Envelope:
    return Envelope("ZZ", "CLEARINGHOUSE", "ZZ", "X12FLOW", 123, 45, functional_id, version, WHEN)


def body(text: str) -> list[str]:
    """The segments between GS and GE."""
    lines = text.strip().split("~\n")
    return lines[2:-2]


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


ADDRESS = Address("1 MAIN ST", "AUSTIN", "TX", "78701")
PAYER = Payer("PLAN", "62308", ADDRESS, "PROVIDER SERVICES", "8005550199", "123456789")
PAYEE = Payee("CLINIC", "1234567893", ADDRESS, "741234567")


def remit(claims: tuple[ClaimPayment, ...], plb: tuple[ProviderAdjustment, ...] = ()) -> Remittance:
    return Remittance(PAYER, PAYEE, date(2026, 2, 1), "CHK1", claims, plb)


def read_back(text: str) -> tuple[list[ParsedClaim], list[RemittanceEnd], Findings]:
    findings = Findings("835")
    items = list(read_remittances(io.BytesIO(text.encode()), findings))
    return (
        [i for i in items if isinstance(i, ParsedClaim)],
        [i for i in items if isinstance(i, RemittanceEnd)],
        findings,
    )


def partial_claim() -> ClaimPayment:
    line = ServicePayment(
        ("HC", "99213"),
        Decimal("100"),
        (DAY, DAY),
        (Adjustment("CO", "45", Decimal("30")), Adjustment("PR", "2", Decimal("14"))),
        units="1",
        line_control="PCN-1-1",
        allowed=Decimal("70"),
    )
    denied = ServicePayment(
        ("HC", "80053"),
        Decimal("25"),
        (DAY, date(2025, 12, 2)),
        (Adjustment("CO", "50", Decimal("25")),),
        units="1",
        remarks=("N115",),
    )
    return ClaimPayment(
        "PCN-1",
        "1",
        Decimal("125"),
        "12",
        "ICN1",
        Person("DOE", "JANE", "M1"),
        (line, denied),
        facility_code="11",
        frequency="1",
    )


def test_835_golden_claim_with_lines_reversal_and_interest() -> None:
    claim = partial_claim()
    interest = ProviderAdjustment("1234567893", date(2026, 12, 31), "L6", Decimal("-1.25"), "ICN1")
    text = write_interchange(
        envelope("HP", "005010X221A1"),
        [remittance_body("0001", remit((claim, claim.reversed()), (interest,)))],
    )
    lines = body(text)
    assert lines[:3] == [
        "ST*835*0001",
        "BPR*C*1.25*C*CHK************20260201",
        "TRN*1*CHK1*1123456789",
    ]
    assert "CLP*PCN-1*1*125*56*14*12*ICN1*11*1" in lines
    assert "CLP*PCN-1*22*-125*-56*-14*12*ICN1*11*1" in lines
    assert lines.count("CAS*CO*45*30") == 1 and lines.count("CAS*CO*45*-30") == 1
    assert lines[lines.index("SVC*HC:80053*25*0**1") + 1 :][:3] == [
        "DTM*150*20251201",
        "DTM*151*20251202",
        "CAS*CO*50*25",
    ]
    assert lines[-2:] == ["PLB*1234567893*20261231*L6:ICN1*-1.25", f"SE*{len(lines)}*0001"]
    assert validate_x12_text(text, STALE_CODE_LISTS) == []
    parsed, ends, findings = read_back(text)
    assert [str(f) for f in findings] == []
    assert [c.paid for c in parsed] == [Decimal("56"), Decimal("-56")]
    assert ends[0].balance.payment_amount == Decimal("1.25")


def test_835_refuses_a_negative_payment() -> None:
    reversal = partial_claim().reversed()
    with pytest.raises(ValueError, match="BPR02 cannot be negative"):
        remittance_body("0001", remit((reversal,)))


def test_835_zero_payment_is_information_only() -> None:
    claim = partial_claim()
    text = write_interchange(
        envelope("HP", "005010X221A1"), [remittance_body("0001", remit((claim, claim.reversed())))]
    )
    assert "BPR*I*0*C*NON************20260201~" in text
    assert validate_x12_text(text, STALE_CODE_LISTS) == []


def test_cas_splits_after_six_reasons_and_groups_by_code() -> None:
    items = [Adjustment("PR", str(n), Decimal(n)) for n in range(1, 8)]
    items.insert(1, Adjustment("CO", "45", Decimal("9.5")))
    assert cas_segments(items) == [
        [
            "CAS",
            "PR",
            "1",
            "1",
            "",
            "2",
            "2",
            "",
            "3",
            "3",
            "",
            "4",
            "4",
            "",
            "5",
            "5",
            "",
            "6",
            "6",
            "",
        ],
        ["CAS", "PR", "7", "7", ""],
        ["CAS", "CO", "45", "9.5", ""],
    ]


cents = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2)
shares = st.decimals(min_value=Decimal(0), max_value=Decimal(1), places=2)


@st.composite
def adjudicated_lines(draw: st.DrawFn) -> ServicePayment:
    charge = draw(cents)
    co = (charge * draw(shares)).quantize(Decimal("0.01"))
    pr = ((charge - co) * draw(shares)).quantize(Decimal("0.01"))
    cas = [a for a in (Adjustment("CO", "45", co), Adjustment("PR", "2", pr)) if a.amount]
    return ServicePayment(("HC", "99213"), charge, (DAY, DAY), tuple(cas), units="1")


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.lists(adjudicated_lines(), min_size=1, max_size=4), min_size=1, max_size=4),
    st.lists(cents, max_size=3),
)
def test_any_835_from_the_models_balances(
    claims: list[list[ServicePayment]], interest: list[Decimal]
) -> None:
    payments = tuple(
        ClaimPayment(
            f"PCN-{n}",
            "1",
            sum((line.charge for line in lines), Decimal(0)),
            "12",
            f"ICN{n}",
            Person("DOE", "JANE", "M1"),
            tuple(lines),
        )
        for n, lines in enumerate(claims)
    )
    plb = tuple(
        ProviderAdjustment("1234567893", date(2026, 12, 31), "L6", -amount, "ICN0")
        for amount in interest
    )
    model = remit(payments, plb)
    text = write_interchange(envelope("HP", "005010X221A1"), [remittance_body("0001", model)])
    parsed, ends, findings = read_back(text)
    assert [f for f in findings if f.source == "BALANCE"] == []
    assert [c.paid for c in parsed] == [c.paid for c in payments]
    assert ends[0].balance.payment_amount == model.payment
