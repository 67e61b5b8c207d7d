"""The grammar engine: tokens refined by qualifier, loop IDs, recovery, streaming."""

from __future__ import annotations

from typing import Any

from edi.x12.findings import Findings
from edi.x12.grammar import Grammar, Loop, LoopTransformer
from edi.x12.grammar.tree import place
from edi.x12.reader import read_segments

GRAMMAR = """
transaction: ST HDR loop_1000a loop_2000* SE
loop_1000a: NM1_85 N3 N4 REF*
loop_2000: LX loop_2100+
loop_2100: CLM (DTP | REF)* NM1_82?
"""
TABLE = {"refine": {"NM1": {"element": 1, "values": ["85", "82"]}}, "names": {"N3": "address"}}


def grammar() -> Grammar:
    return Grammar("test", GRAMMAR, TABLE)


def segments(*lines: str) -> list[Any]:
    segs = list(read_segments("~".join(lines).encode() + b"~"))
    for i, seg in enumerate(segs, 1):
        seg.position = i
    return segs


GOOD = [
    "ST*X*1",
    "HDR",
    "NM1*85*2*ACME",
    "N3*1 MAIN",
    "N4*TOWN*ST*12345",
    "LX*1",
    "CLM*A1*10",
    "REF*G1*X",
    "DTP*472*D8*20260101",
    "NM1*82*1*DOE",
    "CLM*A2*5",
    "SE*12*1",
]


def problems(findings: Findings) -> list[tuple[str, str | None, str | None]]:
    return [(f.code, f.location.segment_id, f.location.loop) for f in findings]


def test_loop_tree_has_the_guide_loop_ids() -> None:
    segs = segments(*GOOD)
    run = grammar().parse(segs)
    tree = run.result
    assert isinstance(tree, Loop) and run.complete
    assert [loop.id for loop in tree.loops()] == ["1000A", "2000"]
    claims = list(next(tree.loops("2000")).loops("2100"))
    assert len(claims) == 2
    assert [s.loop for s in segs] == [
        None,
        None,
        "1000A",
        "1000A",
        "1000A",
        "2000",
        "2100",
        "2100",
        "2100",
        "2100",
        "2100",
        None,
    ]
    assert segs[9].type == "NM1_82"


def test_unordered_qualified_group_accepts_any_order() -> None:
    lines = GOOD.copy()
    lines[7], lines[8] = lines[8], lines[7]
    findings = Findings()
    assert grammar().parse(segments(*lines), findings=findings).complete
    assert len(findings) == 0


def test_missing_required_segment_is_reported_and_parsing_goes_on() -> None:
    lines = [x for x in GOOD if not x.startswith("N3")]
    findings = Findings()
    run = grammar().parse(segments(*lines), findings=findings)
    assert run.complete
    assert problems(findings) == [("3", "N3", "1000A")]
    assert "N3 (address)" in next(iter(findings)).message


def test_out_of_order_pair_is_code_7() -> None:
    lines = GOOD.copy()
    lines[3], lines[4] = lines[4], lines[3]
    findings = Findings()
    grammar().parse(segments(*lines), findings=findings)
    assert problems(findings) == [("7", "N4", "1000A")]


def test_unknown_and_unexpected_segments_every_error_reported() -> None:
    lines = [*GOOD[:7], "ZZZ*1", "NM1*99*X", *GOOD[7:9], "HDR", *GOOD[9:]]
    findings = Findings()
    run = grammar().parse(segments(*lines), findings=findings)
    assert run.complete
    assert [(c, s) for c, s, _ in problems(findings)] == [("1", "ZZZ"), ("2", "NM1"), ("2", "HDR")]
    unexpected = [f for f in findings if f.code == "2"]
    assert unexpected[0].location.loop == "2100"
    assert unexpected[0].location.position == 9


def test_truncated_set_reports_what_is_missing() -> None:
    findings = Findings()
    run = grammar().parse(segments(*GOOD[:6]), findings=findings)
    assert not run.complete or findings.has_errors
    assert any(code == "3" and seg in ("LX", "CLM") for code, seg, _ in problems(findings))


class Claims(LoopTransformer):
    def __init__(self) -> None:
        super().__init__()
        self.emitted: list[Any] = []

    def loop_2100(self, children: list[Any]) -> None:
        place(children, "2100")
        self.emitted.append(children[0][1])


def test_transformer_emits_items_while_parsing() -> None:
    transformer = Claims()
    g = grammar()
    seen: list[str] = []
    for item in g.run(transformer).feed(segments(*GOOD)):
        seen.append(item)
    assert seen == ["A1", "A2"]
    # The same transformer serves the next parse.
    again = list(g.run(transformer).feed(segments(*GOOD)))
    assert again == ["A1", "A2"]


def test_a_late_segment_is_out_of_sequence_not_a_new_loop() -> None:
    """REF belongs before DTP-less NM1*82 in loop 2100; arriving after NM1*82 it is late (7), and
    no phantom claim is assumed to make it fit."""
    g = Grammar(
        "late",
        "transaction: ST loop_2100+ SE\nloop_2100: CLM REF? NM1_82?\n",
        {"refine": {"NM1": {"element": 1, "values": ["82"]}}},
    )
    findings = Findings()
    run = g.parse(
        segments("ST*X*1", "CLM*A1*10", "NM1*82*1*DOE", "REF*G1*X", "SE*5*1"), findings=findings
    )
    assert run.complete
    assert problems(findings) == [("7", "REF", "2100")]
    assert len(list(run.result.loops("2100"))) == 1
