"""``x12flow find``: claims by the keys a biller has at hand when a patient or payer calls.

* patient name: last name, and optionally first name, each a case-insensitive prefix;
* member id (2010BA NM109): exact;
* date of service: a day within the claim's service dates;
* payer claim control number (CLP07 / REF*1K): exact;
* trace number (TRN02 of an 835 that paid or adjusted the claim): exact.

The patient's name, member id and birth date come from the claim as submitted
(``claims.patient_*``, ``member_id``): the ledger is the system of record. They appear in the
result, which is the user's own screen, and nowhere else: the query values are never logged
or put in a message, and a search that finds nothing says so without repeating them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, and_, exists, func, select

from edi.ledger import schema
from edi.ledger.money import text

C = schema.claims
LIMIT = 200


@dataclass(frozen=True, slots=True)
class Search:
    """The keys given; every key given must match (None: not looked at)."""

    last_name: str | None = None
    first_name: str | None = None
    member_id: str | None = None
    service_date: dt.date | None = None
    payer_claim_number: str | None = None
    trace_number: str | None = None

    @property
    def empty(self) -> bool:
        return all(
            value is None or value == ""
            for value in (
                self.last_name,
                self.first_name,
                self.member_id,
                self.service_date,
                self.payer_claim_number,
                self.trace_number,
            )
        )


@dataclass(frozen=True, slots=True)
class Found:
    """One claim found, with the patient it is for."""

    patient_control_number: str
    last_name: str | None
    first_name: str | None
    member_id: str | None
    birth_date: dt.date | None
    payer: str | None
    service_from: dt.date | None
    service_to: dt.date | None
    status: str
    payer_claim_control_number: str | None
    charge: Decimal
    balance: Decimal

    def to_json(self) -> dict[str, Any]:
        return {
            "patient_control_number": self.patient_control_number,
            "patient": {
                "last_name": self.last_name,
                "first_name": self.first_name,
                "member_id": self.member_id,
                "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            },
            "payer": self.payer,
            "service_from": self.service_from.isoformat() if self.service_from else None,
            "service_to": self.service_to.isoformat() if self.service_to else None,
            "status": self.status,
            "payer_claim_control_number": self.payer_claim_control_number,
            "charge": text(self.charge),
            "balance": text(self.balance),
        }


def _prefix(value: str) -> str:
    """A LIKE pattern matching what starts with ``value`` (its own % and _ taken literally)."""
    escaped = value.upper().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def find_claims(connection: Connection, search: Search, limit: int = LIMIT) -> list[Found]:
    """The claims matching every key of ``search``, by patient control number; at most
    ``limit``."""
    balance = C.c.charge - C.c.paid - C.c.adjusted - C.c.patient_responsibility - C.c.written_off
    query = select(
        C.c.patient_control_number,
        C.c.patient_last_name,
        C.c.patient_first_name,
        C.c.member_id,
        C.c.patient_birth_date,
        func.coalesce(C.c.payer_name, C.c.payer_id),
        C.c.service_from,
        C.c.service_to,
        C.c.status,
        C.c.payer_claim_control_number,
        C.c.charge,
        balance,
    )
    if search.last_name:
        query = query.where(
            func.upper(C.c.patient_last_name).like(_prefix(search.last_name), escape="\\")
        )
    if search.first_name:
        query = query.where(
            func.upper(C.c.patient_first_name).like(_prefix(search.first_name), escape="\\")
        )
    if search.member_id:
        query = query.where(C.c.member_id == search.member_id)
    if search.service_date:
        day = search.service_date
        query = query.where(
            and_(C.c.service_from <= day, func.coalesce(C.c.service_to, C.c.service_from) >= day)
        )
    if search.payer_claim_number:
        number = search.payer_claim_number
        payments = schema.claim_payments
        by_payment = exists().where(
            payments.c.claim_id == C.c.id, payments.c.payer_claim_control_number == number
        )
        query = query.where((C.c.payer_claim_control_number == number) | by_payment)
    if search.trace_number:
        payments, remittances = schema.claim_payments, schema.remittances
        query = query.where(
            exists().where(
                payments.c.claim_id == C.c.id,
                remittances.c.id == payments.c.remittance_id,
                remittances.c.trace_number == search.trace_number,
            )
        )
    query = query.order_by(C.c.patient_control_number).limit(limit)
    return [Found(*tuple(row)) for row in connection.execute(query)]
