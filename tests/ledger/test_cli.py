"""The ledger commands at their edges: bad input, unknown references, TA1/997, privacy."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.exc import DataError

from edi.cli import main
from edi.cli.ledger import COMMANDS
from edi.inbound.ingest import ingest_file, withheld
from edi.ledger import Ledger
from edi.ledger.remit import RemittancePoster
from edi.x12.findings import Finding, Severity
from edi.x12.location import Location
from tests.ledger.scenario import Scenario, clp, sample_claims
from tests.ledger.x12text import ack_277ca, ack_999, envelope

SENT = datetime(2026, 11, 2, 9, 30)


def test_every_ledger_command_is_documented() -> None:
    runner = CliRunner()
    for command in COMMANDS:
        assert command.help and len(command.help) > 30, command.name
        result = runner.invoke(main, [str(command.name), "--help"])
        assert result.exit_code == 0 and "--db" in result.output


def test_unreadable_files_name_the_file_without_a_traceback(scenario: Scenario) -> None:
    garbage = scenario.directory / "garbage.835"
    garbage.write_bytes(b"\x00\x01 this is not X12 at all")
    missing = scenario.directory / "missing.835"
    result = scenario.cli("ingest", str(garbage), str(missing))
    assert result.exit_code == 2
    assert f"{garbage}: rejected" in result.output  # read, but it is not X12
    assert "nothing was posted" in result.output
    assert f"{missing}: unreadable" in result.output
    assert "Traceback" not in result.output


def test_a_rejected_file_alone_is_unusable_input(scenario: Scenario) -> None:
    garbage = scenario.directory / "garbage.835"
    garbage.write_bytes(b"this is not X12 at all")
    result = scenario.cli("ingest", str(garbage))
    assert result.exit_code == 2
    assert f"{garbage}: rejected" in result.output


def test_a_file_that_fails_halfway_leaves_nothing(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    claims = sample_claims(2, seed=51)
    scenario.submit(claims, SENT)
    lines = [s for c in claims for s in clp(c, "1", c.total_charge)]
    total = sum((c.total_charge for c in claims), Decimal(0))
    path = scenario.remit(
        lines, total=total, trace="EFT-H", paid_on=date(2026, 11, 20), payer="ACME HEALTH"
    )

    def broken(*_args: object) -> None:
        raise RuntimeError("the disk went away after the claims were posted")

    monkeypatch.setattr(RemittancePoster, "finish", broken)
    with Ledger.open(scenario.db_url) as ledger, pytest.raises(RuntimeError):
        ingest_file(ledger, path)
    monkeypatch.undo()
    rows = scenario.claims()
    assert {rows[c.patient_control_number]["paid"] for c in claims} == {"0.00"}
    assert {rows[c.patient_control_number]["status"] for c in claims} == {"submitted"}
    [result] = scenario.ingest(path)  # not a duplicate: the failed attempt left no batch
    assert result["outcome"] == "posted"
    assert result["counts"]["claim payments posted"] == 2


def test_bad_database_url_is_a_clear_message() -> None:
    result = CliRunner().invoke(main, ["claims", "--db", "mysql://nobody@nowhere/x"])
    assert result.exit_code == 2
    assert "unsupported database" in result.output


def test_unknown_claim(scenario: Scenario) -> None:
    assert scenario.cli("init").exit_code == 0
    result = scenario.cli("claim", "NO-SUCH-CLAIM")
    assert result.exit_code == 1
    assert "no claim 'NO-SUCH-CLAIM'" in result.output


def test_acknowledgments_of_unknown_batches_and_claims_are_queued(scenario: Scenario) -> None:
    [claim] = sample_claims(1, seed=52)
    scenario.submit([claim], SENT)
    unknown_group = scenario.write("999", ack_999(987654, [(1, True)]))
    unknown_claim = scenario.write("277CA", ack_277ca([("UNKNOWN-1", "A2:20", None, "10.00")]))
    ta1 = scenario.directory / "unknown.ta1"
    ta1.write_text(
        envelope("835", []).split("~\n")[0] + "~\nTA1*000000777*261102*1015*A*000"
        "~\nIEA*0*000000001~\n",
        encoding="ascii",
    )
    scenario.ingest(unknown_group, unknown_claim, ta1)
    items = json.loads(scenario.cli("unmatched", "--json").output)
    assert [(i["item"], i["reference"]) for i in items] == [
        ("999 group response", "987654"),
        ("277CA claim status", "UNKNOWN-1"),
        ("TA1", "000000777"),
    ]
    assert "3 unmatched item(s)" in scenario.cli("unmatched").output
    assert scenario.claims()[claim.patient_control_number]["status"] == "submitted"


def test_ta1_rejection_rejects_the_interchange(scenario: Scenario) -> None:
    claims = sample_claims(2, seed=53)
    batch = scenario.submit(claims, SENT)
    ta1 = scenario.directory / "reject.ta1"
    ta1.write_text(
        envelope("835", []).split("~\n")[0] + f"~\nTA1*{batch.interchange:09d}*"
        "261102*1015*R*022~\nIEA*0*000000001~\n",
        encoding="ascii",
    )
    [result] = scenario.ingest(ta1)
    assert result["counts"]["claims acknowledged"] == 2
    assert {c["status"] for c in scenario.claims().values()} == {"rejected"}


def test_997_acceptance(scenario: Scenario) -> None:
    claims = sample_claims(1, seed=54)
    batch = scenario.submit(claims, SENT)
    body = [
        f"AK1*HC*{batch.group}",
        f"AK2*837*{batch.transactions[0][0]:04d}",
        "AK5*A",
        "AK9*A*1*1*1",
    ]
    [result] = scenario.ingest(scenario.write("997", body))
    assert result["transactions"] == ["997"]
    assert scenario.claims()[claims[0].patient_control_number]["status"] == "accepted"


def test_claim_listing_filters_and_text(scenario: Scenario) -> None:
    acme = sample_claims(2, seed=55)
    other = sample_claims(1, seed=56, payer={"name": "OTHER PLAN", "payer_id": "OTH01"})
    scenario.submit(acme + other, SENT)
    assert set(scenario.claims("--payer", "OTH01")) == {other[0].patient_control_number}
    assert set(scenario.claims("--payer", "acme health")) == {
        c.patient_control_number for c in acme
    }
    text = scenario.cli("claims", "--status", "submitted").output
    assert "3 claim(s)" in text


def test_no_patient_identifiers_in_any_output(scenario: Scenario) -> None:
    claims = sample_claims(2, seed=57)
    scenario.submit(claims, SENT)
    paid, _open = claims
    scenario.ingest(
        scenario.remit(
            clp(paid, "1", paid.total_charge),
            total=paid.total_charge,
            trace="EFT-P",
            paid_on=date(2026, 11, 20),
            payer="ACME HEALTH",
        )
    )
    scenario.ingest(
        scenario.remit(
            clp(paid, "1", Decimal("5.00"), number="STRANGER", charge=Decimal("5.00")),
            total=Decimal("5.00"),
            trace="EFT-Q",
            paid_on=date(2026, 11, 20),
            payer="ACME HEALTH",
        )
    )
    outputs = [
        scenario.cli(*args).output
        for args in (
            ("claims",),
            ("claims", "--json"),
            ("unmatched",),
            ("unmatched", "--json"),
            ("report", "--format", "json"),
            ("report", "--format", "html"),
            *[("claim", c.patient_control_number) for c in claims],
            *[("claim", c.patient_control_number, "--json") for c in claims],
        )
    ]
    secrets = {"DOE"}
    for claim in claims:
        people = [claim.subscriber] + ([claim.patient] if claim.patient else [])
        for person in people:
            secrets.add(person.last_name)
            if person.birth_date:
                secrets.add(person.birth_date.isoformat())
        secrets.add(claim.subscriber.member_id)
    for output in outputs:
        for secret in secrets:
            assert secret not in output


def test_a_value_the_database_refuses_fails_that_file_only(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    [claim] = sample_claims(1, seed=58)
    scenario.submit([claim], SENT)
    path = scenario.remit(
        clp(claim, "1", claim.total_charge),
        total=claim.total_charge,
        trace="EFT-R",
        paid_on=date(2026, 11, 20),
        payer="ACME HEALTH",
    )

    def refused(*_args: object) -> None:
        raise DataError("INSERT …", {}, ValueError("value too long"))

    monkeypatch.setattr(RemittancePoster, "finish", refused)
    result = scenario.cli("ingest", str(path), "--json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["outcome"] == "failed"
    assert "nothing of this file was kept" in report["findings"][0]["message"]
    assert scenario.claims()[claim.patient_control_number]["paid"] == "0.00"


def test_the_ledger_is_found_like_generate_finds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """init creates the ledger where generate finds it; the reading commands find it there."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("X12FLOW_DATABASE_URL", raising=False)
    monkeypatch.delenv("X12FLOW_CONFIG", raising=False)
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    assert (tmp_path / "x12flow.db").is_file()  # the default, in the working directory
    assert runner.invoke(main, ["claims"]).exit_code == 0
    configured = tmp_path / "configured.db"
    (tmp_path / "x12flow.toml").write_text(f'[database]\nurl = "sqlite:///{configured}"\n')
    assert runner.invoke(main, ["init"]).exit_code == 0
    assert configured.is_file()
    assert runner.invoke(main, ["claims"]).exit_code == 0
    from_env = tmp_path / "env.db"
    monkeypatch.setenv("X12FLOW_DATABASE_URL", f"sqlite:///{from_env}")
    assert runner.invoke(main, ["init"]).exit_code == 0
    assert from_env.is_file()
    assert runner.invoke(main, ["unmatched"]).exit_code == 0
    flagged = tmp_path / "flag.db"
    assert runner.invoke(main, ["init", "--db", f"sqlite:///{flagged}"]).exit_code == 0
    assert flagged.is_file()
    assert runner.invoke(main, ["report", "--db", f"sqlite:///{flagged}"]).exit_code == 0


def test_findings_do_not_quote_personal_segments() -> None:
    name = Finding(
        Severity.ERROR,
        "IK403",
        "5",
        "'SECRETNAME' is too long (70 characters)",
        Location(file="f", segment=9, segment_id="NM1", element=3),
        {"value": "SECRETNAME"},
    )
    code = Finding(
        Severity.ERROR,
        "IK403",
        "7",
        "'ZZ' is not a valid code",
        Location(file="f", segment=4, segment_id="BPR", element=4),
    )
    withheld_name, kept = withheld([name, code])
    assert withheld_name.message == "(value withheld) is too long (70 characters)"
    assert withheld_name.details is None and withheld_name.location == name.location
    assert kept == code
