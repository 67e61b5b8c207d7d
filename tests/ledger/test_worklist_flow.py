"""An item's whole way on SQLite and PostgreSQL: open → in progress → resubmitted (the claim
sent again, by the system user) → resolved (a later 835 paid the correction), each step in the
claim's history with who and when; and the worklist's three formats on an empty and a busy
ledger."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from edi.model.claim import Claim
from tests.conftest import at_clock
from tests.ledger.scenario import Scenario, clp, sample_claims
from tests.ledger.x12text import ack_999

SENT = datetime(2026, 11, 2, 9, 30)
OPENED = datetime(2026, 11, 30, 12, 0)  # the tests' clock (tests/conftest.py)
WORKED = datetime(2026, 12, 1, 8, 15)
RESENT = datetime(2026, 12, 2, 9, 0)
PAID = datetime(2026, 12, 10, 16, 45)


def _items(scenario: Scenario, *options: str) -> list[dict[str, Any]]:
    result = scenario.cli("worklist", "--format", "json", *options)
    assert result.exit_code == 0, result.output
    items: list[dict[str, Any]] = json.loads(result.output)
    return items


def _remit(scenario: Scenario, lines: list[str], total: Decimal, trace: str, on: date) -> None:
    scenario.ingest(
        scenario.remit(lines, total=total, trace=trace, paid_on=on, payer="ACME HEALTH")
    )


def _history(scenario: Scenario, claim: Claim) -> list[tuple[Any, ...]]:
    """The claim's worklist events: when (to the minute: the clock runs on from the moment a
    test sets), who, what, from, to, assignee."""
    found = json.loads(scenario.cli("claim", claim.patient_control_number, "--json").output)
    return [
        (w["at"][:16], w["by"], w["kind"], w["from_status"], w["to_status"], w["to_assignee"])
        for w in found["worklist"]
    ]


def _replacement(claim: Claim) -> Claim:
    """The corrected claim: CLM05-3 7 with the payer's claim number (README, "Each claim is
    sent once")."""
    return claim.model_copy(
        update={
            "frequency_code": "7",
            "payer_claim_number": f"ICN-{claim.patient_control_number}",
        }
    )


def test_a_correction_that_gets_paid_closes_the_item(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim, bystander = sample_claims(2, seed=191)
    scenario.submit([claim, bystander], SENT)
    charge = claim.total_charge
    _remit(
        scenario,
        clp(claim, "4", Decimal("0.00"), cas=[f"CO*16*{charge}"]),
        Decimal(0),
        "D1",
        date(2026, 11, 20),
    )
    (item,) = _items(scenario)
    assert (item["claim"], item["category"], item["status"]) == (
        claim.patient_control_number,
        "missing_information",  # CO-16: correct and resubmit
        "open",
    )

    at_clock(monkeypatch, WORKED)
    done = scenario.cli(
        "work", str(item["id"]), "--status", "in_progress", "--assign", "lee", "--user", "dana"
    )
    assert done.exit_code == 0, done.output

    at_clock(monkeypatch, RESENT)
    scenario.submit([_replacement(claim)], RESENT)
    (moved,) = _items(scenario)
    assert (moved["id"], moved["status"], moved["assignee"], moved["version"]) == (
        item["id"],
        "resubmitted",
        "lee",
        3,
    )
    assert moved["updated_at"] == "2026-12-02T09:00:00"  # the batch's time

    at_clock(monkeypatch, PAID)
    _remit(scenario, clp(claim, "1", charge), charge, "P1", date(2026, 12, 9))
    assert _items(scenario) == []
    (closed,) = _items(scenario, "--status", "resolved")
    assert (closed["id"], closed["version"]) == (item["id"], 4)
    assert scenario.claims()[claim.patient_control_number]["status"] == "paid"

    assert _history(scenario, claim) == [
        ("2026-11-30T12:00", "x12flow", "opened", None, "open", None),
        ("2026-12-01T08:15", "dana", "changed", "open", "in_progress", "lee"),
        ("2026-12-02T09:00", "x12flow", "resubmitted", "in_progress", "resubmitted", "lee"),
        ("2026-12-10T16:45", "x12flow", "resolved", "resubmitted", "resolved", "lee"),
    ]
    assert _history(scenario, bystander) == []
    text = scenario.cli("claim", claim.patient_control_number).output.splitlines()
    at = text.index("worklist")
    n = item["id"]
    changes = [line for line in text[at + 1 :] if not line.startswith("      ")]
    assert [re.sub(r"(\d\d:\d\d):\d\d ", r"\1 ", line) for line in changes] == [
        f"  2026-11-30 12:00 item #{n} opened by x12flow: → open",
        f"  2026-12-01 08:15 item #{n} changed by dana: open → in_progress, assignee lee",
        f"  2026-12-02 09:00 item #{n} resubmitted by x12flow: in_progress → resubmitted",
        f"  2026-12-10 16:45 item #{n} resolved by x12flow: resubmitted → resolved",
    ]
    assert "      the claim was sent again in 837P-" in text[at + 5]
    assert text[at + 5].endswith("(CLM05-3 7, replacement)")


def test_a_resend_after_a_rejection_and_a_void(scenario: Scenario) -> None:
    """An original sent again after a 999 rejected it moves its item; a second rejection puts
    it back to open; a void leaves it to the worker."""
    claim, other = sample_claims(2, seed=192)
    batch = scenario.submit([claim, other], SENT)
    scenario.ingest(
        scenario.write("999", ack_999(batch.group, [(batch.transactions[0][0], False)]))
    )
    assert {i["status"] for i in _items(scenario)} == {"open"}

    resent = scenario.submit([claim], datetime(2026, 11, 30, 13, 0))
    mine = {i["claim"]: i for i in _items(scenario)}
    assert mine[claim.patient_control_number]["status"] == "resubmitted"
    assert mine[other.patient_control_number]["status"] == "open"

    scenario.ingest(
        scenario.write("999", ack_999(resent.group, [(resent.transactions[0][0], False)]))
    )
    mine = {i["claim"]: i for i in _items(scenario)}
    assert (
        mine[claim.patient_control_number]["status"],
        mine[claim.patient_control_number]["version"],
    ) == ("open", 3)

    void = claim.model_copy(update={"frequency_code": "8", "payer_claim_number": "ICN-9"})
    scenario.submit([void], datetime(2026, 11, 30, 14, 0))
    after = {i["claim"]: i for i in _items(scenario)}
    assert (
        after[claim.patient_control_number]["status"],
        after[claim.patient_control_number]["version"],
    ) == ("open", 3)
    kinds = [h[2] for h in _history(scenario, claim)]
    assert kinds == ["opened", "resubmitted", "reassessed"]


def test_the_worklist_formats_on_an_empty_ledger(scenario: Scenario) -> None:
    assert scenario.cli("init").exit_code == 0
    assert scenario.cli("worklist", "--format", "json").output == "[]\n"
    csv_out = scenario.cli("worklist", "--format", "csv")
    assert csv_out.exit_code == 0
    assert csv_out.output == (
        "id,claim,unmatched_id,payer,source,category,action,received,deadline,days_left,"
        "amount,priority,status,assignee,version\n"
    )
    text = scenario.cli("worklist").output.splitlines()
    assert text[0].split() == [
        "item",
        "claim",
        "category",
        "action",
        "deadline",
        "amount",
        "priority",
        "status",
        "assignee",
    ]
    assert text[1:] == ["0 item(s)"]


def test_the_worklist_formats_on_a_busy_ledger(scenario: Scenario) -> None:
    claims = sample_claims(12, seed=193)
    scenario.submit(claims, SENT)
    lines: list[str] = []
    for number, claim in enumerate(claims):
        reason = ("50", "16", "22", "29")[number % 4]
        lines += clp(claim, "4", Decimal("0.00"), cas=[f"CO*{reason}*{claim.total_charge}"])
    stray = clp(claims[0], "1", Decimal("7.00"), number="NOT-OURS-7", icn="ICN-X7")
    _remit(scenario, [*lines, *stray], Decimal("7.00"), "BUSY", date(2026, 11, 20))
    assert scenario.cli("work", "2", "--assign", "kim", "--user", "dana").exit_code == 0

    listed = _items(scenario)
    assert len(listed) == 13
    assert sum(i["claim"] is None for i in listed) == 1
    keys = [(-Decimal(i["priority"]), i["deadline"] or "9999", i["id"]) for i in listed]
    assert keys == sorted(keys)  # highest priority, then the earliest deadline, then the oldest

    rows = list(csv.DictReader(io.StringIO(scenario.cli("worklist", "--format", "csv").output)))
    assert [r["id"] for r in rows] == [str(i["id"]) for i in listed]
    for row, item in zip(rows, listed, strict=True):
        assert row == {k: "" if item[k] is None else str(item[k]) for k in row}

    text = scenario.cli("worklist").output.splitlines()
    assert text[-1] == "13 item(s)"
    body = text[1:-1]
    assert [int(line.split()[0]) for line in body] == [i["id"] for i in listed]
    kim = next(line for line in body if line.split()[0] == "2")
    assert kim.rstrip().endswith("open        kim")
    assert any("unmatched #" in line for line in body)
