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


def line_rows(payments: Sequence[tuple[int, ClaimPayment]]) -> tuple[Rows, Rows, Rows]:
    """(service payments, adjustments, remarks) of each (claim payment id, CLP)."""
    services: Rows = []
    adjustments: Rows = []
    remarks: Rows = []
    for payment_id, payment in payments:
        for number, service in enumerate(payment.services, 1):
            services.append({"claim_payment_id": payment_id, "line_number": number,
                             "procedure": _procedure(service), "charge": service.charge,
                             "paid": service.paid, "units": _text(service.units),
                             "line_control_number": service.line_control_number})
            remarks.extend({"claim_payment_id": payment_id, "line_number": number,
                            "qualifier": r.qualifier, "code": r.code} for r in service.remarks)
        for line, adjustment in all_adjustments(payment):
            adjustments.append({"claim_payment_id": payment_id, "line_number": line,
                                "group_code": adjustment.group,
                                "reason_code": adjustment.reason,
                                "amount": cents(adjustment.amount),
                                "quantity": _text(adjustment.quantity)})
        for adjudication in (payment.inpatient, payment.outpatient):
            if adjudication is not None:
                remarks.extend({"claim_payment_id": payment_id, "line_number": None,
                                "qualifier": r.qualifier, "code": r.code}
                               for r in adjudication.remarks)
    return services, adjustments, remarks
