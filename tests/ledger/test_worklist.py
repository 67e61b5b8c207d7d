"""The denial worklist on SQLite and PostgreSQL: items open when a reply denies, rejects or
cannot match a claim, close when a later 835 pays it, and every worker's change is an event
with who and when; a write-off moves the claim's balance."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from edi.ledger import Ledger, schema
from edi.ledger.worklist_changes import Change, WorklistConflict, WorklistError, work_item
from edi.model.claim import Claim
from tests.ledger.scenario import Scenario, clp, sample_claims
from tests.ledger.x12text import ack_999

SENT = datetime(2026, 11, 2, 9, 30)
NOW = datetime(2026, 11, 30, 12, 0)  # the tests' clock (tests/conftest.py)


def _items(scenario: Scenario, *options: str) -> list[dict[str, Any]]:
    result = scenario.cli("worklist", "--format", "json", *options)
    assert result.exit_code == 0, result.output
    items: list[dict[str, Any]] = json.loads(result.output)
    return items


def _deny(scenario: Scenario, claim: Claim, trace: str, cas: str, paid_on: date) -> None:
    lines = clp(claim, "4", Decimal("0.00"), cas=[cas])
    scenario.ingest(
        scenario.remit(lines, total=Decimal(0), trace=trace, paid_on=paid_on, payer="ACME HEALTH")
    )


def _pay(scenario: Scenario, claim: Claim, trace: str, paid_on: date) -> None:
    lines = clp(claim, "1", claim.total_charge)
    scenario.ingest(
        scenario.remit(
            lines, total=claim.total_charge, trace=trace, paid_on=paid_on, payer="ACME HEALTH"
        )
    )


def test_a_denial_opens_an_item_and_a_later_payment_closes_it(scenario: Scenario) -> None:
    claim, other = sample_claims(2, seed=181)
    scenario.submit([claim, other], SENT)
    charge = claim.total_charge
    _deny(scenario, claim, "EFT-DENY", f"CO*50*{charge}", date(2026, 11, 20))

    (item,) = _items(scenario)
    # CO-50: medical necessity, appeal; 120 days from the 835's date, 110 days left today
    priority = (charge * 30 / Decimal(140)).quantize(Decimal("0.01"))
    assert {k: item[k] for k in ("claim", "source", "category", "action", "status")} == {
        "claim": claim.patient_control_number,
        "source": "835",
        "category": "medical_necessity",
        "action": "appeal",
        "status": "open",
    }
    assert (item["received"], item["deadline"], item["days_left"]) == (
        "2026-11-20",
        "2027-03-20",
        110,
    )
    assert (item["amount"], item["priority"], item["version"]) == (str(charge), str(priority), 1)

    _pay(scenario, claim, "EFT-PAID", date(2026, 11, 28))
    assert _items(scenario) == []
    (closed,) = _items(scenario, "--status", "resolved")
    assert (closed["id"], closed["version"]) == (item["id"], 2)
    history = json.loads(scenario.cli("claim", claim.patient_control_number, "--json").output)
    assert [
        (w["kind"], w["by"], w["from_status"], w["to_status"]) for w in history["worklist"]
    ] == [
        ("opened", "x12flow", None, "open"),
        ("resolved", "x12flow", "open", "resolved"),
    ]
    assert all(w["at"].startswith("2026-11-30T12:") for w in history["worklist"])  # the clock
    assert "CARC 50" in history["worklist"][0]["note"]


def test_a_contractual_reduction_or_a_deductible_opens_nothing(scenario: Scenario) -> None:
    (claim,) = sample_claims(1, seed=182)
    scenario.submit([claim], SENT)
    paid = claim.total_charge - Decimal("30.00")
    lines = clp(
        claim, "1", paid - Decimal("10.00"), Decimal("10.00"), cas=["CO*45*20.00", "PR*1*10.00"]
    )
    scenario.ingest(
        scenario.remit(
            lines,
            total=paid - Decimal("10.00"),
            trace="EFT-1",
            paid_on=date(2026, 11, 20),
            payer="ACME HEALTH",
        )
    )
    assert _items(scenario) == []


def test_a_999_rejection_opens_an_item_a_write_off_moves_the_balance(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    claims = sample_claims(2, seed=183)
    batch = scenario.submit(claims, SENT)
    scenario.ingest(
        scenario.write("999", ack_999(batch.group, [(batch.transactions[0][0], False)]))
    )
    items = _items(scenario)
    assert sorted(i["claim"] for i in items) == sorted(c.patient_control_number for c in claims)
    # correct and resubmit: 365 days from the 999, capped by 365 days from the date of service
    for claim in claims:
        service = min(line.service_date for line in claim.service_lines)
        due = min(date(2027, 11, 30), service + timedelta(days=365))
        action = "correct_and_resubmit" if due >= NOW.date() else "write_off"
        (mine,) = [i for i in items if i["claim"] == claim.patient_control_number]
        assert (mine["source"], mine["category"], mine["action"], mine["deadline"]) == (
            "999",
            "missing_information",
            action,
            due.isoformat(),
        )
    first = next(i for i in items if i["claim"] == claims[0].patient_control_number)
    charge = claims[0].total_charge

    monkeypatch.setenv("X12FLOW_USER", "dana")
    done = scenario.cli("work", str(first["id"]), "--assign", "lee", "--status", "in_progress")
    assert done.exit_code == 0, done.output
    done = scenario.cli(
        "work", str(first["id"]), "--status", "written_off", "--note", "too old", "--user", "kim"
    )
    assert done.exit_code == 0, done.output
    row = scenario.claims()[claims[0].patient_control_number]
    assert (row["written_off"], row["balance"]) == (str(charge), "0.00")
    assert scenario.claims()[claims[1].patient_control_number]["balance"] == str(
        claims[1].total_charge
    )

    history = json.loads(scenario.cli("claim", claims[0].patient_control_number, "--json").output)
    changes = [
        (
            w["kind"],
            w["by"],
            w["from_status"],
            w["to_status"],
            w["to_assignee"],
            w["amount"],
            w["note"],
        )
        for w in history["worklist"]
    ]
    assert changes == [
        ("opened", "x12flow", None, "open", None, None, changes[0][6]),
        ("changed", "dana", "open", "in_progress", "lee", None, None),
        ("write-off", "kim", "in_progress", "written_off", "lee", str(charge), "too old"),
    ]
    assert history["events"][-1]["kind"] == "write-off"
    assert "kim" in history["events"][-1]["detail"]
    text = scenario.cli("claim", claims[0].patient_control_number).output
    assert f"item #{first['id']} write-off by kim: in_progress → written_off" in text

    refused = scenario.cli("work", str(first["id"]), "--status", "open")
    assert refused.exit_code == 1
    assert "written_off: it cannot become open" in refused.output


def test_filters_and_csv(scenario: Scenario) -> None:
    claims = sample_claims(3, seed=184)
    scenario.submit(claims, SENT)
    for number, claim in enumerate(claims):
        cas = f"CO*50*{claim.total_charge}" if number < 2 else f"CO*22*{claim.total_charge}"
        _deny(scenario, claim, f"EFT-{number}", cas, date(2026, 11, 20))
    assert scenario.cli("work", "1", "--assign", "lee", "--user", "dana").exit_code == 0
    assert [i["id"] for i in _items(scenario, "--assignee", "lee")] == [1]
    assert len(_items(scenario, "--category", "medical_necessity")) == 2
    assert len(_items(scenario, "--category", "coordination_of_benefits")) == 1
    assert len(_items(scenario, "--payer", "ACME1")) == 3
    assert _items(scenario, "--payer", "OTHER") == []
    # bill the next payer: 90 days from the 835; appeals: 120
    assert [i["action"] for i in _items(scenario, "--due-before", "2027-02-18")] == [
        "bill_next_payer"
    ]
    assert len(_items(scenario, "--due-before", "2027-03-20")) == 3
    listed = _items(scenario)
    assert [i["priority"] for i in listed] == sorted(
        (i["priority"] for i in listed), key=Decimal, reverse=True
    )
    csv_out = scenario.cli("worklist", "--format", "csv").output.splitlines()
    assert csv_out[0].startswith("id,claim,unmatched_id,payer,source,category,action")
    assert len(csv_out) == 4


def test_an_unmatched_payment_is_matched_or_dismissed(scenario: Scenario) -> None:
    (claim,) = sample_claims(1, seed=185)
    scenario.submit([claim], SENT)
    stray = clp(claim, "1", claim.total_charge, number="NOT-OURS-1", icn="ICN-X1")
    other = clp(claim, "1", Decimal("5.00"), number="NOT-OURS-2", icn="ICN-X2")
    scenario.ingest(
        scenario.remit(
            [*stray, *other],
            total=claim.total_charge + Decimal("5.00"),
            trace="EFT-U",
            paid_on=date(2026, 11, 20),
            payer="ACME HEALTH",
        )
    )
    items = _items(scenario)
    assert [(i["source"], i["category"], i["action"], i["claim"]) for i in items] == [
        ("unmatched", "other", "review", None)
    ] * 2
    big = next(i for i in items if i["amount"] == str(claim.total_charge))
    small = next(i for i in items if i["amount"] == "5.00")
    done = scenario.cli("match", str(big["id"]), claim.patient_control_number, "--user", "kim")
    assert done.exit_code == 0, done.output
    row = scenario.claims()[claim.patient_control_number]
    assert (row["status"], row["paid"], row["balance"]) == ("paid", str(claim.total_charge), "0.00")
    assert scenario.cli("dismiss", str(small["id"]), "--user", "kim").exit_code == 2  # --note
    done = scenario.cli("dismiss", str(small["id"]), "--note", "another clinic's", "--user", "kim")
    assert done.exit_code == 0, done.output
    assert _items(scenario) == []
    assert [i["id"] for i in _items(scenario, "--status", "dismissed")] == [small["id"]]
    again = scenario.cli("match", str(small["id"]), claim.patient_control_number)
    assert (again.exit_code, "dismissed already" in again.output) == (1, True)


def test_two_workers_on_one_item_lose_no_update(db_url: str, scenario: Scenario) -> None:
    (claim,) = sample_claims(1, seed=186)
    scenario.submit([claim], SENT)
    _deny(scenario, claim, "EFT-C", f"CO*50*{claim.total_charge}", date(2026, 11, 20))
    (item,) = _items(scenario)
    first_done, refused = threading.Event(), []

    def second_worker() -> None:
        first_done.wait(10)
        with Ledger.open(db_url) as ledger:
            try:
                with ledger.atomic() as connection:
                    work_item(connection, item["id"], Change(assignee="kim"), "kim", NOW, 1)
            except WorklistConflict as exc:
                refused.append(exc.message)

    with Ledger.open(db_url) as ledger:
        worker = threading.Thread(target=second_worker)
        worker.start()
        with ledger.atomic() as connection:
            work_item(connection, item["id"], Change(assignee="lee"), "lee", NOW, 1)
            first_done.set()
            worker.join(0.5)  # the second waits on the first's transaction
        worker.join(30)
    assert len(refused) == 1 and "retry" in refused[0]
    (after,) = _items(scenario)
    assert (after["assignee"], after["version"]) == ("lee", 2)
    with Ledger.open(db_url) as ledger, ledger.atomic() as connection:
        with pytest.raises(WorklistConflict):
            work_item(connection, item["id"], Change(note="late"), "kim", NOW, 1)
        with pytest.raises(WorklistError, match="no worklist item #999"):
            work_item(connection, 999, Change(note="x"), "kim", NOW)
        kinds = connection.execute(
            select(schema.worklist_events.c.by).order_by(schema.worklist_events.c.id)
        ).scalars()
        assert list(kinds) == ["x12flow", "lee"]


def test_the_configured_deadlines_reach_ingest(scenario: Scenario) -> None:
    """`x12flow ingest --config` opens items with the configuration's [deadlines] windows."""
    claim, other = sample_claims(2, seed=182)
    scenario.submit([claim, other], SENT)
    config = scenario.directory / "x12flow.toml"
    config.write_text("[deadlines]\nappeal_days = 30\n", encoding="ascii")
    lines = clp(claim, "4", Decimal("0.00"), cas=[f"CO*50*{claim.total_charge}"])
    remit = scenario.remit(
        lines, total=Decimal(0), trace="EFT-CFG", paid_on=date(2026, 11, 20), payer="ACME HEALTH"
    )
    result = scenario.cli("ingest", str(remit), "--config", str(config), "--json")
    assert result.exit_code == 0, result.output
    (item,) = _items(scenario)
    assert (item["action"], item["received"], item["deadline"]) == (
        "appeal",
        "2026-11-20",
        "2026-12-20",
    )
