"""The report as text (for a terminal) and CSV (long format: section, item, metric, value).

Text shows amounts as people read them (``1,234.50``, :mod:`edi.model.money`); CSV keeps the
plain form of JSON (``1234.50``) for programs.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from edi.ledger.report import to_json
from edi.model.money import display


def _money(value: str) -> str:
    """An amount of the report's JSON form (``"1234.50"``) as text (``1,234.50``)."""
    return display(Decimal(value))


def _percent(value: str | None) -> str:
    return "n/a" if value is None else f"{float(value) * 100:.1f}%"


def report_text(report: dict[str, Any]) -> str:
    data = to_json(report)
    lines = [
        f"x12flow ledger report as of {data['as_of']}"
        + (f", claims first submitted since {data['since']}" if data["since"] else ""),
        f"  claims: {data['claims']}  "
        + "  ".join(f"{k} {v}" for k, v in data["statuses"].items() if v),
        f"  clean claim rate: {_percent(data['clean_claim_rate'])}",
        f"  denial rate: {_percent(data['denial_rate'])}",
        "  average days to payment: " + (data["average_days_to_payment"] or "n/a"),
        "",
        "Totals",
    ]
    lines += [
        f"  {name.replace('_', ' '):<24}{_money(value):>14}"
        for name, value in data["totals"].items()
    ]
    lines += ["", "A/R aging (outstanding balance by days since first submission)"]
    lines += [
        f"  {b['bucket']:<10}{b['claims']:>7} claims{_money(b['amount']):>14}"
        for b in data["aging"]
    ]
    lines += ["", "Top denial reasons (CARC)"]
    lines += [
        f"  {r['reason']:<8}{r['claims']:>7} claims{_money(r['amount']):>14}"
        for r in data["top_denial_reasons"]
    ] or ["  none"]
    lines += ["", "By payer"]
    for row in data["by_payer"]:
        lines.append(
            f"  {row['payer']:<30}{row['claims']:>6} claims  charged {_money(row['charged'])}"
            f"  paid {_money(row['paid'])}  outstanding {_money(row['outstanding'])}"
            f"  denial rate {_percent(row['denial_rate'])}"
        )
    unmatched = data["unmatched"]
    lines += [
        "",
        f"Unmatched remittance items: {unmatched['items']} "
        f"(amount {_money(unmatched['amount'])}); see `x12flow unmatched`",
    ]
    return "\n".join(lines) + "\n"


def _rows(data: dict[str, Any]) -> Iterator[tuple[str, str, str, Any]]:
    for key in ("claims", "clean_claim_rate", "denial_rate", "average_days_to_payment"):
        yield "summary", "", key, data[key]
    for status, count in data["statuses"].items():
        yield "status", status, "claims", count
    for name, value in data["totals"].items():
        yield "totals", name, "amount", value
    for bucket in data["aging"]:
        yield "aging", bucket["bucket"], "claims", bucket["claims"]
        yield "aging", bucket["bucket"], "amount", bucket["amount"]
    for reason in data["top_denial_reasons"]:
        yield "denial_reason", reason["reason"], "claims", reason["claims"]
        yield "denial_reason", reason["reason"], "amount", reason["amount"]
    for row in data["by_payer"]:
        for metric, value in row.items():
            if metric != "payer":
                yield "payer", row["payer"], metric, value
    for point in data["payments_by_date"]:
        yield "payments", point["date"], "paid", point["paid"]
    yield "unmatched", "", "items", data["unmatched"]["items"]
    yield "unmatched", "", "amount", data["unmatched"]["amount"]


def report_csv(report: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "item", "metric", "value"])
    for section, item, metric, value in _rows(to_json(report)):
        writer.writerow([section, item, metric, "" if value is None else value])
    return out.getvalue()
