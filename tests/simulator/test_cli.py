"""``x12flow simulate`` on the command line: 200 synthetic claims, rules files, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from edi.cli import main
from tests.simulator.conftest import pyx12_errors, transaction_sets, write_837


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("X12FLOW_CONFIG", raising=False)
    monkeypatch.setenv("X12FLOW_DATABASE_URL", f"sqlite:///{tmp_path / 'x12flow.db'}")
    return CliRunner()


def generated(runner: CliRunner, tmp_path: Path) -> Path:
    """``x12flow sample 837p --count 200 --seed 7 | x12flow generate 837p - --out claims``."""
    sample = runner.invoke(main, ["sample", "837p", "--count", "200", "--seed", "7"])
    assert sample.exit_code == 0
    made = runner.invoke(
        main,
        ["generate", "837p", "-", "--out", "claims", "--db", f"sqlite:///{tmp_path / 'ctl.db'}"],
        input=sample.output,
    )
    assert made.exit_code == 0, made.output
    [path] = (tmp_path / "claims").glob("837P-*.x12")
    return path


def test_200_synthetic_claims_give_files_pyx12_validates_clean(
    runner: CliRunner, tmp_path: Path
) -> None:
    claims = generated(runner, tmp_path)
    result = runner.invoke(main, ["simulate", str(claims), "--seed", "7"])
    assert result.exit_code == 0, result.output
    written = sorted((tmp_path / "inbox").glob("*.x12"))
    assert {p.name.split("-")[0] for p in written} == {"999", "277CA", "835"}
    assert {p.name: [str(e) for e in pyx12_errors(p)] for p in written} == {
        p.name: [] for p in written
    }
    [record] = (tmp_path / "inbox").glob("simulation-*.json")
    decisions = json.loads(record.read_text())
    assert len(decisions["claims"]) == 200
    assert f"decisions: inbox/{record.name}" in result.output
    assert "200 claims:" in result.output


def test_rules_file_sets_the_mix(runner: CliRunner, tmp_path: Path) -> None:
    claims = write_837(tmp_path, "837i", 6, seed=3)
    (tmp_path / "rules.yaml").write_text(
        "ack999: {rejected: 0, accepted_with_errors: 0}\nclaim_ack: {rejected: 1}\n"
    )
    result = runner.invoke(
        main, ["simulate", str(claims), "--rules", "rules.yaml", "--out", "replies"]
    )
    assert result.exit_code == 0, result.output
    assert "6 claims: 6 rejected_277ca" in result.output
    assert list((tmp_path / "replies").glob("835-*")) == []
    [ack] = (tmp_path / "replies").glob("277CA-*.x12")
    assert {c["accepted"] for ts in transaction_sets(ack) for c in ts["claims"]} == {False}


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("rules.toml", "[remittance]\npaid_in_full = 0.5\n"),
        ("rules.json", '{"ack999": {"rejected": 2}}'),
        ("rules.yaml", "claim_ack: {reasons: []}\n"),
        ("rules.txt", "anything"),
        ("rules.toml", "[unknown]\n"),
    ],
)
def test_bad_rules_are_a_clean_error(
    runner: CliRunner, tmp_path: Path, name: str, text: str
) -> None:
    claims = write_837(tmp_path, "837p", 2, seed=1)
    (tmp_path / name).write_text(text)
    result = runner.invoke(main, ["simulate", str(claims), "--rules", name])
    assert result.exit_code == 2
    assert result.output.startswith(f"x12flow: {name}: ")
    assert not (tmp_path / "inbox").exists()


def test_a_file_that_is_not_an_837_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    claims = write_837(tmp_path, "837p", 2, seed=1)
    first = runner.invoke(main, ["simulate", str(claims)])
    assert first.exit_code == 0
    [ack] = (tmp_path / "inbox").glob("999-*.x12")
    result = runner.invoke(main, ["simulate", str(ack), "--out", "again"])
    assert result.exit_code == 2
    assert "not an 837 claim file (found 999)" in result.output
    assert "Traceback" not in result.output
