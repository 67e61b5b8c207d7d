"""The report as text (for a terminal) and CSV (long format: section, item, metric, value).

Text shows amounts as a statement of money (``$1,234.50``, ``−$12.00``:
:func:`edi.model.money.currency`), days with their unit, and each code next to its words; CSV
keeps the plain form of JSON (``1234.50``) for programs.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from edi.ledger.report import to_json
from edi.model.money import currency

MONEY_WIDTH = 16


def money(value: str) -> str:
    """An amount of the report's JSON form (``"1234.50"``) as text (``$1,234.50``)."""
    return currency(Decimal(value))


def percent(value: str | None) -> str:
    """A rate of the JSON form (``"0.6667"``) as a percentage with one decimal."""
    return "n/a" if value is None else f"{Decimal(value) * 100:.1f}%"


def days(value: str | None) -> str:
    """A number of days of the JSON form (``"25.0"``) with its unit."""
    return "n/a" if value is None else f"{value} days"


def coded(code: str, words: str | None) -> str:
    """A code with its words when there are any: ``50 (words)``."""
    return f"{code} ({words})" if words else code


SUMMARY = (
    ("clean claim rate", "clean_claim_rate", percent),
    ("denial rate", "denial_rate", percent),
    ("first-pass resolution rate", "first_pass_resolution_rate", percent),
    ("net collection rate", "net_collection_rate", percent),
    ("days in A/R", "days_in_ar", days),
    ("277CA rejection rate", "rejection_rate_277ca", percent),
    ("average days to payment", "average_days_to_payment", days),
)
"""The headline figures: label, JSON key, how the value is shown."""


def _denial_lines(data: dict[str, Any]) -> list[str]:
    lines = ["", "Top denial reasons (CARC, largest amount first)"]
    lines += _table(
        [coded(r["reason"], r["reason_description"]) for r in data["top_denial_reasons"]],
        data["top_denial_reasons"],
    )
    lines += ["", "Denied claims by category (largest amount first)"]
    lines += _table(
        [r["category_description"] or r["category"] for r in data["denials_by_category"]],
        data["denials_by_category"],
    )
    lines += ["", "Denied claims by payer and category"]
    lines += _table(
        [
            f"{r['payer']}: {r['category_description'] or r['category']}"
            for r in data["denials_by_payer"]
        ],
        data["denials_by_payer"],
    )
    return lines


WORKLIST = (
    ("items", "items"),
    ("worked", "worked"),
    ("not worked", "not_worked"),
    ("closed", "closed"),
)
"""The worklist's counts: label, JSON key."""


def worklist_lines(data: dict[str, Any]) -> list[str]:
    """The denial worklist: items worked and not, and how long they took to resolve."""
    figures = data["worklist"]
    return [
        "",
        "Denial worklist (items of these claims opened by the as-of day)",
        "  " + "  ".join(f"{label} {figures[key]}" for label, key in WORKLIST),
        f"  average days to resolve: {days(figures['average_days_to_resolve'])}",
    ]


def _claims(count: int) -> str:
    """ "claims", or "claim " for one (as wide, so the amounts stay in their column)."""
    return "claim " if count == 1 else "claims"


def _table(labels: list[str], rows: list[dict[str, Any]]) -> list[str]:
    """One line per row: its label (the column as wide as the widest), claims and amount."""
    if not rows:
        return ["  none"]
    width = max(len(label) for label in labels) + 2
    return [
        f"  {label:<{width}}{r['claims']:>7} {_claims(r['claims'])}"
        f"{money(r['amount']):>{MONEY_WIDTH}}"
        for label, r in zip(labels, rows, strict=True)
    ]


def report_text(report: dict[str, Any]) -> str:
    data = to_json(report)
    lines = [
        f"x12flow ledger report as of {data['as_of']}"
        + (f", claims first submitted since {data['since']}" if data["since"] else ""),
        f"  claims: {data['claims']}  "
        + "  ".join(f"{k} {v}" for k, v in data["statuses"].items() if v),
    ]
    lines += [f"  {label}: {show(data[key])}" for label, key, show in SUMMARY]
    lines += ["", "Totals"]
    lines += [
        f"  {name.replace('_', ' '):<24}{money(value):>{MONEY_WIDTH}}"
        for name, value in data["totals"].items()
    ]
    lines += ["", "A/R aging (outstanding balance by days since first submission)"]
    lines += [
        f"  {b['bucket'] + ' days':<14}{b['claims']:>7} {_claims(b['claims'])}"
        f"{money(b['amount']):>{MONEY_WIDTH}}"
        for b in data["aging"]
    ]
    lines += _denial_lines(data)
    lines += worklist_lines(data)
    lines += ["", "By payer"]
    for row in data["by_payer"]:
        lines.append(
            f"  {row['payer']:<30}{row['claims']:>6} claims  charged {money(row['charged'])}"
            f"  paid {money(row['paid'])}  outstanding {money(row['outstanding'])}"
            f"  denial rate {percent(row['denial_rate'])}"
        )
    unmatched = data["unmatched"]
    lines += [
        "",
        f"Unmatched remittance items: {unmatched['items']} "
        f"(amount {money(unmatched['amount'])}); see `x12flow unmatched`",
    ]
    return "\n".join(lines) + "\n"


def _rows(data: dict[str, Any]) -> Iterator[tuple[str, str, str, Any]]:
    yield "summary", "", "claims", data["claims"]
    for _label, key, _show in SUMMARY:
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
    for row in data["denials_by_category"]:
        yield "denial_category", row["category"], "claims", row["claims"]
        yield "denial_category", row["category"], "amount", row["amount"]
    for row in data["denials_by_payer"]:
        item = f"{row['payer']}/{row['category']}"
        yield "denial_payer", item, "claims", row["claims"]
        yield "denial_payer", item, "amount", row["amount"]
    for row in data["by_payer"]:
        for metric, value in row.items():
            if metric != "payer":
                yield "payer", row["payer"], metric, value
    for point in data["payments_by_date"]:
        yield "payments", point["date"], "paid", point["paid"]
    yield "unmatched", "", "items", data["unmatched"]["items"]
    yield "unmatched", "", "amount", data["unmatched"]["amount"]
    for metric, value in data["worklist"].items():
        yield "worklist", "", metric, value


def report_csv(report: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "item", "metric", "value"])
    for section, item, metric, value in _rows(to_json(report)):
        writer.writerow([section, item, metric, "" if value is None else value])
    return out.getvalue()
