"""Meanings next to codes in the ledger's outputs (``..._description``), money with its currency
sign, and bar charts that draw a negative amount below their zero line."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from edi.ledger.html import _bars, _hbars
from edi.model.money import currency
from tests.ledger.scenario import Scenario, clp, sample_claims
from tests.ledger.x12text import ack_277ca, ack_999

D = Decimal


@pytest.fixture
def numbers(scenario: Scenario) -> tuple[str, str]:
    """Two claims: the first denied (CLP02 4, CO-50), the second paid less CO-45 after a 999
    accepted their set and a 277CA accepted the second (A2)."""
    denied, paid = sample_claims(2, seed=43)
    sent = scenario.submit([denied, paid], datetime(2026, 10, 1, 9, 0))
    scenario.ingest(scenario.write("999", ack_999(sent.group, [(sent.transactions[0][0], True)])))
    statuses = [(paid.patient_control_number, "A2:20", "ICN-P", str(paid.total_charge))]
    scenario.ingest(scenario.write("277CA", ack_277ca(statuses)))
    body = [
        *clp(denied, "4", D("0.00"), cas=[f"CO*50*{denied.total_charge}"]),
        *clp(paid, "1", paid.total_charge - 10, cas=["CO*45*10.00"], icn="ICN-P"),
    ]
    total = paid.total_charge - 10
    scenario.ingest(
        scenario.remit(
            body, total=total, trace="T1", paid_on=date(2026, 11, 2), payer="ACME HEALTH"
        )
    )
    return denied.patient_control_number, paid.patient_control_number


def _history(scenario: Scenario, number: str) -> dict[str, Any]:
    result = scenario.cli("claim", number, "--format", "json")
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def test_claim_history_json_has_the_words_of_each_code(
    scenario: Scenario, numbers: tuple[str, str]
) -> None:
    denied, paid = numbers
    history = _history(scenario, denied)
    [payment] = history["payments"]
    assert payment["status_code"] == "4" and payment["status_code_description"] == "Denied"
    assert payment["denial_category"] == "medical_necessity"
    assert payment["denial_category_description"] == "medical necessity"
    assert (payment["next_action"], payment["next_action_description"]) == ("appeal", "appeal")
    [adjustment] = history["adjustments"]
    assert adjustment["group_code"] == "CO"
    assert adjustment["group_code_description"] == "Contractual Obligations"
    assert adjustment["reason_code"] == "50"
    assert adjustment["reason_code_description"] is None  # X12's CARC text only when loaded
    acknowledgments = _history(scenario, paid)["acknowledgments"]
    # the 999 answered the set, not the claim: its words are in the claim's events
    assert [(a["kind"], a["status"], a["status_description"]) for a in acknowledgments] == [
        ("277CA", "A2", "acknowledgement/acceptance into the adjudication system"),
    ]
    [paid_payment] = _history(scenario, paid)["payments"]
    assert paid_payment["status_code_description"] == "Processed as Primary"
    assert paid_payment["denial_category"] == "noncovered_contractual"  # CO-45
    assert paid_payment["next_action"] == "none"


def test_claim_history_text_shows_words_next_to_codes(
    scenario: Scenario, numbers: tuple[str, str]
) -> None:
    denied, paid = numbers
    text = scenario.cli("claim", denied).stdout
    assert re.search(r" CLP02 4 \(Denied\) original: charge ", text)
    assert (
        "      denial category medical_necessity (medical necessity), next action appeal "
        "(appeal)\n" in text
    )
    text = scenario.cli("claim", paid).stdout
    assert (
        " 277CA claim "
        f"{paid} A2 (acknowledgement/acceptance into the adjudication system): accepted"
    ) in text


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("1234.5", "$1,234.50"),
        ("0", "$0.00"),
        ("-0.00", "$0.00"),
        ("-12", "\u2212$12.00"),
        ("-2957.76", "\u2212$2,957.76"),
        ("10.125", "$10.125"),
    ],
)
def test_currency_form(amount: str, shown: str) -> None:
    assert currency(D(amount)) == shown


def test_a_missing_amount_has_no_sign() -> None:
    assert currency(None) == "-"


def _rects(svg: str) -> list[tuple[float, float, float, float]]:
    found = re.findall(r'<rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"', svg)
    return [(float(x), float(y), float(w), float(h)) for x, y, w, h in found]


def test_a_negative_bar_hangs_below_the_zero_line() -> None:
    svg = _bars(["2026-10-15", "2026-10-20"], [D("300.00"), D("-100.00")], "payments")
    (_, up_y, _, up_h), (_, down_y, _, down_h) = _rects(svg)
    [zero] = re.findall(r'<line x1="45" y1="([\d.]+)"', svg)
    assert up_y + up_h == pytest.approx(float(zero))  # stands on the line
    assert down_y == pytest.approx(float(zero))  # hangs from it
    assert up_h == pytest.approx(3 * down_h)
    assert "\u2212$100.00" in svg


def test_a_negative_horizontal_bar_goes_left_of_the_zero_line() -> None:
    svg = _hbars(["CARC 45", "CARC 50"], [D("-50.00"), D("150.00")], "denials")
    (left_x, _, left_w, _), (right_x, _, _, _) = _rects(svg)
    [zero] = re.findall(r'<line x1="([\d.]+)"', svg)
    assert left_x + left_w == pytest.approx(float(zero)) == pytest.approx(right_x)
