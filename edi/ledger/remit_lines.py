"""Rows for an 835 claim payment's service lines, adjustments (CAS) and remarks (MIA/MOA/LQ)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from edi.ledger.money import cents
from edi.ledger.reconcile import all_adjustments
from parsers.era835 import ClaimPayment, ServicePayment

Rows = list[dict[str, Any]]


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
            {
                "claim_payment_id": payment_id,
                "line_number": number,
                "procedure": _procedure(service),
                "charge": service.charge,
                "paid": service.paid,
                "units": _text(service.units),
                "line_control_number": service.line_control_number,
            }
        )
        remarks.extend(
            {
                "claim_payment_id": payment_id,
                "line_number": number,
                "qualifier": r.qualifier,
                "code": r.code,
            }
            for r in service.remarks
        )
    for adjudication in (payment.inpatient, payment.outpatient):
        if adjudication is not None:
            remarks.extend(
                {
                    "claim_payment_id": payment_id,
                    "line_number": None,
                    "qualifier": r.qualifier,
                    "code": r.code,
                }
                for r in adjudication.remarks
            )
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
            {
                "claim_payment_id": payment_id,
                "line_number": line,
                "group_code": a.group,
                "reason_code": a.reason,
                "amount": cents(a.amount),
                "quantity": _text(a.quantity),
            }
            for line, a in all_adjustments(payment)
        )
    return services, adjustments, remarks
