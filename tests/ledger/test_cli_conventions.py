"""One CLI convention for the ledger commands: ``--db`` and ``--config`` everywhere, ``--format
text|json`` (the old ``--json`` still works), and amounts shown as ``1,234.50`` in every text
output. On SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from edi.cli import main
from edi.model.claim import Claim
from tests.ledger.scenario import Scenario, clp, sample_claims
from tests.ledger.x12text import remittance

SENT = datetime(2026, 11, 2, 9, 30)
PAID_ON = date(2026, 11, 20)
D = Decimal
STRANGER = D("1234.50")  # paid on a claim the ledger does not know: an unmatched item
OFF = D("1000.00")  # what an unbalanced 835's BPR02 says beyond the claims it pays
MONEY = re.compile(r"-?\d{1,3}(?:,\d{3})*\.\d{2}")

LEDGER_COMMANDS = (
    ("init",),
    ("ingest",),
    ("claims",),
    ("claim",),
    ("unmatched",),
    ("report",),
    ("held",),
    ("held", "accept"),
    ("held", "discard"),
    ("watch",),
    ("submit",),
    ("generate",),
)


def _ledger(scenario: Scenario) -> list[Claim]:
    """Three claims; the first paid less a CO-45 adjustment in an 835 that also pays a claim
    the ledger does not know; then an 835 that does not balance (held)."""
    claims = sample_claims(3, seed=71)
    scenario.submit(claims, SENT)
    first = claims[0]
    paid = first.total_charge - D("10.00")
    stranger = clp(first, "1", STRANGER, number="NOT-OURS-1", charge=D("2000.00"))
    lines = [*clp(first, "1", paid, cas=["CO*45*10.00"]), *stranger]
    scenario.ingest(
        scenario.remit(
            lines, total=paid + STRANGER, trace="EFT-1", paid_on=PAID_ON, payer=first.payer.name
        )
    )
    second = claims[1]
    body = remittance(
        clp(second, "1", second.total_charge),
        total=str(second.total_charge + OFF),
        trace="EFT-2",
        paid_on=PAID_ON,
    )
    [held] = scenario.ingest(scenario.write("835", body))
    assert held["outcome"] == "held"
    return claims


def _json(scenario: Scenario, *args: str) -> Any:
    result = scenario.cli(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _plain(amount: str) -> str:
    assert MONEY.fullmatch(amount), amount
    return amount.replace(",", "")


@pytest.mark.parametrize("command", LEDGER_COMMANDS, ids=" ".join)
def test_every_ledger_command_takes_db_and_config(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "--db URL" in result.stdout and "--config FILE" in result.stdout
    assert "X12FLOW_DATABASE_URL" in result.stdout and "X12FLOW_CONFIG" in result.stdout


def test_format_json_and_the_old_json_flag_print_the_same(scenario: Scenario) -> None:
    claims = _ledger(scenario)
    for command in (
        ("claims",),
        ("claim", claims[0].patient_control_number),
        ("unmatched",),
        ("held",),
        ("held", "--all"),
    ):
        new = scenario.cli(*command, "--format", "json")
        old = scenario.cli(*command, "--json")
        assert new.exit_code == old.exit_code == 0, (command, new.output, old.output)
        assert new.stdout == old.stdout and json.loads(new.stdout) is not None, command
        text = scenario.cli(*command)
        assert text.exit_code == 0 and text.stdout != new.stdout, command  # text stays default


def test_ingest_takes_format_json_and_the_old_json_flag(scenario: Scenario) -> None:
    junk = scenario.directory / "junk.835"
    junk.write_text("not X12 at all")
    new = scenario.cli("ingest", str(junk), "--format", "json")
    old = scenario.cli("ingest", str(junk), "--json")
    assert new.exit_code == old.exit_code == 2
    assert new.stdout == old.stdout and json.loads(new.stdout)["file"] == str(junk)
    assert not scenario.cli("ingest", str(junk)).stdout.startswith("{")


def test_the_old_flag_with_another_format_is_a_usage_error(scenario: Scenario) -> None:
    assert scenario.cli("init").exit_code == 0
    result = scenario.cli("claims", "--json", "--format", "text")
    assert result.exit_code == 2 and "--json means --format json" in result.output
    assert scenario.cli("claims", "--json", "--format", "json").exit_code == 0


def test_amounts_in_text_are_shown_one_way(scenario: Scenario) -> None:
    claims = _ledger(scenario)
    listed = {c["patient_control_number"]: c for c in _json(scenario, "claims", "--format", "json")}
    fields = ("charge", "paid", "adjusted", "patient_responsibility", "balance")
    for line in scenario.cli("claims").stdout.splitlines()[1:-1]:
        number, *_, charge, paid, adjusted, patient, balance = line.split()
        shown = [_plain(a) for a in (charge, paid, adjusted, patient, balance)]
        assert shown == [listed[number][f] for f in fields]

    unmatched = scenario.cli("unmatched").stdout
    assert "NOT-OURS-1 amount 1,234.50:" in unmatched and "1234.50" not in unmatched

    [held] = _json(scenario, "held", "--format", "json")
    *_, amount, difference = scenario.cli("held").stdout.splitlines()[1].split()
    assert (_plain(amount), _plain(difference)) == (held["amount"], held["difference"])
    assert difference == "1,000.00"

    history = scenario.cli("claim", claims[0].patient_control_number).stdout
    detail = _json(scenario, "claim", claims[0].patient_control_number, "--format", "json")
    [payment] = detail["payments"]
    shown = re.search(r"charge (\S+) paid (\S+) patient (\S+)", history)
    assert shown is not None
    assert [_plain(a) for a in shown.groups()] == [
        payment["charge"],
        payment["paid"],
        payment["patient_responsibility"],
    ]
    assert ": CO-45 10.00 " in history


def test_the_report_text_shows_amounts_like_the_rest(scenario: Scenario) -> None:
    _ledger(scenario)
    data = scenario.report(date(2026, 12, 1))
    text = scenario.cli("report", "--as-of", "2026-12-01").stdout
    lines = text.splitlines()
    start = lines.index("Totals") + 1
    for name, value in data["totals"].items():
        line = lines[start]
        assert line.split()[:-1] == name.split("_")
        assert _plain(line.split()[-1].replace("\u2212$", "-").removeprefix("$")) == value
        start += 1
    assert f"(amount {data['unmatched']['amount']})" not in text
    assert "Unmatched remittance items: 1 (amount $1,234.50)" in text
    html = scenario.cli("report", "--as-of", "2026-12-01", "--format", "html").stdout
    assert "1,234.50" in html
    csv = scenario.cli("report", "--as-of", "2026-12-01", "--format", "csv").stdout
    assert "unmatched,,amount,1234.50" in csv  # CSV keeps the plain form for programs


def test_config_names_the_ledger_for_every_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("X12FLOW_DATABASE_URL", raising=False)
    monkeypatch.delenv("X12FLOW_CONFIG", raising=False)
    configured = tmp_path / "configured.db"
    config = tmp_path / "elsewhere.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{configured}"\n')
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(main, list(args))
        assert result.exit_code == 0, result.output
        return result.stdout

    assert str(configured) in run("init", "--config", str(config))
    assert configured.is_file() and not (tmp_path / "x12flow.db").exists()
    assert json.loads(run("claims", "--config", str(config), "--format", "json")) == []
    assert run("unmatched", "--config", str(config)).endswith("0 unmatched item(s)\n")
    assert run("held", "--config", str(config)).endswith("0 held set(s)\n")
    flagged = tmp_path / "flag.db"  # --db beats the configuration
    assert str(flagged) in run("init", "--config", str(config), "--db", f"sqlite:///{flagged}")
    from_env = tmp_path / "env.db"  # and so does the environment
    monkeypatch.setenv("X12FLOW_DATABASE_URL", f"sqlite:///{from_env}")
    assert str(from_env) in run("init", "--config", str(config))
    missing = runner.invoke(main, ["claims", "--config", str(tmp_path / "absent.toml")])
    assert missing.exit_code == 2 and "configuration file not found" in missing.output


def test_held_subcommands_take_the_options_of_the_group_too(
    scenario: Scenario, tmp_path: Path
) -> None:
    _ledger(scenario)
    [held] = _json(scenario, "held", "--format", "json")
    config = tmp_path / "x.toml"
    config.write_text(f'[database]\nurl = "{scenario.db_url}"\n')
    result = CliRunner().invoke(
        main, ["held", "--config", str(config), "discard", str(held["id"]), "--by", "me"]
    )
    assert result.exit_code == 0, result.output
    assert f"held set #{held['id']} discarded" in result.stdout


def test_config_names_the_code_descriptions_too(scenario: Scenario, tmp_path: Path) -> None:
    claims = _ledger(scenario)
    folder = tmp_path / "settings"
    folder.mkdir()
    (folder / "carc.csv").write_text("CARC,45,Charge exceeds the fee schedule (test text)\n")
    config = folder / "x12flow.toml"
    config.write_text(
        f'[codes]\ndescriptions = "carc.csv"\n[database]\nurl = "{scenario.db_url}"\n'
    )
    number = claims[0].patient_control_number
    plain = CliRunner().invoke(main, ["claim", number, "--db", scenario.db_url])
    described = CliRunner().invoke(main, ["claim", number, "--config", str(config)])
    assert plain.exit_code == described.exit_code == 0, described.output
    assert "(test text)" in described.stdout and "(test text)" not in plain.stdout
