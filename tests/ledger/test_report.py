"""``x12flow report``: every metric against a hand calculation from the scenario's inputs."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from edi.model.claim import Claim
from tests.ledger.scenario import Scenario, clp, sample_claims
from tests.ledger.x12text import ack_999

D = Decimal
AS_OF = date(2026, 12, 1)


def money(value: Decimal) -> str:
    return str(value.quantize(D("0.01")))


@pytest.fixture
def claims(scenario: Scenario) -> list[Claim]:
    """Six claims in three batches: paid, denied / partly paid, open / rejected twice."""
    claims = sample_claims(6, seed=31)
    c1, c2, c3, c4, c5, c6 = claims
    scenario.submit([c1, c2], datetime(2026, 7, 1, 10, 0))
    batch_b = scenario.submit([c3, c4], datetime(2026, 9, 15, 10, 0))
    batch_c = scenario.submit([c5, c6], datetime(2026, 11, 20, 10, 0))
    scenario.ingest(
        scenario.write("999", ack_999(batch_b.group, [(batch_b.transactions[0][0], True)]))
    )
    scenario.ingest(
        scenario.write("999", ack_999(batch_c.group, [(batch_c.transactions[0][0], False)]))
    )
    july = clp(c1, "1", c1.total_charge) + clp(c2, "4", D("0.00"), cas=[f"CO*50*{c2.total_charge}"])
    scenario.ingest(
        scenario.remit(
            july, total=c1.total_charge, trace="JUL", paid_on=date(2026, 7, 21), payer="ACME HEALTH"
        )
    )
    october = clp(c3, "1", c3.total_charge - 15, D("5.00"), cas=["CO*45*10.00", "PR*2*5.00"])
    scenario.ingest(
        scenario.remit(
            october,
            total=c3.total_charge - 15,
            trace="OCT",
            paid_on=date(2026, 10, 15),
            payer="ACME HEALTH",
        )
    )
    return claims


def test_report_json_matches_a_hand_calculation(scenario: Scenario, claims: list[Claim]) -> None:
    c1, c2, c3, c4, c5, c6 = (c.total_charge for c in claims)
    report = scenario.report(AS_OF)
    assert report["as_of"] == "2026-12-01"
    assert report["claims"] == 6
    assert report["statuses"] == {
        "submitted": 0,
        "accepted": 1,
        "rejected": 2,
        "acknowledged": 0,
        "paid": 2,
        "denied": 1,
        "reversed": 0,
    }
    # first submissions decided: 1, 2, 3 (adjudicated), 4 (999 A), 5, 6 (999 R) -> 4 of 6
    assert report["clean_claim_rate"] == "0.6667"
    assert report["denial_rate"] == "0.3333"  # 1 denied of 3 adjudicated
    assert report["average_days_to_payment"] == "25.0"  # (20 + 30) / 2
    outstanding = c4 + c5 + c6
    assert report["totals"] == {
        "charged": money(c1 + c2 + c3 + c4 + c5 + c6),
        "paid": money(c1 + c3 - 15),
        "adjusted": money(c2 + 10),
        "patient_responsibility": "5.00",
        "outstanding": money(outstanding),
        "provider_adjustments": "0.00",
    }
    assert report["aging"] == [
        {"bucket": "0-30", "claims": 2, "amount": money(c5 + c6)},
        {"bucket": "31-60", "claims": 0, "amount": "0.00"},
        {"bucket": "61-90", "claims": 1, "amount": money(c4)},  # 77 days
        {"bucket": "91-120", "claims": 0, "amount": "0.00"},
        {"bucket": "over 120", "claims": 0, "amount": "0.00"},
    ]
    assert report["top_denial_reasons"] == [{"reason": "50", "claims": 1, "amount": money(c2)}]
    assert report["by_payer"] == [
        {
            "payer": "ACME HEALTH",
            "claims": 6,
            **{k: v for k, v in report["totals"].items() if k != "provider_adjustments"},
            "denied": 1,
            "denial_rate": "0.3333",
        }
    ]
    assert report["payments_by_date"] == [
        {"date": "2026-07-21", "paid": money(c1)},
        {"date": "2026-10-15", "paid": money(c3 - 15)},
    ]
    assert report["unmatched"] == {"items": 0, "amount": "0.00"}


def test_since_limits_the_report_to_later_claims(scenario: Scenario, claims: list[Claim]) -> None:
    report = scenario.report(AS_OF, "--since", "2026-09-01")
    assert report["claims"] == 4
    assert report["clean_claim_rate"] == "0.5000"  # 3 and 4 accepted, 5 and 6 rejected
    assert report["average_days_to_payment"] == "30.0"
    assert report["top_denial_reasons"] == []


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # claims 5 and 6 sent 2026-11-20, claim 4 sent 2026-09-15
        (date(2027, 1, 19), {"0-30": 0, "31-60": 2, "61-90": 0, "91-120": 0, "over 120": 1}),
        (date(2027, 1, 20), {"0-30": 0, "31-60": 0, "61-90": 2, "91-120": 0, "over 120": 1}),
        (date(2026, 12, 20), {"0-30": 2, "31-60": 0, "61-90": 0, "91-120": 1, "over 120": 0}),
    ],
)
def test_aging_buckets_move_with_as_of(
    scenario: Scenario, claims: list[Claim], as_of: date, expected: dict[str, int]
) -> None:
    report = scenario.report(as_of)
    assert {b["bucket"]: b["claims"] for b in report["aging"]} == expected


def test_text_csv_and_html_formats(scenario: Scenario, claims: list[Claim], tmp_path: Path) -> None:
    text = scenario.cli("report", "--as-of", "2026-12-01").output
    assert "clean claim rate: 66.7%" in text
    assert "A/R aging" in text
    rows = list(
        csv.DictReader(
            io.StringIO(scenario.cli("report", "--format", "csv", "--as-of", "2026-12-01").output)
        )
    )
    values = {(r["section"], r["item"], r["metric"]): r["value"] for r in rows}
    assert values[("summary", "", "denial_rate")] == "0.3333"
    assert values[("aging", "61-90", "amount")] == money(claims[3].total_charge)
    out = tmp_path / "report.html"
    result = scenario.cli("report", "--format", "html", "--as-of", "2026-12-01", "--out", str(out))
    assert result.exit_code == 0 and "wrote" in result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<svg") == 3  # aging, denials by reason, payments over time
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert "CARC 50" in page


def test_report_of_an_empty_ledger(scenario: Scenario) -> None:
    assert scenario.cli("init").exit_code == 0  # report only reads: it creates no ledger
    report = scenario.report(AS_OF)
    assert report["claims"] == 0
    assert report["clean_claim_rate"] is None
    assert report["denial_rate"] is None
    assert report["average_days_to_payment"] is None
    assert "n/a" in scenario.cli("report", "--as-of", "2026-12-01").output
    assert "<svg" in scenario.cli("report", "--format", "html", "--as-of", "2026-12-01").output


def test_bad_dates_are_refused(scenario: Scenario) -> None:
    result = scenario.cli("report", "--as-of", "yesterday")
    assert result.exit_code == 2
    assert "not a date" in result.output
