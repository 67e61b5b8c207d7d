"""Posting an 835, streamed: the remittance, its claim payments in chunks, then its PLBs.

Each chunk of CLPs costs a handful of statements whatever its size (:data:`CHUNK` claims, held
in memory while they are written): one lookup of the natural keys already posted, one of the
claims (by CLP01, then by CLP07), the ids of the new payments, set-based inserts
(:mod:`edi.ledger.bulk`: COPY on PostgreSQL) of the payments, service lines, adjustments,
remarks, events and exception-queue items, and one UPDATE of the claims' totals. A reversal
(CLP02 = 22) is posted on its own, after everything before it, so that the payment it reverses
is in the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select, update

from edi.ledger import schema, states
from edi.ledger.amounts import claim_amounts, payment_amount
from edi.ledger.bulk import among, insert_rows, reserve_ids
from edi.ledger.claims_store import (
    ClaimRow,
    adjudicated,
    by_control_number,
    by_payer_number,
    chunks,
    save_claims,
)
from edi.ledger.money import ZERO, cents, storable
from edi.ledger.plb import post_provider_adjustments
from edi.ledger.posting import SOURCE, UNMATCHED_COLUMNS, Posting, located
from edi.ledger.reconcile import (
    Match,
    PriorPayment,
    adjustment_totals,
    all_adjustments,
    find_reversed,
    match_claim_payment,
    natural_key,
    payer_identity,
)
from edi.ledger.remit_lines import ADJUSTMENT_COLUMNS, REMARK_COLUMNS, SERVICE_COLUMNS, line_rows
from edi.x12.location import Location
from parsers.era835 import ClaimPayment, Remittance, RemittanceEnd

CHUNK = 1000

PAYMENT_COLUMNS = (
    "id",
    "remittance_id",
    "claim_id",
    "natural_key",
    "patient_control_number",
    "status_code",
    "kind",
    "charge",
    "paid",
    "patient_responsibility",
    "adjusted",
    "pr_adjusted",
    "payer_claim_control_number",
    "location",
)


@dataclass(slots=True)
class Item:
    """One CLP on its way to the ledger."""

    payment: ClaimPayment
    key: str
    location: Location
    adjusted: Decimal = ZERO  # CO + OA + PI
    patient: Decimal = ZERO  # PR
    match: Match | None = None
    claim: ClaimRow | None = None


class RemittancePoster:
    """Posts one 835 transaction set: ``add`` each claim payment, then ``finish``."""

    def __init__(self, p: Posting, remittance: Remittance, base: Location) -> None:
        self.p = p
        self.base = base
        self.payer = payer_identity(remittance)
        payment = remittance.payment
        self.trace = payment.trace_number
        self.paid_on: date = payment.date or payment.production_date or p.now.date()
        self.pending: list[Item] = []
        self.claim_count = 0
        self.total_paid = ZERO
        self.amount = payment_amount(payment, base)
        payer = remittance.payer
        self.payer_name = payer.name if payer else None
        self.remittance_id: int = p.connection.execute(
            insert(schema.remittances)
            .values(
                batch_id=p.batch_id,
                set_control_number=remittance.control_number,
                payer_id=min(self.payer.ids) if self.payer.ids else None,
                payer_name=self.payer_name,
                trace_number=self.trace,
                method=payment.method,
                amount=payment.amount,
                payment_date=self.paid_on,
            )
            .returning(schema.remittances.c.id)
        ).scalar_one()
        p.counts["remittances"] += 1

    def add(self, payment: ClaimPayment) -> None:
        self.claim_count += 1
        location = located(payment.location, self.base, "CLP")
        claim_amounts(payment, location)
        self.total_paid += cents(payment.paid)
        item = Item(payment, natural_key(self.payer, self.trace, payment), location)
        item.adjusted, item.patient = adjustment_totals(payment)
        storable(item.adjusted, location)
        storable(item.patient, location)
        if payment.status_code == states.REVERSAL_CODE:
            self.flush()
            self._post([item])
            return
        self.pending.append(item)
        if len(self.pending) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        items, self.pending = self.pending, []
        if items:
            self._post(items)

    def finish(self, end: RemittanceEnd | None) -> None:
        self.flush()
        if end is not None:
            post_provider_adjustments(
                self.p, self.remittance_id, end.provider_adjustments, self.base
            )
        t = schema.remittances
        self.p.connection.execute(
            update(t).where(t.c.id == self.remittance_id).values(claim_count=self.claim_count)
        )

    # -- one chunk ---------------------------------------------------------------------------
    def _post(self, items: list[Item]) -> None:
        self._match(items)  # locks the claims first: a concurrent worker's keys are in
        fresh = self._without_duplicates(items)  # by the time they are checked
        if not fresh:
            return
        ids = self._insert_payments(fresh)
        conn = self.p.connection
        services, adjustments, remarks = line_rows(
            [(payment_id, item.payment) for payment_id, item in zip(ids, fresh, strict=True)]
        )
        insert_rows(conn, schema.service_payments, SERVICE_COLUMNS, services)
        insert_rows(conn, schema.adjustments, ADJUSTMENT_COLUMNS, adjustments)
        insert_rows(conn, schema.remarks, REMARK_COLUMNS, remarks)
        self._apply(fresh, ids)

    def _without_duplicates(self, items: list[Item]) -> list[Item]:
        keys = [item.key for item in items]
        t = schema.claim_payments
        posted: set[str] = set()
        for part in chunks(keys):
            posted.update(
                row[0]
                for row in self.p.connection.execute(
                    select(t.c.natural_key).where(among(self.p.connection, t.c.natural_key, part))
                )
            )
        fresh: list[Item] = []
        for item in items:  # earlier chunks are in the database already; this one is not
            if item.key in posted:
                self.p.counts["duplicate claim payments"] += 1
                self.p.findings.warning(
                    SOURCE,
                    "DUPLICATE",
                    f"CLP {item.payment.patient_control_number} of trace "
                    f"{self.trace} was posted before; not posted again",
                    item.location,
                )
                continue
            posted.add(item.key)
            fresh.append(item)
        return fresh

    def _match(self, items: list[Item]) -> None:
        conn = self.p.connection
        by_number = by_control_number(conn, [i.payment.patient_control_number for i in items])
        missing = [
            i.payment.payer_claim_control_number
            for i in items
            if i.payment.patient_control_number not in by_number
            and i.payment.payer_claim_control_number
        ]
        by_icn = by_payer_number(conn, [m for m in missing if m]) if missing else {}
        for item in items:
            payment = item.payment
            candidates: Sequence[ClaimRow] = by_icn.get(
                payment.payer_claim_control_number or "", []
            )
            direct = by_number.get(payment.patient_control_number)
            item.match = match_claim_payment(
                payment, direct.ref if direct else None, [c.ref for c in candidates], self.payer
            )
            if item.match.claim is not None:
                chosen = item.match.claim.id
                item.claim = (
                    direct
                    if direct and direct.id == chosen
                    else next(c for c in candidates if c.id == chosen)
                )

    def _insert_payments(self, items: list[Item]) -> list[int]:
        """Insert the chunk's payments under ids taken first, in order: the ids the database
        would have given them, known without a RETURNING per row."""
        conn = self.p.connection
        ids = reserve_ids(conn, schema.claim_payments, len(items))
        rows = [self._payment_row(item, new) for item, new in zip(items, ids, strict=True)]
        insert_rows(conn, schema.claim_payments, PAYMENT_COLUMNS, rows)
        return ids

    def _payment_row(self, item: Item, payment_id: int) -> tuple[Any, ...]:
        payment = item.payment
        return (
            payment_id,
            self.remittance_id,
            item.claim.id if item.claim else None,
            item.key,
            payment.patient_control_number,
            payment.status_code,
            payment.kind,
            cents(payment.charge),
            cents(payment.paid),
            cents(payment.patient_responsibility),
            item.adjusted,
            item.patient,
            payment.payer_claim_control_number,
            str(item.location),
        )

    def _apply(self, items: list[Item], ids: list[int]) -> None:
        """Claim totals, statuses and events; the exception queue for what matched nothing."""
        touched: dict[int, ClaimRow] = {}
        queued: list[tuple[Any, ...]] = []
        for item, payment_id in zip(items, ids, strict=True):
            if item.claim is None:
                queued.append(self._queue(item, payment_id))
                continue
            if item.payment.status_code == states.REVERSAL_CODE:
                self._link_reversal(item, payment_id)
            self._post_to_claim(item)
            touched[item.claim.id] = item.claim
        conn = self.p.connection
        insert_rows(conn, schema.unmatched, UNMATCHED_COLUMNS, queued)
        save_claims(conn, touched.values(), self.p.now)
        adjudicated(conn, list(touched))
        self.p.events.flush(conn)

    def _post_to_claim(self, item: Item) -> None:
        claim, payment = item.claim, item.payment
        assert claim is not None
        adjusted, patient = item.adjusted, item.patient
        claim.paid += cents(payment.paid)
        claim.adjusted += adjusted
        claim.patient_responsibility += patient
        if payment.payer_claim_control_number and payment.kind != "reversal":
            claim.payer_claim_control_number = payment.payer_claim_control_number
        before = claim.status
        claim.status = states.on_payment(
            before, payment.status_code, claim.paid, claim.patient_responsibility
        )
        reasons = " ".join(
            f"{a.group}-{a.reason} {cents(a.amount)}" for _line, a in all_adjustments(payment)
        )
        matched_by = item.match.by if item.match else None
        detail = (
            f"CLP02 {payment.status_code} ({payment.kind}) charge "
            f"{cents(payment.charge)} paid {cents(payment.paid)} adjusted {adjusted} "
            f"patient {patient}; trace {self.trace}; matched by {matched_by}"
            + (f"; {reasons}" if reasons else "")
        )
        self.p.events.add(
            claim.id, f"835 {payment.kind}", before, claim.status, str(item.location), detail
        )
        self.p.counts["claim payments posted"] += 1

    def _queue(self, item: Item, payment_id: int) -> tuple[Any, ...]:
        """The exception-queue row of a payment that matched no claim."""
        payment = item.payment
        reason = item.match.reason if item.match and item.match.reason else "no claim"
        return self.p.unmatched_row(
            "claim payment",
            payment.patient_control_number,
            reason,
            item.location,
            amount=cents(payment.paid),
            payer_number=payment.payer_claim_control_number,
            claim_payment_id=payment_id,
        )

    def _link_reversal(self, item: Item, payment_id: int) -> None:
        assert item.claim is not None
        t = schema.claim_payments
        query = select(
            t.c.id,
            t.c.patient_control_number,
            t.c.payer_claim_control_number,
            t.c.paid,
            t.c.kind,
            t.c.reversed_by,
        ).where(t.c.claim_id == item.claim.id, t.c.id != payment_id)
        prior = [PriorPayment(*row) for row in self.p.connection.execute(query)]
        original = find_reversed(item.payment, prior)
        if original is None:
            self.p.findings.warning(
                SOURCE,
                "REVERSAL",
                "the reversal of CLP "
                f"{item.payment.patient_control_number} matches no earlier "
                "payment in the ledger; posted as sent",
                item.location,
            )
            return
        self.p.connection.execute(
            update(t).where(t.c.id == original.id).values(reversed_by=payment_id)
        )
        difference = cents(item.payment.paid) + original.paid
        if difference:
            self.p.findings.warning(
                SOURCE,
                "REVERSAL",
                f"the reversal of CLP {item.payment.patient_control_number}"
                f" does not negate the payment it reverses (difference {difference})",
                item.location,
                difference=difference,
            )
