"""`x12flow demo`: the whole cycle runs, and its report agrees with what the simulated payer
decided (the simulator's own decision record)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from edi.cli import main
from edi.demo import run_demo
from edi.x12.errors import X12FlowError

PAID = {"paid_in_full", "partially_paid", "reversed_and_corrected"}


def test_report_agrees_with_the_simulators_record(tmp_path: Path) -> None:
    result = run_demo(
        tmp_path / "demo", seed=3, professional=30, institutional=10, say=lambda _: None
    )
    record = result.simulation.record
    claims = list(record.claims.values())
    report = result.report
    statuses = report["statuses"]
    rejected = sum(1 for c in claims if c.outcome.startswith("rejected"))
    denied = sum(1 for c in claims if c.outcome == "denied")
    paid = sum(1 for c in claims if c.outcome in PAID)
    assert (statuses["rejected"], statuses["denied"], statuses["paid"]) == (rejected, denied, paid)
    assert report["claims"] == len(claims) == 40
    assert report["totals"]["charged"] == sum((c.charge for c in claims), Decimal(0))
    assert report["totals"]["paid"] == sum((c.paid for c in claims), Decimal(0))
    assert report["clean_claim_rate"] == (Decimal(len(claims) - rejected) / len(claims)).quantize(
        Decimal("0.0001")
    )
    assert report["denial_rate"] == (Decimal(denied) / (denied + paid)).quantize(Decimal("0.0001"))
    assert result.ingested["rejected"] == 0
    assert "<svg" in result.html.read_text()


def test_demo_command_prints_the_report_and_leaves_the_html(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    outcome = CliRunner().invoke(main, ["demo", "--dir", str(folder), "--claims", "12"])
    assert outcome.exit_code == 0, outcome.output
    assert "clean claim rate" in outcome.output and "A/R aging" in outcome.output
    assert (folder / "report.html").is_file()
    again = CliRunner().invoke(main, ["demo", "--dir", str(folder), "--claims", "12"])
    assert again.exit_code == 0  # an earlier demo folder is replaced


def test_demo_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "precious.txt").write_text("keep me")
    with pytest.raises(X12FlowError, match="not empty"):
        run_demo(tmp_path, say=lambda _: None)
    assert (tmp_path / "precious.txt").exists()


def test_shipped_samples_still_read() -> None:
    outcome = CliRunner().invoke(main, ["demo", "--samples"])
    assert outcome.exit_code == 0 and "remittance.835.x12" in outcome.output
