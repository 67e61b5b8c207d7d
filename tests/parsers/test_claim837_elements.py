"""837 element checks (IK4): each kind of bad value is reported at its element, with the 999
code, and the values of names, ids and dates are never quoted."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from edi.cli import main
from edi.x12.elementcheck import check_segment
from edi.x12.elementdefs import guide_elements
from edi.x12.findings import Finding
from edi.x12.segment import Segment
from tests.parsers.test_claim837_grammar import (
    CLAIM,
    HEADER,
    INSTITUTIONAL,
    SUBSCRIBER,
    institutional,
    professional,
    validate,
)


def element_findings(
    findings: list[Finding],
) -> list[tuple[str, str | None, str | None, int | None, int | None]]:
    """(code, segment ID, loop, element, component) of the IK403 findings."""
    return sorted(
        (
            f.code,
            f.location.segment_id,
            f.location.loop,
            f.location.element,
            f.location.component,
        )
        for f in findings
        if f.source == "IK403"
    )


def replaced(lines: list[str], old: str, new: str) -> list[str]:
    """``lines`` with the first ``old`` replaced by ``new``."""
    at = lines.index(old)
    return [*lines[:at], new, *lines[at + 1 :]]


def test_a_clean_claim_has_no_element_findings() -> None:
    assert element_findings(validate(professional(HEADER + SUBSCRIBER + CLAIM))) == []
    assert element_findings(validate(institutional(HEADER + SUBSCRIBER + INSTITUTIONAL))) == []


@pytest.mark.parametrize(
    "old, new, expected",
    [
        # 7: a code the element does not take
        (
            "NM1*85*2*CLINIC*****XX*1234567893",
            "NM1*85*7*CLINIC*****XX*1234567893",
            ("7", "NM1", "2010AA", 2, None),
        ),
        # 6: not a number
        (
            "CLM*C1*150***11:B:1*Y*A*Y*Y",
            "CLM*C1*1X0***11:B:1*Y*A*Y*Y",
            ("6", "CLM", "2300", 2, None),
        ),
        # 1: a required component missing
        ("CLM*C1*150***11:B:1*Y*A*Y*Y", "CLM*C1*150***11::1*Y*A*Y*Y", ("1", "CLM", "2300", 5, 2)),
        # 13: too many components
        (
            "SV1*HC:87070*50*UN*1***1",
            "SV1*HC:87070:::::::X*50*UN*1***1",
            ("13", "SV1", "2400", 1, None),
        ),
        # 8: not a date
        ("DTP*472*D8*20260101", "DTP*472*D8*20261301", ("8", "DTP", "2400", 3, None)),
        # 9: not a time
        (
            "BHT*0019*00*B1*20260101*1200*CH",
            "BHT*0019*00*B1*20260101*2561*CH",
            ("9", "BHT", None, 5, None),
        ),
        # 5: too long
        (
            "NM1*41*2*SUBMITTER*****46*S1",
            "NM1*41*2*" + "S" * 61 + "*****46*S1",
            ("5", "NM1", "1000A", 3, None),
        ),
        # 3: more elements than the segment has
        ("REF*D9*X1", "REF*D9*X1***EXTRA", ("3", "REF", "2300", 5, None)),
        # 1: a required element missing (reported once, not again as a broken pair)
        ("PER*IC*DESK*TE*5555550100", "PER*IC*DESK*TE", ("1", "PER", "1000A", 4, None)),
        # 2: a pair broken (PER05/PER06 go together)
        (
            "PER*IC*DESK*TE*5555550100",
            "PER*IC*DESK*TE*5555550100*EX",
            ("2", "PER", "1000A", 6, None),
        ),
        # I10: an element the guide does not use (SBR08 in 5010)
        ("SBR*P*18*******CI", "SBR*P*18******05*CI", ("I10", "SBR", "2000B", 8, None)),
        # 8: a date range that is not one
        ("DTP*472*D8*20260101", "DTP*472*RD8*20260101", ("8", "DTP", "2400", 3, None)),
    ],
)
def test_each_kind_of_bad_value_is_reported_at_its_element(
    old: str, new: str, expected: tuple[str, str, str | None, int, int | None]
) -> None:
    body = replaced(HEADER + SUBSCRIBER + CLAIM, old, new)
    assert element_findings(validate(professional(body))) == [expected]


def test_the_institutional_guide_has_its_own_rules() -> None:
    # CLM06 is not used in the 837I; the billing provider's ZIP must have nine digits there
    body = replaced(HEADER + SUBSCRIBER + INSTITUTIONAL, "N4*TOWN*TX*750011234", "N4*TOWN*TX*75001")
    body = replaced(body, "CLM*I1*300***13:A:1**A*Y*Y", "CLM*I1*300***13:A:1*Y*A*Y*Y")
    assert element_findings(validate(institutional(body))) == [
        ("I10", "CLM", "2300", 6, None),
        ("I12", "N4", "2010AA", 3, None),
    ]


def test_personal_values_are_not_quoted_and_codes_are() -> None:
    name = "ZZTOPLONGNAME" * 5
    body = replaced(
        HEADER + SUBSCRIBER + CLAIM, "NM1*IL*1*DOE*PAT****MI*M1", f"NM1*IL*1*{name}*PAT****MI*M1"
    )
    body = replaced(body, "DTP*472*D8*20260101", "DTP*472*D8*20261399")
    body = replaced(body, "NM1*85*2*CLINIC*****XX*1234567893", "NM1*85*7*CLINIC*****XX*1234567893")
    findings = [f for f in validate(professional(body)) if f.source == "IK403"]
    messages = " ".join(f.message for f in findings)
    assert len(findings) == 3
    assert name not in messages and "20261399" not in messages
    assert "NM102 '7'" in messages


def test_a_qualifier_no_variant_takes_is_an_invalid_code() -> None:
    seg = Segment(["REF", "ZZ", "123456789"], ordinal=9)
    seg.loop = "2010AA"
    ((code, element, component, message),) = check_segment(seg, guide_elements("837P"))
    assert (code, element, component) == ("7", 1, None)
    assert message.startswith("REF01 'ZZ' is not one of the codes") and "EI" in message


def test_segments_at_places_the_guide_does_not_know_are_left_alone() -> None:
    seg = Segment(["ZZZ", "1"], ordinal=9)
    seg.loop = "2300"
    assert check_segment(seg, guide_elements("837P")) == []


def test_the_guides_definitions_are_read_from_pyx12_maps() -> None:
    guide = guide_elements("837P")
    (clm,) = guide.variants("2300", "CLM")
    assert clm.elements[1] is not None and clm.elements[1].data_type == "R"
    refs = guide.variants("2300", "REF")
    assert len(refs) > 10 and all(r.key is not None for r in refs)
    (bht,) = guide.variants(None, "BHT")
    assert bht.elements[0] is not None and bht.elements[0].codes == frozenset({"0019"})
    assert guide.variants("2300", "ISA") == ()


PATIENT = [
    "HL*3*2*23*0",
    "PAT*19",
    "NM1*QC*1*DOE*KID",
    "N3*1 MAIN ST",
    "N4*TOWN*TX*75001",
    "DMG*D8*20100101*F",
]


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("HL*2*1*22*0", "HL*3*1*22*0", ("7", "HL", "2000B", 1, None)),
        ("HL*2*1*22*0", "HL*2*5*22*0", ("7", "HL", "2000B", 2, None)),
        ("HL*2*1*22*0", "HL*2*1*22*1", ("7", "HL", "2000B", 4, None)),
        ("LX*2", "LX*3", ("7", "LX", "2400", 1, None)),
    ],
)
def test_hl_and_lx_numbers_must_match_the_structure(
    old: str, new: str, expected: tuple[str, str, str, int, None]
) -> None:
    body = replaced(HEADER + SUBSCRIBER + CLAIM, old, new)
    findings = validate(professional(body))
    assert element_findings(findings) == [expected]
    (finding,) = [f for f in findings if f.source == "IK403"]
    assert finding.message.startswith(new.split("*")[0] + f"{expected[3]:02d} is '")


def test_a_patient_level_under_its_subscriber_is_consistent() -> None:
    subscriber = replaced(SUBSCRIBER, "HL*2*1*22*0", "HL*2*1*22*1")
    subscriber = replaced(subscriber, "SBR*P*18*******CI", "SBR*P********CI")
    body = HEADER + subscriber + PATIENT + CLAIM
    assert validate(professional(body)) == []
    wrong = replaced(body, "HL*3*2*23*0", "HL*3*1*23*0")
    assert element_findings(validate(professional(wrong))) == [("7", "HL", "2000C", 2, None)]


def test_validate_exits_1_and_names_the_element(tmp_path: Path) -> None:
    body = replaced(HEADER + SUBSCRIBER + CLAIM, "DTP*472*D8*20260101", "DTP*472*D8*20261301")
    path = tmp_path / "claims.x12"
    path.write_bytes(professional(body))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    assert "claims.x12:segment 22 (DTP03, loop 2400): error IK403-8:" in result.output


def test_a_not_used_element_is_reported_even_with_a_valid_code() -> None:
    seg = Segment(["CRC", "09", "Y", "ZV", "38", "ZV"], ordinal=40)
    seg.loop = "2400"  # EPSDT referral: CRC05 is not used, though the map lists its codes
    assert [p[:3] for p in check_segment(seg, guide_elements("837P"))] == [("I10", 5, None)]
    seg.elements = ["CRC", "09", "Y", "ZV", "38"]
    assert check_segment(seg, guide_elements("837P")) == []
