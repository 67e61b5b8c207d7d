"""The one validation engine: each rule family on a small file that breaks it, with the exact
finding (source, code, segment, loop, element, component, repetition) it must give."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from edi.api import validate_file
from edi.x12.elementcheck import npi_valid
from edi.x12.findings import Finding, Findings
from parsers.era835 import iter_claims
from tests.conftest import PROFESSIONAL_HEADER, interchange, transaction_set
from tests.parsers.test_status277 import ca277

Key = tuple[str, str, str | None, str | None, int | None, int | None, int | None]

# A clean 835 (005010X221A1): header, payer 1000A with PER*BL, payee 1000B, one claim.
BPR = (
    "BPR*I*100.00*C*ACH*CCP*01*011000015*DA*123456789*1512345678**01*021000021*DA*555000111"
    "*20261208"
)
PAYER = ["N1*PR*ACME HEALTH PLAN*XV*ACME01", "N3*100 MAIN STREET", "N4*HARTFORD*CT*06101"]
TECH = "PER*BL*EDI SUPPORT*TE*8005550100"
PAYEE = "N1*PE*GENERAL HOSPITAL*XX*1234567893"
CLAIM = [
    "LX*1",
    "CLP*C1*1*100.00*100.00**MB*ICN1*11*1",
    "NM1*QC*1*PATIENT*ALPHA****MI*M1",
    "SVC*HC:99213*100.00*100.00**1",
    "DTM*472*20261101",
]


def remit(
    bpr: str = BPR,
    payer: list[str] | None = None,
    tech: list[str] | None = None,
    payee: str = PAYEE,
    claim: list[str] | None = None,
    header: list[str] | None = None,
) -> bytes:
    body = [
        bpr,
        "TRN*1*EFT1*1512345678",
        *(header or []),
        *(PAYER if payer is None else payer),
        *([TECH] if tech is None else tech),
        payee,
        *(CLAIM if claim is None else claim),
    ]
    return interchange(transaction_set("835", "0001", body)).encode()


def ack(body: list[str], kind: str = "999") -> bytes:
    version = "005010X231A1" if kind == "999" else "005010X230"
    text = interchange(
        transaction_set(kind, "0001", body, version), functional_id="FA", version=version
    )
    return text.encode()


def own(findings: list[Finding]) -> list[Key]:
    """The element (IK403) and occurrence (IK304) findings, as keys."""
    return [
        (
            f.source,
            f.code,
            f.location.segment_id,
            f.location.loop,
            f.location.element,
            f.location.component,
            f.location.repetition,
        )
        for f in findings
        if f.source in ("IK403", "IK304")
    ]


def check(data: bytes) -> list[Finding]:
    return validate_file(io.BytesIO(data), "test.x12")


def test_a_clean_835_has_no_element_or_occurrence_findings() -> None:
    assert own(check(remit())) == []


def test_bpr16_missing_is_required_missing_and_no_date_becomes_an_account() -> None:
    bpr = "BPR*I*100.00*C*CHK***********20261208"  # the date one element early: BPR15
    findings = check(remit(bpr=bpr))
    assert own(findings) == [("IK403", "1", "BPR", None, 16, None, None)]
    (finding,) = [f for f in findings if f.source == "IK403"]
    assert finding.message == "BPR16 (Check Issue or EFT Effective Date) is required"
    from edi.inbound.document import Document

    doc = Document(io.BytesIO(remit(bpr=bpr)), "test.x12")
    out = io.StringIO()
    from edi.inbound.document import write_document

    write_document(doc, out.write)
    assert "20261208" not in out.getvalue().split('"payment"')[1].split("}")[0]


def test_bpr04_payment_method_code_list() -> None:
    bpr = BPR.replace("*ACH*", "*XYZ*")
    findings = check(remit(bpr=bpr))
    assert own(findings) == [("IK403", "7", "BPR", None, 4, None, None)]
    assert findings[0].message.startswith("BPR04 'XYZ' is not a code this element takes here")


def test_svc01_composite_with_the_wrong_component_separator() -> None:
    claim = [*CLAIM[:3], "SVC*HC>99213*100.00*100.00**1", CLAIM[4]]
    findings = check(remit(claim=claim))
    # the whole of HC>99213 is read as the qualifier: too long for one, and no procedure code
    assert own(findings) == [
        ("IK403", "5", "SVC", "2110", 1, 1, None),
        ("IK403", "1", "SVC", "2110", 1, 2, None),
    ]
    assert [f.message for f in findings] == [
        "SVC01-01 (Product or Service ID Qualifier) is longer than 2 characters",
        "SVC01-02 (Adjudicated Procedure Code) is required",
    ]
    # the model holds no qualifier the payer did not send: the procedure is left empty, the
    # line's amounts are kept
    (claim,) = iter_claims(io.BytesIO(remit(claim=claim)))
    (service,) = claim.services
    assert (service.procedure.qualifier, service.procedure.code) == ("", None)
    assert (service.charge, service.paid) == (Decimal("100.00"), Decimal("100.00"))


def test_required_per_bl_and_n3_missing_from_1000a() -> None:
    findings = check(remit(payer=[PAYER[0], PAYER[2]], tech=[]))
    # each where it belonged: N3 before N4, PER*BL after it (N4 being the loop's last segment)
    assert own(findings) == [
        ("IK304", "3", "N4", "1000A", None, None, None),
        ("IK304", "3", "N4", "1000A", None, None, None),
    ]
    assert [f.location.segment for f in findings] == [7, 7]  # ISA GS ST BPR TRN N1 N4
    messages = [f.message for f in findings]
    assert messages == [
        "required segment N3 (Payer Address) is missing from loop 1000A",
        "required segment PER*BL (Payer Technical Contact Information) is missing from loop 1000A",
    ]


def test_more_ref_segments_than_the_loop_allows() -> None:
    refs = [f"REF*2U*PAYER{i}" for i in range(5)]  # 1000A additional payer ID: at most 4
    findings = check(remit(payer=[*PAYER, *refs]))
    assert own(findings) == [("IK304", "5", "REF", "1000A", None, None, None)]
    assert findings[0].location.segment == 13  # the fifth REF: ISA GS ST BPR TRN N1 N3 N4 REF…
    assert findings[0].message == (
        "segment REF (Additional Payer Identification) occurs more than 4 times in loop 1000A"
    )


def test_not_used_ts2_element_and_too_long_value() -> None:
    findings = check(remit(claim=["LX*1", "TS3*1234567893*11*20261231*1*100.00*5", *CLAIM[1:]]))
    assert own(findings) == [("IK403", "I10", "TS3", "2000", 6, None, None)]
    assert findings[0].message == "TS306 (Monetary Amount) is not used here"
    long_id = "CLP*" + "C" * 39 + "*1*100.00*100.00**MB*ICN1*11*1"
    findings = check(remit(claim=[CLAIM[0], long_id, *CLAIM[2:]]))
    assert own(findings) == [("IK403", "5", "CLP", "2100", 1, None, None)]


def test_npi_check_digit_in_every_transaction() -> None:
    assert npi_valid("1234567893") and not npi_valid("1234567890")
    findings = check(remit(payee="N1*PE*GENERAL HOSPITAL*XX*1234567890"))
    assert own(findings) == [("IK403", "I12", "N1", "1000B", 4, None, None)]
    assert "1234567890" not in findings[0].message
    assert findings[0].message.startswith("N104 (10 digits) is not a National Provider Identifier")


def test_state_code_only_where_the_country_is_us_or_canada() -> None:
    findings = check(remit(payer=[PAYER[0], PAYER[1], "N4*HARTFORD*QQ*06101"]))
    assert own(findings) == [("IK403", "7", "N4", "1000A", 2, None, None)]
    assert findings[0].message == "N402 (2 letters) is not a US state or Canadian province code"
    abroad = "N4*PARIS*QQ*75001*FR"
    assert own(check(remit(payer=[PAYER[0], PAYER[1], abroad]))) == []


def test_syntax_rule_paired_elements() -> None:
    bpr = BPR.replace("*01*011000015*", "*01**")
    findings = check(remit(bpr=bpr))  # BPR06 without BPR07 (P0607)
    assert own(findings) == [("IK403", "2", "BPR", None, 7, None, None)]
    assert findings[0].message == "BPR06, BPR07 go together: all or none (P0607)"


def test_too_many_elements_and_components() -> None:
    findings = check(remit(claim=["LX*1*2", *CLAIM[1:]]))
    assert own(findings) == [("IK403", "3", "LX", "2000", 2, None, None)]
    assert findings[0].message == "LX has more data elements than the guide's"
    claim = [*CLAIM[:3], "SVC*HC:99213:25:26:27:28:::X*100.00*100.00**1", CLAIM[4]]
    assert own(check(remit(claim=claim))) == [("IK403", "13", "SVC", "2110", 1, None, None)]


def test_invalid_character_and_date() -> None:
    claim = [*CLAIM[:4], "DTM*472*20261340"]
    findings = check(remit(claim=claim))
    assert own(findings) == [("IK403", "8", "DTM", "2110", 2, None, None)]
    findings = check(remit(header=["REF*EV*REC\x01EIVER"]))
    assert own(findings) == [("IK403", "6", "REF", None, 2, None, None)]


def test_999_ctx01_repetitions_are_split_and_each_checked() -> None:
    body = [
        "AK1*HC*1*005010X222A1",
        "AK2*837*0001*005010X222A1",
        "IK3*NM1*8*2010BA*8",
        "CTX*SITUATIONAL TRIGGER^BOGUS*CLM*20**5:3",
        "IK5*R*5",
        "AK9*R*1*1*0",
    ]
    findings = check(ack(body))
    assert own(findings) == [("IK403", "7", "CTX", "2100", 1, 1, 2)]
    from edi.api import read_acknowledgments

    (response,) = read_acknowledgments(io.BytesIO(ack(body)))
    contexts = response.set_responses[0].errors[0].contexts
    assert [c.name for c in contexts] == ["SITUATIONAL TRIGGER", "BOGUS"]


def test_999_ctx01_too_many_repetitions() -> None:
    eleven = "^".join(["SITUATIONAL TRIGGER"] * 11)
    body = [
        "AK1*HC*1*005010X222A1",
        "AK2*837*0001*005010X222A1",
        "IK3*NM1*8*2010BA*8",
        f"CTX*{eleven}*CLM*20",
        "IK5*R*5",
        "AK9*R*1*1*0",
    ]
    findings = check(ack(body))
    assert own(findings) == [("IK403", "12", "CTX", "2100", 1, None, 11)]


def test_997_uses_its_own_code_lists_from_the_overlay() -> None:
    body = ["AK1*HC*1", "AK2*837*0001", "AK3*NM1*8*2010BA*9", "AK5*R*5", "AK9*R*1*1*0"]
    findings = check(ack(body, "997"))
    assert own(findings) == [("IK403", "7", "AK3", "2100", 4, None, None)]


@pytest.mark.parametrize(
    ("stc", "expected"),
    [
        ("STC*ZZ:21*20261201*WQ*100", [("IK403", "7", "STC", "2200D", 1, 1, None)]),
        ("STC*A1:21:QQ*20261201*WQ*100", []),  # entity codes: an external list, not rejected
    ],
)
def test_277ca_status_category_codes(stc: str, expected: list[Key]) -> None:
    body = [
        "BHT*0085*08*B1*20261201*1200*TH",
        "HL*1**20*1",
        "NM1*PR*2*PAYER*****PI*P1",
        "TRN*1*T1",
        "DTP*050*D8*20261201",
        "DTP*009*D8*20261201",
        "HL*2*1*21*1",
        "NM1*41*2*SUBMITTER*****46*S1",
        "TRN*2*B1",
        "STC*A1:19:PR*20261201*WQ*100",
        "HL*3*2*19*1",
        "NM1*85*2*CLINIC*****XX*1234567893",
        "HL*4*3*PT",
        "NM1*QC*1*PATIENT*ALPHA****MI*M1",
        "TRN*2*C1",
        stc,
        "DTP*472*D8*20261101",
    ]
    text = interchange(
        transaction_set("277", "0001", body, "005010X214"),
        functional_id="HN",
        version="005010X214",
    )
    assert own(check(text.encode())) == expected


def test_ta1_elements_through_the_one_checker() -> None:
    from tests.conftest import isa

    text = "~\n".join([isa(), "TA1*000000001*261130*1200*Q*000", "IEA*0*000000001"]) + "~\n"
    findings = check(text.encode())
    assert own(findings) == [("IK403", "7", "TA1", None, 4, None, None)]


def test_999_business_unit_ctx_in_the_element_loop_is_one_wrong_qualifier() -> None:
    # CTX*CLM01 belongs to 2100 (IK3); after an IK4 it lands in 2110, whose element context
    # takes only SITUATIONAL TRIGGER: one IK403 7 at CTX01-01, not a finding per element
    body = [
        "AK1*HC*1*005010X222A1",
        "AK2*837*0001*005010X222A1",
        "IK3*NM1*8*2010BA*8",
        "IK4*2*66*7",
        "CTX*CLM01:123456789",
        "IK5*R*5",
        "AK9*R*1*1*0",
    ]
    findings = check(ack(body))
    assert own(findings) == [("IK403", "7", "CTX", "2110", 1, 1, None)]
    assert findings[0].message == (
        "CTX01-01 'CLM01' is not one of the codes this segment takes here (SITUATIONAL TRIGGER)"
    )


def test_835_claims_read_without_findings_are_the_same_models() -> None:
    # iter_claims without a Findings skips the element checks (nobody reads them): the models
    # are the same, and with a Findings the checks run
    claim = [*CLAIM[:4], "DTM*472*20261340"]
    data = remit(bpr=BPR.replace("*ACH*", "*XYZ*"), claim=claim)
    findings = Findings()
    checked = list(iter_claims(io.BytesIO(data), findings))
    assert list(iter_claims(io.BytesIO(data))) == checked
    assert own(list(findings)) == [
        ("IK403", "7", "BPR", None, 4, None, None),
        ("IK403", "8", "DTM", "2110", 2, None, None),
    ]


@pytest.mark.parametrize(
    ("dtp", "code", "message"),
    [
        (
            "DTP*472*D8*20261131",
            "8",
            "DTP03 is not a real date (8 digits found; a calendar date, CCYYMMDD expected)",
        ),
        (
            "DTP*472*RD8*20261101-2026110",
            "8",
            "DTP03 is not a real date range (16 digits and punctuation found; two calendar "
            "dates, CCYYMMDD-CCYYMMDD expected)",
        ),
    ],
)
def test_date_messages_say_what_was_found_and_expected(dtp: str, code: str, message: str) -> None:
    body = ["TRN*2*PCN-1", "STC*A1:21*20261201*WQ*10", dtp]
    findings = check(ca277(body))
    assert own(findings) == [("IK403", code, "DTP", "2200D", 3, None, None)]
    assert findings[0].message == message
    assert dtp.split("*")[3] not in message


def test_dt_element_message_names_the_form_not_the_value() -> None:
    claim = [*CLAIM[:4], "DTM*472*20261340"]
    findings = check(remit(claim=claim))
    assert own(findings) == [("IK403", "8", "DTM", "2110", 2, None, None)]
    assert findings[0].message == (
        "DTM02 (Service Date) is not a real date (8 digits found; a calendar date, CCYYMMDD "
        "expected)"
    )


def test_trailing_element_separators_are_one_finding_at_the_first_empty_element() -> None:
    claim = [*CLAIM[:3], "MOA***MA01***", *CLAIM[3:]]
    findings = check(remit(claim=claim))
    assert own(findings) == [("IK304", "8", "MOA", "2100", 4, None, None)]
    (finding,) = [f for f in findings if f.source == "IK304"]
    assert finding.message == (
        "MOA ends with 3 empty elements (after MOA03); X12 forbids trailing element "
        "separators: end the segment at its last element with data"
    )


COB_CLAIM = [
    "HL*2*1*22*0",
    "SBR*P*18*******CI",
    "NM1*IL*1*DOE*JOHN****MI*M123",
    "NM1*PR*2*FIRST PAYER*****PI*P1",
    "CLM*C1*100***11:B:1*Y*A*Y*Y",
    "HI*ABK:I10",
    "SBR*S*18*******CI",
    "OI***Y***Y",
    "NM1*IL*1*DOE*JANE****MI*M456",
    "NM1*PR*2*SECOND PAYER*****PI*P2",
    "NM1*DN*1",
    "REF*G2*12345",
    "LX*1",
    "SV1*HC:99213*100*UN*1***1",
    "DTP*472*D8*20261101",
]


def test_the_other_payers_referring_provider_needs_its_secondary_identifier() -> None:
    def professional(body: list[str]) -> bytes:
        text = transaction_set("837", "0001", [*PROFESSIONAL_HEADER, *body], "005010X222A1")
        return interchange(text, functional_id="HC", version="005010X222A1").encode()

    assert own(check(professional(COB_CLAIM))) == []
    without = [s for s in COB_CLAIM if not s.startswith("REF*G2")]
    findings = check(professional(without))
    assert own(findings) == [("IK304", "3", "NM1", "2330C", None, None, None)]
    (finding,) = [f for f in findings if f.source == "IK304"]
    assert finding.message == (
        "required segment REF*0B or REF*1G or REF*G2 is missing from loop 2330C"
    )
