"""`x12flow demo`: the whole cycle runs, and its report agrees with what the simulated payer
decided (the simulator's own decision record)."""

from __future__ import annotations

import json
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


def test_demo_ends_with_a_worked_worklist_in_several_categories_and_states(
    tmp_path: Path,
) -> None:
    said: list[str] = []
    result = run_demo(tmp_path / "demo", seed=7, professional=60, institutional=20, say=said.append)
    items = result.worklist
    by_id = {i.id: i for i in items}
    assert len({i.category for i in items}) >= 4
    assert {i.status for i in items} == {"open", "in_progress", "written_off"}
    worked = [line for line in said if line.startswith("  item ") and "(claim" in line]
    assert [line.rsplit(": ", 1)[1] for line in worked] == [
        "assigned to demo-biller",
        "in progress, with a note",
        "written off",
    ]
    ids = [int(line.split()[1]) for line in worked]
    assert by_id[ids[0]].assignee == "demo-biller" and by_id[ids[0]].status == "open"
    assert (by_id[ids[1]].status, by_id[ids[1]].assignee) == ("in_progress", "demo-biller")
    assert by_id[ids[2]].status == "written_off"
    # The list is printed highest priority first, claims by id, never a patient's name.
    rows = said[said.index(next(s for s in said if s.startswith("\n6. "))) + 1]
    assert rows.split() == ["item", "claim", "category", "action", "deadline", "amount", "status"]
    assert not any(value in "\n".join(said) for value in _patient_values(result.folder))


def _patient_values(folder: Path) -> set[str]:
    """Every patient's and subscriber's names, member id and birth date in the demo's claims."""
    found: set[str] = set()

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key in {"last_name", "first_name", "member_id"}:
            found.add(value)
        elif isinstance(value, str) and key == "birth_date":
            found.update({value, value.replace("-", "")})

    for path in folder.rglob("*.jsonl"):  # the sample claims, wherever submit moved them
        for line in path.read_text().splitlines():
            walk(json.loads(line))
    assert len(found) > 20
    return found
