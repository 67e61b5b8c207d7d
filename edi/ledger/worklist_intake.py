"""The worklist's side of an inbound file: open, reassess and resolve items, set-based, after
the file's postings and inside its transaction.

:func:`mark` notes the largest claim-payment, event and exception-queue ids before the walk;
:func:`settle` then reads only the rows the file added (an id range, and the file's batch):

* **open**: a claim this file denied or reduced (835: :func:`categorize_claim_payment`), or
  rejected (999/997/TA1 set, 277CA claim: from the acknowledgment codes the claim's event
  keeps), whose verdict is provider work (:data:`~edi.ledger.worklist.WORK_ACTIONS`); and
  each entry the file put in the exception queue (other, review). The deadline and priority
  come from :func:`edi.model.denials.assess`: received = the 835's payment date, else the
  day of ingest; today = the day of ingest (the clock); the payer's windows from
  ``[deadlines]``.
* **reassess**: a claim with an item still being worked that this file denies again: the item
  takes the new verdict, and goes back to ``open`` when it was resubmitted or appealed.
* **resolve**: a claim with an item still being worked that this file paid (a claim payment,
  not a reversal, with CLP04 > 0, and no new denial): a correction that was paid, a
  secondary that paid.

The 835 claim payments that cannot open an item are left out in SQL (no CAS reason that can
mean work, CLP02 neither a denial nor unknown), so an 835 of paid claims costs one query; the
rest are categorized from their rows, and every write is one statement per kind of row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, and_, exists, func, not_, or_, select

from edi.ledger import schema
from edi.ledger.bulk import among, insert_rows, reserve_ids, update_rows
from edi.ledger.claims_store import chunks
from edi.ledger.money import ZERO
from edi.ledger.posting import Posting
from edi.ledger.worklist import (
    APPEALED,
    EVENT_COLUMNS,
    OPEN,
    RESOLVED,
    RESUBMITTED,
    SYSTEM,
    UNRESOLVED,
    WORK_ACTIONS,
)
from edi.model.denials import (
    Action,
    Assessment,
    Category,
    DeadlineSettings,
    Verdict,
    assess,
    categorize_claim_payment,
    categorize_claim_status,
    categorize_rejected_set,
    denial_mapping,
)
from edi.model.remittance.claims import (
    Adjustment,
    ClaimPayment,
    OutpatientAdjudication,
    Procedure,
    Remark,
    ServicePayment,
)

CP, R, C = schema.claim_payments, schema.remittances, schema.claims
W, WE = schema.worklist_items, schema.worklist_events
QUIET_STATUSES = ("1", "2", "3", "19", "20", "21", "23")
"""CLP02 codes under which only the adjustments can mean work."""
NO_VERDICT_STATUSES = ("22", "25")  # a reversal, a predetermination
UNMATCHED = "unmatched"


@dataclass(frozen=True, slots=True)
class Mark:
    """The largest ids before a file's walk: what the file adds lies above them."""

    payment: int
    event: int
    unmatched: int


def mark(connection: Connection) -> Mark:
    """The largest ids now, in one statement."""
    largest = [
        select(func.max(table.c.id)).scalar_subquery()
        for table in (CP, schema.events, schema.unmatched)
    ]
    payment, event, unmatched = connection.execute(select(*largest)).one()
    return Mark(int(payment or 0), int(event or 0), int(unmatched or 0))


def quiet_reasons() -> list[str]:
    """CARCs that mean no work under any CAS group: mapped, not refined by a RARC, and no
    action of :data:`WORK_ACTIONS` (an unknown CARC is never quiet: it goes to review)."""
    loud: set[str] = set()
    codes: set[str] = set()
    for key, rule in denial_mapping().carcs.items():
        code = key.rsplit("-", 1)[-1]
        codes.add(code)
        if rule.refine or not rule.mapped or rule.action in WORK_ACTIONS:
            loud.add(code)
    return sorted(codes - loud)


@dataclass(frozen=True, slots=True)
class Opening:
    """A verdict that opens (or reassesses) an item."""

    claim_id: int | None
    unmatched_id: int | None
    source: str
    verdict: Verdict
    received: date
    payer_id: str | None
    service: date | None


def _payment_candidates(p: Posting, since: Mark) -> list[Any]:
    adjustments = schema.adjustments
    loud_reason = exists().where(
        adjustments.c.claim_payment_id == CP.c.id,
        not_(adjustments.c.reason_code.in_(quiet_reasons())),
    )
    query = (
        select(
            CP.c.id,
            CP.c.claim_id,
            CP.c.status_code,
            CP.c.charge,
            R.c.payment_date,
            C.c.payer_id,
            C.c.service_from,
        )
        .join(R, R.c.id == CP.c.remittance_id)
        .join(C, C.c.id == CP.c.claim_id)
        .where(
            CP.c.id > since.payment,
            R.c.batch_id == p.batch_id,
            CP.c.status_code.not_in(NO_VERDICT_STATUSES),
            or_(CP.c.status_code.not_in(QUIET_STATUSES), loud_reason),
        )
        .order_by(CP.c.id)
    )
    return list(p.connection.execute(query))


def _by_payment(connection: Connection, table: Any, ids: Sequence[int]) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = {}
    for part in chunks(ids):
        query = select(table).where(among(connection, table.c.claim_payment_id, part))
        for row in connection.execute(query.order_by(table.c.id)):
            found.setdefault(row.claim_payment_id, []).append(row)
    return found


def _claim_payment(row: Any, adjustments: list[Any], remarks: list[Any]) -> ClaimPayment:
    """The CLP as :func:`categorize_claim_payment` reads it, from its ledger rows."""

    def adjusted(line: int | None) -> list[Adjustment]:
        return [
            Adjustment.model_construct(group=a.group_code, reason=a.reason_code, amount=a.amount)
            for a in adjustments
            if a.line_number == line
        ]

    def remarked(line: int | None) -> list[Remark]:
        return [
            Remark.model_construct(qualifier=m.qualifier, code=m.code)
            for m in remarks
            if m.line_number == line
        ]

    lines = sorted(
        ({a.line_number for a in adjustments} | {m.line_number for m in remarks}) - {None}
    )
    services = [
        ServicePayment.model_construct(
            procedure=Procedure.model_construct(qualifier="HC"),
            adjustments=adjusted(line),
            remarks=remarked(line),
        )
        for line in lines
        if line is not None
    ]
    claim_remarks = remarked(None)
    return ClaimPayment.model_construct(
        patient_control_number="",  # not read: the claim is known by its id
        status_code=row.status_code,
        charge=row.charge,
        adjustments=adjusted(None),
        services=services,
        inpatient=None,
        outpatient=OutpatientAdjudication.model_construct(remarks=claim_remarks)
        if claim_remarks
        else None,
    )


def _denials(p: Posting, since: Mark) -> list[Opening]:
    rows = _payment_candidates(p, since)
    ids = [row.id for row in rows]
    adjustments = _by_payment(p.connection, schema.adjustments, ids)
    remarks = _by_payment(p.connection, schema.remarks, ids)
    found = []
    for row in rows:
        claim = _claim_payment(row, adjustments.get(row.id, []), remarks.get(row.id, []))
        verdict = categorize_claim_payment(claim)
        if verdict is not None:
            found.append(
                Opening(
                    row.claim_id,
                    None,
                    "835",
                    verdict,
                    row.payment_date or p.now.date(),
                    row.payer_id,
                    row.service_from,
                )
            )
    return found


_IK5 = re.compile(r"\bIK5 (\w+)")
_SET_ERROR = re.compile(r"\bset error (\w+)")
_STC = re.compile(r"\bSTC ([A-Z0-9]+)(?::([A-Z0-9]+))?")


def _rejection_verdict(kind: str, detail: str, charge: Decimal) -> Verdict:
    """The verdict on a rejection from the codes its claim event keeps (edi.ledger.acks and
    edi.ledger.status write them): IK5 and set errors of a 999/997, STC of a 277CA."""
    verdict: Verdict | None
    if kind.startswith("277"):
        verdict = categorize_claim_status(_STC.findall(detail), charge=charge)
    else:  # 999, 997, or TA1 (its interchange rejected: every set)
        status = _IK5.search(detail)
        verdict = categorize_rejected_set(
            status.group(1) if status else "R", _SET_ERROR.findall(detail), charge=charge
        )
    return verdict or Verdict(Category.OTHER, Action.REVIEW, charge, ())


def _rejections(p: Posting, since: Mark) -> list[Opening]:
    events = schema.events
    query = (
        select(
            events.c.claim_id,
            events.c.kind,
            events.c.detail,
            C.c.charge,
            C.c.payer_id,
            C.c.service_from,
        )
        .join(C, C.c.id == events.c.claim_id)
        .where(
            events.c.id > since.event,
            events.c.batch_id == p.batch_id,
            events.c.to_status == "rejected",
            or_(events.c.from_status.is_(None), events.c.from_status != "rejected"),
        )
        .order_by(events.c.id)
    )
    return [
        Opening(
            row.claim_id,
            None,
            row.kind.split()[0][:8],
            _rejection_verdict(row.kind, row.detail or "", row.charge),
            p.now.date(),
            row.payer_id,
            row.service_from,
        )
        for row in p.connection.execute(query)
    ]


def _unmatched(p: Posting, since: Mark) -> list[Opening]:
    u = schema.unmatched
    query = (
        select(u.c.id, u.c.amount)
        .where(u.c.id > since.unmatched, u.c.batch_id == p.batch_id)
        .order_by(u.c.id)
    )
    return [
        Opening(
            None,
            row.id,
            UNMATCHED,
            Verdict(Category.OTHER, Action.REVIEW, abs(row.amount or ZERO), ()),
            p.now.date(),
            None,
            None,
        )
        for row in p.connection.execute(query)
    ]


def _unresolved(connection: Connection, claim_ids: Iterable[int]) -> dict[int, Any]:
    """The items still being worked of these claims, locked against a worker's change."""
    found: dict[int, Any] = {}
    for part in chunks(sorted(set(claim_ids))):
        query = (
            select(W.c.id, W.c.claim_id, W.c.status, W.c.assignee, W.c.version)
            .where(among(connection, W.c.claim_id, part), W.c.status.in_(UNRESOLVED))
            .with_for_update()
        )
        found.update({row.claim_id: row for row in connection.execute(query)})
    return found


def _paid_items(p: Posting, since: Mark, denied: set[int]) -> list[Any]:
    """Items still being worked whose claim this file paid, and did not deny again."""
    paid = exists().where(
        CP.c.claim_id == W.c.claim_id,
        CP.c.id > since.payment,
        CP.c.paid > 0,
        CP.c.status_code != "22",
        R.c.id == CP.c.remittance_id,
        R.c.batch_id == p.batch_id,
    )
    query = (
        select(W.c.id, W.c.claim_id, W.c.status, W.c.assignee, W.c.version)
        .where(W.c.status.in_(UNRESOLVED), and_(W.c.claim_id.is_not(None), paid))
        .with_for_update()
    )
    return [row for row in p.connection.execute(query) if row.claim_id not in denied]


ITEM_COLUMNS = (
    "id",
    "claim_id",
    "unmatched_id",
    "batch_id",
    "source",
    "category",
    "action",
    "received",
    "deadline",
    "amount",
    "priority",
    "status",
    "assignee",
    "opened_at",
    "updated_at",
    "closed_at",
    "version",
)
REASSESSED_COLUMNS = (
    "category",
    "action",
    "received",
    "deadline",
    "amount",
    "priority",
    "status",
    "updated_at",
    "version",
)
RESOLVED_COLUMNS = ("status", "updated_at", "closed_at", "version")


def settle(p: Posting, since: Mark, deadlines: DeadlineSettings) -> None:
    """Open, reassess and resolve the items the file's postings call for (module docstring)."""
    paid = p.counts["claim payments posted"] > 0  # what the file posted: nothing else is read
    found = [
        *(_denials(p, since) if paid else []),
        *(_rejections(p, since) if p.counts["acknowledgments"] else []),
        *(_unmatched(p, since) if p.counts["unmatched"] else []),
    ]
    latest: dict[tuple[int | None, int | None], Opening] = {}
    for opening in found:
        if opening.verdict.action in WORK_ACTIONS:
            latest[(opening.claim_id, opening.unmatched_id)] = opening  # a claim's last reply
    openings = list(latest.values())
    denied = {o.claim_id for o in openings if o.claim_id is not None}
    existing = _unresolved(p.connection, denied)
    today, now = p.now.date(), p.now
    new_items: list[tuple[Any, ...]] = []
    reassessed: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    fresh = [o for o in openings if o.claim_id not in existing]
    ids = reserve_ids(p.connection, W, len(fresh))
    for item_id, opening in zip(ids, fresh, strict=True):
        a = _assessed(opening, deadlines, today)
        new_items.append(
            (
                item_id,
                opening.claim_id,
                opening.unmatched_id,
                p.batch_id,
                opening.source,
                a.category.value,
                a.action.value,
                opening.received,
                a.deadline,
                a.amount_at_stake,
                a.priority,
                OPEN,
                None,
                now,
                now,
                None,
                1,
            )
        )
        events.append(
            (
                item_id,
                opening.claim_id,
                now,
                SYSTEM,
                "opened",
                None,
                OPEN,
                None,
                None,
                p.batch_id,
                _words(opening, a.action, a.deadline),
            )
        )
    for opening in openings:
        row = existing.get(opening.claim_id) if opening.claim_id is not None else None
        if row is None:
            continue
        a = _assessed(opening, deadlines, today)
        status = OPEN if row.status in (RESUBMITTED, APPEALED) else row.status
        reassessed.append(
            (
                row.id,
                a.category.value,
                a.action.value,
                opening.received,
                a.deadline,
                a.amount_at_stake,
                a.priority,
                status,
                now,
                row.version + 1,
            )
        )
        events.append(
            (
                row.id,
                row.claim_id,
                now,
                SYSTEM,
                "reassessed",
                row.status,
                status,
                row.assignee,
                row.assignee,
                p.batch_id,
                _words(opening, a.action, a.deadline),
            )
        )
    resolved = _paid_items(p, since, denied) if paid else []
    for row in resolved:
        events.append(
            (
                row.id,
                row.claim_id,
                now,
                SYSTEM,
                "resolved",
                row.status,
                RESOLVED,
                row.assignee,
                row.assignee,
                p.batch_id,
                "a later 835 paid the claim",
            )
        )
    insert_rows(p.connection, W, ITEM_COLUMNS, new_items)
    update_rows(p.connection, W, "id", REASSESSED_COLUMNS, reassessed)
    update_rows(
        p.connection,
        W,
        "id",
        RESOLVED_COLUMNS,
        [(r.id, RESOLVED, now, now, r.version + 1) for r in resolved],
    )
    insert_rows(p.connection, WE, EVENT_COLUMNS, events)
    for name, count in (
        ("worklist items opened", len(new_items)),
        ("worklist items reassessed", len(reassessed)),
        ("worklist items resolved", len(resolved)),
    ):
        if count:
            p.counts[name] += count


def _assessed(opening: Opening, deadlines: DeadlineSettings, today: date) -> Assessment:
    return assess(
        opening.verdict,
        received=opening.received,
        today=today,
        windows=deadlines.for_payer(opening.payer_id),
        service=opening.service,
    )


def _words(opening: Opening, action: Action, deadline: date | None) -> str:
    """What the reply said, in codes and our words only (never the claim's people)."""
    verdict = opening.verdict
    codes = ", ".join(f"{r.code_list} {r.code}" for r in verdict.reasons[:6])
    due = f", by {deadline.isoformat()}" if deadline else ""
    return f"{opening.source}: {verdict.category.description}; {action.description}{due}" + (
        f" ({codes})" if codes else ""
    )
