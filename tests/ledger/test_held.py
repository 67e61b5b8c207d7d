"""835 sets that do not balance are held for review, not posted; `x12flow held` lists them,
`held accept` posts one as if it balanced and `held discard` drops it. On SQLite and (when
configured) PostgreSQL."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from edi.cli import main
from edi.inbound.ingest import HELD
from edi.model.claim import Claim
from tests.ledger.dump import changed_tables, ledger_dump
from tests.ledger.scenario import Scenario, clp, sample_claims
from tests.ledger.x12text import envelope, remittance

SENT = datetime(2026, 11, 2, 9, 30)
PAID_ON = date(2026, 11, 20)
D = Decimal
OFF = D("12.34")  # what the payer's BPR02 says beyond the claims it pays
NONE = D("0.00")


def _body(claims: list[Claim], trace: str, extra: Decimal = NONE) -> list[str]:
    lines = [s for c in claims for s in clp(c, "1", c.total_charge)]
    total = sum((c.total_charge for c in claims), extra)
    return remittance(lines, total=str(total), trace=trace, paid_on=PAID_ON)


def _two_sets(path: Path, first: list[str], second: list[str], number: int = 900) -> Path:
    """One interchange, one group, two 835 sets (ST02 0001 and 0002)."""
    segments = envelope("835", first, interchange=number, group=number).split("~\n")[:-1]
    *head, _ge, iea = segments
    extra = ["ST*835*0002", *second, f"SE*{len(second) + 2}*0002"]
    path.write_text("~\n".join([*head, *extra, f"GE*2*{number}", iea]) + "~\n", encoding="ascii")
    return path


def _held(scenario: Scenario, *options: str) -> list[dict[str, Any]]:
    result = scenario.cli("held", "--json", *options)
    assert result.exit_code == 0, result.output
    listed: list[dict[str, Any]] = json.loads(result.output)
    return listed


def _statuses(scenario: Scenario, claims: list[Claim]) -> list[str]:
    rows = scenario.claims()
    return [rows[c.patient_control_number]["status"] for c in claims]


def test_an_unbalanced_set_is_held_then_accepted_once(scenario: Scenario) -> None:
    claims = sample_claims(2, seed=91)
    scenario.submit(claims, SENT)
    before = ledger_dump(scenario.db_url)
    path = scenario.write("835", _body(claims, "EFT-H1", OFF))
    [result] = scenario.ingest(path)
    assert result["outcome"] == HELD
    assert result["counts"] == {"sets held": 1}
    held_finding = next(f for f in result["findings"] if f["code"] == "HELD")
    assert held_finding["details"]["difference"] == str(OFF)
    assert not [f for f in result["findings"] if f["source"] == "LEDGER" and f is not held_finding]
    after = ledger_dump(scenario.db_url)
    assert after["claims"] == before["claims"]
    assert changed_tables(before, after) == {"batches": 1, "held_sets": 1, "held_files": 1}

    [held] = _held(scenario)
    total = sum((c.total_charge for c in claims), OFF)
    assert (held["file"], held["set"], held["payer_name"]) == (str(path), "0001", "ACME HEALTH")
    assert (held["amount"], held["difference"], held["status"]) == (str(total), str(OFF), "held")
    assert held["claim_count"] == 2 and "does not balance" in held["reason"]
    listing = scenario.cli("held").output
    assert f"{held['id']:<6}" in listing and str(OFF) in listing and "1 held set(s)" in listing

    accepted = scenario.cli(
        "held", "accept", str(held["id"]), "--note", "payer's letter", "--by", "ana"
    )
    assert accepted.exit_code == 0, accepted.output
    assert "2 claim payments posted" in accepted.output
    assert _statuses(scenario, claims) == ["paid", "paid"]
    assert _held(scenario) == []
    [decided] = _held(scenario, "--all")
    assert (decided["status"], decided["decided_by"], decided["note"]) == (
        "accepted",
        "ana",
        "payer's letter",
    )
    assert decided["reason"] == held["reason"] and decided["decided_at"]
    assert ledger_dump(scenario.db_url)["rows"]["held_files"] == 0

    again = scenario.cli("held", "accept", str(held["id"]))
    assert again.exit_code == 1 and "was accepted" in again.output
    assert scenario.cli("held", "discard", str(held["id"])).exit_code == 1
    assert [c["paid"] for c in scenario.claims().values()] == [str(c.total_charge) for c in claims]
    [duplicate] = scenario.ingest(path)
    assert duplicate["outcome"] == "duplicate"


def test_a_held_set_can_be_discarded(scenario: Scenario) -> None:
    claims = sample_claims(1, seed=92)
    scenario.submit(claims, SENT)
    before = ledger_dump(scenario.db_url)
    [result] = scenario.ingest(scenario.write("835", _body(claims, "EFT-H2", -OFF)))
    [held] = _held(scenario)
    assert held["difference"] == str(-OFF)
    discarded = scenario.runner.invoke(  # --db given to `held` reaches its subcommand
        main, ["held", "--db", scenario.db_url, "discard", str(held["id"]), "--note", "resent"]
    )
    assert discarded.exit_code == 0 and "discarded" in discarded.output
    after = ledger_dump(scenario.db_url)
    assert after["claims"] == before["claims"]
    assert changed_tables(before, after) == {"batches": 1, "held_sets": 1}
    assert [h["status"] for h in _held(scenario, "--all")] == ["discarded"]
    refused = scenario.cli("held", "accept", str(held["id"]))
    assert refused.exit_code == 1 and "was discarded" in refused.output
    assert _statuses(scenario, claims) == ["submitted"]
    assert result["outcome"] == HELD
    missing = scenario.cli("held", "accept", "4242")
    assert missing.exit_code == 1 and "no held set #4242" in missing.output


def test_one_balanced_and_one_unbalanced_set(scenario: Scenario) -> None:
    paid, held_back = sample_claims(2, seed=93), sample_claims(1, seed=94)
    scenario.submit(paid + held_back, SENT)
    path = _two_sets(
        scenario.directory / "mixed.835",
        _body(paid, "EFT-M1"),
        _body(held_back, "EFT-M2", OFF),
    )
    [result] = scenario.ingest(path)
    assert result["outcome"] == HELD
    assert result["counts"]["claim payments posted"] == 2
    assert result["counts"]["sets held"] == 1
    assert _statuses(scenario, paid + held_back) == ["paid", "paid", "submitted"]
    [held] = _held(scenario)
    assert (held["set"], held["difference"], held["trace_number"]) == ("0002", str(OFF), "EFT-M2")

    assert scenario.cli("held", "accept", str(held["id"])).exit_code == 0
    assert _statuses(scenario, paid + held_back) == ["paid", "paid", "paid"]
    pcn = held_back[0].patient_control_number
    segments = path.read_text(encoding="ascii").split("~\n")
    ordinal = next(i for i, s in enumerate(segments, 1) if s.startswith(f"CLP*{pcn}*"))
    history = json.loads(scenario.cli("claim", pcn, "--json").output)
    [payment_event] = [e for e in history["events"] if e["kind"].startswith("835")]
    assert payment_event["location"].startswith(f"{path}:segment {ordinal} (CLP")


def test_a_held_set_accepted_after_a_corrected_resend_posts_nothing_twice(
    scenario: Scenario,
) -> None:
    claims = sample_claims(2, seed=95)
    scenario.submit(claims, SENT)
    [first] = scenario.ingest(scenario.write("835", _body(claims, "EFT-R", OFF)))
    assert first["outcome"] == HELD
    [corrected] = scenario.ingest(scenario.write("835", _body(claims, "EFT-R")))
    assert corrected["counts"]["claim payments posted"] == 2
    [held] = _held(scenario)
    accepted = scenario.cli("held", "accept", str(held["id"]))
    assert accepted.exit_code == 0 and "2 duplicate claim payments" in accepted.output
    assert [c["paid"] for c in scenario.claims().values()] == [str(c.total_charge) for c in claims]


def test_a_file_that_is_not_whole_holds_nothing_either(scenario: Scenario) -> None:
    claims = sample_claims(2, seed=96)
    scenario.submit(claims, SENT)
    before = ledger_dump(scenario.db_url)
    whole = _two_sets(
        scenario.directory / "cut.835",
        _body(claims[:1], "EFT-C1", OFF),
        _body(claims[1:], "EFT-C2"),
    )
    segments = whole.read_text(encoding="ascii").split("~\n")
    second_clp = [i for i, s in enumerate(segments) if s.startswith("CLP*")][1]
    whole.write_text("~\n".join(segments[: second_clp + 1]) + "~\n", encoding="ascii")
    [result] = scenario.ingest(whole)
    assert result["outcome"] == "rejected"
    assert "ends inside transaction set 0002" in result["findings"][0]["message"]
    assert ledger_dump(scenario.db_url) == before
    assert _held(scenario, "--all") == []


def test_the_held_commands_are_documented() -> None:
    runner = CliRunner()
    for args in (["held"], ["held", "accept"], ["held", "discard"]):
        result = runner.invoke(main, [*args, "--help"])
        assert result.exit_code == 0 and "--db" in result.output
    assert "held for review" in runner.invoke(main, ["held", "--help"]).output
    assert "--note" in runner.invoke(main, ["held", "accept", "--help"]).output


def _tamper(scenario: Scenario, statement: str) -> None:
    engine = create_engine(scenario.db_url)
    try:
        with engine.begin() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE held_sets SET set_segment = set_segment + 1",
        "UPDATE held_sets SET set_control_number = '0009'",
        "UPDATE held_sets SET sha256 = 'f' || substr(sha256, 2)",
    ],
    ids=["st-ordinal", "st02", "sha256"],
)
def test_accepting_a_held_set_that_is_not_found_changes_nothing(
    scenario: Scenario, statement: str
) -> None:
    """The set must be the one held (same ST ordinal and ST02, from the same bytes): otherwise
    the decision is refused, the set stays held and its file's bytes are kept."""
    claims = sample_claims(2, seed=93)
    scenario.submit(claims, SENT)
    [result] = scenario.ingest(scenario.write("835", _body(claims, "EFT-H9", OFF)))
    assert result["outcome"] == HELD
    _tamper(scenario, statement)
    before = ledger_dump(scenario.db_url)
    [held] = _held(scenario)
    accepted = scenario.cli("held", "accept", str(held["id"]))
    assert accepted.exit_code != 0
    assert f"held set #{held['id']}" in accepted.output and "nothing changed" in accepted.output
    assert changed_tables(before, ledger_dump(scenario.db_url)) == {}
    assert [h["status"] for h in _held(scenario)] == ["held"]
    assert _statuses(scenario, claims) == ["submitted", "submitted"]


def test_a_held_set_does_not_count_the_findings_of_its_rolled_back_postings(
    scenario: Scenario,
) -> None:
    """Past the listing limit, the ledger findings of a held set's postings are not counted as
    'not listed' either: they were rolled back with the postings."""
    unknown = sample_claims(130, seed=95)  # never submitted: each would be unmatched
    [result] = scenario.ingest(scenario.write("835", _body(unknown, "EFT-H8", OFF)))
    assert result["outcome"] == HELD
    assert [f["code"] for f in result["findings"] if f["source"] == "LEDGER"] == ["HELD"]
    assert not any("LEDGER-" in f["message"] for f in result["findings"] if f["code"] == "unlisted")
