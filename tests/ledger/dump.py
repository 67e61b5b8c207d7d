"""A whole-ledger snapshot for "nothing changed" assertions: every table's row count and every
claim's status and money."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from edi.ledger import Ledger, schema


def ledger_dump(db_url: str) -> dict[str, Any]:
    c = schema.claims.c
    with Ledger.open(db_url) as ledger, ledger.atomic() as connection:
        rows = {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in schema.metadata.sorted_tables
        }
        claims = {
            row.patient_control_number: (
                row.status,
                row.paid,
                row.adjusted,
                row.patient_responsibility,
                row.payer_claim_control_number,
            )
            for row in connection.execute(
                select(
                    c.patient_control_number,
                    c.status,
                    c.paid,
                    c.adjusted,
                    c.patient_responsibility,
                    c.payer_claim_control_number,
                )
            )
        }
    return {"rows": rows, "claims": claims}


def changed_tables(before: dict[str, Any], after: dict[str, Any]) -> dict[str, int]:
    """Tables whose row count changed, with the change."""
    return {
        name: after["rows"][name] - count
        for name, count in before["rows"].items()
        if after["rows"][name] != count
    }
