"""The simulator end to end: identifiers, determinism, rules, record against our parsers, pyx12."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from edi.config import Config
from edi.inbound.document import Document, write_document
from edi.simulator import SimulationResult
from edi.simulator.reading import read_837
from parsers.era835 import ClaimPayment, RemittanceEnd
from tests.simulator.conftest import (
    QUIET,
    files,
    payments,
    pyx12_errors,
    rules,
    run,
    segments,
    transaction_sets,
    write_837,
)


@pytest.fixture(scope="module")
def small_837p(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight professional claims in three transaction sets."""
    return write_837(tmp_path_factory.mktemp("in"), "837p", 8, seed=11, per_set=3)


@pytest.fixture(scope="module")
def small_837i(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_837(tmp_path_factory.mktemp("in"), "837i", 5, seed=12, number=9)


def test_replies_echo_the_837_identifiers(small_837p: Path, tmp_path: Path) -> None:
    submitted = read_837(small_837p)
    group = submitted.groups[0]
    result = run([small_837p], tmp_path, **QUIET)
    [ack] = files(result, "999")
    [response] = transaction_sets(ack)
    assert (response["functional_id"], response["group_control_number"]) == (
        "HC",
        group.control_number,
    )
    assert [s["set_control_number"] for s in response["set_responses"]] == [
        ts.control_number for ts in group.sets
    ]
    [claim_ack] = files(result, "277CA")
    statuses = transaction_sets(claim_ack)
    batches = {
        level["trace"] for ts in statuses for level in ts["levels"] if level["level_code"] == "21"
    }
    assert batches == {ts.batch_id for ts in group.sets}
    icns = {
        c["patient_control_number"]: c["payer_claim_control_number"]
        for ts in statuses
        for c in ts["claims"]
    }
    assert sorted(icns) == sorted(c.claim_id for c in submitted.claims())
    paid = [
        p for path in files(result, "835") for p in payments(path) if isinstance(p, ClaimPayment)
    ]
    seen: set[str] = set()
    for clp in paid:  # the first payment and a reversal carry the 277CA's REF*1K in CLP07
        if clp.patient_control_number not in seen or clp.status_code == "22":
            assert clp.payer_claim_control_number == icns[clp.patient_control_number]
        seen.add(clp.patient_control_number)
    assert seen == set(icns)
    sent_lines = {line.line_control for c in submitted.claims() for line in c.lines}
    echoed = {s.line_control_number for p in paid for s in p.services}
    assert echoed == sent_lines


def test_835_parties_come_from_2010aa_and_2010bb(small_837p: Path, tmp_path: Path) -> None:
    claims = {c.claim_id: c for c in read_837(small_837p).claims()}
    result = run([small_837p], tmp_path, **QUIET)
    for path in files(result, "835"):
        payer_names = {s[2] for s in segments(path, "N1") if s[1] == "PR"}
        payee_npis = {s[4] for s in segments(path, "N1") if s[1] == "PE"}
        in_file = [claims[s[1]] for s in segments(path, "CLP")]
        assert payer_names == {c.payer.last for c in in_file}
        assert payee_npis == {c.billing.identifier for c in in_file}


def test_same_seed_same_bytes_other_seed_other_mix(
    small_837p: Path, small_837i: Path, tmp_path: Path
) -> None:
    inputs = [small_837p, small_837i]
    first = run(inputs, tmp_path / "a", seed=5)
    again = run(inputs, tmp_path / "b", seed=5)
    other = run(inputs, tmp_path / "c", seed=6)
    names = [p.name for p in first.files]
    assert names == [p.name for p in again.files]
    assert [p.read_bytes() for p in first.files] == [p.read_bytes() for p in again.files]
    assert first.record_path.read_bytes() == again.record_path.read_bytes()
    outcomes = {k: c.outcome for k, c in first.record.claims.items()}
    assert outcomes != {k: c.outcome for k, c in other.record.claims.items()}
    assert names != [p.name for p in other.files]


def test_a_rejected_set_gets_no_277ca_and_names_a_claim(small_837p: Path, tmp_path: Path) -> None:
    result = run([small_837p], tmp_path, ack999={"rejected": 1, "accepted_with_errors": 0})
    assert files(result, "277CA") == [] and files(result, "835") == []
    [ack] = files(result, "999")
    [response] = transaction_sets(ack)
    assert response["group_status"] == "R"
    named = set()
    for answer in response["set_responses"]:
        assert answer["status"] == "R"
        [error] = answer["errors"]
        assert error["loop"] in {"2300", "2400"} and error["element_errors"][0]["code"] == "7"
        named.add(error["patient_control_number"])
    assert {c.outcome for c in result.record.claims.values()} == {"rejected_999"}
    assert named == {k for k, c in result.record.claims.items() if c.ack999["named"]}
    assert pyx12_errors(ack) == []


def test_accepted_with_errors_still_reaches_the_payer(small_837p: Path, tmp_path: Path) -> None:
    result = run(
        [small_837p],
        tmp_path,
        ack999={"rejected": 0, "accepted_with_errors": 1},
        claim_ack={"rejected": 0},
    )
    [response] = transaction_sets(files(result, "999")[0])
    assert response["group_status"] == "E"
    assert {a["status"] for a in response["set_responses"]} == {"E"}
    assert len(files(result, "277CA")) == 1 and files(result, "835")


def test_claims_the_277ca_rejects_get_no_835(small_837p: Path, tmp_path: Path) -> None:
    line_reason = {"category": "A7", "status": "454", "line": True}
    result = run(
        [small_837p],
        tmp_path,
        ack999=QUIET["ack999"],
        claim_ack={"rejected": 1, "reasons": [line_reason]},
    )
    assert files(result, "835") == []
    statuses = transaction_sets(files(result, "277CA")[0])
    claims = [c for ts in statuses for c in ts["claims"]]
    assert len(claims) == 8 and not any(c["accepted"] for c in claims)
    for claim in claims:
        [line] = claim["lines"]
        assert line["statuses"][0]["category"] == "A7" and line["line_item_control_number"]
    assert pyx12_errors(files(result, "277CA")[0]) == []


def test_rules_change_the_mix(small_837p: Path, tmp_path: Path) -> None:
    denied = run(
        [small_837p],
        tmp_path / "d",
        **QUIET,
        remittance={
            "paid_in_full": 0,
            "partially_paid": 0,
            "denied": 1,
            "denials": [{"carc": "197", "rarc": "M62"}],
        },
    )
    paid = [
        p for path in files(denied, "835") for p in payments(path) if isinstance(p, ClaimPayment)
    ]
    assert {p.status_code for p in paid} == {"4"} and {p.paid for p in paid} == {Decimal(0)}
    assert {a.reason for p in paid for s in p.services for a in s.adjustments} == {"197"}
    assert {r.code for p in paid for s in p.services for r in s.remarks} == {"M62"}
    full = run(
        [small_837p],
        tmp_path / "f",
        **QUIET,
        remittance={
            "paid_in_full": 1,
            "partially_paid": 0,
            "denied": 0,
            "reversed_and_corrected": 0,
        },
    )
    assert {c.outcome for c in full.record.claims.values()} == {"paid_in_full"}
    assert all(c.paid == c.charge for c in full.record.claims.values())


def test_partial_payments_carry_co45_and_patient_share(small_837p: Path, tmp_path: Path) -> None:
    result = run(
        [small_837p],
        tmp_path,
        **QUIET,
        remittance={
            "paid_in_full": 0,
            "partially_paid": 1,
            "denied": 0,
            "reversed_and_corrected": 0,
            "deductible": 1,
            "copay": 0,
        },
    )
    paid = [
        p for path in files(result, "835") for p in payments(path) if isinstance(p, ClaimPayment)
    ]
    for claim in paid:
        groups = {(a.group, a.reason) for s in claim.services for a in s.adjustments}
        assert ("CO", "45") in groups and ("PR", "1") in groups
        pr = sum(
            (a.amount or 0 for s in claim.services for a in s.adjustments if a.group == "PR"),
            Decimal(0),
        )
        assert claim.patient_responsibility == pr > 0
        assert all(
            s.allowed
            == (s.charge or Decimal(0))
            - sum((a.amount or 0 for a in s.adjustments if a.group == "CO"), Decimal(0))
            for s in claim.services
        )


def test_reversal_and_correction_in_a_later_835(small_837p: Path, tmp_path: Path) -> None:
    result = run(
        [small_837p],
        tmp_path,
        **QUIET,
        remittance={
            "paid_in_full": 1,
            "partially_paid": 0,
            "denied": 0,
            "reversed_and_corrected": 1,
            "interest": 0,
        },
    )
    cycles: dict[str, list[ClaimPayment]] = {}
    balances = []
    for path in files(result, "835"):
        for item in payments(path):
            if isinstance(item, ClaimPayment):
                cycles.setdefault(item.patient_control_number, []).append(item)
            else:
                balances.append(item.balance)
        assert pyx12_errors(path) == []
    assert all(b.balanced and (b.payment_amount or 0) >= 0 for b in balances)
    for claim_id, (original, reversal, correction) in cycles.items():
        assert (reversal.status_code, reversal.paid) == ("22", -original.paid)  # type: ignore
        assert reversal.payer_claim_control_number == original.payer_claim_control_number
        assert correction.status_code in {"1", "2", "3"}
        assert correction.payer_claim_control_number != original.payer_claim_control_number
        assert result.record.claims[claim_id].paid == correction.paid


def test_interest_is_a_negative_l6_plb(small_837p: Path, tmp_path: Path) -> None:
    result = run(
        [small_837p],
        tmp_path,
        **QUIET,
        remittance={
            "paid_in_full": 1,
            "partially_paid": 0,
            "denied": 0,
            "reversed_and_corrected": 0,
            "interest": 1,
        },
    )
    ends = [
        e for path in files(result, "835") for e in payments(path) if isinstance(e, RemittanceEnd)
    ]
    assert ends and all(len(e.provider_adjustments) == 1 for e in ends)
    for end in ends:
        [plb] = end.provider_adjustments
        assert plb.reason == "L6" and (plb.amount or 0) < 0
        assert end.balance.payment_amount == end.balance.total_paid - (plb.amount or 0)


def _set_codes(result: SimulationResult) -> dict[tuple[str, str], str]:
    """(GS06, ST02) -> IK501, as parsers.ack999 reads the 999s."""
    return {
        (ts["group_control_number"], a["set_control_number"]): a["status"]
        for path in files(result, "999")
        for ts in transaction_sets(path)
        for a in ts["set_responses"]
    }


def _claim_acks(result: SimulationResult) -> dict[str, dict[str, Any]]:
    """CLM01 -> claim status, as parsers.status277 reads the 277CAs."""
    return {
        c["patient_control_number"]: c
        for path in files(result, "277CA")
        for ts in transaction_sets(path)
        for c in ts["claims"]
    }


def _paid(result: SimulationResult) -> dict[str, list[Decimal]]:
    """CLM01 -> CLP04 of each of its CLPs, as parsers.era835 reads the 835s."""
    paid: dict[str, list[Decimal]] = {}
    for path in files(result, "835"):
        for item in payments(path):
            if isinstance(item, ClaimPayment):
                paid.setdefault(item.patient_control_number, []).append(item.paid or Decimal(0))
    return paid


def test_record_agrees_with_what_our_parsers_read(small_837i: Path, tmp_path: Path) -> None:
    many_sets = write_837(tmp_path / "in", "837p", 20, seed=13, per_set=2)
    result = run(
        [many_sets, small_837i],
        tmp_path / "out",
        seed=3,
        ack999={"rejected": 0.2, "accepted_with_errors": 0.2},
        claim_ack={"rejected": 0.2},
        remittance={"reversed_and_corrected": 0.3, "interest": 0.5},
    )
    record = json.loads(result.record_path.read_text())
    assert record["outcomes"] == result.record.outcomes()
    assert {"rejected_999", "rejected_277ca", "reversed_and_corrected"} <= set(record["outcomes"])
    sent = [c.claim_id for path in (many_sets, small_837i) for c in read_837(path).claims()]
    assert [entry["claim_id"] for entry in record["claims"]] == sent  # in reading order
    assert list(result.record.claims) == sent
    set_codes, acks, paid = _set_codes(result), _claim_acks(result), _paid(result)
    for entry in record["claims"]:
        claim_id = entry["claim_id"]
        assert entry["ack999"]["code"] == set_codes[(entry["group"], entry["set"])]
        ack = acks.get(claim_id)
        assert (ack is None) == (entry["claim_ack"] is None)
        if ack is not None:
            assert ack["accepted"] == entry["claim_ack"]["accepted"]
            number = ack.get("payer_claim_control_number", "")
            assert number == entry["claim_ack"]["payer_claim_number"]
        clp04s = paid.get(claim_id, [])
        assert [Decimal(p["paid"]) for p in entry["payments"]] == clp04s
        assert Decimal(entry["paid"]) == sum(clp04s, Decimal(0))


def test_every_file_validates_clean_with_pyx12(
    small_837p: Path, small_837i: Path, tmp_path: Path
) -> None:
    result = run(
        [small_837p, small_837i],
        tmp_path,
        seed=4,
        ack999={"rejected": 0.2, "accepted_with_errors": 0.3},
        claim_ack={"rejected": 0.3},
        remittance={"reversed_and_corrected": 0.4},
    )
    kinds = {p.name.split("-")[0] for p in result.files}
    assert kinds == {"999", "277CA", "835"}
    assert {p.name: [str(e) for e in pyx12_errors(p)] for p in result.files} == {
        p.name: [] for p in result.files
    }


def interchange_acks(path: Path) -> list[dict[str, Any]]:
    """The TA1s of a file as `x12flow parse` gives them (and no findings)."""
    out = io.StringIO()
    doc = Document(path)
    write_document(doc, out.write)
    assert [str(f) for f in doc.findings] == []
    result = json.loads(out.getvalue())
    return [ack for ic in result["interchanges"] for ack in ic.get("acknowledgments", [])]


@pytest.fixture(scope="module")
def asks_for_ta1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = Config.model_validate({"interchange": {"acknowledgment_requested": True}})
    return write_837(tmp_path_factory.mktemp("in"), "837p", 4, seed=21, number=31, config=config)


def test_an_interchange_that_asks_for_a_ta1_gets_one(asks_for_ta1: Path, tmp_path: Path) -> None:
    submitted = read_837(asks_for_ta1)
    assert submitted.ack_requested
    result = run([asks_for_ta1], tmp_path, **QUIET)
    [ta1] = files(result, "TA1")
    [ack] = interchange_acks(ta1)
    assert (ack["control_number"], ack["status"], ack["note_code"]) == (
        submitted.control_number,
        "A",
        "000",
    )
    assert segments(ta1, "TA1")[0][2:4] == [submitted.date, submitted.time]
    assert segments(ta1, "IEA")[0][1] == "0"
    assert pyx12_errors(ta1) == []
    assert files(result, "999") and files(result, "835")
    assert {c.ta1["status"] for c in result.record.claims.values() if c.ta1} == {"A"}
    assert all(c.outcome != "rejected_ta1" for c in result.record.claims.values())


def test_a_rejected_interchange_gets_a_ta1_and_nothing_else(
    small_837p: Path, tmp_path: Path
) -> None:
    assert not read_837(small_837p).ack_requested
    result = run([small_837p], tmp_path, ta1={"rejected": 1, "note_code": "006"})
    assert [p.name.split("-")[0] for p in result.files] == ["TA1"]
    [ack] = interchange_acks(result.files[0])
    assert (ack["status"], ack["note_code"]) == ("R", "006")
    assert {c.outcome for c in result.record.claims.values()} == {"rejected_ta1"}
    record = json.loads(result.record_path.read_text())
    assert record["outcomes"] == {"rejected_ta1": 8}
    assert {e["ta1"]["file"] for e in record["claims"]} == {result.files[0].name}


def test_no_ta1_unless_asked_or_rejecting(small_837p: Path, tmp_path: Path) -> None:
    result = run([small_837p], tmp_path, **QUIET)
    assert files(result, "TA1") == []
    assert all(c.ta1 is None for c in result.record.claims.values())


def test_a_ta1_rejection_note_must_be_an_error_code() -> None:
    with pytest.raises(ValueError, match="note_code"):
        rules(ta1={"rejected": 0.1, "note_code": "000"})


def test_a_failure_while_answering_leaves_no_reply_behind(
    small_837p: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from edi.simulator.writing import ReplyWriter
    from edi.x12.writer import DelimiterInData

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise DelimiterInData("NM1 segment: a value contains a delimiter character")

    monkeypatch.setattr(ReplyWriter, "remittance", refuse)  # after the 999 and 277CA are written
    out = tmp_path / "replies"
    with pytest.raises(DelimiterInData):
        run([small_837p], out, **QUIET)
    assert list(out.iterdir()) == []
