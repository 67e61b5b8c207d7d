"""``x12flow parse`` on an 835: JSON names scripts rely on, and the readable text summary."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from edi.cli import main

DATA = Path(__file__).resolve().parent.parent / "data" / "era835"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout


def test_json_names_that_scripts_rely_on() -> None:
    code, out = run("parse", str(DATA / "paid_partial_denied.x12"))
    assert code == 0
    ts = json.loads(out)["interchanges"][0]["groups"][0]["transaction_sets"][0]
    assert (
        ts["payment"]["amount"],
        ts["payment"]["method"],
        ts["payment"]["date"],
        ts["payment"]["trace_number"],
    ) == ("340.00", "ACH", "2026-12-03", "EFT20261203")
    assert ts["payer"]["name"] == "ACME HEALTH PLAN" and ts["payee"]["id"] == "1234567893"
    claim = ts["claims"][1]
    assert {
        "patient_control_number",
        "status_code",
        "charge",
        "paid",
        "patient_responsibility",
        "payer_claim_control_number",
        "adjustments",
        "services",
    } <= set(claim)
    line = claim["services"][0]
    assert line["procedure"] == {"qualifier": "HC", "code": "99214", "modifiers": ["25"]}
    assert {"charge", "paid", "units", "line_control_number", "adjustments", "remarks"} <= set(line)
    assert set(line["adjustments"][0]) >= {"group", "reason", "amount"}


def test_text_summary() -> None:
    code, out = run("parse", "--format", "text", str(DATA / "reversal_correction.x12"))
    assert code == 0
    lines = out.splitlines()
    assert "  payer: ACME HEALTH PLAN (XV ACME01)" in lines
    assert "  payment: 100.00 by CHK on 2026-12-06, trace number CHK55501" in lines
    rows = [line.split() for line in lines if line.startswith("    ACCT")]
    assert rows == [
        ["ACCT200", "1", "1", "80.00", "80.00", "-", "ICN2000"],
        ["ACCT100", "1", "22", "reversal", "-200.00", "-120.00", "-", "ICN9000"],
        ["ACCT100", "1", "1", "correction", "200.00", "140.00", "30.00", "ICN9001"],
    ]
    assert any("3 claim(s), paid 100.00" in line and "balanced" in line for line in lines)
    assert "IOTA" not in out and "MEMBER100" not in out  # no patient names or member ids


def test_validate_exit_code_follows_balancing(tmp_path: Path) -> None:
    text = (
        (DATA / "plb_interest_recoupment.x12").read_text().replace("BPR*I*105.25", "BPR*I*106.25")
    )
    path = tmp_path / "off.x12"
    path.write_text(text)
    code, out = run("validate", str(path))
    assert code == 1
    assert "BALANCE-transaction" in out and "(difference 1.00)" in out
