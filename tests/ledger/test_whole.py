"""Post only what is whole: a cut or miscounted envelope, an 837, a file that is not X12 and an
amount the ledger cannot store leave the ledger exactly as it was; a ledger that cannot be
reached raises LedgerUnavailable. On SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError, StatementError

from edi.inbound.ingest import FAILED, REJECTED, SETTLED, ingest_file
from edi.ledger import Ledger, LedgerError, LedgerUnavailable, schema
from edi.ledger.backend import create_ledger_engine, is_unavailable
from edi.ledger.money import AmountOutOfRange
from edi.model.claim import Claim
from tests.ledger.dump import ledger_dump
from tests.ledger.scenario import Scenario, clp, sample_claims
from tests.ledger.x12text import envelope, remittance

SENT = datetime(2026, 11, 2, 9, 30)
PAID_ON = date(2026, 11, 20)
D = Decimal
ACME = "ACME HEALTH"


def _paying(scenario: Scenario, claims: list[Claim], trace: str) -> Path:
    """A complete 835 that pays ``claims`` in full."""
    lines = [s for c in claims for s in clp(c, "1", c.total_charge)]
    total = sum((c.total_charge for c in claims), D(0))
    return scenario.remit(lines, total=total, trace=trace, paid_on=PAID_ON, payer="ACME HEALTH")


def _segments(path: Path) -> list[str]:
    return path.read_text(encoding="ascii").split("~\n")[:-1]


def _write(path: Path, name: str, text: str) -> Path:
    target = path.parent / name
    target.write_text(text, encoding="ascii")
    return target


def _refused(result: dict[str, Any], code: str) -> dict[str, Any]:
    assert result["outcome"] == REJECTED, result
    first: dict[str, Any] = result["findings"][0]
    assert (first["source"], first["code"]) == ("LEDGER", code), first
    return first


@pytest.fixture
def paid_twice(scenario: Scenario) -> tuple[list[Claim], Path, dict[str, Any]]:
    """Two submitted claims, a complete 835 paying both, and the ledger before it."""
    claims = sample_claims(2, seed=81)
    scenario.submit(claims, SENT)
    return claims, _paying(scenario, claims, "EFT-W"), ledger_dump(scenario.db_url)


def _posts_once_complete(scenario: Scenario, claims: list[Claim], complete: Path) -> None:
    [result] = scenario.ingest(complete)
    assert result["outcome"] == "posted"
    assert result["counts"]["claim payments posted"] == 2
    rows = scenario.claims()
    assert {rows[c.patient_control_number]["status"] for c in claims} == {"paid"}


def test_an_835_cut_mid_claim_posts_nothing_until_the_whole_file_comes(
    scenario: Scenario, paid_twice: tuple[list[Claim], Path, dict[str, Any]]
) -> None:
    claims, complete, before = paid_twice
    segments = _segments(complete)
    second = [i for i, s in enumerate(segments) if s.startswith("CLP*")][1]
    cut = _write(complete, "cut.835", "~\n".join(segments[: second + 1]) + "~\n")
    [result] = scenario.ingest(cut)
    first = _refused(result, "NOT-WHOLE")
    assert first["message"] == (
        f"the file ends inside transaction set 0001 (no SE, GE or IEA) after segment "
        f"{second + 1} (CLP): nothing was posted"
    )
    assert first["location"]["segment"] == second + 1
    assert result["batch_id"] is None and result["counts"] == {}
    assert not [f for f in result["findings"] if f["code"] == "UNMATCHED"]
    assert ledger_dump(scenario.db_url) == before
    _posts_once_complete(scenario, claims, complete)


def test_an_835_cut_inside_a_segment_posts_nothing(
    scenario: Scenario, paid_twice: tuple[list[Claim], Path, dict[str, Any]]
) -> None:
    claims, complete, before = paid_twice
    text = complete.read_text(encoding="ascii")
    at = text.index(f"CLP*{claims[1].patient_control_number}") + 12
    [result] = scenario.ingest(_write(complete, "torn.835", text[:at]))
    assert (
        "ends inside transaction set 0001 (no SE, GE or IEA)"
        in (_refused(result, "NOT-WHOLE")["message"])
    )
    assert ledger_dump(scenario.db_url) == before
    _posts_once_complete(scenario, claims, complete)


def test_an_835_cut_after_its_se_posts_nothing(
    scenario: Scenario, paid_twice: tuple[list[Claim], Path, dict[str, Any]]
) -> None:
    claims, complete, before = paid_twice
    segments = _segments(complete)
    se = next(i for i, s in enumerate(segments) if s.startswith("SE*"))
    [result] = scenario.ingest(
        _write(complete, "no-trailers.835", "~\n".join(segments[: se + 1]) + "~\n")
    )
    group = segments[1].split("*")[6]
    assert _refused(result, "NOT-WHOLE")["message"] == (
        f"the file ends inside functional group {group} (no GE or IEA) after segment {se + 1} "
        "(SE): nothing was posted"
    )
    assert ledger_dump(scenario.db_url) == before
    _posts_once_complete(scenario, claims, complete)


# (what is wrong, the change to a whole file, the segment the refusal points at)
MISCOUNTED = [
    ("SE01", (r"SE\*(\d+)\*0001", lambda m: f"SE*{int(m[1]) + 1}*0001"), "SE"),
    ("SE02", (r"SE\*(\d+)\*0001", lambda m: f"SE*{m[1]}*0002"), "SE"),
    ("GE01", (r"GE\*1\*", lambda m: "GE*2*"), "GE"),
    ("GE02", (r"GE\*1\*(\d+)", lambda m: "GE*1*77"), "GE"),
    ("IEA01", (r"IEA\*1\*", lambda m: "IEA*2*"), "IEA"),
    ("IEA02", (r"IEA\*1\*(\d+)", lambda m: "IEA*1*000000777"), "IEA"),
]


@pytest.mark.parametrize(
    ("element", "change", "segment_id"), MISCOUNTED, ids=[m[0] for m in MISCOUNTED]
)
def test_counts_and_control_numbers_that_do_not_match_post_nothing(
    scenario: Scenario,
    paid_twice: tuple[list[Claim], Path, dict[str, Any]],
    element: str,
    change: tuple[str, Any],
    segment_id: str,
) -> None:
    claims, complete, before = paid_twice
    pattern, replacement = change
    text = re.sub(pattern, replacement, complete.read_text(encoding="ascii"), count=1)
    [result] = scenario.ingest(_write(complete, f"bad-{element}.835", text))
    first = _refused(result, "NOT-WHOLE")
    assert element in first["message"] and first["message"].endswith("nothing was posted")
    assert first["location"]["segment_id"] == segment_id
    assert (
        first["location"]["segment"]
        == _segments(complete).index(
            next(s for s in _segments(complete) if s.startswith(segment_id + "*"))
        )
        + 1
    )
    assert ledger_dump(scenario.db_url) == before
    _posts_once_complete(scenario, claims, complete)


def test_an_837_is_not_a_reply(scenario: Scenario) -> None:
    claims = sample_claims(2, seed=82)
    scenario.submit(claims, SENT)
    [claim_file] = scenario.directory.glob("837P-*.x12")
    before = ledger_dump(scenario.db_url)
    [result] = scenario.ingest(claim_file)
    assert _refused(result, "NOT-A-REPLY")["message"] == (
        "an 837P claim file, not a reply: x12flow ingests 999, 997, TA1, 277CA, 277 and 835"
    )
    assert result["transactions"] == ["837P"]
    assert ledger_dump(scenario.db_url) == before


@pytest.mark.parametrize(
    ("name", "text", "code", "words"),
    [
        ("notes.835", "claim,paid\nDEMO-1,10.00\n", "NOT-READ", "X12"),
        ("empty-group.835", "", "NOTHING-READ", "holds no transaction set"),
        ("pipes.835", "|", "NOTHING-READ", "do not use the delimiters it declares"),
    ],
)
def test_a_file_in_which_nothing_reads_is_rejected(
    scenario: Scenario,
    paid_twice: tuple[list[Claim], Path, dict[str, Any]],
    name: str,
    text: str,
    code: str,
    words: str,
) -> None:
    _claims, complete, before = paid_twice
    segments = _segments(complete)
    if name == "empty-group.835":
        group = segments[1].split("*")[6]
        text = "~\n".join([*segments[:2], f"GE*0*{group}", segments[-1]]) + "~\n"
    elif text == "|":  # the body written with other element separators than its ISA's
        text = segments[0] + "~\n" + "~\n".join(s.replace("*", "|") for s in segments[1:]) + "~\n"
    [result] = scenario.ingest(_write(complete, name, text))
    first = _refused(result, code)
    assert words in first["message"] and "nothing was posted" in first["message"]
    assert ledger_dump(scenario.db_url) == before


@pytest.mark.parametrize("paid", ["12345678901234567890", "1" * 29])
def test_an_amount_the_ledger_cannot_store_is_refused_with_its_segment(
    scenario: Scenario, paid: str
) -> None:
    [claim] = sample_claims(1, seed=83)
    scenario.submit([claim], SENT)
    path = scenario.remit(
        clp(claim, "1", D(paid)), total=D("10.00"), trace="EFT-B", paid_on=PAID_ON, payer=ACME
    )
    before = ledger_dump(scenario.db_url)
    with Ledger.open(scenario.db_url) as ledger:
        result = ingest_file(ledger, path)  # an outcome, never a LedgerError
    # the reader refuses the amount (IK403) and the file is not whole; were it read, the
    # ledger would refuse to store it: either way nothing is posted, and the CLP is named
    assert result.outcome in (REJECTED, FAILED) and result.batch_id is None
    clp_segment = next(i for i, s in enumerate(_segments(path), 1) if s.startswith("CLP*"))
    first = result.findings[0]
    assert (first.location.segment_id, first.location.segment) == ("CLP", clp_segment)
    assert f"segment {clp_segment}" in first.message and "CLP04" in str(result.to_json())
    assert ledger_dump(scenario.db_url) == before


def test_sums_beyond_the_ledger_fail_the_file_naming_the_claim_or_the_set(
    scenario: Scenario,
) -> None:
    claims = sample_claims(2, seed=84)
    scenario.submit(claims, SENT)
    most = D("999999999999.00")  # the largest the ledger holds, twice
    before = ledger_dump(scenario.db_url)
    adjusted = clp(claims[0], "1", D("0.00"), charge=most, cas=[f"CO*45*{most}**45*{most}"])
    paid_twice = [*clp(claims[1], "1", most, icn="A"), *clp(claims[1], "2", most, icn="B")]
    results = scenario.ingest(
        scenario.remit(adjusted, total=D("1.00"), trace="EFT-S", paid_on=PAID_ON, payer=ACME),
        scenario.remit(paid_twice, total=D("1.00"), trace="EFT-T", paid_on=PAID_ON, payer=ACME),
    )
    assert [r["outcome"] for r in results] == [FAILED, FAILED]
    by_claim, by_set = (r["findings"][0] for r in results)
    assert by_claim["location"]["segment_id"] == "CLP"  # the CAS total of that CLP
    assert "the amount 1999999999998.00 is beyond what the ledger stores" in by_claim["message"]
    assert "in transaction set 0001" in by_set["message"]  # the claim's paid total
    assert ledger_dump(scenario.db_url) == before


def test_a_payment_amount_the_ledger_cannot_read_rejects_the_file(scenario: Scenario) -> None:
    [claim] = sample_claims(1, seed=85)
    scenario.submit([claim], SENT)
    lines = clp(claim, "1", D("10.00"))
    path = scenario.remit(lines, total=D("9" * 20), trace="EFT-C", paid_on=PAID_ON, payer=ACME)
    before = ledger_dump(scenario.db_url)
    [result] = scenario.ingest(path)
    assert result["outcome"] in (REJECTED, FAILED)
    assert "BPR02" in result["findings"][0]["message"]
    assert result["findings"][0]["location"]["transaction"] == "0001"
    assert ledger_dump(scenario.db_url) == before


def test_the_money_column_refuses_what_numeric_14_2_cannot_hold(memory_ledger: Ledger) -> None:
    batch = {"direction": "inbound", "kind": "835", "file_name": "f", "created_at": SENT}
    with memory_ledger.atomic() as connection:
        connection.execute(insert(schema.batches).values(**batch, set_count=0, claim_count=0))
        for fits in (D("999999999999.99"), D("-999999999999.99"), D("999999999999.994")):
            connection.execute(
                insert(schema.remittances).values(batch_id=1, amount=fits, claim_count=0)
            )
        amounts = connection.execute(select(schema.remittances.c.amount)).scalars().all()
        for beyond in (D("1000000000000"), D("999999999999.995"), D("-1E+12"), D("NaN")):
            with pytest.raises(StatementError) as refused, memory_ledger.atomic():
                connection.execute(
                    insert(schema.remittances).values(batch_id=1, amount=beyond, claim_count=0)
                )
            assert isinstance(refused.value.orig, AmountOutOfRange)
    assert amounts == [D("999999999999.99"), D("-999999999999.99"), D("999999999999.99")]


UNREACHABLE = [
    "sqlite:///{tmp}/no-such-folder/ledger.db",
    "postgresql+psycopg://postgres@127.0.0.1:1/test",  # nothing listens on port 1
]


@pytest.mark.parametrize("url", UNREACHABLE, ids=["sqlite-folder-missing", "postgresql-refused"])
def test_a_ledger_that_cannot_be_reached_raises_unavailable(tmp_path: Path, url: str) -> None:
    url = url.format(tmp=tmp_path)
    reply = tmp_path / "reply.835"
    body = remittance([], total="0.00", trace="EFT-U", paid_on=PAID_ON)
    reply.write_text(envelope("835", body), encoding="ascii")
    ledger = Ledger(create_ledger_engine(url))  # opened without touching the database
    with pytest.raises(LedgerUnavailable) as raised:
        ingest_file(ledger, reply)
    assert isinstance(raised.value, LedgerError) and raised.value.file == str(reply)
    ledger.close()
    with pytest.raises(LedgerUnavailable, match="cannot open the ledger"):
        Ledger.open(url)


def test_only_unreachable_databases_are_unavailable() -> None:
    refused = IntegrityError("INSERT …", {}, Exception("duplicate key"))
    assert not is_unavailable(refused)
    assert not is_unavailable(ValueError("not a database error"))
    assert {"posted", "duplicate", "held"} == SETTLED


def test_an_835_set_not_read_to_its_end_refuses_the_file(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Claims posted before the set turns out unreadable at its end are undone, and the file is
    refused (so a later reading can still post it)."""
    from parsers.era835 import READER, RemittanceEnd

    whole = READER.items

    def cut(ts: Any, findings: Any) -> Any:
        return (item for item in whole(ts, findings) if not isinstance(item, RemittanceEnd))

    claims = sample_claims(2, seed=83)
    scenario.submit(claims, SENT)
    path = _paying(scenario, claims, "EFT-CUT")
    before = ledger_dump(scenario.db_url)
    monkeypatch.setattr(READER, "items", cut)
    [result] = scenario.ingest(path)
    first = _refused(result, "NOT-WHOLE")
    assert "transaction set 0001" in first["message"]
    assert [f for f in result["findings"][1:] if f["source"] == "LEDGER"] == []
    assert ledger_dump(scenario.db_url) == before
    monkeypatch.setattr(READER, "items", whole)
    [again] = scenario.ingest(path)
    assert again["outcome"] != REJECTED
