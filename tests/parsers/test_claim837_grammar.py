"""837P and 837I grammars: they compile cleanly, read the corpus, and report structural errors."""

from __future__ import annotations

import io
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from lark import Lark, Token
from lark.lexer import Lexer

from edi.inbound.document import Document, write_document
from edi.x12.findings import Finding
from edi.x12.grammar import load_grammar
from edi.x12.grammar.engine import prepare
from edi.x12.occurs import OccurrenceTable, parse_limit
from parsers.claim837 import READER_837I, READER_837P
from tests.conftest import PROFESSIONAL_HEADER as HEADER
from tests.conftest import corpus_dir, corpus_files, interchange, transaction_set

PACKAGE = "parsers.claim837"
STEMS = ["professional", "institutional"]
_TERMINAL = re.compile(r"\b[A-Z][A-Z0-9_]*\b")

# Corpus files with genuine structural problems: (IK304 code, loop) of the findings that name
# them. (What else is reported after such a problem depends on the engine's recovery.)
KNOWN_PROBLEMS: dict[str, set[tuple[str, str | None]]] = {
    # each other payer's referring provider (2330C) without its required secondary REF
    "imsweb__x12-parser__x12_complex.txt": {("3", "2330C")},
    # the HI at segment 28 ends with empty elements (trailing separators)
    "imsweb__x12-parser__x12_writer_test.txt": {("8", "2300")},
    # 4010 leftover: DMG in 2320 (not used in 5010)
    "Inteligenz__X12Parser__Example1_2_And_3_Combined.txt": {("2", "2320")},
    "Inteligenz__X12Parser__Example3_COB.txt": {("2", "2320")},
    # de-identified sample without any HI in its five claims
    "Inteligenz__X12Parser__MedicaidExample.txt": {("3", "2300")},
    # AMT*F5 after HI, 2310C before 2310B: out of the guide's order
    "Inteligenz__X12Parser__ProfessionalClaim1.txt": {("7", "2300"), ("7", "2310B")},
    # composites written with '>' while ISA16 says ':' (HI01-1 reads as "BK>..." )
    "LinuxForHealth__x12__demo.cob.2ndary.example4.837": {("2", "2300"), ("3", "2300")},
    "LinuxForHealth__x12__demo.example11.837": {("2", "2300"), ("3", "2300")},
    "LinuxForHealth__x12__demo.example12.837": {("2", "2300"), ("3", "2300")},
    "LinuxForHealth__x12__demo.example9.837": {("2", "2300"), ("3", "2300")},
    # 2320 without its required 2330B (other payer name)
    "LinuxForHealth__x12__demo.cob.example3.A.837": {("I7", "2320")},
    # two skeletal sets: HL*20 and HL*22 only, no 1000A/1000B/2010AA
    "xlate__staedi__sample837-small.edi": {("I7", "2000A"), ("I7", None)},
    # claim-model test input: REF/PWK before DTP, DMG in 2320, NTE and NM1 after SVD
    "Inteligenz__X12Parser__InstitutionalClaim5010.txt": {
        ("3", "2300"),
        ("2", "2320"),
        ("2", "2430"),
    },
    # ISA16 '^' equals the repetition separator; the HI composites use ':'
    "Inteligenz__X12Parser__Spec_3.1.1.txt": {("2", "2300"), ("3", "2300"), ("2", "2320")},
    # composites written with '>' while ISA16 says ':'
    "Inteligenz__X12Parser__Spec_3.1.3_PPORepricedClaim.txt": {
        ("2", "2300"),
        ("3", "2300"),
        ("2", "2320"),
    },
    "Inteligenz__X12Parser__Spec_3.1.4_OutOfNetworkRepricedClaim.txt": {
        ("2", "2300"),
        ("3", "2300"),
    },
    "LinuxForHealth__x12__out-of-network-repriced-claim.837i": {("2", "2300"), ("3", "2300")},
    "LinuxForHealth__x12__ppo-repriced-claim.837i": {("2", "2300"), ("3", "2300")},
}


def structural(findings: list[Finding]) -> list[tuple[str, str | None, int | None]]:
    """(code, loop, position in set) of the IK304 findings, in position order (occurrence
    checks report as loops close, the parser's findings come at the end of the set)."""
    found = [
        (f.code, f.location.loop, f.location.position) for f in findings if f.source == "IK304"
    ]
    return sorted(found, key=lambda x: (x[2] or 0, x[0]))


def validate(data: bytes, name: str = "claims.x12") -> list[Finding]:
    return Document(io.BytesIO(data), name=name).validate()


def parse_sets(data: bytes) -> list[dict[str, Any]]:
    out = io.StringIO()
    write_document(Document(io.BytesIO(data), name="claims.x12"), out.write)
    doc = json.loads(out.getvalue())
    return [ts for ic in doc["interchanges"] for g in ic["groups"] for ts in g["transaction_sets"]]


# -- grammars ---------------------------------------------------------------------------------
class _Tokens(Lexer):
    """Segments arrive tokenized; the grammar is compiled only (and a custom lexer keeps lark's
    strict mode from checking terminal regexps, which %declare'd terminals have none of)."""

    def __init__(self, conf: Any) -> None:
        pass

    def lex(self, data: Any) -> Any:
        return iter([Token("ST", "")])


def grammar_text(stem: str) -> str:
    return resources.files(PACKAGE).joinpath(f"{stem}.lark").read_text("utf-8")


@pytest.mark.parametrize("stem", STEMS)
def test_grammar_is_lalr_without_conflicts(stem: str) -> None:
    text = grammar_text(stem)
    terminals = sorted(set(_TERMINAL.findall(re.sub(r"//[^\n]*", "", text))))
    # strict: a shift/reduce conflict raises instead of being resolved silently as a shift
    Lark(
        prepare(text, terminals),
        parser="lalr",
        lexer=_Tokens,
        start="transaction",
        strict=True,
    )
    assert load_grammar(PACKAGE, stem).terminals >= {"ST", "SE", "CLM", "LX", "HL_20"}


@pytest.mark.parametrize("stem", STEMS)
def test_every_refined_terminal_can_be_produced(stem: str) -> None:
    g = load_grammar(PACKAGE, stem)
    for terminal in g.terminals:
        seg_id, _, value = terminal.partition("_")
        if value:
            assert seg_id in g.refinements, terminal
            assert terminal in g.refinements[seg_id].tokens.values(), terminal


@pytest.mark.parametrize("stem", STEMS)
def test_occurrence_table_names_real_loops_and_tokens(stem: str) -> None:
    g = load_grammar(PACKAGE, stem)
    table = OccurrenceTable.load(PACKAGE, stem, g)
    loops = set(table.triggers) | {"transaction"}
    assert len(table.triggers) >= 35
    for loop, limits in table.limits.items():
        assert loop in loops, loop
        for limit in limits:
            for member in limit.members:
                assert (member in loops) if limit.is_loop else (member in g.terminals), member


def test_guide_loops_are_all_covered() -> None:
    p = OccurrenceTable.load(PACKAGE, "professional", READER_837P.grammar).triggers
    i = OccurrenceTable.load(PACKAGE, "institutional", READER_837I.grammar).triggers
    common = {
        "1000A",
        "1000B",
        "2000A",
        "2010AA",
        "2010AB",
        "2010AC",
        "2000B",
        "2010BA",
        "2010BB",
        "2000C",
        "2010CA",
        "2300",
        "2320",
        "2330A",
        "2330B",
        "2400",
        "2410",
        "2430",
    }
    assert set(p) == common | {f"2310{c}" for c in "ABCDEF"} | {f"2330{c}" for c in "CDEFG"} | {
        f"2420{c}" for c in "ABCDEFGH"
    } | {"2440"}
    assert set(i) == common | {f"2310{c}" for c in "ABCDEF"} | {f"2330{c}" for c in "CDEFGHI"} | {
        f"2420{c}" for c in "ABCD"
    }
    assert (p["2310A"], p["2420F"], i["2310A"], i["2330I"]) == (
        "NM1_DN",
        "NM1_DN",
        "NM1_71",
        "NM1_85",
    )


def test_limit_syntax() -> None:
    assert parse_limit("2400", "1..50").high == 50
    assert parse_limit("REF_EI REF_SY", "0..n").members == ("REF_EI", "REF_SY")
    with pytest.raises(ValueError):
        parse_limit("2400", "1-50")


# -- inline transactions ----------------------------------------------------------------------
SUBSCRIBER = [
    "HL*2*1*22*0",
    "SBR*P*18*******CI",
    "NM1*IL*1*DOE*PAT****MI*M1",
    "NM1*PR*2*PAYER*****PI*P1",
]
CLAIM = [
    "CLM*C1*150***11:B:1*Y*A*Y*Y",
    "REF*D9*X1",
    "HI*ABK:R05*ABF:J069",
    "LX*1",
    "SV1*HC:99213*100*UN*1***1:2",
    "DTP*472*D8*20260101",
    "LX*2",
    "SV1*HC:87070*50*UN*1***1",
    "DTP*472*D8*20260101",
]
INSTITUTIONAL = [
    "CLM*I1*300***13:A:1**A*Y*Y",
    "DTP*434*RD8*20260101-20260102",
    "CL1*1*7*01",
    "HI*ABK:R05",
    "HI*BE:01:::10",
    "HI*ABF:J069",
    "LX*1",
    "SV2*0450*HC:99283*300*UN*1",
]


def professional(body: list[str]) -> bytes:
    text = interchange(
        transaction_set("837", "0001", body, "005010X222A1"),
        functional_id="HC",
        version="005010X222A1",
    )
    return text.encode()


def institutional(body: list[str]) -> bytes:
    text = interchange(
        transaction_set("837", "0001", body, "005010X223A2"),
        functional_id="HC",
        version="005010X223A2",
    )
    return text.encode()


def test_a_clean_professional_claim_has_no_findings_and_counts() -> None:
    data = professional(HEADER + SUBSCRIBER + CLAIM)
    assert validate(data) == []
    (ts,) = parse_sets(data)
    assert ts["transaction"] == "837P"
    assert ts["counts"] == {
        "billing_providers": 1,
        "subscribers": 1,
        "patients": 0,
        "claims": 1,
        "lines": 2,
        "total_charges": "150",
    }
    assert ts["submitter"] == {
        "name": "SUBMITTER",
        "id": "S1",
        "contact_name": "DESK",
        "phone": "5555550100",
    }
    assert ts["receiver"] == {"name": "RECEIVER", "id": "R1"}
    assert [claim["patient_control_number"] for claim in ts["claims"]] == ["C1"]


def test_a_clean_institutional_claim_reads_its_hi_families() -> None:
    data = institutional(HEADER + SUBSCRIBER + INSTITUTIONAL)
    assert validate(data) == []
    (ts,) = parse_sets(data)
    (claim,) = ts["claims"]
    assert claim["principal_diagnosis"] == {"code": "R05"}
    assert claim["value_codes"] == [{"code": "01", "amount": "10"}]
    assert claim["other_diagnoses"] == [{"code": "J069"}]


def test_qualified_segments_of_one_position_come_in_any_order() -> None:
    mixed = [*CLAIM[:1], "REF*G1*AUTH", "REF*D9*X1", "REF*F8*ORIG", "DTP*431*D8*20251230"]
    findings = validate(professional(HEADER + SUBSCRIBER + mixed + CLAIM[2:]))
    # the REFs share a position, in any order; the DTP belongs before them
    assert ("2300", 19) in [x[1:] for x in structural(findings)]
    ordered = [*CLAIM[:1], "DTP*431*D8*20251230", "REF*G1*AUTH", "REF*D9*X1", "REF*F8*ORIG"]
    assert validate(professional(HEADER + SUBSCRIBER + ordered + CLAIM[2:])) == []


def test_required_segments_out_of_order_are_swapped() -> None:
    facility = ["NM1*77*2*FACILITY*****XX*1234567893", "N4*TOWN*TX*75001", "N3*2 MAIN ST"]
    claim = CLAIM[:3] + facility + CLAIM[3:]
    findings = validate(professional(HEADER + SUBSCRIBER + claim))
    assert structural(findings) == [("7", "2310C", 19)]


def test_a_loop_out_of_order_is_reported_and_left_out_not_taken_for_a_new_claim() -> None:
    facility = ["NM1*77*2*FACILITY*****XX*1234567893", "N3*2 MAIN ST", "N4*TOWN*TX*75001"]
    rendering = ["NM1*82*1*DOC*JANE****XX*1234567893", "PRV*PE*PXC*207Q00000X"]
    claim = CLAIM[:3] + facility + rendering + CLAIM[3:]
    data = professional(HEADER + SUBSCRIBER + claim)
    findings = validate(data)
    assert structural(findings) == [("7", "2310B", 21)]
    (message,) = [f.message for f in findings if f.source == "IK304"]
    assert "loop opened by NM1 at segment" in message and "left out" in message
    (ts,) = parse_sets(data)
    (parsed,) = ts["claims"]
    assert parsed["service_facility"]["name"] == "FACILITY"
    assert "rendering_provider" not in parsed and len(parsed["service_lines"]) == 2
    in_order = CLAIM[:3] + rendering + facility + CLAIM[3:]
    assert validate(professional(HEADER + SUBSCRIBER + in_order)) == []


def test_occurrence_limits_are_reported_with_their_codes() -> None:
    body = [*HEADER, "REF*SY*987654321", "PER*IC*A*TE*1", "PER*IC*B*TE*2", "PER*IC*C*TE*3"]
    claim = [CLAIM[0], "REF*D9*X1", "REF*D9*X2", *CLAIM[3:]]  # no HI, REF*D9 twice
    findings = validate(professional(body + SUBSCRIBER + claim))
    assert sorted(structural(findings), key=str) == sorted(
        [
            ("5", "2010AA", 11),  # REF*EI and REF*SY: one tax id only
            ("5", "2010AA", 14),  # a third PER
            ("5", "2300", 21),  # the second REF*D9
            ("3", "2300", 22),  # HI*ABK missing, where it belonged: after the REFs
        ],
        key=str,
    )
    codes = {f.code: f for f in findings}
    assert codes["3"].details == {"subject": "HI*ABK"}
    assert "patient" not in codes["3"].message.lower()


def test_loop_limits_missing_and_repeated() -> None:
    no_payer = SUBSCRIBER[:3]
    findings = validate(professional(HEADER + no_payer + CLAIM[:3]))
    assert sorted(structural(findings), key=str) == sorted(
        [
            ("I7", "2000B", 14),  # 2010BB missing, where it belonged: before the CLM
            ("I7", "2300", 16),  # 2400 missing, at the claim's last segment
        ],
        key=str,
    )
    lines = [
        x
        for n in range(1, 52)
        for x in (f"LX*{n}", "SV1*HC:99213*1*UN*1***1", "DTP*472*D8*20260101")
    ]
    findings = validate(professional(HEADER + SUBSCRIBER + CLAIM[:3] + lines))
    assert structural(findings) == [("4", "2400", 18 + 50 * 3)]


# -- the corpus -------------------------------------------------------------------------------
@pytest.mark.parametrize("path", corpus_files("837P") + corpus_files("837I"), ids=lambda p: p.name)
def test_corpus_file_reads_with_only_its_known_problems(path: Path) -> None:
    findings = Document(path).validate()
    problems = {(code, loop) for code, loop, _ in structural(findings)}
    known = KNOWN_PROBLEMS.get(path.name, set())
    assert problems >= known if known else problems == set()
    assert all(f.location.segment_id for f in findings if f.source == "IK304")


def bad(name: str) -> list[tuple[str, str | None, int | None]]:
    return structural(Document(corpus_dir() / "bad" / name).validate())


def test_bad_segment_errors() -> None:
    assert bad("imsweb__x12-parser__x12_segment_errors.txt") == [
        ("3", "2010AA", 8),  # N3 missing (found at the N4)
        ("5", "2010AA", 10),  # REF*EI a second time
        ("3", "2300", 20),  # HI missing (where it belonged, not at the CLM)
    ]


def test_bad_segments_out_of_order() -> None:
    assert bad("imsweb__x12-parser__x12_segments_out_of_order.txt") == [
        ("7", "2010AA", 9),  # REF between N3 and N4
        ("7", "2010AB", 14),  # N4 before N3
    ]


@pytest.mark.parametrize(
    "name, position",
    [
        ("imsweb__x12-parser__x12_loop_errors1_exceeds_max_1_parent.txt", 13),
        ("imsweb__x12-parser__x12_loop_errors2_exceeds_max_repeats_multiple_parents.txt", 32),
    ],
)
def test_bad_loop_repeated(name: str, position: int) -> None:
    assert bad(name) == [("4", "2010AA", position)]


def test_bad_loop_missing() -> None:
    # the 2010AA is missing: reported where it belonged, at the segment after the HL
    assert bad("imsweb__x12-parser__x12_loop_errors3_missing_loops.txt") == [("I7", "2000A", 7)]


def test_bad_service_lines_missing() -> None:
    # claims 2 and 5 have an SV1 but no LX: the 2400 starts without its LX
    assert bad("imsweb__x12-parser__x12_missing_required_loops_mult_repeats.txt") == [
        ("3", "2400", 31),
        ("3", "2400", 57),
    ]


def test_bad_segment_identifiers() -> None:
    assert bad("imsweb__x12-parser__x12_bad_segment_identifier.txt") == [
        ("1", "1000A", 4),  # a segment without an ID
        ("3", "1000A", 5),  # so PER is missing in 1000A
        ("1", "2010AA", 9),  # Nd4
        ("3", "2010AA", 10),  # so N4 is missing
        ("1", "2000B", 18),  # NM31
        ("I7", "2000B", 19),  # so 2010BA is missing: reported where it belonged
    ]


def test_bad_valid_code() -> None:
    assert bad("imsweb__x12-parser__x12_bad_valid_code.txt")[0] == ("2", "2000A", 7)


def test_bad_header_without_hierarchy() -> None:
    findings = [
        f
        for f in Document(
            corpus_dir() / "bad" / "xlate__staedi__837-header-ref-only.edi"
        ).validate()
        if f.source == "IK304"
    ]
    assert sorted((f.code, str(f.details)) for f in findings) == [
        ("2", "None"),
        ("I7", "{'subject': '1000A'}"),
        ("I7", "{'subject': '1000B'}"),
        ("I7", "{'subject': '2000A'}"),
    ]
    assert any("HL*20" in f.message for f in findings if f.code == "I7")
