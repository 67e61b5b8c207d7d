"""Loading what the report needs, as of a day: a few queries, no computing.

The claims in scope are those first submitted in [since, as-of]. For each, every happening of
its history (:mod:`edi.ledger.report_timeline`) is loaded with the day it counts on, and the
replay keeps those dated on or before as-of. Then, for the claims denied on that day, the CAS
adjustments and remarks of their live payments (denial reasons and categories); the PLB total
of the remittances dated in [since, as-of]; the exception-queue items dated so; and the
worklist items of the claims in scope opened by as-of, with their changes up to as-of.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, and_, select

from edi.ledger import schema, states
from edi.ledger.money import ZERO, cents
from edi.ledger.report_denials import PostedAdjustment, PostedPayment, PostedRemark
from edi.ledger.report_timeline import (
    ClaimAsOf,
    Happening,
    Order,
    Paid,
    SetAnswered,
    StatusAnswered,
    Submitted,
    WrittenOff,
    replay,
)

CHUNK = 500  # ids per IN (...) list


@dataclass(frozen=True, slots=True)
class ClaimFact:
    """A claim in scope and how it stood on the as-of day."""

    id: int
    payer: str
    submitted_on: date  # the first submission
    state: ClaimAsOf


@dataclass(frozen=True, slots=True)
class ItemEvent:
    """A change of a worklist item, as the report reads it: the day, who, what, to which
    status."""

    on: date
    by: str
    kind: str
    to_status: str


@dataclass(frozen=True, slots=True)
class ItemFact:
    """A worklist item of a claim in scope, opened by as-of, with its changes up to as-of,
    oldest first."""

    id: int
    opened_on: date
    events: tuple[ItemEvent, ...]


@dataclass
class Facts:
    claims: list[ClaimFact] = field(default_factory=list)
    # claim id -> its live payments, oldest first, when it was denied on the as-of day
    denied_payments: dict[int, list[PostedPayment]] = field(default_factory=dict)
    provider_adjustments: Decimal = ZERO
    unmatched: list[Decimal | None] = field(default_factory=list)
    worklist: list[ItemFact] = field(default_factory=list)


def _window(since: date | None, as_of: date) -> tuple[datetime, datetime]:
    start = datetime.combine(since, time.min) if since else datetime.min
    return start, datetime.combine(as_of + timedelta(days=1), time.min)


def _day(value: date | datetime | None, fallback: date | datetime) -> date:
    chosen = value if value is not None else fallback
    return chosen.date() if isinstance(chosen, datetime) else chosen


def load_facts(connection: Connection, as_of: date, since: date | None = None) -> Facts:
    """The claims first submitted in [since, as_of], each as it stood on ``as_of``."""
    start, end = _window(since, as_of)
    c = schema.claims
    in_scope = select(c.c.id).where(c.c.submitted_at >= start, c.c.submitted_at < end)
    history: dict[int, list[Happening]] = defaultdict(list)
    for claim_id, happening in _happenings(connection, in_scope):
        history[claim_id].append(happening)
    rows = connection.execute(
        select(c.c.id, c.c.payer_name, c.c.payer_id, c.c.submitted_at)
        .where(c.c.id.in_(in_scope))
        .order_by(c.c.id)
    )
    facts = Facts(
        claims=[
            ClaimFact(
                row.id,
                row.payer_name or row.payer_id or "unknown",
                row.submitted_at.date(),
                replay(history[row.id], as_of),
            )
            for row in rows
        ]
    )
    facts.denied_payments = _denied_payments(connection, facts.claims)
    facts.provider_adjustments = _provider_adjustments(connection, since, as_of)
    facts.unmatched = _unmatched(connection, since, as_of)
    facts.worklist = _worklist(connection, in_scope, end)
    return facts


def _happenings(connection: Connection, in_scope: Any) -> Iterable[tuple[int, Happening]]:
    yield from _submissions(connection, in_scope)
    yield from _set_answers(connection, in_scope)
    yield from _status_answers(connection, in_scope)
    yield from _payments(connection, in_scope)
    yield from _write_offs(connection, in_scope)


def _submissions(connection: Connection, in_scope: Any) -> Iterable[tuple[int, Happening]]:
    s = schema.submissions
    query = select(
        s.c.id,
        s.c.claim_id,
        s.c.batch_id,
        s.c.set_control_number,
        s.c.sequence,
        s.c.charge,
        s.c.submitted_at,
    ).where(s.c.claim_id.in_(in_scope))
    for row in connection.execute(query):
        yield (
            row.claim_id,
            Submitted(
                Order(row.batch_id, 0, row.id),
                row.submitted_at.date(),
                row.sequence,
                row.batch_id,
                row.set_control_number,
                row.charge,
            ),
        )


def _set_answers(connection: Connection, in_scope: Any) -> Iterable[tuple[int, Happening]]:
    """999/997/TA1 set outcomes, with each claim that had a submission in the set."""
    a, s, b = schema.acknowledgments, schema.submissions, schema.batches
    query = (
        select(
            s.c.claim_id,
            a.c.id,
            a.c.batch_id,
            b.c.created_at,
            a.c.acked_batch_id,
            a.c.reference,
            a.c.accepted,
        )
        .join(b, b.c.id == a.c.batch_id)
        .join(
            s,
            and_(s.c.batch_id == a.c.acked_batch_id, s.c.set_control_number == a.c.reference),
        )
        .where(a.c.level == "set", a.c.accepted.is_not(None), s.c.claim_id.in_(in_scope))
    )
    for row in connection.execute(query):
        yield (
            row.claim_id,
            SetAnswered(
                Order(row.batch_id, 1, row.id),
                row.created_at.date(),
                row.acked_batch_id,
                row.reference,
                bool(row.accepted),
            ),
        )


def _status_answers(connection: Connection, in_scope: Any) -> Iterable[tuple[int, Happening]]:
    """277CA/277 claim statuses (2200D), on the day their file was ingested."""
    a, b = schema.acknowledgments, schema.batches
    query = (
        select(a.c.claim_id, a.c.id, a.c.batch_id, b.c.created_at, a.c.kind, a.c.accepted)
        .join(b, b.c.id == a.c.batch_id)
        .where(a.c.level == "claim", a.c.claim_id.in_(in_scope))
    )
    for row in connection.execute(query):
        yield (
            row.claim_id,
            StatusAnswered(
                Order(row.batch_id, 1, row.id), row.created_at.date(), row.kind, row.accepted
            ),
        )


def _contractual(connection: Connection, in_scope: Any) -> dict[int, Decimal]:
    """Σ CAS amounts in group CO (claim and line level) per claim payment."""
    p, a = schema.claim_payments, schema.adjustments
    query = (
        select(a.c.claim_payment_id, a.c.amount)
        .join(p, p.c.id == a.c.claim_payment_id)
        .where(a.c.group_code == "CO", p.c.claim_id.in_(in_scope))
    )
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in connection.execute(query):
        totals[row.claim_payment_id] += row.amount
    return totals


def _payments(connection: Connection, in_scope: Any) -> Iterable[tuple[int, Happening]]:
    """835 claim payments, on their remittance date, with their CO total."""
    p, r, b = schema.claim_payments, schema.remittances, schema.batches
    contractual = _contractual(connection, in_scope)
    query = (
        select(
            p.c.id,
            p.c.claim_id,
            r.c.batch_id,
            r.c.payment_date,
            b.c.created_at,
            p.c.status_code,
            p.c.kind,
            p.c.paid,
            p.c.adjusted,
            p.c.pr_adjusted,
            p.c.reversed_by,
        )
        .join(r, r.c.id == p.c.remittance_id)
        .join(b, b.c.id == r.c.batch_id)
        .where(p.c.claim_id.in_(in_scope))
    )
    for row in connection.execute(query):
        yield (
            row.claim_id,
            Paid(
                Order(row.batch_id, 2, row.id),
                _day(row.payment_date, row.created_at),
                row.id,
                row.status_code,
                row.kind,
                row.paid,
                row.adjusted,
                contractual.get(row.id, ZERO),
                row.pr_adjusted,
                row.reversed_by,
            ),
        )


def _write_offs(connection: Connection, in_scope: Any) -> Iterable[tuple[int, Happening]]:
    """Write-offs posted from the denial worklist, on the day they were posted."""
    w = schema.worklist_events
    query = select(w.c.id, w.c.claim_id, w.c.at, w.c.amount).where(
        w.c.amount.is_not(None), w.c.claim_id.in_(in_scope)
    )
    for row in connection.execute(query):
        yield row.claim_id, WrittenOff(Order(0, 3, row.id), row.at.date(), row.amount)


def _chunks(values: Sequence[int]) -> Iterable[Sequence[int]]:
    for begin in range(0, len(values), CHUNK):
        yield values[begin : begin + CHUNK]


def _denied_payments(
    connection: Connection, claims: Sequence[ClaimFact]
) -> dict[int, list[PostedPayment]]:
    """For each claim denied on the as-of day: its live payments, oldest first, with their
    CAS triplets and remarks."""
    owner = {
        payment.id: claim.id
        for claim in claims
        if claim.state.status == states.DENIED
        for payment in claim.state.live_payments
    }
    payments: dict[int, PostedPayment] = {}
    for part in _chunks(sorted(owner)):
        payments.update(_posted_payments(connection, part))
    denied: dict[int, list[PostedPayment]] = defaultdict(list)
    for payment_id in sorted(owner):
        denied[owner[payment_id]].append(payments[payment_id])
    return dict(denied)


def _posted_payments(connection: Connection, ids: Sequence[int]) -> dict[int, PostedPayment]:
    p, a, m = schema.claim_payments, schema.adjustments, schema.remarks
    found = {
        row.id: PostedPayment(row.status_code, row.kind, row.charge)
        for row in connection.execute(
            select(p.c.id, p.c.status_code, p.c.kind, p.c.charge).where(p.c.id.in_(ids))
        )
    }
    adjustments = select(
        a.c.claim_payment_id, a.c.line_number, a.c.group_code, a.c.reason_code, a.c.amount
    ).where(a.c.claim_payment_id.in_(ids))
    for adjustment in connection.execute(adjustments.order_by(a.c.id)):
        found[adjustment.claim_payment_id].adjustments.append(
            PostedAdjustment(
                adjustment.line_number,
                adjustment.group_code,
                adjustment.reason_code,
                adjustment.amount,
            )
        )
    remarks = select(m.c.claim_payment_id, m.c.line_number, m.c.qualifier, m.c.code).where(
        m.c.claim_payment_id.in_(ids)
    )
    for remark in connection.execute(remarks.order_by(m.c.id)):
        found[remark.claim_payment_id].remarks.append(
            PostedRemark(remark.line_number, remark.qualifier, remark.code)
        )
    return found


def _worklist(connection: Connection, in_scope: Any, end: datetime) -> list[ItemFact]:
    """The worklist items of the claims in scope opened before ``end`` (the day after as-of),
    each with its events before ``end``."""
    w, e = schema.worklist_items, schema.worklist_events
    opened = select(w.c.id, w.c.opened_at).where(w.c.claim_id.in_(in_scope), w.c.opened_at < end)
    items = {row.id: row.opened_at.date() for row in connection.execute(opened)}
    events: dict[int, list[ItemEvent]] = defaultdict(list)
    query = (
        select(e.c.item_id, e.c.at, e.c.by, e.c.kind, e.c.to_status)
        .join(w, w.c.id == e.c.item_id)
        .where(w.c.claim_id.in_(in_scope), w.c.opened_at < end, e.c.at < end)
        .order_by(e.c.id)
    )
    for row in connection.execute(query):
        events[row.item_id].append(ItemEvent(row.at.date(), row.by, row.kind, row.to_status))
    return [ItemFact(i, items[i], tuple(events[i])) for i in sorted(items)]


def _provider_adjustments(connection: Connection, since: date | None, as_of: date) -> Decimal:
    """Σ PLB amounts of the remittances dated in [since, as_of]."""
    pa, r = schema.provider_adjustments, schema.remittances
    dated = r.c.payment_date <= as_of
    if since:
        dated = and_(dated, r.c.payment_date >= since)
    total = ZERO
    for row in connection.execute(
        select(pa.c.amount).join(r, r.c.id == pa.c.remittance_id).where(dated)
    ):
        total += row.amount
    return cents(total)


def _unmatched(connection: Connection, since: date | None, as_of: date) -> list[Decimal | None]:
    """The amounts of the exception-queue items dated in [since, as_of]. An item read from an
    835 counts on that remittance's date: a claim payment by its own row, a PLB by the
    provider adjustment of the same file, reference and amount; any other item on the day its
    file was ingested."""
    u, p, r, pa = (
        schema.unmatched,
        schema.claim_payments,
        schema.remittances,
        schema.provider_adjustments,
    )
    plb_dates = {
        (row.batch_id, row.reference, row.amount): row.payment_date
        for row in connection.execute(
            select(r.c.batch_id, pa.c.reference, pa.c.amount, r.c.payment_date)
            .join(r, r.c.id == pa.c.remittance_id)
            .where(pa.c.claim_id.is_(None))
            .order_by(pa.c.id.desc())
        )
    }
    query = (
        select(u.c.batch_id, u.c.item, u.c.reference, u.c.amount, u.c.created_at, r.c.payment_date)
        .outerjoin(p, p.c.id == u.c.claim_payment_id)
        .outerjoin(r, r.c.id == p.c.remittance_id)
        .order_by(u.c.id)
    )
    amounts: list[Decimal | None] = []
    for row in connection.execute(query):
        remitted = row.payment_date
        if remitted is None and row.item == "provider adjustment":
            remitted = plb_dates.get((row.batch_id, row.reference, row.amount))
        on = _day(remitted, row.created_at)
        if on <= as_of and (since is None or on >= since):
            amounts.append(row.amount)
    return amounts
