"""The envelope: pairing, control numbers, counts and transaction kinds, as findings."""

from __future__ import annotations

import pytest

from edi.x12.envelope import TransactionSet, Walker, transaction_kind
from edi.x12.findings import Findings
from edi.x12.reader import read_segments
from tests.conftest import interchange, transaction_set

BODY = transaction_set("835", "0001", ["BPR*I*100.00*C*CHK", "TRN*1*12345*1512345678"])


def walk(text: str) -> tuple[list[object], Findings]:
    findings = Findings("t.x12")
    events: list[object] = []
    for event in Walker(read_segments(text.encode(), findings), findings):
        events.append(event)
        if isinstance(event, TransactionSet):
            segments = list(event.segments())
            assert segments[0].position == 1
    return events, findings


def codes(findings: Findings) -> list[str]:
    return [f"{f.source}-{f.code}" for f in findings if f.is_error]


def test_clean_interchange_has_no_findings() -> None:
    events, findings = walk(interchange(BODY))
    assert codes(findings) == []
    names = [type(e).__name__ for e in events]
    assert names == [
        "InterchangeStart",
        "GroupStart",
        "TransactionSet",
        "GroupEnd",
        "InterchangeEnd",
    ]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.replace("SE*4*0001", "SE*5*0001"), "IK502-4"),
        (lambda t: t.replace("SE*4*0001", "SE*4*0002"), "IK502-3"),
        (lambda t: t.replace("GE*1*1", "GE*2*1"), "AK905-5"),
        (lambda t: t.replace("GE*1*1", "GE*1*7"), "AK905-4"),
        (lambda t: t.replace("IEA*1*000000001", "IEA*1*000000009"), "TA105-001"),
        (lambda t: t.replace("IEA*1*000000001", "IEA*3*000000001"), "TA105-021"),
        (lambda t: t.replace("SE*4*0001~\n", ""), "IK502-2"),
        (lambda t: t.replace("GE*1*1~\n", ""), "AK905-3"),
        (lambda t: t.replace("IEA*1*000000001~\n", ""), "TA105-023"),
        (lambda t: t.replace("ST*835", "ST*270"), "IK502-1"),
        (lambda t: t.replace("005010X221A1", "004010X091A1"), "AK905-2"),
    ],
)
def test_envelope_errors_carry_999_and_ta1_codes(edit: object, expected: str) -> None:
    _, findings = walk(edit(interchange(BODY)))  # type: ignore[operator]
    assert expected in codes(findings)


def test_findings_name_the_segment_and_element() -> None:
    _, findings = walk(interchange(BODY).replace("SE*4*0001", "SE*9*0001"))
    finding = next(f for f in findings if f.code == "4")
    assert finding.location.segment == 6
    assert finding.location.segment_id == "SE"
    assert finding.location.element == 1
    assert finding.location.transaction == "0001"
    assert str(finding).startswith("t.x12:segment 6 (SE01)")


def test_several_groups_and_sets() -> None:
    body = BODY + transaction_set("835", "0002", ["BPR*I*5*C*CHK", "TRN*1*2*1512345678"])
    events, findings = walk(interchange(body))
    sets = [e for e in events if isinstance(e, TransactionSet)]
    assert [s.control_number for s in sets] == ["0001", "0002"]
    assert codes(findings) == []


def test_duplicate_st02_in_a_group() -> None:
    _, findings = walk(interchange(BODY + BODY))
    assert "IK502-23" in codes(findings)


@pytest.mark.parametrize(
    ("set_id", "version", "kind"),
    [
        ("835", "005010X221A1", "835"),
        ("837", "005010X222A1", "837P"),
        ("837", "005010X223A2", "837I"),
        ("999", "005010X231A1", "999"),
        ("277", "005010X214", "277"),
        ("997", "005010", "997"),
    ],
)
def test_transaction_kinds(set_id: str, version: str, kind: str) -> None:
    assert transaction_kind(set_id, version) == kind


def test_277ca_is_told_apart_by_x214() -> None:
    body = transaction_set("277", "0001", ["BHT*0085*08*1*20261130*1200*TH"], "005010X214")
    events, _ = walk(interchange(body, functional_id="HN", version="005010X214"))
    ts = next(e for e in events if isinstance(e, TransactionSet))
    assert (ts.transaction, ts.variant) == ("277", "277CA")
