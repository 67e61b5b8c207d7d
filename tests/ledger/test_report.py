"""``x12flow report``: every figure against a hand calculation from the scenario's inputs, as of
three days, on SQLite and PostgreSQL.

Eight claims (a to h are their charges): A, B, G and H sent 2026-07-01, C and D 2026-09-15,
E and F 2026-11-20. Replies, all ingested on 2026-11-30 (the test clock):

* 999: C and D's set accepted, E and F's rejected; 277CA: C and D accepted (A2), F rejected (A7);
* 835 of 2026-07-21: A paid in full; B denied (CO-50) and G denied (CO-29); H paid in full;
* 835 of 2026-10-15: C paid c − 15 (CO-45 10, PR-2 5); H reversed and paid again h − 30 (CO-45 30);
* 835 of 2026-12-10, ingested before its date: D paid d − 20 (CO-45 20), a payment for a claim
  the ledger does not know (100.00) and a PLB of 12.00 naming nothing.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from edi.model.claim import Claim
from tests.conftest import at_clock
from tests.ledger.scenario import Scenario, clp, sample_claims
from tests.ledger.x12text import ack_277ca, ack_999

D = Decimal
JULY, SEPTEMBER, NOVEMBER = (
    datetime(2026, 7, 1, 10, 0),
    datetime(2026, 9, 15, 10, 0),
    datetime(2026, 11, 20, 10, 0),
)


def money(value: Decimal) -> str:
    return str(value.quantize(D("0.01")))


def ratio(part: Decimal, whole: Decimal, places: str = "0.0001") -> str:
    return str((part / whole).quantize(D(places), ROUND_HALF_UP))


@dataclass
class Ledger:
    """The scenario's claims by letter, and their charges."""

    claims: dict[str, Claim]

    def __getattr__(self, letter: str) -> Decimal:
        return self.claims[letter.upper()].total_charge

    def pcn(self, letter: str) -> str:
        return self.claims[letter].patient_control_number


@pytest.fixture
def ledger(scenario: Scenario) -> Ledger:
    claims = dict(zip("ABCDEFGH", sample_claims(8, seed=31), strict=True))
    L = Ledger(claims)
    A, B, C, Dd, E, F, G, H = (claims[k] for k in "ABCDEFGH")
    scenario.submit([A, B, G, H], JULY)
    september = scenario.submit([C, Dd], SEPTEMBER)
    november = scenario.submit([E, F], NOVEMBER)
    scenario.ingest(
        scenario.write("999", ack_999(september.group, [(september.transactions[0][0], True)]))
    )
    scenario.ingest(
        scenario.write("999", ack_999(november.group, [(november.transactions[0][0], False)]))
    )
    statuses = [
        (C.patient_control_number, "A2:20", None, str(L.c)),
        (Dd.patient_control_number, "A2:20", None, str(L.d)),
        (F.patient_control_number, "A7:21", None, str(L.f)),
    ]
    scenario.ingest(scenario.write("277CA", ack_277ca(statuses)))
    july = [
        *clp(A, "1", L.a),
        *clp(B, "4", D("0.00"), cas=[f"CO*50*{L.b}"]),
        *clp(G, "4", D("0.00"), cas=[f"CO*29*{L.g}"]),
        *clp(H, "1", L.h),
    ]
    scenario.ingest(
        scenario.remit(
            july, total=L.a + L.h, trace="JUL", paid_on=date(2026, 7, 21), payer="ACME HEALTH"
        )
    )
    october = [
        *clp(C, "1", L.c - 15, D("5.00"), cas=["CO*45*10.00", "PR*2*5.00"]),
        *clp(H, "22", -L.h, charge=-L.h),
        *clp(H, "1", L.h - 30, cas=["CO*45*30.00"]),
    ]
    scenario.ingest(
        scenario.remit(
            october, total=L.c - 45, trace="OCT", paid_on=date(2026, 10, 15), payer="ACME HEALTH"
        )
    )
    december = [
        *clp(Dd, "1", L.d - 20, cas=["CO*45*20.00"]),
        *clp(A, "1", D("100.00"), number="NOT-OURS-1", charge=D("100.00")),
    ]
    scenario.ingest(
        scenario.remit(
            december,
            total=L.d + 68,
            trace="DEC",
            paid_on=date(2026, 12, 10),
            payer="ACME HEALTH",
            plb=["PLB*1234567893*20261231*WO:NOBODY-1*12.00"],
        )
    )
    return L


def test_as_of_the_first_of_december(scenario: Scenario, ledger: Ledger) -> None:
    a, b, c, d, e, f, g, h = (getattr(ledger, k) for k in "abcdefgh")
    report = scenario.report(date(2026, 12, 1))
    assert report["claims"] == 8
    # D's payment is dated 2026-12-10: D is still acknowledged (277CA A2), not paid
    assert report["statuses"] == {
        "submitted": 0,
        "accepted": 0,
        "rejected": 2,
        "acknowledged": 1,
        "paid": 3,
        "denied": 2,
        "reversed": 0,
    }
    # first submissions: A, B, G, H (adjudicated), C, D (999 A) accepted; E, F (999 R)
    assert report["clean_claim_rate"] == "0.7500"
    assert report["denial_rate"] == "0.4000"  # B, G of A, B, C, G, H
    assert report["first_pass_resolution_rate"] == "0.6000"  # A, C, H of the same five
    # paid ÷ (charges − CO) over the adjudicated A, B, C, G, H
    assert report["net_collection_rate"] == ratio(
        a + (c - 15) + (h - 30), (a + b + c + g + h) - (b + g + 10 + 30)
    )
    # outstanding D, E, F over the charges of the 90 days to 12-01 (C, D, E, F) ÷ 90
    assert report["days_in_ar"] == ratio((d + e + f) * 90, c + d + e + f, "0.1")
    assert report["rejection_rate_277ca"] == "0.3333"  # F of C, D, F
    assert report["average_days_to_payment"] == "23.3"  # A 20, H 20, C 30
    assert report["totals"] == {
        "charged": money(a + b + c + d + e + f + g + h),
        "paid": money(a + (c - 15) + (h - 30)),
        "adjusted": money(b + g + 10 + 30),
        "contractual_adjustments": money(b + g + 10 + 30),
        "patient_responsibility": "5.00",
        "written_off": "0.00",
        "outstanding": money(d + e + f),
        "provider_adjustments": "0.00",  # the PLB is dated 12-10
    }
    assert report["aging"] == [
        {"bucket": "0-30", "claims": 2, "amount": money(e + f)},  # 11 days
        {"bucket": "31-60", "claims": 0, "amount": "0.00"},
        {"bucket": "61-90", "claims": 1, "amount": money(d)},  # 77 days
        {"bucket": "91-120", "claims": 0, "amount": "0.00"},
        {"bucket": "over 120", "claims": 0, "amount": "0.00"},
    ]
    reasons = [
        {"reason": "50", "reason_description": None, "claims": 1, "amount": money(b)},
        {"reason": "29", "reason_description": None, "claims": 1, "amount": money(g)},
    ]
    assert report["top_denial_reasons"] == sorted(reasons, key=lambda r: -D(r["amount"]))
    categories = [
        {
            "category": "medical_necessity",
            "category_description": "medical necessity",
            "claims": 1,
            "amount": money(b),
        },
        {
            "category": "timely_filing",
            "category_description": "timely filing",
            "claims": 1,
            "amount": money(g),
        },
    ]
    categories.sort(key=lambda r: -D(r["amount"]))
    assert report["denials_by_category"] == categories
    assert report["denials_by_payer"] == [{"payer": "ACME HEALTH", **r} for r in categories]
    assert report["by_payer"] == [
        {
            "payer": "ACME HEALTH",
            "claims": 8,
            **{k: v for k, v in report["totals"].items() if k != "provider_adjustments"},
            "denied": 2,
            "denial_rate": "0.4000",
        }
    ]
    assert report["payments_by_date"] == [
        {"date": "2026-07-21", "paid": money(a + h)},
        {"date": "2026-10-15", "paid": money(c - 45)},  # C, H's reversal and its repayment
    ]
    assert report["unmatched"] == {"items": 0, "amount": "0.00"}  # both dated 12-10


def test_as_of_the_last_of_december(scenario: Scenario, ledger: Ledger) -> None:
    a, b, c, d, e, f, g, h = (getattr(ledger, k) for k in "abcdefgh")
    report = scenario.report(date(2026, 12, 31))
    assert report["statuses"]["paid"] == 4 and report["statuses"]["acknowledged"] == 0
    assert report["denial_rate"] == "0.3333"  # B, G of six
    assert report["first_pass_resolution_rate"] == "0.6667"  # A, C, D, H of six
    assert report["net_collection_rate"] == ratio(
        a + (c - 15) + (h - 30) + (d - 20), (a + b + c + d + g + h) - (b + g + 10 + 30 + 20)
    )
    # the window 2026-10-03..12-31 holds E and F only; D's balance is now 0
    assert report["days_in_ar"] == ratio((e + f) * 90, e + f, "0.1")
    assert report["average_days_to_payment"] == "39.0"  # A 20, H 20, C 30, D 86
    assert report["totals"]["paid"] == money(a + (c - 15) + (h - 30) + (d - 20))
    assert report["totals"]["contractual_adjustments"] == money(b + g + 60)
    assert report["totals"]["outstanding"] == money(e + f)
    assert report["totals"]["provider_adjustments"] == "12.00"
    assert report["payments_by_date"][-1] == {"date": "2026-12-10", "paid": money(d - 20)}
    assert report["unmatched"] == {"items": 2, "amount": "112.00"}  # the CLP and the PLB


def test_as_of_the_first_of_october(scenario: Scenario, ledger: Ledger) -> None:
    """Before the acknowledgments (ingested 11-30), the October 835 and E and F were sent."""
    a, b, c, d, g, h = (getattr(ledger, k) for k in "abcdgh")
    report = scenario.report(date(2026, 10, 1))
    assert report["claims"] == 6
    assert report["statuses"] == {
        "submitted": 2,
        "accepted": 0,
        "rejected": 0,
        "acknowledged": 0,
        "paid": 2,
        "denied": 2,
        "reversed": 0,
    }
    assert report["clean_claim_rate"] == "1.0000"  # A, B, G, H; C and D pending
    assert report["denial_rate"] == "0.5000"
    assert report["first_pass_resolution_rate"] == "0.5000"
    assert report["net_collection_rate"] == ratio(a + h, (a + b + g + h) - (b + g))
    assert report["days_in_ar"] == "90.0"  # C and D: sent in the window, nothing paid
    assert report["rejection_rate_277ca"] is None
    assert report["average_days_to_payment"] == "20.0"
    assert report["totals"] == {
        "charged": money(a + b + c + d + g + h),
        "paid": money(a + h),
        "adjusted": money(b + g),
        "contractual_adjustments": money(b + g),
        "patient_responsibility": "0.00",
        "written_off": "0.00",
        "outstanding": money(c + d),
        "provider_adjustments": "0.00",
    }
    assert [b["claims"] for b in report["aging"]] == [2, 0, 0, 0, 0]  # 16 days
    assert report["payments_by_date"] == [{"date": "2026-07-21", "paid": money(a + h)}]


def test_since_limits_the_report_to_later_claims(scenario: Scenario, ledger: Ledger) -> None:
    report = scenario.report(date(2026, 12, 1), "--since", "2026-09-01")
    assert report["claims"] == 4  # C, D, E, F
    assert report["clean_claim_rate"] == "0.5000"  # C and D accepted, E and F rejected
    assert report["average_days_to_payment"] == "30.0"
    assert report["top_denial_reasons"] == []
    assert report["denials_by_category"] == []


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # E and F sent 2026-11-20, D 2026-09-15 (paid 2026-12-10)
        (date(2026, 12, 9), [2, 0, 1, 0, 0]),
        (date(2026, 12, 20), [2, 0, 0, 0, 0]),
        (date(2027, 1, 19), [0, 2, 0, 0, 0]),
        (date(2027, 1, 20), [0, 0, 2, 0, 0]),
    ],
)
def test_aging_buckets_move_with_as_of_only(
    scenario: Scenario, ledger: Ledger, as_of: date, expected: list[int]
) -> None:
    report = scenario.report(as_of)
    assert [b["claims"] for b in report["aging"]] == expected


def _all_formats(scenario: Scenario, tmp_path: Path, name: str) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for fmt in ("text", "json", "csv", "html"):
        path = tmp_path / f"{name}.{fmt}"
        result = scenario.cli(
            "report", "--format", fmt, "--as-of", "2026-12-01", "--out", str(path)
        )
        assert result.exit_code == 0, result.output
        out[fmt] = path.read_bytes()
    return out


def test_the_same_data_and_as_of_give_the_same_report_on_any_later_day(
    scenario: Scenario, ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at_clock(monkeypatch, datetime(2027, 3, 1, 8, 0))
    first = _all_formats(scenario, tmp_path, "march")
    at_clock(monkeypatch, datetime(2031, 8, 17, 23, 30))
    assert _all_formats(scenario, tmp_path, "later") == first


def test_text_shows_currency_days_and_words(scenario: Scenario, ledger: Ledger) -> None:
    text = scenario.cli("report", "--as-of", "2026-12-01").stdout
    lines = text.splitlines()
    assert "  clean claim rate: 75.0%" in lines
    assert "  first-pass resolution rate: 60.0%" in lines
    assert "  277CA rejection rate: 33.3%" in lines
    assert "  average days to payment: 23.3 days" in lines
    assert f"  {'patient responsibility':<24}{'$5.00':>16}" in lines
    assert f"  61-90 days          1 claim {'$' + f'{ledger.d:,}':>16}" in lines
    assert any(line.startswith("  50 ") for line in lines)  # no CARC text unless loaded
    assert any(line.startswith("  medical necessity ") for line in lines)  # the words
    assert "Unmatched remittance items: 0 (amount $0.00); see `x12flow unmatched`" in lines


def test_csv_and_html(scenario: Scenario, ledger: Ledger, tmp_path: Path) -> None:
    rows = list(
        csv.DictReader(
            io.StringIO(scenario.cli("report", "--format", "csv", "--as-of", "2026-12-01").stdout)
        )
    )
    values = {(r["section"], r["item"], r["metric"]): r["value"] for r in rows}
    assert values[("summary", "", "first_pass_resolution_rate")] == "0.6000"
    assert values[("summary", "", "rejection_rate_277ca")] == "0.3333"
    assert values[("aging", "61-90", "amount")] == money(ledger.d)  # plain, for programs
    assert values[("denial_category", "timely_filing", "amount")] == money(ledger.g)
    assert values[("denial_payer", "ACME HEALTH/medical_necessity", "claims")] == "1"
    out = tmp_path / "report.html"
    result = scenario.cli("report", "--format", "html", "--as-of", "2026-12-01", "--out", str(out))
    assert result.exit_code == 0 and "wrote" in result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<svg") == 4  # aging, denials by reason and by category, payments
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert f"${ledger.d:,}" in page and "23.3 days" in page
    first, second = sorted([("CARC 50", ledger.b), ("CARC 29", ledger.g)], key=lambda r: -r[1])
    assert page.index(f">{first[0]}<") < page.index(f">{second[0]}<")  # largest amount first


def test_report_of_an_empty_ledger(scenario: Scenario) -> None:
    assert scenario.cli("init").exit_code == 0  # report only reads: it creates no ledger
    report = scenario.report(date(2026, 12, 1))
    assert report["claims"] == 0
    for figure in (
        "clean_claim_rate",
        "denial_rate",
        "first_pass_resolution_rate",
        "net_collection_rate",
        "days_in_ar",
        "rejection_rate_277ca",
        "average_days_to_payment",
    ):
        assert report[figure] is None, figure
    assert "n/a" in scenario.cli("report", "--as-of", "2026-12-01").output
    assert "<svg" in scenario.cli("report", "--format", "html", "--as-of", "2026-12-01").output


def test_bad_dates_are_refused(scenario: Scenario) -> None:
    result = scenario.cli("report", "--as-of", "yesterday")
    assert result.exit_code == 2
    assert "not a date" in result.output


def test_denials_worked_and_days_to_resolve(
    scenario: Scenario, ledger: Ledger, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Items open on 2026-11-30 (the ingest) for B and G (835 denials) and E and F (999
    rejections; F's 277CA rejection reassesses it, by the system). Then B is taken in hand on
    12-01, E is sent again on 12-03, G written off on 12-05, and E's resend paid on 12-08 (an
    835 of 12-07): worked B, E, G; resolved G after 5 days and E after 8; F never worked."""
    items = {
        i["claim"]: i["id"]
        for i in json.loads(scenario.cli("worklist", "--format", "json").output)
        if i["claim"]
    }
    assert sorted(items) == sorted(ledger.pcn(k) for k in "BEFG")
    at_clock(monkeypatch, datetime(2026, 12, 1, 9, 0))
    worked = scenario.cli("work", str(items[ledger.pcn("B")]), "--status", "in_progress")
    assert worked.exit_code == 0, worked.output
    scenario.submit([ledger.claims["E"]], datetime(2026, 12, 3, 10, 0))
    at_clock(monkeypatch, datetime(2026, 12, 5, 23, 59))
    off = scenario.cli("work", str(items[ledger.pcn("G")]), "--status", "written_off")
    assert off.exit_code == 0, off.output
    at_clock(monkeypatch, datetime(2026, 12, 8, 0, 1))
    scenario.ingest(
        scenario.remit(
            clp(ledger.claims["E"], "1", ledger.e),
            total=ledger.e,
            trace="RESENT",
            paid_on=date(2026, 12, 7),
            payer="ACME HEALTH",
        )
    )

    def figures(as_of: date) -> dict[str, object]:
        found: dict[str, object] = scenario.report(as_of)["worklist"]
        return found

    assert figures(date(2026, 11, 29)) == {
        "items": 0,
        "worked": 0,
        "not_worked": 0,
        "closed": 0,
        "average_days_to_resolve": None,
    }
    assert figures(date(2026, 12, 1)) == {
        "items": 4,
        "worked": 1,  # B; F's reassessment is the system's
        "not_worked": 3,
        "closed": 0,
        "average_days_to_resolve": None,
    }
    assert figures(date(2026, 12, 5)) == {
        "items": 4,
        "worked": 3,  # B, E (sent again), G
        "not_worked": 1,
        "closed": 1,
        "average_days_to_resolve": "5.0",  # G: 11-30 to 12-05
    }
    assert figures(date(2026, 12, 31)) == {
        "items": 4,
        "worked": 3,
        "not_worked": 1,
        "closed": 2,
        "average_days_to_resolve": "6.5",  # G 5, E 8
    }
    assert scenario.report(date(2026, 12, 31), "--since", "2026-11-01")["worklist"] == {
        "items": 2,  # E and F
        "worked": 1,
        "not_worked": 1,
        "closed": 1,
        "average_days_to_resolve": "8.0",
    }

    text = scenario.cli("report", "--as-of", "2026-12-31").stdout.splitlines()
    at = text.index("Denial worklist (items of these claims opened by the as-of day)")
    assert text[at + 1 : at + 3] == [
        "  items 4  worked 3  not worked 1  closed 2",
        "  average days to resolve: 6.5 days",
    ]
    rows = csv.DictReader(
        io.StringIO(scenario.cli("report", "--format", "csv", "--as-of", "2026-12-31").stdout)
    )
    assert [(r["metric"], r["value"]) for r in rows if r["section"] == "worklist"] == [
        ("items", "4"),
        ("worked", "3"),
        ("not_worked", "1"),
        ("closed", "2"),
        ("average_days_to_resolve", "6.5"),
    ]
    page = scenario.cli("report", "--format", "html", "--as-of", "2026-12-01").stdout
    assert "<h2>Denial worklist</h2>" in page
    assert '<td class="">not worked</td><td class="n">3</td>' in page
    assert '<td class="">average days to resolve</td><td class="n">n/a</td>' in page
