"""Rows for an 835 claim payment's service lines, adjustments (CAS) and remarks (MIA/MOA/LQ).

Rows are tuples in the order of :data:`SERVICE_COLUMNS`, :data:`ADJUSTMENT_COLUMNS` and
:data:`REMARK_COLUMNS`, written a chunk at a time by :func:`edi.ledger.bulk.insert_rows`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from edi.ledger.money import cents
from edi.ledger.reconcile import all_adjustments
from parsers.era835 import ClaimPayment, ServicePayment

Rows = list[tuple[Any, ...]]

SERVICE_COLUMNS = (
    "claim_payment_id",
    "line_number",
    "procedure",
    "charge",
    "paid",
    "units",
    "line_control_number",
)
ADJUSTMENT_COLUMNS = (
    "claim_payment_id",
    "line_number",
    "group_code",
    "reason_code",
    "amount",
    "quantity",
)
REMARK_COLUMNS = ("claim_payment_id", "line_number", "qualifier", "code")


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _procedure(service: ServicePayment) -> str | None:
    procedure = service.procedure
    if not procedure.code:
        return None
    return ":".join([procedure.qualifier, procedure.code, *procedure.modifiers])


def _service_rows(payment_id: int, payment: ClaimPayment) -> tuple[Rows, Rows]:
    services: Rows = []
    remarks: Rows = []
    for number, service in enumerate(payment.services, 1):
        services.append(
            (
                payment_id,
                number,
                _procedure(service),
                service.charge,
                service.paid,
                _text(service.units),
                service.line_control_number,
            )
        )
        remarks.extend((payment_id, number, r.qualifier, r.code) for r in service.remarks)
    for adjudication in (payment.inpatient, payment.outpatient):
        if adjudication is not None:
            remarks.extend((payment_id, None, r.qualifier, r.code) for r in adjudication.remarks)
    return services, remarks


def line_rows(payments: Sequence[tuple[int, ClaimPayment]]) -> tuple[Rows, Rows, Rows]:
    """(service payments, adjustments, remarks) of each (claim payment id, CLP)."""
    services: Rows = []
    adjustments: Rows = []
    remarks: Rows = []
    for payment_id, payment in payments:
        lines, notes = _service_rows(payment_id, payment)
        services.extend(lines)
        remarks.extend(notes)
        adjustments.extend(
            (payment_id, line, a.group, a.reason, cents(a.amount), _text(a.quantity))
            for line, a in all_adjustments(payment)
        )
    return services, adjustments, remarks
