"""One misplaced or missing segment, one finding where it happened (issue 15).

Regressions: a REF after the DTM of the 835 header gave six findings, five of them on legal
segments; a claim's DTM arriving after its AMT was reported as a missing SVC (a service line
invented so that the date would fit); a 277CA provider status (loop 2200C) with a TRN and no STC
passed, though the guide requires an STC in every status loop that is used.
"""

from __future__ import annotations

import io

from edi.api import validate_file
from edi.x12.findings import Finding
from tests.conftest import PROFESSIONAL_HEADER, interchange, transaction_set

# A balanced 835: one claim, one service line. Position 1 is ST.
REMIT = [
    "BPR*I*120*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20261201",
    "TRN*1*EFT0001*1512345678",  # 3
    "DTM*405*20261130",  # 4
    "N1*PR*DEMO HEALTH PLAN",  # 5
    "N3*1 PAYER WAY",
    "N4*HARTFORD*CT*06101",
    "PER*BL*PROVIDER SERVICES*TE*8005550199",
    "N1*PE*DEMO CLINIC*XX*1234567893",  # 9
    "REF*TJ*123456789",
    "LX*1",  # 11
    "CLP*DEMO-0001*1*150*120*30*12*PAYERICN0001*11*1",  # 12
    "NM1*QC*1*DOE*JANE****MI*M123",
    "REF*1L*GROUP1",  # 14
    "DTM*050*20261115",  # 15
    "AMT*AU*150",  # 16
    "SVC*HC:99213*150*120**1",  # 17
    "DTM*472*20261101",
    "CAS*PR*2*30",
    "AMT*B6*150",
]


def remit(body: list[str]) -> bytes:
    return interchange(transaction_set("835", "0001", body), version="005010X221A1").encode()


def structural(found: list[Finding]) -> list[tuple[str, str, str | None, int | None]]:
    return [
        (f.source, f.code, f.location.segment_id, f.location.position)
        for f in found
        if f.source.startswith(("IK3", "IK4"))
    ]


def validate(data: bytes) -> list[Finding]:
    return validate_file(io.BytesIO(data), "test.x12")


def test_the_remittance_used_below_is_valid() -> None:
    assert [str(f) for f in validate(remit(REMIT))] == []


def test_a_header_ref_after_the_dtm_is_one_finding_at_the_ref() -> None:
    body = REMIT.copy()
    body.insert(3, "REF*EV*RECEIVER1")  # after DTM*405 (position 4): now position 5
    found = validate(remit(body))
    assert structural(found) == [("IK304", "7", "REF", 5)]
    assert [f for f in found if f.is_error and not f.source.startswith("IK3")] == []


def test_a_claim_date_after_its_amount_is_out_of_sequence_not_a_missing_service_line() -> None:
    body = REMIT.copy()
    body[13], body[14] = body[14], body[13]  # AMT*AU before DTM*050: the DTM at position 16
    found = validate(remit(body))
    assert structural(found) == [("IK304", "7", "DTM", 16)]
    assert found[0].location.loop == "2100"
    assert "SVC" not in found[0].message


# A 277CA: information source, receiver (with its batch status), billing provider.
CLAIM_ACK = [
    "BHT*0085*08*BATCH1*20261130*1200*TH",
    "HL*1**20*1",
    "NM1*PR*2*DEMO HEALTH PLAN*****PI*12345",
    "TRN*1*RECEIPT1",
    "DTP*050*D8*20261129",
    "DTP*009*D8*20261130",
    "HL*2*1*21*1",
    "NM1*41*2*DEMO CLINIC*****46*S1",
    "TRN*2*BATCH1",
    "STC*A1:20:PR*20261130*WQ*150",
    "HL*3*2*19*1",  # 12
    "NM1*85*2*DEMO CLINIC*****XX*1234567893",
    "TRN*1*PROVIDER1",  # 14
    "STC*A1:20:PR**WQ*150",  # 15
    "HL*4*3*PT",  # 16
    "NM1*QC*1*DOE*JANE****MI*M123",
]


def claim_ack(body: list[str]) -> bytes:
    return interchange(
        transaction_set("277", "0001", body, "005010X214"),
        functional_id="HN",
        version="005010X214",
    ).encode()


def test_the_claim_acknowledgment_used_below_is_valid() -> None:
    assert structural(validate(claim_ack(CLAIM_ACK))) == []


def test_a_provider_status_trace_without_its_status_is_a_missing_stc() -> None:
    """2200C: TRN (R), STC (R): a TRN alone is the STC missing, named where it belonged (at
    the segment after the TRN, position 15) and in the loop it is missing from."""
    found = validate(claim_ack([s for s in CLAIM_ACK if not s.startswith("STC*A1:20:PR**")]))
    assert structural(found) == [("IK304", "3", "STC", 15)]
    stc = next(f for f in found if f.source == "IK304")
    assert stc.location.loop == "2200C"


def test_an_information_source_trace_below_its_dates_is_one_finding_at_the_trace() -> None:
    """2200A: TRN*1, then its two required dates. A TRN moved below them was read as a TRN
    missing (a status loop assumed for the dates) and the real one as a second 2200A without
    dates (two more findings); told by its qualifier and the required dates, it is one segment
    out of sequence, where it stands (position 7)."""
    body = CLAIM_ACK.copy()
    body.insert(5, body.pop(3))  # TRN*1 after DTP*050 and DTP*009
    found = validate(claim_ack(body))
    assert structural(found) == [("IK304", "7", "TRN", 7)]
    assert found[0].location.loop == "2200A"


def test_a_receiver_level_between_the_source_dates_is_one_finding_at_it() -> None:
    """The HL*21 put between DTP*050 and DTP*009 closed the 2200A with one date (the other
    reported missing) and left the second date where no DTP may stand (a second finding): the
    grammar requires both dates, so the HL is the one segment out of place (position 6)."""
    body = CLAIM_ACK.copy()
    body.insert(4, body.pop(6))  # HL*2*1*21*1 between the dates
    found = validate(claim_ack(body))
    assert structural(found) == [("IK304", "7", "HL", 6)]


# A valid 837P: one claim of two service lines. Position 1 is ST.
CLAIMS = [
    *PROFESSIONAL_HEADER,
    "HL*2*1*22*0",
    "SBR*P*18*******CI",
    "NM1*IL*1*DOE*PAT****MI*M1",
    "NM1*PR*2*PAYER*****PI*P1",
    "CLM*C1*150***11:B:1*Y*A*Y*Y",
    "HI*ABK:R05*ABF:J069",
    "LX*1",  # 17
    "SV1*HC:99213*100*UN*1***1:2",
    "DTP*472*D8*20260101",
    "LX*2",  # 20
    "SV1*HC:87070*50*UN*1***1",
    "DTP*472*D8*20260101",
]


def claims(body: list[str]) -> bytes:
    return interchange(
        transaction_set("837", "0001", body, "005010X222A1"),
        functional_id="HC",
        version="005010X222A1",
    ).encode()


def test_the_claims_used_below_are_valid() -> None:
    assert structural(validate(claims(CLAIMS))) == []


def test_service_lines_numbered_out_of_order_are_one_finding_at_the_first() -> None:
    """LX*2 then LX*1: the first jumps ahead of the count (one finding); the number it jumped
    over, coming after it, is not reported a second time."""
    body = CLAIMS.copy()
    body[15], body[18] = "LX*2", "LX*1"
    found = validate(claims(body))
    assert structural(found) == [("IK403", "7", "LX", 17)]
    assert found[0].location.element == 1


def test_a_service_date_above_its_service_is_judged_by_structure_only() -> None:
    """The service's DTM*472 swapped above its SVC stands after the claim's AMT: recovery
    reports it out of sequence (position 17) and keeps it among the claim's dates. That its
    qualifier is no claim date is the same problem: the element check does not judge a
    segment recovery displaced by the loop it was put in (no IK403 7 at DTM01)."""
    body = [*REMIT[:15], REMIT[16], REMIT[15], *REMIT[17:]]
    found = validate(remit(body))
    assert structural(found) == [("IK304", "7", "DTM", 17)]
