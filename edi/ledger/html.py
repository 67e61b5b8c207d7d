"""The report as one self-contained HTML page: inline CSS and SVG charts, no scripts.

Amounts are shown as in every text output (``1,234.50``, :mod:`edi.model.money`).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape
from typing import Any

from edi.ledger.report import to_json
from edi.model.money import display

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:980px;
color:#1d2733;padding:0 1rem}h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.1rem;
margin-top:2rem;border-bottom:1px solid #d5dbe3;padding-bottom:.3rem}.muted{color:#5b6877}
.cards{display:flex;flex-wrap:wrap;gap:.8rem}.card{border:1px solid #d5dbe3;border-radius:8px;
padding:.7rem 1rem;min-width:150px}.card b{display:block;font-size:1.35rem}
table{border-collapse:collapse;width:100%}td,th{padding:.3rem .5rem;border-bottom:1px solid
#e6eaef;text-align:left}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
svg text{font:12px system-ui,sans-serif;fill:#1d2733}
"""
BAR = "#3b6ea8"
WIDTH = 900


def _money(value: str) -> str:
    """An amount of the report's JSON form (``"1234.50"``) as text (``1,234.50``)."""
    return display(Decimal(value))


def _percent(value: str | None) -> str:
    return "n/a" if value is None else f"{float(value) * 100:.1f}%"


def _bars(labels: Sequence[str], values: Sequence[Decimal], title: str) -> str:
    """A vertical bar chart."""
    height, top, bottom = 220, 20, 40
    peak = max([abs(v) for v in values] + [Decimal(1)])
    slot = (WIDTH - 60) / max(len(values), 1)
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {height + bottom}" role="img" '
        f'aria-label="{escape(title)}" width="100%">'
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = float(abs(value) / peak) * (height - top)
        x = 50 + i * slot + slot * 0.15
        w = slot * 0.7
        y = height - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
            f'fill="{BAR}"><title>{escape(label)}: {display(value)}</title></rect>'
        )
        parts.append(
            f'<text x="{x + w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">'
            f"{display(value)}</text>"
        )
        if len(labels) <= 16 or i % max(1, len(labels) // 12) == 0:
            parts.append(
                f'<text x="{x + w / 2:.1f}" y="{height + 16}" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
    parts.append(
        f'<line x1="45" y1="{height}" x2="{WIDTH - 10}" y2="{height}" stroke="#8795a5"/></svg>'
    )
    return "".join(parts)


def _hbars(labels: Sequence[str], values: Sequence[Decimal], title: str) -> str:
    """A horizontal bar chart (denial reasons)."""
    row = 26
    peak = max([abs(v) for v in values] + [Decimal(1)])
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {row * len(values) + 10}" role="img" '
        f'aria-label="{escape(title)}" width="100%">'
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        w = float(abs(value) / peak) * (WIDTH - 260)
        y = i * row + 4
        parts.append(f'<text x="0" y="{y + 15}">{escape(label)}</text>')
        parts.append(
            f'<rect x="120" y="{y}" width="{w:.1f}" height="{row - 8}" fill="{BAR}">'
            f"<title>{escape(label)}: {display(value)}</title></rect>"
        )
        parts.append(f'<text x="{126 + w:.1f}" y="{y + 15}">{display(value)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]], numeric_from: int = 1) -> str:
    head = "".join(
        f'<th class="{"n" if i >= numeric_from else ""}">{escape(h)}</th>'
        for i, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"n" if i >= numeric_from else ""}">{escape(str(v))}</td>'
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cards(data: dict[str, Any]) -> str:
    cards = [
        ("Claims", str(data["claims"])),
        ("Clean claim rate", _percent(data["clean_claim_rate"])),
        ("Denial rate", _percent(data["denial_rate"])),
        ("Avg days to payment", data["average_days_to_payment"] or "n/a"),
        ("Outstanding", _money(data["totals"]["outstanding"])),
    ]
    return (
        '<div class="cards">'
        + "".join(
            f'<div class="card"><span class="muted">{escape(k)}</span><b>{escape(v)}</b></div>'
            for k, v in cards
        )
        + "</div>"
    )


def _sections(data: dict[str, Any]) -> list[str]:
    aging, reasons, payments = data["aging"], data["top_denial_reasons"], data["payments_by_date"]
    out = [
        _cards(data),
        "<h2>Totals</h2>",
        _table(
            ["", "amount"],
            [(k.replace("_", " "), _money(v)) for k, v in data["totals"].items()],
        ),
        "<h2>A/R aging</h2>",
        _bars(
            [b["bucket"] for b in aging],
            [Decimal(b["amount"]) for b in aging],
            "outstanding balance by age",
        ),
        _table(
            ["days", "claims", "amount"],
            [(b["bucket"], b["claims"], _money(b["amount"])) for b in aging],
        ),
        "<h2>Denials by reason (CARC)</h2>",
    ]
    if reasons:
        out.append(
            _hbars(
                [f"CARC {r['reason']}" for r in reasons],
                [Decimal(r["amount"]) for r in reasons],
                "denied amount by reason",
            )
        )
        out.append(
            _table(
                ["reason", "claims", "amount"],
                [(r["reason"], r["claims"], _money(r["amount"])) for r in reasons],
            )
        )
    else:
        out.append('<p class="muted">No denials.</p>')
    out.append("<h2>Payments over time</h2>")
    if payments:
        out.append(
            _bars(
                [p["date"] for p in payments],
                [Decimal(p["paid"]) for p in payments],
                "payments by remittance date",
            )
        )
    else:
        out.append('<p class="muted">No payments yet.</p>')
    return out


def report_html(report: dict[str, Any]) -> str:
    data = to_json(report)
    since = f" — claims first submitted since {data['since']}" if data["since"] else ""
    payers = [
        (
            r["payer"],
            r["claims"],
            _money(r["charged"]),
            _money(r["paid"]),
            _money(r["adjusted"]),
            _money(r["patient_responsibility"]),
            _money(r["outstanding"]),
            _percent(r["denial_rate"]),
        )
        for r in data["by_payer"]
    ]
    body = [
        f'<h1>Claim ledger report</h1><p class="muted">as of {escape(data["as_of"])}'
        f"{escape(since)}</p>",
        *_sections(data),
        "<h2>By payer</h2>",
        _table(
            [
                "payer",
                "claims",
                "charged",
                "paid",
                "adjusted",
                "patient resp.",
                "outstanding",
                "denial rate",
            ],
            payers,
        ),
        "<h2>Unmatched remittance items</h2>",
        f"<p>{data['unmatched']['items']} item(s), amount "
        f"{escape(_money(data['unmatched']['amount']))} — list them with "
        "<code>x12flow unmatched</code>.</p>",
    ]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>x12flow ledger report {escape(data['as_of'])}</title>"
        f"<style>{STYLE}</style></head><body>{''.join(body)}</body></html>\n"
    )
