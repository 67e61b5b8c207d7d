"""Read-only views of the ledger: the claim listing, one claim's history, the exception queue.

Each view is a frozen dataclass with ``to_json`` (money as strings, dates ISO). Nothing here
names a patient: the ledger keeps the patient's name, member id and birth date on the claim
for ``x12flow find`` (:mod:`edi.ledger.find`) only, and no view here reads them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, or_, select

from edi.ledger import schema
from edi.ledger.code_words import describe_history
from edi.ledger.money import text
from parsers.codes import adjustment_group, descriptions, provider_adjustment_reason

C = schema.claims


@dataclass(frozen=True, slots=True)
class ClaimSummary:
    """One line of ``x12flow claims``."""

    patient_control_number: str
    payer: str | None
    payer_id: str | None
    status: str
    payer_claim_control_number: str | None
    submitted_at: datetime
    charge: Decimal
    paid: Decimal
    adjusted: Decimal
    patient_responsibility: Decimal
    written_off: Decimal = Decimal("0.00")

    @property
    def balance(self) -> Decimal:
        """charge − paid − adjusted − patient responsibility − written off (worklist)."""
        return (
            self.charge - self.paid - self.adjusted - self.patient_responsibility - self.written_off
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "patient_control_number": self.patient_control_number,
            "payer": self.payer,
            "payer_id": self.payer_id,
            "status": self.status,
            "payer_claim_control_number": self.payer_claim_control_number,
            "submitted_at": self.submitted_at.isoformat(timespec="seconds"),
            "charge": text(self.charge),
            "paid": text(self.paid),
            "adjusted": text(self.adjusted),
            "patient_responsibility": text(self.patient_responsibility),
            "written_off": text(self.written_off),
            "balance": text(self.balance),
        }


SUMMARY_COLUMNS = (
    C.c.patient_control_number,
    C.c.payer_name,
    C.c.payer_id,
    C.c.status,
    C.c.payer_claim_control_number,
    C.c.submitted_at,
    C.c.charge,
    C.c.paid,
    C.c.adjusted,
    C.c.patient_responsibility,
    C.c.written_off,
)


def _summary(row: Sequence[Any]) -> ClaimSummary:
    return ClaimSummary(*row)


def list_claims(
    connection: Connection, status: str | None = None, payer: str | None = None
) -> list[ClaimSummary]:
    """Claims in patient-control-number order; ``payer`` matches the payer id or name."""
    query = select(*SUMMARY_COLUMNS).order_by(C.c.patient_control_number)
    if status:
        query = query.where(C.c.status == status)
    if payer:
        query = query.where(or_(C.c.payer_id == payer, func.upper(C.c.payer_name) == payer.upper()))
    return [_summary(tuple(row)) for row in connection.execute(query)]


@dataclass(frozen=True, slots=True)
class UnmatchedItem:
    id: int
    item: str
    reference: str | None
    payer_claim_control_number: str | None
    amount: Decimal | None
    reason: str
    file: str
    location: str | None
    created_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "item": self.item,
            "reference": self.reference,
            "payer_claim_control_number": self.payer_claim_control_number,
            "amount": text(self.amount),
            "reason": self.reason,
            "file": self.file,
            "location": self.location,
            "created_at": self.created_at.isoformat(timespec="seconds"),
        }


def list_unmatched(connection: Connection) -> list[UnmatchedItem]:
    u, b = schema.unmatched, schema.batches
    query = (
        select(
            u.c.id,
            u.c.item,
            u.c.reference,
            u.c.payer_claim_control_number,
            u.c.amount,
            u.c.reason,
            b.c.file_name,
            u.c.location,
            u.c.created_at,
        )
        .join(b, b.c.id == u.c.batch_id)
        .order_by(u.c.id)
    )
    return [UnmatchedItem(*row) for row in connection.execute(query)]


def _rows(connection: Connection, query: Any) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in connection.execute(query)]


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, Decimal):
            out[key] = text(value)
        elif hasattr(value, "isoformat"):
            out[key] = value.isoformat()
        else:
            out[key] = value
    return out


@dataclass(frozen=True, slots=True)
class ClaimHistory:
    """Everything the ledger knows about one claim, oldest first."""

    summary: ClaimSummary
    service_from: Any
    service_to: Any
    submissions: list[dict[str, Any]]
    lines: list[dict[str, Any]]
    events: list[dict[str, Any]]
    acknowledgments: list[dict[str, Any]]
    payments: list[dict[str, Any]]
    adjustments: list[dict[str, Any]]
    remarks: list[dict[str, Any]]
    provider_adjustments: list[dict[str, Any]]
    worklist: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        out = self.summary.to_json()
        out["service_from"] = self.service_from.isoformat() if self.service_from else None
        out["service_to"] = self.service_to.isoformat() if self.service_to else None
        for name in (
            "submissions",
            "lines",
            "events",
            "acknowledgments",
            "payments",
            "adjustments",
            "remarks",
            "provider_adjustments",
            "worklist",
        ):
            out[name] = [_jsonable(row) for row in getattr(self, name)]
        return out


def claim_history(connection: Connection, patient_control_number: str) -> ClaimHistory | None:
    found = connection.execute(
        select(C.c.id, C.c.service_from, C.c.service_to, *SUMMARY_COLUMNS).where(
            C.c.patient_control_number == patient_control_number
        )
    ).first()
    if found is None:
        return None
    claim_id = found[0]
    history = ClaimHistory(
        _summary(tuple(found)[3:]),
        found[1],
        found[2],
        _submissions(connection, claim_id),
        _lines(connection, claim_id),
        _events(connection, claim_id),
        _acknowledgments(connection, claim_id),
        _payments(connection, claim_id),
        _adjustments(connection, claim_id),
        _remarks(connection, claim_id),
        _provider_adjustments(connection, claim_id),
        _worklist(connection, claim_id),
    )
    describe_history(
        history.payments,
        history.adjustments,
        history.remarks,
        history.acknowledgments,
        history.provider_adjustments,
    )
    return history


def _submissions(connection: Connection, claim_id: int) -> list[dict[str, Any]]:
    s, b = schema.submissions, schema.batches
    return _rows(
        connection,
        select(
            s.c.sequence,
            s.c.submitted_at,
            b.c.file_name.label("file"),
            b.c.interchange_control_number,
            b.c.group_control_number,
            s.c.set_control_number,
            s.c.frequency_code,
            s.c.charge,
            s.c.outcome,
        )
        .join(b, b.c.id == s.c.batch_id)
        .where(s.c.claim_id == claim_id)
        .order_by(s.c.sequence),
    )


def _lines(connection: Connection, claim_id: int) -> list[dict[str, Any]]:
    lines, s = schema.claim_lines, schema.submissions
    latest = select(func.max(s.c.id)).where(s.c.claim_id == claim_id).scalar_subquery()
    return _rows(
        connection,
        select(
            lines.c.line_number,
            lines.c.line_control_number,
            lines.c.procedure,
            lines.c.charge,
            lines.c.service_date,
        )
        .where(lines.c.submission_id == latest)
        .order_by(lines.c.line_number),
    )


def _events(connection: Connection, claim_id: int) -> list[dict[str, Any]]:
    e, b = schema.events, schema.batches
    return _rows(
        connection,
        select(
            e.c.at,
            e.c.kind,
            e.c.from_status,
            e.c.to_status,
            b.c.file_name.label("file"),
            e.c.location,
            e.c.detail,
        )
        .outerjoin(b, b.c.id == e.c.batch_id)
        .where(e.c.claim_id == claim_id)
        .order_by(e.c.id),
    )


def _acknowledgments(connection: Connection, claim_id: int) -> list[dict[str, Any]]:
    a = schema.acknowledgments
    return _rows(
        connection,
        select(
            a.c.kind, a.c.level, a.c.reference, a.c.status, a.c.accepted, a.c.detail, a.c.location
        )
        .where(a.c.claim_id == claim_id)
        .order_by(a.c.id),
    )


def _payments(connection: Connection, claim_id: int) -> list[dict[str, Any]]:
    p, r = schema.claim_payments, schema.remittances
    return _rows(
        connection,
        select(
            p.c.id,
            r.c.trace_number,
            r.c.payment_date,
            r.c.payer_name,
            p.c.status_code,
            p.c.kind,
            p.c.charge,
            p.c.paid,
            p.c.patient_responsibility,
            p.c.adjusted,
            p.c.pr_adjusted,
            p.c.payer_claim_control_number,
            p.c.reversed_by,
            p.c.location,
        )
        .join(r, r.c.id == p.c.remittance_id)
        .where(p.c.claim_id == claim_id)
        .order_by(p.c.id),
    )


def _adjustments(connection: Connection, claim_id: int) -> list[dict[str, Any]]:
    a, p = schema.adjustments, schema.claim_payments
    rows = _rows(
        connection,
        select(
            a.c.claim_payment_id,
            a.c.line_number,
            a.c.group_code,
            a.c.reason_code,
            a.c.amount,
            a.c.quantity,
        )
        .join(p, p.c.id == a.c.claim_payment_id)
        .where(p.c.claim_id == claim_id)
        .order_by(a.c.id),
    )
    texts = descriptions()
    for row in rows:
        row["group"] = adjustment_group(row["group_code"])
        row["reason"] = texts.carc(row["reason_code"])
    return rows


def _remarks(connection: Connection, claim_id: int) -> list[dict[str, Any]]:
    m, p = schema.remarks, schema.claim_payments
    rows = _rows(
        connection,
        select(m.c.claim_payment_id, m.c.line_number, m.c.qualifier, m.c.code)
        .join(p, p.c.id == m.c.claim_payment_id)
        .where(p.c.claim_id == claim_id)
        .order_by(m.c.id),
    )
    texts = descriptions()
    for row in rows:
        row["description"] = texts.rarc(row["code"])
    return rows


def _provider_adjustments(connection: Connection, claim_id: int) -> list[dict[str, Any]]:
    a = schema.provider_adjustments
    rows = _rows(
        connection,
        select(a.c.provider_id, a.c.reason_code, a.c.reference, a.c.amount)
        .where(a.c.claim_id == claim_id)
        .order_by(a.c.id),
    )
    for row in rows:
        row["reason"] = provider_adjustment_reason(row["reason_code"])
    return rows


def _worklist(connection: Connection, claim_id: int) -> list[dict[str, Any]]:
    """Every change of the claim's worklist items: who, when, from, to, note."""
    w = schema.worklist_events
    items = schema.worklist_items
    return _rows(
        connection,
        select(
            w.c.item_id,
            w.c.at,
            w.c.by,
            w.c.kind,
            w.c.from_status,
            w.c.to_status,
            w.c.from_assignee,
            w.c.to_assignee,
            w.c.amount,
            items.c.category,
            w.c.note,
        )
        .join(items, items.c.id == w.c.item_id)
        .where(w.c.claim_id == claim_id)
        .order_by(w.c.id),
    )
