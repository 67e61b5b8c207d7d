"""The report's computations: load facts about the claims in scope, then compute the metrics.

Loading (:func:`load_facts`) is a few queries; computing (:func:`compute`) is pure and works on
the loaded facts, so every metric can be tested against a hand calculation. The definitions
are in this package's README.md; the code follows them line by line.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Connection, and_, func, select

from edi.ledger import schema, states
from edi.ledger.money import ZERO, cents, text

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


@dataclass(frozen=True, slots=True)
class ClaimFact:
    id: int
    payer: str
    status: str
    submitted_on: date
    charge: Decimal
    paid: Decimal
    adjusted: Decimal
    patient_responsibility: Decimal
    first_outcome: str  # pending, accepted, rejected (first submission)
    first_paid_on: date | None  # earliest remittance date of a payment with CLP04 > 0

    @property
    def balance(self) -> Decimal:
        return self.charge - self.paid - self.adjusted - self.patient_responsibility


@dataclass(frozen=True, slots=True)
class DenialAdjustment:
    claim_id: int
    reason: str
    amount: Decimal


@dataclass
class Facts:
    claims: list[ClaimFact] = field(default_factory=list)
    denials: list[DenialAdjustment] = field(default_factory=list)
    payments: list[tuple[date, Decimal]] = field(default_factory=list)
    provider_adjustments: Decimal = ZERO
    unmatched: list[tuple[str, Decimal | None]] = field(default_factory=list)


def _window(since: date | None, as_of: date) -> tuple[datetime, datetime]:
    start = datetime.combine(since, time.min) if since else datetime.min
    return start, datetime.combine(as_of + timedelta(days=1), time.min)


def load_facts(connection: Connection, as_of: date, since: date | None = None) -> Facts:
    """The claims first submitted in [since, as_of] and what the metrics need about them."""
    start, end = _window(since, as_of)
    c = schema.claims
    in_scope = select(c.c.id).where(c.c.submitted_at >= start, c.c.submitted_at < end)
    facts = Facts(claims=_claim_facts(connection, start, end))
    facts.denials = _denials(connection, in_scope)
    facts.payments = _payments_by_date(connection, in_scope)
    facts.provider_adjustments, facts.unmatched = _provider_and_unmatched(
        connection, since, as_of, start, end
    )
    return facts


def _claim_facts(connection: Connection, start: datetime, end: datetime) -> list[ClaimFact]:
    c, s = schema.claims, schema.submissions
    p, r = schema.claim_payments, schema.remittances
    first_paid = (
        select(p.c.claim_id, func.min(r.c.payment_date).label("paid_on"))
        .join(r, r.c.id == p.c.remittance_id)
        .where(p.c.kind != "reversal", p.c.paid > 0)
        .group_by(p.c.claim_id)
        .subquery()
    )
    query = (
        select(
            c.c.id,
            c.c.payer_name,
            c.c.payer_id,
            c.c.status,
            c.c.submitted_at,
            c.c.charge,
            c.c.paid,
            c.c.adjusted,
            c.c.patient_responsibility,
            s.c.outcome,
            first_paid.c.paid_on,
        )
        .join(s, and_(s.c.claim_id == c.c.id, s.c.sequence == 1))
        .outerjoin(first_paid, first_paid.c.claim_id == c.c.id)
        .where(c.c.submitted_at >= start, c.c.submitted_at < end)
        .order_by(c.c.id)
    )
    return [
        ClaimFact(
            row.id,
            row.payer_name or row.payer_id or "unknown",
            row.status,
            row.submitted_at.date(),
            row.charge,
            row.paid,
            row.adjusted,
            row.patient_responsibility,
            row.outcome,
            row.paid_on,
        )
        for row in connection.execute(query)
    ]


def _payments_by_date(connection: Connection, in_scope: Any) -> list[tuple[date, Decimal]]:
    p, r = schema.claim_payments, schema.remittances
    query = (
        select(r.c.payment_date, func.sum(p.c.paid))
        .join(p, p.c.remittance_id == r.c.id)
        .where(p.c.claim_id.in_(in_scope))
        .group_by(r.c.payment_date)
        .order_by(r.c.payment_date)
    )
    return [(row[0], row[1]) for row in connection.execute(query)]


def _denials(connection: Connection, in_scope: Any) -> list[DenialAdjustment]:
    a, p, c = schema.adjustments, schema.claim_payments, schema.claims
    query = (
        select(p.c.claim_id, a.c.reason_code, a.c.amount)
        .join(p, p.c.id == a.c.claim_payment_id)
        .join(c, c.c.id == p.c.claim_id)
        .where(
            c.c.status == states.DENIED,
            p.c.kind != "reversal",
            p.c.reversed_by.is_(None),
            p.c.claim_id.in_(in_scope),
        )
        .order_by(a.c.id)
    )
    return [DenialAdjustment(*row) for row in connection.execute(query)]


def _provider_and_unmatched(
    connection: Connection, since: date | None, as_of: date, start: datetime, end: datetime
) -> tuple[Decimal, list[tuple[str, Decimal | None]]]:
    pa, r, u = schema.provider_adjustments, schema.remittances, schema.unmatched
    dated = r.c.payment_date <= as_of
    if since:
        dated = and_(dated, r.c.payment_date >= since)
    plb = connection.execute(
        select(func.sum(pa.c.amount)).join(r, r.c.id == pa.c.remittance_id).where(dated)
    ).scalar()
    items = [
        (row[0], row[1])
        for row in connection.execute(
            select(u.c.item, u.c.amount)
            .where(u.c.created_at >= start, u.c.created_at < end)
            .order_by(u.c.id)
        )
    ]
    return cents(plb), items


# -- computing ----------------------------------------------------------------------------------
def rate(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) / Decimal(whole)).quantize(RATE, ROUND_HALF_UP) if whole else None


def clean_claim_rate(claims: Sequence[ClaimFact]) -> Decimal | None:
    decided = [c for c in claims if c.first_outcome in ("accepted", "rejected")]
    return rate(sum(c.first_outcome == "accepted" for c in decided), len(decided))


def denial_rate(claims: Sequence[ClaimFact]) -> Decimal | None:
    adjudicated = [c for c in claims if c.status in (states.PAID, states.DENIED)]
    return rate(sum(c.status == states.DENIED for c in adjudicated), len(adjudicated))


def average_days_to_payment(claims: Sequence[ClaimFact]) -> Decimal | None:
    days = [
        (c.first_paid_on - c.submitted_on).days
        for c in claims
        if c.status == states.PAID and c.first_paid_on is not None
    ]
    if not days:
        return None
    return (Decimal(sum(days)) / len(days)).quantize(DAYS, ROUND_HALF_UP)


def aging(claims: Sequence[ClaimFact], as_of: date) -> list[dict[str, Any]]:
    counts = [0] * len(AGING_BUCKETS)
    amounts = [ZERO] * len(AGING_BUCKETS)
    for claim in claims:
        if claim.balance == 0:
            continue
        age = max(0, (as_of - claim.submitted_on).days)
        for index, (_name, low, high) in enumerate(AGING_BUCKETS):
            if age >= low and (high is None or age <= high):
                counts[index] += 1
                amounts[index] += claim.balance
                break
    return [
        {"bucket": name, "claims": counts[i], "amount": cents(amounts[i])}
        for i, (name, _low, _high) in enumerate(AGING_BUCKETS)
    ]


def totals(claims: Sequence[ClaimFact], provider_adjustments: Decimal) -> dict[str, Decimal]:
    def add(values: Iterable[Decimal]) -> Decimal:
        return cents(sum(values, ZERO))

    return {
        "charged": add(c.charge for c in claims),
        "paid": add(c.paid for c in claims),
        "adjusted": add(c.adjusted for c in claims),
        "patient_responsibility": add(c.patient_responsibility for c in claims),
        "outstanding": add(c.balance for c in claims),
        "provider_adjustments": provider_adjustments,
    }


def top_denial_reasons(denials: Sequence[DenialAdjustment]) -> list[dict[str, Any]]:
    claims: dict[str, set[int]] = defaultdict(set)
    amounts: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for denial in denials:
        claims[denial.reason].add(denial.claim_id)
        amounts[denial.reason] += denial.amount
    ranked = sorted(claims, key=lambda r: (-len(claims[r]), -amounts[r], r))
    return [
        {"reason": r, "claims": len(claims[r]), "amount": amounts[r]} for r in ranked[:TOP_REASONS]
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
        row["denied"] = sum(c.status == states.DENIED for c in members)
        row["denial_rate"] = denial_rate(members)
        rows.append(row)
    return rows


def compute(facts: Facts, as_of: date, since: date | None = None) -> dict[str, Any]:
    """The report as plain values (Decimal money, rates as Decimal fractions)."""
    claims = facts.claims
    unmatched_amounts = [a for _item, a in facts.unmatched if a is not None]
    return {
        "as_of": as_of,
        "since": since,
        "claims": len(claims),
        "statuses": {s: sum(c.status == s for c in claims) for s in states.STATUSES},
        "clean_claim_rate": clean_claim_rate(claims),
        "denial_rate": denial_rate(claims),
        "average_days_to_payment": average_days_to_payment(claims),
        "aging": aging(claims, as_of),
        "totals": totals(claims, facts.provider_adjustments),
        "top_denial_reasons": top_denial_reasons(facts.denials),
        "by_payer": by_payer(claims),
        "payments_by_date": [{"date": d, "paid": cents(a)} for d, a in facts.payments],
        "unmatched": {"items": len(facts.unmatched), "amount": cents(sum(unmatched_amounts, ZERO))},
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
