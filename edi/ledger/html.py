"""The report as one self-contained HTML page: inline CSS and SVG charts, no scripts.

Amounts are shown as a statement of money (``$1,234.50``, ``−$12.00``), days with their unit,
codes next to their words. Bar charts draw from a zero line: a negative amount (a reversal, a
recoupment) goes below it (left of it in a horizontal chart), never up as if it were positive.
The denial charts are sorted by amount, largest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape
from typing import Any

from edi.ledger.render import SUMMARY, WORKLIST, coded, days, money, percent
from edi.ledger.report import to_json
from edi.model.money import currency

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
NEGATIVE = "#b5473a"
AXIS = "#8795a5"
WIDTH = 900


def _scale(values: Sequence[Decimal]) -> tuple[Decimal, Decimal]:
    """The highest and lowest value a chart must show, zero always included."""
    high = max([*values, Decimal(0)])
    low = min([*values, Decimal(0)])
    if high == low:
        high = Decimal(1)
    return high, low


def _bars(labels: Sequence[str], values: Sequence[Decimal], title: str) -> str:
    """A vertical bar chart from a zero line: positive amounts up, negative ones down."""
    plot, top, bottom = 200, 20, 40
    high, low = _scale(values)
    span = high - low
    zero = top + float(high / span) * plot
    slot = (WIDTH - 60) / max(len(values), 1)
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {top + plot + bottom}" role="img" '
        f'aria-label="{escape(title)}" width="100%">'
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = float(abs(value) / span) * plot
        x = 50 + i * slot + slot * 0.15
        w = slot * 0.7
        y = zero - h if value >= 0 else zero
        shown = escape(currency(value))
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
            f'fill="{BAR if value >= 0 else NEGATIVE}"><title>{escape(label)}: {shown}</title>'
            "</rect>"
        )
        value_y = y - 4 if value >= 0 else y + h + 14
        parts.append(
            f'<text x="{x + w / 2:.1f}" y="{value_y:.1f}" text-anchor="middle">{shown}</text>'
        )
        if len(labels) <= 16 or i % max(1, len(labels) // 12) == 0:
            parts.append(
                f'<text x="{x + w / 2:.1f}" y="{top + plot + 30}" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
    parts.append(
        f'<line x1="45" y1="{zero:.1f}" x2="{WIDTH - 10}" y2="{zero:.1f}" stroke="{AXIS}"/></svg>'
    )
    return "".join(parts)


def _ranked(
    what: str, bar_labels: list[str], row_labels: list[str], rows: list[dict[str, Any]]
) -> list[str]:
    """Denied amounts by ``what``, largest first: a bar chart, then the table of claims and
    amounts."""
    return [
        _hbars(
            bar_labels,
            [Decimal(r["amount"]) for r in rows],
            f"denied amount by {what}, largest first",
        ),
        _table(
            [what, "claims", "amount"],
            [
                (label, r["claims"], money(r["amount"]))
                for label, r in zip(row_labels, rows, strict=True)
            ],
        ),
    ]


def _hbars(labels: Sequence[str], values: Sequence[Decimal], title: str) -> str:
    """A horizontal bar chart (denials) from a zero line: negative amounts to its left."""
    row, left, room = 26, 320, WIDTH - 320 - 130
    high, low = _scale(values)
    span = high - low
    zero = left + float(-low / span) * room
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {row * len(values) + 10}" role="img" '
        f'aria-label="{escape(title)}" width="100%">'
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        w = float(abs(value) / span) * room
        x = zero if value >= 0 else zero - w
        y = i * row + 4
        shown = escape(currency(value))
        parts.append(f'<text x="0" y="{y + 15}">{escape(label)}</text>')
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row - 8}" '
            f'fill="{BAR if value >= 0 else NEGATIVE}"><title>{escape(label)}: {shown}</title>'
            "</rect>"
        )
        parts.append(f'<text x="{x + w + 6:.1f}" y="{y + 15}">{shown}</text>')
    height = row * len(values) + 4
    parts.append(
        f'<line x1="{zero:.1f}" y1="0" x2="{zero:.1f}" y2="{height}" stroke="{AXIS}"/></svg>'
    )
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
    cards = [("Claims", str(data["claims"]))]
    cards += [(label[0].upper() + label[1:], show(data[key])) for label, key, show in SUMMARY]
    cards.append(("Outstanding", money(data["totals"]["outstanding"])))
    return (
        '<div class="cards">'
        + "".join(
            f'<div class="card"><span class="muted">{escape(k)}</span><b>{escape(v)}</b></div>'
            for k, v in cards
        )
        + "</div>"
    )


def _denials(data: dict[str, Any]) -> list[str]:
    reasons, categories = data["top_denial_reasons"], data["denials_by_category"]
    out = ["<h2>Denials by reason (CARC)</h2>"]
    if not reasons:
        return [*out, '<p class="muted">No denials.</p>']
    out += _ranked(
        "reason",
        [coded(f"CARC {r['reason']}", r["reason_description"]) for r in reasons],
        [coded(r["reason"], r["reason_description"]) for r in reasons],
        reasons,
    )
    out.append("<h2>Denied claims by category</h2>")
    out += _ranked(
        "category",
        [r["category_description"] for r in categories],
        [coded(r["category"], r["category_description"]) for r in categories],
        categories,
    )
    out.append("<h2>Denied claims by payer and category</h2>")
    out.append(
        _table(
            ["payer", "category", "claims", "amount"],
            [
                (
                    r["payer"],
                    coded(r["category"], r["category_description"]),
                    r["claims"],
                    money(r["amount"]),
                )
                for r in data["denials_by_payer"]
            ],
            numeric_from=2,
        )
    )
    return out


def _worklist(data: dict[str, Any]) -> list[str]:
    figures = data["worklist"]
    rows: list[tuple[str, str]] = [(label, str(figures[key])) for label, key in WORKLIST]
    rows.append(("average days to resolve", days(figures["average_days_to_resolve"])))
    return [
        "<h2>Denial worklist</h2>",
        '<p class="muted">Items of these claims opened by the as-of day.</p>',
        _table(["", "value"], rows),
    ]


def _sections(data: dict[str, Any]) -> list[str]:
    aging, payments = data["aging"], data["payments_by_date"]
    out = [
        _cards(data),
        "<h2>Totals</h2>",
        _table(
            ["", "amount"],
            [(k.replace("_", " "), money(v)) for k, v in data["totals"].items()],
        ),
        "<h2>A/R aging</h2>",
        _bars(
            [f"{b['bucket']} days" for b in aging],
            [Decimal(b["amount"]) for b in aging],
            "outstanding balance by days since first submission",
        ),
        _table(
            ["days since first submission", "claims", "amount"],
            [(f"{b['bucket']} days", b["claims"], money(b["amount"])) for b in aging],
        ),
        *_denials(data),
        *_worklist(data),
        "<h2>Payments over time</h2>",
    ]
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
            money(r["charged"]),
            money(r["paid"]),
            money(r["adjusted"]),
            money(r["patient_responsibility"]),
            money(r["outstanding"]),
            percent(r["denial_rate"]),
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
        f"{escape(money(data['unmatched']['amount']))} — list them with "
        "<code>x12flow unmatched</code>.</p>",
    ]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>x12flow ledger report {escape(data['as_of'])}</title>"
        f"<style>{STYLE}</style></head><body>{''.join(body)}</body></html>\n"
    )
