"""835 balancing findings: exactly on amounts that do not balance, with the amounts in details."""

from __future__ import annotations

import io
from decimal import Decimal

from edi.inbound.document import Document
from edi.x12.findings import Finding
from tests.conftest import interchange, transaction_set

HEAD = [
    "BPR*I*{bpr}*C*CHK************20261206",
    "TRN*1*CHK1*1512345678",
    "N1*PR*ACME HEALTH PLAN*XV*ACME01",
    "N3*1 MAIN ST",
    "N4*HARTFORD*CT*06101",
    "PER*BL*EDI*TE*8005550100",
    "N1*PE*GOOD DOCTORS*XX*1234567893",
    "LX*1",
]


def findings_for(body: list[str], bpr: str) -> list[Finding]:
    head = [s.replace("{bpr}", bpr) for s in HEAD]
    text = interchange(transaction_set("835", "0001", [*head, *body]))
    doc = Document(io.BytesIO(text.encode()), "balance.x12")
    doc.validate()
    return list(doc.findings)


def claim(clp: str, *rest: str) -> list[str]:
    """CLP, its claim-level CAS (the leading CAS of ``rest``), the patient, then the rest."""
    lead = 0
    while lead < len(rest) and rest[lead].startswith("CAS"):
        lead += 1
    return [clp, *rest[:lead], "NM1*QC*1*SECRETNAME*SECRETFIRST****MI*SECRETMEMBER", *rest[lead:]]


def test_balanced_remittance_has_no_findings() -> None:
    body = claim(
        "CLP*A1*1*100.00*70.00*10.00*12*ICN1",
        "SVC*HC:99213*100.00*70.00**1",
        "CAS*CO*45*20.00*1*B*0*0",
        "CAS*PR*2*10.00",
    )
    assert findings_for(body, "70.00") == []


def test_service_line_that_does_not_balance() -> None:
    body = claim(
        "CLP*A1*1*100.00*70.00**12*ICN1",
        "CAS*CO*45*10.00",  # claim level: 100 - 10 - 25 = 65, not 70
        "SVC*HC:99213*100.00*70.00**1",
        "CAS*CO*45*25.00",
    )
    found = findings_for(body, "70.00")
    assert [(f.source, f.code) for f in found] == [
        ("BALANCE", "service-line"),
        ("BALANCE", "claim"),
    ]
    line, whole = found
    assert line.details == {
        "charge": Decimal("100.00"),
        "adjustments": Decimal("25.00"),
        "expected_paid": Decimal("75.00"),
        "paid": Decimal("70.00"),
        "difference": Decimal("-5.00"),
    }
    assert (line.location.segment_id, line.location.loop, line.location.position) == (
        "SVC",
        "2110",
        13,
    )
    assert whole.details == {
        "charge": Decimal("100.00"),
        "claim_adjustments": Decimal("10.00"),
        "line_adjustments": Decimal("25.00"),
        "expected_paid": Decimal("65.00"),
        "paid": Decimal("70.00"),
        "difference": Decimal("5.00"),
    }
    assert (whole.location.segment_id, whole.location.loop) == ("CLP", "2100")
    assert "A1" in whole.message
    for finding in found:
        assert finding.is_error
        assert "SECRET" not in finding.message


def test_claim_without_lines_or_claim_cas_is_not_balanced() -> None:
    # Nothing to balance against (reference §3.2): CLP03 100 and CLP04 80 are not an error.
    body = claim("CLP*A1*1*100.00*80.00**12*ICN1")
    assert findings_for(body, "80.00") == []


def test_claim_with_claim_cas_only_is_checked() -> None:
    body = claim("CLP*A1*4*100.00*0**12*ICN1", "CAS*CO*50*90.00")
    found = findings_for(body, "0")
    # paid 0 against 100 - 90 = 10 expected: the difference is paid - expected.
    assert [(f.code, f.details and f.details["difference"]) for f in found] == [
        ("claim", Decimal("-10.00"))
    ]
    assert findings_for(claim("CLP*A1*4*100.00*0**12*ICN1", "CAS*CO*50*100.00"), "0") == []


def test_all_six_cas_triplets_count() -> None:
    cas = "CAS*CO*1*1.00**2*2.00**3*3.00**4*4.00**5*5.00**6*6.00"
    body = claim("CLP*A1*1*100.00*79.00**12*ICN1", "SVC*HC:99213*100.00*79.00**1", cas)
    assert findings_for(body, "79.00") == []


def test_transaction_does_not_balance_with_plb() -> None:
    body = [
        *claim("CLP*A1*1*100.00*100.00**12*ICN1"),
        "PLB*1234567893*20261231*L6*-5.00*WO:ICN9*20.00",
    ]
    assert findings_for(body, "85.00") == []  # 100 - (-5 + 20) = 85
    found = findings_for(body, "100.00")
    assert [(f.source, f.code) for f in found] == [("BALANCE", "transaction")]
    assert found[0].details == {
        "total_paid": Decimal("100.00"),
        "provider_adjustments": Decimal("15.00"),
        "expected_payment": Decimal("85.00"),
        "payment": Decimal("100.00"),
        "difference": Decimal("15.00"),
    }
    assert found[0].location.segment_id == "BPR"


def test_unreadable_amount_is_an_element_finding_not_a_balance_error() -> None:
    body = claim(
        "CLP*A1*1*1OO.00*100.00**12*ICN1", "SVC*HC:99213*100.00*100.00**1", "DTM*472*20261340"
    )
    found = findings_for(body, "100.00")
    assert [(f.source, f.code, f.location.segment_id, f.location.element) for f in found] == [
        ("IK403", "8", "DTM", 2),
        ("IK403", "6", "CLP", 3),
    ]
