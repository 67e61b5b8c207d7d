"""The report's computations: load the claims as they stood on the as-of day, then compute.

Loading (:func:`edi.ledger.report_load.load_facts`) is a few queries and the replay of each
claim's history up to as-of (:mod:`edi.ledger.report_timeline`); computing (:func:`compute`) is
pure and works on the loaded facts, so every metric can be tested against a hand calculation.
The definitions are in this package's README.md ("Report metrics"); the code follows them line
by line. Nothing here reads the clock: the as-of date is an argument.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Connection

from edi.ledger import states
from edi.ledger.money import ZERO, cents, text
from edi.ledger.report_denials import denial_verdict
from edi.ledger.report_load import ClaimFact, Facts, ItemFact, load_facts
from edi.ledger.report_timeline import ACCEPTED, REJECTED
from edi.ledger.worklist import CLOSED, SYSTEM
from edi.model.denials import Category
from parsers.codes import descriptions

AGING_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0-30", 0, 30),
    ("31-60", 31, 60),
    ("61-90", 61, 90),
    ("91-120", 91, 120),
    ("over 120", 121, None),
)
TOP_REASONS = 10
RATE = Decimal("0.0001")
DAYS = Decimal("0.1")
AR_WINDOW_DAYS = 90  # days in A/R: average daily charges over this many days to as-of


def rate(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """``part / whole`` with four decimals, half up; None when ``whole`` is zero."""
    return (Decimal(part) / Decimal(whole)).quantize(RATE, ROUND_HALF_UP) if whole else None


def _add(values: Iterable[Decimal]) -> Decimal:
    return cents(sum(values, ZERO))


def adjudicated(claims: Sequence[ClaimFact]) -> list[ClaimFact]:
    """The claims paid or denied on the as-of day."""
    return [c for c in claims if c.state.status in (states.PAID, states.DENIED)]


def clean_claim_rate(claims: Sequence[ClaimFact]) -> Decimal | None:
    decided = [c for c in claims if c.state.first_outcome in (ACCEPTED, REJECTED)]
    return rate(sum(c.state.first_outcome == ACCEPTED for c in decided), len(decided))


def denial_rate(claims: Sequence[ClaimFact]) -> Decimal | None:
    done = adjudicated(claims)
    return rate(sum(c.state.status == states.DENIED for c in done), len(done))


def first_pass_resolution_rate(claims: Sequence[ClaimFact]) -> Decimal | None:
    """Claims paid on their first submission and first adjudication ÷ claims adjudicated."""
    done = adjudicated(claims)
    first = sum(c.state.status == states.PAID and bool(c.state.first_pass) for c in done)
    return rate(first, len(done))


def net_collection_rate(claims: Sequence[ClaimFact]) -> Decimal | None:
    """Payments ÷ (charges − contractual adjustments), over the adjudicated claims."""
    done = adjudicated(claims)
    collectible = _add(c.state.charge for c in done) - _add(c.state.contractual for c in done)
    return rate(_add(c.state.paid for c in done), collectible)


def days_in_ar(claims: Sequence[ClaimFact], as_of: date) -> Decimal | None:
    """Outstanding balance ÷ average daily charges of the last 90 days to as-of."""
    first_day = as_of - timedelta(days=AR_WINDOW_DAYS - 1)
    charges = _add(c.state.charge for c in claims if first_day <= c.submitted_on <= as_of)
    if not charges:
        return None
    outstanding = _add(c.state.balance for c in claims)
    return (outstanding * AR_WINDOW_DAYS / charges).quantize(DAYS, ROUND_HALF_UP)


def rejection_rate_277ca(claims: Sequence[ClaimFact]) -> Decimal | None:
    """Claims a 277CA rejected ÷ claims a 277CA answered."""
    answered = [c for c in claims if c.state.answered_277ca]
    return rate(sum(c.state.rejected_277ca for c in answered), len(answered))


def average_days_to_payment(claims: Sequence[ClaimFact]) -> Decimal | None:
    days = [
        (c.state.first_paid_on - c.submitted_on).days
        for c in claims
        if c.state.status == states.PAID and c.state.first_paid_on is not None
    ]
    if not days:
        return None
    return (Decimal(sum(days)) / len(days)).quantize(DAYS, ROUND_HALF_UP)


def aging(claims: Sequence[ClaimFact], as_of: date) -> list[dict[str, Any]]:
    counts = [0] * len(AGING_BUCKETS)
    amounts = [ZERO] * len(AGING_BUCKETS)
    for claim in claims:
        balance = claim.state.balance
        if balance == 0:
            continue
        age = max(0, (as_of - claim.submitted_on).days)
        for index, (_name, low, high) in enumerate(AGING_BUCKETS):
            if age >= low and (high is None or age <= high):
                counts[index] += 1
                amounts[index] += balance
                break
    return [
        {"bucket": name, "claims": counts[i], "amount": cents(amounts[i])}
        for i, (name, _low, _high) in enumerate(AGING_BUCKETS)
    ]


def totals(claims: Sequence[ClaimFact], provider_adjustments: Decimal) -> dict[str, Decimal]:
    return {
        "charged": _add(c.state.charge for c in claims),
        "paid": _add(c.state.paid for c in claims),
        "adjusted": _add(c.state.adjusted for c in claims),
        "contractual_adjustments": _add(c.state.contractual for c in claims),
        "patient_responsibility": _add(c.state.patient_responsibility for c in claims),
        "written_off": _add(c.state.written_off for c in claims),
        "outstanding": _add(c.state.balance for c in claims),
        "provider_adjustments": provider_adjustments,
    }


def top_denial_reasons(facts: Facts) -> list[dict[str, Any]]:
    """CARCs of the denied claims' live payments: the ten largest by amount."""
    claims: dict[str, set[int]] = defaultdict(set)
    amounts: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for claim_id, payments in facts.denied_payments.items():
        for payment in payments:
            for adjustment in payment.adjustments:
                claims[adjustment.reason].add(claim_id)
                amounts[adjustment.reason] += adjustment.amount
    ranked = sorted(claims, key=lambda r: (-amounts[r], -len(claims[r]), r))
    texts = descriptions()
    return [
        {
            "reason": r,
            "reason_description": texts.carc(r),
            "claims": len(claims[r]),
            "amount": cents(amounts[r]),
        }
        for r in ranked[:TOP_REASONS]
    ]


def _denial_categories(facts: Facts) -> dict[int, tuple[Category, Decimal]]:
    """Each denied claim's category and amount at stake: the verdict on its latest live
    payment (the one that denied it)."""
    found: dict[int, tuple[Category, Decimal]] = {}
    for claim in facts.claims:
        if claim.state.status != states.DENIED:
            continue
        payments = facts.denied_payments.get(claim.id)
        if payments:
            verdict = denial_verdict(payments[-1])
            found[claim.id] = (verdict.category, cents(verdict.amount_at_stake))
        else:
            found[claim.id] = (Category.OTHER, cents(claim.state.charge))
    return found


def _category_rows(entries: Iterable[tuple[Category, Decimal]]) -> list[dict[str, Any]]:
    counts: dict[Category, int] = defaultdict(int)
    amounts: dict[Category, Decimal] = defaultdict(lambda: ZERO)
    for category, amount in entries:
        counts[category] += 1
        amounts[category] += amount
    ranked = sorted(counts, key=lambda k: (-amounts[k], -counts[k], k.value))
    return [
        {
            "category": k.value,
            "category_description": k.description,
            "claims": counts[k],
            "amount": cents(amounts[k]),
        }
        for k in ranked
    ]


def denials_by_category(facts: Facts) -> list[dict[str, Any]]:
    return _category_rows(_denial_categories(facts).values())


def denials_by_payer(facts: Facts) -> list[dict[str, Any]]:
    """Per payer (by name), its denied claims by category, largest amount first."""
    found = _denial_categories(facts)
    groups: dict[str, list[tuple[Category, Decimal]]] = defaultdict(list)
    for claim in facts.claims:
        if claim.id in found:
            groups[claim.payer].append(found[claim.id])
    return [
        {"payer": payer, **row} for payer in sorted(groups) for row in _category_rows(groups[payer])
    ]


def by_payer(claims: Sequence[ClaimFact]) -> list[dict[str, Any]]:
    groups: dict[str, list[ClaimFact]] = defaultdict(list)
    for claim in claims:
        groups[claim.payer].append(claim)
    rows = []
    for payer in sorted(groups):
        members = groups[payer]
        row: dict[str, Any] = {"payer": payer, "claims": len(members)}
        row.update(totals(members, ZERO))
        del row["provider_adjustments"]
        row["denied"] = sum(c.state.status == states.DENIED for c in members)
        row["denial_rate"] = denial_rate(members)
        rows.append(row)
    return rows


def payments_by_date(claims: Sequence[ClaimFact]) -> list[dict[str, Any]]:
    """Σ CLP04 per remittance date, of the payments counted on the as-of day."""
    paid: dict[date, Decimal] = defaultdict(lambda: ZERO)
    for claim in claims:
        for payment in claim.state.payments:
            paid[payment.on] += payment.paid
    return [{"date": day, "paid": cents(paid[day])} for day in sorted(paid)]


def _worked(item: ItemFact, as_of: date) -> bool:
    """Someone worked the item by as-of: a person changed it (anyone but the system user), or
    the claim was sent again (the system's ``resubmitted``: a correction reached the payer)."""
    return any(e.on <= as_of and (e.by != SYSTEM or e.kind == "resubmitted") for e in item.events)


def _closed_on(item: ItemFact, as_of: date) -> date | None:
    """The day of the item's first closing event (resolved, written off, dismissed) by as-of."""
    return next((e.on for e in item.events if e.on <= as_of and e.to_status in CLOSED), None)


def worklist_figures(items: Sequence[ItemFact], as_of: date) -> dict[str, Any]:
    """Denials worked vs not worked, and the average days to resolve, of the items opened by
    as-of."""
    opened = [i for i in items if i.opened_on <= as_of]
    worked = sum(_worked(i, as_of) for i in opened)
    days = [
        (closed - i.opened_on).days for i in opened if (closed := _closed_on(i, as_of)) is not None
    ]
    return {
        "items": len(opened),
        "worked": worked,
        "not_worked": len(opened) - worked,
        "closed": len(days),
        "average_days_to_resolve": (Decimal(sum(days)) / len(days)).quantize(DAYS, ROUND_HALF_UP)
        if days
        else None,
    }


def compute(facts: Facts, as_of: date, since: date | None = None) -> dict[str, Any]:
    """The report as plain values (Decimal money, rates as Decimal fractions)."""
    claims = facts.claims
    return {
        "as_of": as_of,
        "since": since,
        "claims": len(claims),
        "statuses": {s: sum(c.state.status == s for c in claims) for s in states.STATUSES},
        "clean_claim_rate": clean_claim_rate(claims),
        "denial_rate": denial_rate(claims),
        "first_pass_resolution_rate": first_pass_resolution_rate(claims),
        "net_collection_rate": net_collection_rate(claims),
        "days_in_ar": days_in_ar(claims, as_of),
        "rejection_rate_277ca": rejection_rate_277ca(claims),
        "average_days_to_payment": average_days_to_payment(claims),
        "aging": aging(claims, as_of),
        "totals": totals(claims, facts.provider_adjustments),
        "top_denial_reasons": top_denial_reasons(facts),
        "denials_by_category": denials_by_category(facts),
        "denials_by_payer": denials_by_payer(facts),
        "by_payer": by_payer(claims),
        "payments_by_date": payments_by_date(claims),
        "unmatched": {
            "items": len(facts.unmatched),
            "amount": _add(a for a in facts.unmatched if a is not None),
        },
        "worklist": worklist_figures(facts.worklist, as_of),
    }


def to_json(value: Any) -> Any:
    """Money and rates as strings, dates ISO, recursively."""
    if isinstance(value, Decimal):
        return text(value) if value.as_tuple().exponent == -2 else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


def build_report(connection: Connection, as_of: date, since: date | None = None) -> dict[str, Any]:
    return compute(load_facts(connection, as_of, since), as_of, since)
